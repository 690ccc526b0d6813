"""Analytics without a display: visits from session events, proof of play that adds up to the
time played, and the recorder's database (purge, clear, a restart after a crash)."""

from __future__ import annotations

import os
import sqlite3
import threading
from contextlib import closing
from datetime import datetime
from pathlib import Path

import pytest

from kiosk.analytics import recorder as recorder_module
from kiosk.analytics.play import BLANK, FROZEN, PlayLog, by_hour
from kiosk.analytics.recorder import Recorder
from kiosk.analytics.store import DB_FILE, AnalyticsStore
from kiosk.analytics.visits import ABANDONED, HOME, SENT, THANK_YOU, Visit, VisitTracker
from kiosk.platform.clock import ManualClock
from kiosk.visit.session import Mode, Session, rules_from

NOON = datetime(2026, 11, 21, 12, 0, 0).timestamp()


class Wall:
    """Wall-clock time that moves with a ManualClock."""

    def __init__(self, clock: ManualClock, at: float = NOON) -> None:
        self.clock, self.at = clock, at - clock.now

    def __call__(self) -> float:
        return self.at + self.clock.now


def tracked() -> tuple[Session, VisitTracker, ManualClock, list[Visit]]:
    clock = ManualClock(1000.0)
    session = Session(clock=clock, rules=rules_from())
    visits: list[Visit] = []
    tracker = VisitTracker(visits.append, clock=clock, wall=Wall(clock))
    session.subscribe(tracker.on_session)
    tracker.slide_shown("welcome")
    return session, tracker, clock, visits


def test_a_visit_from_the_first_touch_to_the_idle_reset() -> None:
    session, tracker, clock, visits = tracked()
    clock.now += 30  # the loop plays: not a visit
    session.interact()  # the touch that stops the loop
    clock.now += 4
    session.interact()
    tracker.slide_shown("fields")
    clock.now += 10
    session.set_language("km")
    tracker.larger_text(True)
    tracker.chapter_chosen()
    session.interact()
    tracker.slide_shown("today")
    clock.now += 6
    session.interact()  # the last touch
    session.enter(Mode.FORM)
    tracker.field_entered("message")
    tracker.field_entered("name")
    clock.now += 200
    session.tick()  # the form's idle time, then its countdown, pass
    assert session.mode is Mode.ATTRACT
    assert visits == [Visit(visits[0].id, NOON + 30, "km", duration_s=20.0,
                            slides=[("welcome", 4.0), ("fields", 10.0), ("today", 6.0)],
                            jumps=1, larger_text=True, form=ABANDONED, abandoned_at="name",
                            ended_by="idle", last_field="name")]


def test_home_and_thank_you_end_a_visit_and_the_next_touch_starts_one() -> None:
    session, tracker, clock, visits = tracked()
    session.interact()
    clock.now += 5
    tracker.end(HOME)
    session.interact()  # still browsing: a new visitor
    session.enter(Mode.FORM)
    clock.now += 40
    tracker.form_sent()
    session.enter(Mode.BROWSE)
    tracker.end(THANK_YOU)
    clock.now += 100
    session.tick()  # the idle reset with no visit open records nothing
    assert [(v.ended_by, v.form, v.duration_s) for v in visits] == [
        (HOME, "none", 5.0), (THANK_YOU, SENT, 40.0)]


def test_staff_opening_their_panel_is_not_a_visit() -> None:
    session, _tracker, clock, visits = tracked()
    session.interact()
    clock.now += 3
    session.enter(Mode.STAFF)
    session.enter(Mode.ATTRACT)
    assert visits == []


def test_the_loops_proof_of_play_adds_up_to_the_time_played() -> None:
    clock = ManualClock(0.0)
    wall = Wall(clock, NOON - 25)  # the loop starts 25 s before one o'clock... of noon's hour
    plays: list[tuple[str, str, int, float]] = []
    gaps: list[tuple[float, float, str]] = []
    log = PlayLog(lambda *p: plays.append(p), lambda *g: gaps.append(g), clock=clock, wall=wall)
    log.set_loop(True)
    script = [("a", 8), ("b", 8), ("c", 8), ("a", 8), (None, 5), ("b", 8)]
    for slide, seconds in script:
        log.slide_shown(slide)
        for _ in range(int(seconds)):
            clock.now += 1
            log.beat()
    clock.now += 12  # the GUI thread stalled for twelve seconds
    log.beat()
    clock.now += 3
    log.set_loop(False)  # a visitor takes over: not the loop's time
    clock.now += 60
    log.set_loop(True)
    clock.now += 2
    log.flush()
    played = sum(p[3] for p in plays) + sum(g[1] for g in gaps)
    assert played == pytest.approx(45 + 12 + 3 + 2)  # every second of the loop, once
    assert [(g[1], g[2]) for g in gaps] == [(5.0, BLANK), (12.0, FROZEN)]
    shown = {}
    for _hour, slide, count, seconds in plays:
        shown.setdefault(slide, [0, 0.0])
        shown[slide][0] += count
        shown[slide][1] += seconds
    assert shown == {"a": [2, 16.0], "b": [3, 8 + 8 + 3 + 2], "c": [1, 8.0]}
    assert {hour for hour, *_ in plays} == {"2026-11-21T11", "2026-11-21T12"}


def test_a_stretch_is_cut_at_each_hour() -> None:
    pieces = by_hour(NOON - 600, 7200)
    assert [p[0][-2:] for p in pieces] == ["11", "12", "13"]
    assert [p[1] for p in pieces] == [600, 3600, 3000]


