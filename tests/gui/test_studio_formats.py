"""Kiosk Studio on a deck written in an older format: it is upgraded as it is read, and the
volunteer is told that saving writes the new format (which older booths cannot read)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from kiosk.content.formats import DECK_FORMAT
from kiosk.studio.controller import Studio
from kiosk.studio.window import StudioWindow
from kiosk.ui.tasks import TaskRunner
from tests.unit.test_formats import kept_deck
from tests.unit.test_formats import two_steps as two_steps  # a fixture


def test_the_studio_says_an_older_deck_is_saved_in_the_new_format(
        kiosk_app, qtbot, tmp_path: Path, two_steps: None) -> None:  # type: ignore[no-untyped-def]
    """Booths with an older kiosk cannot play a deck once it is saved in the new format:
    the volunteer who opens an older deck is told, until it is saved."""
    folder = kept_deck(tmp_path)
    window = StudioWindow()
    qtbot.addWidget(window)
    studio = Studio(window, TaskRunner(), debounce_ms=10, config=tmp_path / "kiosk.yaml",
                    data_dir=tmp_path / "data")
    with qtbot.waitSignal(studio.checked, timeout=10_000):
        studio.open(folder)
    said = DECK_FORMAT.upgraded(1)
    assert said in window.status.text()
    with qtbot.waitSignal(studio.saved, timeout=10_000):
        QTest.mouseClick(window.save_button, Qt.MouseButton.LeftButton)
    assert "format: 3" in (folder / "deck.yaml").read_text(encoding="utf-8")
    with qtbot.waitSignal(studio.checked, timeout=10_000):
        studio.recheck()
    assert said not in window.status.text()
    studio.runner.wait(5000)
