"""Staff panel controls no other test presses: the CSV format chip, and "Look again" in the
USB picker after a stick was put in."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.gui.test_staff import booth, open_panel  # noqa: F401  (the fixture)
from tests.gui.test_usb_decks import GOOD, head, write_deck
from tests.gui.test_usb_decks import booth as usb_booth  # noqa: F401  (the fixture)


def test_export_as_csv(booth, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    window, _journey, flow, *_ = booth
    flow.store.add({"message": "a prayer for the girls' school"})
    open_panel(booth, qtbot)
    usb = tmp_path / "usb"
    usb.mkdir()
    panel = window.staff
    panel.set_drives([("KINGSTON", str(usb))])
    QTest.mouseClick(panel.findChild(type(panel.export_button), "format-csv"),
                     Qt.MouseButton.LeftButton)
    QTest.mouseClick(panel.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Saved" in panel.export_status.text(), timeout=5000)
    files = list(usb.glob("kiosk-messages-booth-7-*.csv"))
    assert len(files) == 1
    assert "a prayer for the girls' school" in files[0].read_text(encoding="utf-8-sig")


def test_look_again_finds_a_stick_put_in_after(usb_booth, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    own = write_deck(tmp_path / "config" / "content", GOOD, head=head("Our booth"),
                     images={"images/team.png": (40, 90, 60)})
    kiosk = usb_booth(own, lambda: own)
    panel = kiosk.window.staff
    picker = panel.picker
    QTest.mouseClick(panel.usb_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "No slides found" in picker.status.text(), timeout=5000)
    write_deck(tmp_path / "stick" / "kiosk-slides" / "easter", GOOD, head=head("Easter"),
               images={"images/team.png": (90, 40, 60)})
    QTest.mouseClick(picker.look_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(picker.deck_buttons) == 1, timeout=5000)
    assert "Easter" in picker.deck_buttons[0].text()


