"""Staff panel controls no other test presses: the CSV format chip, and "Look again" in the
USB picker after a stick was put in."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.gui.test_staff import booth, open_panel  # noqa: F401  (the fixture)
from tests.gui.test_usb_decks import GOOD, head, write_deck
from tests.gui.test_usb_decks import booth as usb_booth  # noqa: F401  (the fixture)


def stick_for_export(booth, qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]  # noqa: F811
    """The panel open, with one stick in; (panel, the stick's folder)."""
    open_panel(booth, qtbot)
    usb = tmp_path / "usb"
    usb.mkdir()
    panel = booth[0].staff
    panel.set_drives([("KINGSTON", str(usb))])
    return panel, usb


def press_export(panel, qtbot, chips: tuple[str, ...], saved: str) -> Path:  # type: ignore[no-untyped-def]
    """Press each chip (format, scope), then Export; the file the panel says it wrote."""
    for chip in chips:
        QTest.mouseClick(panel.findChild(type(panel.export_button), chip),
                         Qt.MouseButton.LeftButton)
    panel.export_status.clear()
    QTest.mouseClick(panel.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: saved in panel.export_status.text(), timeout=5000)
    return Path(panel.export_path.full)


def test_export_as_csv(booth, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    booth[2].store.add({"message": "a prayer for the girls' school"})
    panel, usb = stick_for_export(booth, qtbot, tmp_path)
    written = press_export(panel, qtbot, ("format-csv",), "Saved 1 message in")
    assert written.parent == usb and written.suffix == ".csv"
    assert "a prayer for the girls' school" in written.read_text(encoding="utf-8-sig")


def test_a_long_export_is_written_by_two_processes(booth, qtbot, tmp_path: Path,  # type: ignore[no-untyped-def]  # noqa: F811
                                                    monkeypatch) -> None:
    """From the panel as from `kiosk export`: a long export's later half is written by a
    helper process, and each message is in the file once, in order, and marked."""
    from kiosk.messages import store_export
    from kiosk.messages.export_helper import Helper

    monkeypatch.setattr(store_export, "TWO_PROCESSES_FROM", 10)  # (a season's, in small)
    answered = []
    finish = Helper.finish
    monkeypatch.setattr(Helper, "finish", lambda self, *given, **named: answered.append(
        finish(self, *given, **named)) or answered[-1])
    store = booth[2].store
    for n in range(30):
        store.add({"message": f"prayer {n}, for the girls' school"})
    panel, _usb = stick_for_export(booth, qtbot, tmp_path)
    written = press_export(panel, qtbot, ("format-csv",), "Saved 30 messages in")
    rows = written.read_bytes().decode("utf-8-sig").split("\r\n")[1:-1]
    assert [r.split(",")[-2] for r in rows] == [f'"prayer {n}' for n in range(30)]
    assert answered[0] is not None and answered[0].count == 15  # (the helper's half)
    assert store.summary()["exported"] == 30


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




def test_export_only_the_new_messages_as_json(booth, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """All, then "Not yet exported": the second file holds only what came after the first
    (which marked its messages exported)."""
    import json

    store = booth[2].store
    store.add({"message": "first"})
    panel, _usb = stick_for_export(booth, qtbot, tmp_path)
    press_export(panel, qtbot, ("format-json", "scope-all"), "Saved 1 message in")
    assert store.summary()["exported"] == 1
    store.add({"message": "second"})
    newest = press_export(panel, qtbot, ("format-json", "scope-new"), "Saved 1 message in")
    words = json.dumps(json.loads(newest.read_text(encoding="utf-8")))
    assert "second" in words and "first" not in words


def test_sync_now_sends_the_waiting_messages(kiosk_app, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from kiosk.content import load_deck
    from kiosk.messages.store import MessageStore
    from kiosk.platform import paths
    from kiosk.setup.config import Settings
    from kiosk.setup.sync_settings import SyncSettings
    from kiosk.staff.pin import StaffAuth
    from tests.conftest import close_kiosk, open_kiosk
    from tests.gui.test_staff import PIN, hold_corner, type_pin

    shared = tmp_path / "shared"
    shared.mkdir()
    settings = Settings(kiosk_id="booth-7", staff_hold_seconds=0.15, cursor_hide_seconds=600,
                        sync=SyncSettings(folder=str(shared), interval=3600))
    StaffAuth(tmp_path / "data").set_pin(PIN)
    kiosk, _clock = open_kiosk(qtbot, load_deck(paths.bundled_content_dir()).deck, settings,
                               tmp_path / "data")
    try:
        store = MessageStore(tmp_path / "data", "booth-7")
        kiosk.set_store(store)
        assert kiosk.sync is not None and kiosk.staff is not None
        kiosk.sync.tasks.wait(10_000)  # the first round, at the start, found nothing
        store.add({"message": "for the office"})
        hold_corner(kiosk.window, kiosk.journey, qtbot)
        qtbot.waitUntil(lambda: not kiosk.staff.pad.busy, timeout=3000)
        type_pin(kiosk.staff, PIN)
        qtbot.waitUntil(kiosk.window.staff.isVisible, timeout=3000)
        with qtbot.waitSignal(kiosk.sync.settled, timeout=10_000):
            QTest.mouseClick(kiosk.window.staff.sync_button, Qt.MouseButton.LeftButton)
        assert store.summary()["synced"] == 1
        assert any("for the office" in p.read_text(encoding="utf-8", errors="replace")
                   for p in shared.rglob("*") if p.is_file())
    finally:
        close_kiosk(kiosk)


def test_without_mark_them_as_exported_an_export_marks_nothing(booth, qtbot,  # type: ignore[no-untyped-def]  # noqa: F811
                                                                tmp_path: Path) -> None:
    store = booth[2].store
    store.add({"message": "for the office"})
    panel, _usb = stick_for_export(booth, qtbot, tmp_path)
    assert panel.mark_button.isChecked()
    QTest.mouseClick(panel.mark_button, Qt.MouseButton.LeftButton)
    assert not panel.mark_button.isChecked()
    press_export(panel, qtbot, ("format-csv",), "Saved 1 message in")
    assert store.summary()["exported"] == 0  # still "not yet exported" next time


def test_clean_up_days_move_by_a_week_and_cancel_deletes_nothing(booth, qtbot) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    window, _journey, flow, *_ = booth
    store = flow.store
    message_id = store.add({"message": "old and exported"})
    store.mark_exported([message_id])
    store.write([("UPDATE messages SET created_at = '2000-01-01T00:00:00.000Z'", ())])
    open_panel(booth, qtbot)
    panel = window.staff
    days = panel.days
    QTest.mouseClick(panel.plus, Qt.MouseButton.LeftButton)
    assert panel.days == days + 7 and f"{days + 7} days" in panel.purge_text.text()
    QTest.mouseClick(panel.minus, Qt.MouseButton.LeftButton)
    QTest.mouseClick(panel.minus, Qt.MouseButton.LeftButton)
    assert panel.days == days - 7 and f"{days - 7} days" in panel.purge_text.text()
    QTest.mouseClick(panel.purge_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.confirm.isVisible(), timeout=3000)
    QTest.mouseClick(panel.confirm.no, Qt.MouseButton.LeftButton)
    assert not panel.confirm.isVisible() and len(store.messages()) == 1


def test_restart_asks_then_ends_with_the_restart_code(booth, qtbot) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    from kiosk import RESTART

    window, _journey, _flow, _clock, exits, _ = booth
    open_panel(booth, qtbot)
    QTest.mouseClick(window.staff.restart_button, Qt.MouseButton.LeftButton)
    assert window.staff.confirm.isVisible() and exits == []
    QTest.mouseClick(window.staff.confirm.yes, Qt.MouseButton.LeftButton)
    assert exits == [RESTART]


def test_reload_slides_plays_the_deck_as_changed_on_disk(usb_booth, qtbot,  # type: ignore[no-untyped-def]  # noqa: F811
                                                         tmp_path: Path) -> None:
    from tests.gui.test_usb_decks import playing

    own = write_deck(tmp_path / "config" / "content", GOOD, head=head("Our booth"),
                     images={"images/team.png": (40, 90, 60)})
    kiosk = usb_booth(own, lambda: own)
    assert playing(kiosk) == "Our booth" and kiosk.watcher is not None
    # A folder whose changes the system does not announce (a network share): only the
    # button notices.
    kiosk.watcher._watcher.blockSignals(True)
    write_deck(own, GOOD, head=head("Our booth, edited"),
               images={"images/team.png": (40, 90, 60)})
    assert not kiosk.watcher._debounce.isActive()  # nothing comes of the change by itself
    QTest.mouseClick(kiosk.window.staff.reload_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: playing(kiosk) == "Our booth, edited", timeout=5000)


def test_the_kiosks_own_folder_is_named_in_the_panels_language(booth, qtbot,  # type: ignore[no-untyped-def]  # noqa: F811
                                                               tmp_path: Path) -> None:
    """"Kiosk folder" was English on a Khmer panel. It is the last place an export can go,
    and an export there writes into the kiosk's own folder."""
    booth[2].store.add({"message": "for the office"})
    open_panel(booth, qtbot)
    panel = booth[0].staff
    chips = panel.export.drives.buttons
    qtbot.waitUntil(lambda: any(c.property("own") for c in chips()), timeout=5000)
    [own] = [c for c in chips() if c.property("own")]
    assert own.text() == "Kiosk folder"
    panel.set_look(panel.theme, "km")
    assert own.text() == "ថតរបស់ម៉ាស៊ីន"
    panel.set_look(panel.theme, "en")
    written = press_export(panel, qtbot, (own.objectName(),), "Saved 1 message in")
    assert written.parent == Path(panel.export.drive_paths[panel.export.drives.id(own)])
    assert "for the office" in written.read_text(encoding="utf-8-sig")


def test_reload_slides_keeps_the_cards_where_they_were_scrolled(usb_booth, qtbot,  # type: ignore[no-untyped-def]  # noqa: F811
                                                                tmp_path: Path) -> None:
    """Seen on a real X screen: Reload slides, at the foot of the cards, scrolled them back
    to the top, out of the reach of the finger that pressed it."""
    from PySide6.QtWidgets import QApplication

    from tests.gui.test_usb_decks import playing

    own = write_deck(tmp_path / "config" / "content", GOOD, head=head("Our booth"),
                     images={"images/team.png": (40, 90, 60)})
    kiosk = usb_booth(own, lambda: own)
    kiosk.window.resize(1080, 1300)  # (shorter than the cards: they scroll)
    panel = kiosk.window.staff
    bar = panel.card_scroll.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=3000)
    bar.setValue(bar.maximum())
    for _ in range(3):
        QApplication.processEvents()
    scrolled = bar.value()
    write_deck(own, GOOD, head=head("Our booth, edited"), images={"images/team.png": (40, 90, 60)})
    QTest.mouseClick(panel.reload_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: playing(kiosk) == "Our booth, edited", timeout=5000)
    for _ in range(3):
        QApplication.processEvents()
    assert bar.value() == scrolled > 0
