"""Whether the player draws through OpenGL (the setting ``renderer: gpu``): the surface of
:mod:`kiosk.ui.player.gpu` laid over it, or, where OpenGL cannot be had, the processor as
usual (said once in the log)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.ui.player.player import Player

log = logging.getLogger(__name__)


def use_gpu(player: Player) -> None:
    """Lay the GPU surface over ``player``, if OpenGL works here."""
    from kiosk.ui.player.gpu import GpuSurface, opengl_works

    if not opengl_works():
        refuse(player)
        return
    player.surface = GpuSurface(player, player.paint_frame, lambda: refuse(player))
    player.surface.setGeometry(player.rect())


def refuse(player: Player) -> None:
    """OpenGL failed (or was never there): the processor draws."""
    log.warning("OpenGL cannot be used here: slides are drawn by the processor")
    if player.surface is not None:
        player.surface.deleteLater()
    player.surface = None
    player.update()
