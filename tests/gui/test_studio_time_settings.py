"""The booth's time zone and what a touch shows while the booth is closed are on The kiosk
tab in a volunteer's words, and a choice made there is saved into kiosk.yaml."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit

from kiosk import paths
from tests.gui.test_studio import open_studio


def test_time_zone_and_a_touch_while_closed_in_plain_words(kiosk_app, qtbot, tmp_path: Path
                                                           ) -> None:  # type: ignore[no-untyped-def]
    studio, runner = open_studio(qtbot, tmp_path, paths.bundled_content_dir())
    panel = studio.window.settings
    zone = panel.inputs[("timezone",)]
    touch = panel.inputs[("asleep_touch",)]
    assert isinstance(zone, QLineEdit) and isinstance(touch, QComboBox)
    assert zone.placeholderText() == "(this computer's own)"
    assert [touch.itemText(i) for i in range(touch.count())] == [
        "When it opens, and the message form", "When it opens", "Nothing"]
    captions = {label.text() for label in panel.findChildren(QLabel)}
    assert {"Time zone", "A touch while closed shows"} <= captions
    touch.setCurrentIndex(touch.findData("notice"))
    with qtbot.waitSignal(studio.kiosk_settings.done, timeout=10_000):
        studio.kiosk_settings.save_settings()
    assert "asleep_touch: notice" in (tmp_path / "kiosk.yaml").read_text(encoding="utf-8")
    runner.wait(5000)