def test_the_recorder_writes_purges_and_clears(tmp_path: Path) -> None:
    now = [NOON]
    recorder = Recorder(tmp_path, keep_days=180, wall=lambda: now[0])
    recorder.started()
    old = Visit("old", NOON - 200 * 86_400, "en", 12.0, [("welcome", 12.0)])
    recorder.visit(old)
    recorder.visit(Visit("new", NOON - 60, "en", 9.0, [("welcome", 9.0)]))
    recorder.health("error", "kiosk.sync")
    assert recorder.flush()
    recorder.close()  # the 200-day-old visit is purged at the next start
    recorder = Recorder(tmp_path, keep_days=180, wall=lambda: now[0])
    assert recorder.flush()
    with sqlite3.connect(tmp_path / DB_FILE) as db:
        assert [r[0] for r in db.execute("SELECT id FROM visits")] == ["new"]
    recorder.clear()
    recorder.flush()
    with sqlite3.connect(tmp_path / DB_FILE) as db:
        assert db.execute("SELECT count(*) FROM visits").fetchone() == (0,)
    recorder.close()


def test_a_start_after_a_run_that_never_ended_is_a_restart_after_a_crash(
        tmp_path: Path) -> None:
    first = Recorder(tmp_path, wall=lambda: NOON)
    first.started()
    first.flush()  # and then the power goes: no close()
    second = Recorder(tmp_path, wall=lambda: NOON + 60)
    second.started()
    second.close()
    third = Recorder(tmp_path, wall=lambda: NOON + 120)
    third.started()
    third.close()
    with sqlite3.connect(tmp_path / DB_FILE) as db:
        kinds = [r[0] for r in db.execute("SELECT kind FROM health ORDER BY at")]
    assert kinds == ["start", "restart_after_crash", "start"]


def test_a_damaged_database_is_set_aside_and_recording_goes_on(tmp_path: Path) -> None:
    (tmp_path / DB_FILE).write_bytes(b"not a database " * 200)
    recorder = Recorder(tmp_path, wall=lambda: NOON)
    recorder.visit(Visit("after", NOON, "en", 5.0, [("welcome", 5.0)]))
    assert recorder.flush()
    recorder.close()
    assert (tmp_path / f"analytics.damaged-{int(NOON)}.sqlite3").exists()  # kept, not lost
    with sqlite3.connect(tmp_path / DB_FILE) as db:
        assert [r[0] for r in db.execute("SELECT id FROM visits")] == ["after"]


def test_a_sent_message_ends_the_visit_when_the_thank_you_shows(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(recorder_module, "LINGER_S", 600.0)  # only a finished visit hurries
    recorder = Recorder(tmp_path, wall=lambda: NOON)
    written: list[threading.Event] = []
    session, tracker, clock, _ = tracked()
    tracker.record = lambda v: written.append(recorder.visit(v))
    session.interact()
    session.enter(Mode.FORM)
    clock.now += 40
    tracker.form_sent()  # saved: the thank-you is on screen for the next seconds
    assert len(written) == 1 and written[0].wait(5)
    with closing(sqlite3.connect(tmp_path / DB_FILE)) as db:
        assert db.execute("SELECT form, ended_by, duration_s FROM visits").fetchall() == [
            (SENT, THANK_YOU, 40.0)]
    session.enter(Mode.BROWSE)  # the thank-you is over: the slides come back, no new visit
    tracker.end(THANK_YOU)
    clock.now += 100
    session.tick()
    assert len(written) == 1
    session.interact()
    session.interact()  # the next touch is the next visitor
    clock.now += 5
    tracker.end(HOME)
    assert len(written) == 2
    recorder.close()


def test_each_analytics_commit_is_on_disk_before_it_counts(tmp_path: Path) -> None:
    writer = AnalyticsStore(tmp_path)
    assert writer.db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL, as messages
    writer.close()


@pytest.mark.skipif(os.name == "nt", reason="Windows has no owner/group/other modes")
def test_the_analytics_database_is_for_this_account_only(tmp_path: Path) -> None:
    AnalyticsStore(tmp_path).close()
    for path in tmp_path.iterdir():
        os.chmod(path, 0o644)
    os.chmod(tmp_path, 0o755)
    writer = AnalyticsStore(tmp_path)
    assert tmp_path.stat().st_mode & 0o777 == 0o700
    files = sorted(tmp_path.glob(f"{DB_FILE}*"))
    assert len(files) == 3 and {f.stat().st_mode & 0o777 for f in files} == {0o600}
    writer.close()


def test_painting_the_first_slide_at_a_start_is_no_gap() -> None:
    """The loop starts a moment before its first slide is painted: that moment is not a
    blank a visitor saw (the staff panel said "1 gap, 0 s" after every clean start)."""
    clock = ManualClock(0.0)
    gaps: list[tuple[float, float, str]] = []
    log = PlayLog(lambda *p: None, lambda *g: gaps.append(g), clock=clock,
                  wall=Wall(clock, NOON))
    log.set_loop(True)
    clock.now += 0.4  # the first slide being painted
    for slide, seconds in (("a", 8), (None, 5)):  # then the deck went away: a real blank
        log.slide_shown(slide)
        for _ in range(seconds):
            clock.now += 1
            log.beat()  # the GUI thread's heartbeat, every second
    log.flush()
    assert [(g[1], g[2]) for g in gaps] == [(5.0, BLANK)]
