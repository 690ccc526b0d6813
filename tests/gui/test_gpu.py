"""The GPU path (``renderer: gpu``) where OpenGL cannot be had: the processor draws, and the
log says so once. (tests/build/test_real_screen.py draws through OpenGL on a real X screen.)"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtGui import QColor

from kiosk.content import load_deck
from kiosk.setup.config import Settings, load_settings
from kiosk.ui.player.player import Player
from kiosk.ui.tasks import TaskRunner
from tests.decks import write_deck


def test_the_setting_is_read_and_checked(tmp_path: Path) -> None:
    config = tmp_path / "kiosk.yaml"
    config.write_text("renderer: gpu\n", encoding="utf-8")
    assert load_settings(config)[0].renderer == "gpu"
    config.write_text("renderer: magic\n", encoding="utf-8")
    settings, problems = load_settings(config)
    assert settings.renderer == Settings().renderer == "cpu" and problems


def test_without_opengl_the_processor_draws_and_says_so_once(kiosk_app, qtbot, tmp_path: Path,
                                                            caplog) -> None:
    folder = write_deck(tmp_path / "deck", "- {type: image, id: red, image: red.png}\n",
                        images={"red.png": (220, 20, 20)})
    player = Player(TaskRunner(), speed=40.0)
    player.resize(320, 180)
    qtbot.addWidget(player)
    with caplog.at_level(logging.WARNING):
        player.use_gpu()  # Qt's offscreen platform has no OpenGL
        player.show()
        qtbot.waitUntil(lambda: player.surface is None)
    assert [r.message for r in caplog.records if "OpenGL" in r.message] == [
        "OpenGL cannot be used here: slides are drawn by the processor"]
    player.set_deck(load_deck(folder).deck)
    qtbot.waitUntil(lambda: player.has_frame)
    red = QColor(player.grab().toImage().pixel(160, 90))
    assert red.red() > 180 and red.blue() < 60
    player.wait_for_workers()
