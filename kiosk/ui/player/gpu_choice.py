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
    # The surface holds its callbacks weakly, as bound methods: the refusal's holder lives
    # as long as the player does.
    holder = _Refusal(player)
    player.gpu_refusal = holder  # type: ignore[attr-defined]
    player.surface = GpuSurface(player, player.paint_frame, holder.refuse)
    player.surface.setGeometry(player.rect())


class _Refusal:
    def __init__(self, player: Player) -> None:
        self.player = player

    def refuse(self) -> None:
        refuse(self.player)


def refuse(player: Player) -> None:
    """OpenGL failed (or was never there): the processor draws."""
    log.warning("OpenGL cannot be used here: slides are drawn by the processor")
    if player.surface is not None:
        player.surface.deleteLater()
    player.surface = None
    player.update()
