"""The booth's time zone and what a touch shows while the booth is closed are on The kiosk
tab in a volunteer's words, and a choice made there is saved into kiosk.yaml."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit

from kiosk.platform import paths
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
        "Opening time, and the form", "Opening time", "Nothing"]
    captions = {label.text() for label in panel.findChildren(QLabel)}
    assert {"Time zone", "A touch while closed shows"} <= captions
    touch.setCurrentIndex(touch.findData("notice"))
    with qtbot.waitSignal(studio.kiosk_settings.done, timeout=10_000):
        studio.kiosk_settings.save_settings()
    assert "asleep_touch: notice" in (tmp_path / "kiosk.yaml").read_text(encoding="utf-8")
    runner.wait(5000)


def test_the_fleet_folder_and_group_go_into_kiosk_yaml(kiosk_app, qtbot, tmp_path: Path
                                                       ) -> None:  # type: ignore[no-untyped-def]
    from kiosk.setup.config import load_settings

    studio, runner = open_studio(qtbot, tmp_path, paths.bundled_content_dir())
    panel = studio.window.settings
    folder, group = panel.inputs[("fleet", "folder")], panel.inputs[("fleet", "group")]
    assert isinstance(folder, QLineEdit) and isinstance(group, QLineEdit)
    shared = tmp_path / "Sync" / "Booths"
    for box, text in ((folder, str(shared)), (group, "north")):
        box.setFocus()
        qtbot.keyClicks(box, text)
    with qtbot.waitSignal(studio.kiosk_settings.done, timeout=10_000):
        studio.kiosk_settings.save_settings()
    settings, problems = load_settings(tmp_path / "kiosk.yaml")
    assert problems == [] and settings.fleet is not None
    assert settings.fleet.path == shared and settings.fleet.group == "north"
    folder.clear()  # no fleet: the group alone is not written
    with qtbot.waitSignal(studio.kiosk_settings.done, timeout=10_000):
        studio.kiosk_settings.save_settings()
    assert "fleet" not in (tmp_path / "kiosk.yaml").read_text(encoding="utf-8")
    runner.wait(5000)
