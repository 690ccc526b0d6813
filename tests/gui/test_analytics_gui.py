"""Analytics as the kiosk records them: a visitor's touches on a clock that moves only when
told to, read back from the analytics database; never a word the visitor typed."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from kiosk.analytics.store import DB_FILE
from kiosk.content import load_deck
from kiosk.messages.store import MessageStore
from kiosk.platform import paths
from kiosk.setup.config import Settings
from kiosk.ui.compose import Kiosk
from kiosk.visit.session import Mode
from tests.gui.test_form import field, tap_keys

W, H = 768, 432
SENTINEL = "zebraquixotic"  # typed, never sent


def booth(make_kiosk, tmp_path: Path, analytics: bool = True):  # type: ignore[no-untyped-def]
    deck = load_deck(paths.bundled_content_dir()).deck
    assert deck is not None
    kiosk, clock = make_kiosk(deck, Settings(cursor_hide_seconds=600, idle_seconds=45,
                                             warning_seconds=10, form_idle_seconds=60,
                                             analytics=analytics), size=(W, H))
    kiosk.set_store(MessageStore(tmp_path / "data", kiosk_id="booth-test"))
    assert kiosk.flow is not None
    kiosk.flow.set_thanks_ms(30)
    return kiosk, clock


def click(widget) -> None:  # type: ignore[no-untyped-def]
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)


def visits(kiosk: Kiosk) -> list[dict[str, object]]:
    assert kiosk.recorder is not None and kiosk.recorder.flush()
    with sqlite3.connect(kiosk.data_dir / DB_FILE) as db:
        db.row_factory = sqlite3.Row
        return [dict(row) for row in db.execute("SELECT * FROM visits ORDER BY started_at")]


def walk_away(kiosk: Kiosk, clock) -> None:  # type: ignore[no-untyped-def]
    journey = kiosk.journey
    assert journey is not None
    clock.now += 61
    journey.on_tick()
    clock.now += 10
    journey.on_tick()
    assert kiosk.session.mode is Mode.ATTRACT


def a_visit_that_leaves_the_form(kiosk: Kiosk, clock, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Wake at 100 s; next at 105; larger text at 113; a chapter at 120; the form at 126,
    typing in the message, then the name field at 130; then walk away. (The bundled deck is
    in English only; the unit tests follow a change of language.)"""
    window, flow, player = kiosk.window, kiosk.flow, kiosk.player
    assert flow is not None
    controls = window.controls
    clock.now = 100.0
    QTest.mouseClick(player, Qt.MouseButton.LeftButton, pos=QPoint(W // 2, H // 2))
    clock.now = 105.0
    with qtbot.waitSignal(player.slide_changed, timeout=5000):
        click(controls.next_button)
    clock.now = 113.0
    click(controls.text_button)
    clock.now = 120.0
    click(controls.chapters_button)
    with qtbot.waitSignal(player.slide_changed, timeout=5000):
        click(window.chapters.tiles["today"])
    clock.now = 126.0
    click(controls.message_button)
    click(field(flow, "message").input)
    tap_keys(flow, SENTINEL)
    clock.now = 130.0
    click(field(flow, "name").input)
    walk_away(kiosk, clock)


def test_a_scripted_visit_is_recorded_exactly(make_kiosk, tmp_path: Path, qtbot) -> None:
    kiosk, clock = booth(make_kiosk, tmp_path)
    a_visit_that_leaves_the_form(kiosk, clock, qtbot)
    [visit] = visits(kiosk)
    assert json.loads(str(visit.pop("slides"))) == [["welcome", 5.0], ["year-zero", 15.0],
                                                    ["why", 10.0]]
    visit.pop("id")
    started = visit.pop("started_at")
    assert isinstance(started, float) and started > 0
    assert visit == {"duration_s": 30.0, "language": "en", "larger_text": 1,
                     "form": "abandoned", "abandoned_at": "name", "ended_by": "idle",
                     "jumps": 1}


def test_nothing_a_visitor_typed_is_recorded_anywhere(make_kiosk, tmp_path: Path,
                                                      qtbot) -> None:
    kiosk, clock = booth(make_kiosk, tmp_path)
    a_visit_that_leaves_the_form(kiosk, clock, qtbot)
    flow = kiosk.flow
    assert flow is not None
    kiosk.session.interact()  # a second visitor sends a message: a visit ended by thanks
    flow.open_form()
    click(field(flow, "message").input)
    tap_keys(flow, "hope")
    with qtbot.waitSignal(flow.thanks_done, timeout=5000):
        click(flow.form_view.send_button)
    ended = [(v["form"], v["ended_by"]) for v in visits(kiosk)]
    assert ended == [("abandoned", "idle"), ("sent", "thank_you")]
    assert kiosk.plays is not None
    kiosk.plays.flush()
    assert kiosk.recorder is not None and kiosk.recorder.flush()
    files = [p for p in kiosk.data_dir.rglob("*") if p.is_file()]
    assert any(p.name == DB_FILE for p in files)
    for path in files:
        data = path.read_bytes()
        for form in (SENTINEL.encode(), SENTINEL.encode("utf-16-le")):
            assert form not in data, path


def test_recording_off_records_nothing(make_kiosk, tmp_path: Path, qtbot) -> None:
    kiosk, clock = booth(make_kiosk, tmp_path, analytics=False)
    assert kiosk.recorder is None and kiosk.visits is None
    a_visit_that_leaves_the_form(kiosk, clock, qtbot)
    assert not (kiosk.data_dir / DB_FILE).exists()


@pytest.mark.parametrize("portrait", [False, True])
def test_the_staff_panel_shows_today(make_kiosk, tmp_path: Path, qtbot, portrait: bool
                                     ) -> None:
    kiosk, clock = booth(make_kiosk, tmp_path)
    a_visit_that_leaves_the_form(kiosk, clock, qtbot)
    panel, staff = kiosk.window.staff, kiosk.staff
    assert staff is not None
    if portrait:
        kiosk.window.resize(H, W)
    with qtbot.waitSignal(panel.opened, timeout=5000):
        staff.open_panel()
    qtbot.waitUntil(lambda: panel.today.values["visits"].text() == "1", timeout=5000)
    assert panel.today.values["median"].text() == "30 s"
    assert panel.today.values["messages"].text() == "0"
    assert "Why trafficking grew" in panel.today.held.full  # the slide read longest
    assert panel.today.heading.isVisible() == portrait  # landscape: compact, in the header


def health(kiosk: Kiosk) -> list[tuple[str, str]]:
    assert kiosk.recorder is not None and kiosk.recorder.flush()
    with sqlite3.connect(kiosk.data_dir / DB_FILE) as db:
        return [(r[0], r[1]) for r in db.execute("SELECT kind, detail FROM health ORDER BY at")]


def test_start_errors_survived_and_sync_rounds_are_health(make_kiosk, tmp_path: Path,
                                                          qtbot) -> None:
    from kiosk.setup.sync_settings import SyncSettings

    deck = load_deck(paths.bundled_content_dir()).deck
    outbox = tmp_path / "outbox"
    outbox.mkdir()
    kiosk, _clock = make_kiosk(deck, Settings(sync=SyncSettings(folder=str(outbox))))
    store = MessageStore(tmp_path / "data", kiosk_id="booth-test")
    store.add({"message": "hope"})
    kiosk.set_store(store)
    assert kiosk.sync is not None
    qtbot.waitUntil(lambda: any(k == "sync" for k, _ in health(kiosk)), timeout=10_000)
    logging_error = __import__("logging").getLogger("kiosk.ui.player")
    logging_error.error("a slide could not be drawn: %s", "the visitor's words here")
    kinds = health(kiosk)
    assert kinds[0] == ("start", "")
    assert ("sync", "folder: 1 delivered") in kinds
    assert ("error", "kiosk.ui.player") in kinds  # which part, never the error's words
    assert not any("visitor" in detail for _, detail in kinds)


def test_save_event_report_and_forget_visits(make_kiosk, tmp_path: Path, qtbot) -> None:
    kiosk, clock = booth(make_kiosk, tmp_path)
    a_visit_that_leaves_the_form(kiosk, clock, qtbot)
    panel, staff = kiosk.window.staff, kiosk.staff
    assert staff is not None
    kiosk.session.enter(Mode.STAFF)  # as after the PIN
    with qtbot.waitSignal(panel.opened):
        staff.open_panel()
    qtbot.waitUntil(lambda: bool(panel.drive_paths))  # the places found, before the test's
    stick = tmp_path / "KINGSTON"
    stick.mkdir()
    panel.set_drives([("KINGSTON", str(stick))])
    click(panel.report_button)
    qtbot.waitUntil(lambda: panel.export_path.full != "", timeout=10_000)
    [report] = list(stick.glob("event-report-*.html"))
    assert "<svg" in report.read_text(encoding="utf-8")
    assert "1 visit(s)" in panel.export_status.text()
    click(panel.forget_button)
    assert panel.confirm.isVisible()
    click(panel.confirm.yes)
    qtbot.waitUntil(lambda: panel.today.values["visits"].text() == "0", timeout=5000)
    assert visits(kiosk) == []
