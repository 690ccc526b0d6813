"""The booth follows its schedule, on a wall clock the tests move (a week passes in no time):
what plays at each hour, the screen asleep outside opening hours and awake at opening, a
touch while closed, and the days the clocks change. London time throughout."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest

from kiosk.content import Deck, load_deck
from kiosk.platform.clock import ManualClock
from kiosk.schedule.rules import Opening, Rule
from kiosk.setup.config import Settings
from kiosk.ui.player.holding import HoldingSlide
from kiosk.ui.player.schedule_gate import (
    DARK,
    EMPTY,
    LONGEST_WAIT_S,
    NOTICE,
    NOTICE_SECONDS,
    OPEN,
    ScheduleGate,
    wall_clock,
)
from kiosk.ui.player.sleep import ClosedNotice, Dark
from kiosk.visit.session import Mode
from tests.decks import write_deck

LONDON = ZoneInfo("Europe/London")
WEEKDAYS = frozenset(range(6))  # Monday to Saturday
HEAD = """\
title: Opening hours
duration: 5
transition: fade
transition_seconds: 0.5
sources: []
chapters:
  - {id: main, title: Main}
  - {id: morning, title: Mornings}
  - {id: late, title: Late}
"""
SLIDES = """\
- {type: text, id: weekend, heading: Weekends, body: Saturdays and Sundays., chapter: main}
- {type: text, id: always, heading: Always, body: Every hour we are open.}
- {type: text, id: offer, heading: This week, body: Until Wednesday.}
- {type: text, id: mornings, heading: Mornings, body: Until noon., chapter: morning}
- {type: text, id: late, heading: Late, body: Friday nights., chapter: late}
"""
#: Monday to Saturday 9–18, Friday on to 2 at night, Sunday 10–16.
HOURS = Opening((Rule(WEEKDAYS, time(9), time(18)), Rule(frozenset({4}), time(18), time(2)),
                 Rule(frozenset({6}), time(10), time(16))))


class Power:
    """Stands in for the display's power: what the kiosk asks of it."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def display_off(self) -> bool:
        self.calls.append("off")
        return True

    def display_on(self) -> bool:
        self.calls.append("on")
        return True


def london(*parts: int) -> float:
    """A moment on London's clock, as seconds since 1970."""
    return datetime(*parts, tzinfo=LONDON).timestamp()  # type: ignore[misc]


def schedule(deck: Deck) -> Deck:
    """The deck with its opening hours and the slides' and chapters' rules set."""
    deck.opening_hours = HOURS
    rules = {"weekend": Rule(frozenset({5, 6})), "offer": Rule(until=date(2026, 3, 25))}
    for slide in deck.slides:
        slide.show = rules.get(slide.id)
    chapters = {"morning": Rule(start=time(9), end=time(12)),
                "late": Rule(frozenset({4}), time(22), time(2))}
    deck.chapters = [replace(c, show=chapters.get(c.id)) for c in deck.chapters]
    return deck


@pytest.fixture
def booth(make_kiosk, tmp_path: Path):  # type: ignore[no-untyped-def]
    """``booth(moment, ...)``: the kiosk playing the scheduled deck, its clock at
    ``moment``; returns (kiosk, wall clock, session clock, display power)."""
    def make(moment: float, asleep_touch: str = "notice_and_form",
             hours: Opening | None = HOURS):  # type: ignore[no-untyped-def]
        deck = load_deck(write_deck(tmp_path / "deck", SLIDES, head=HEAD)).deck
        assert deck is not None
        kiosk, clock = make_kiosk(deck, Settings(idle_seconds=45, warning_seconds=10))
        schedule(deck).opening_hours = hours
        wall, power = ManualClock(moment), Power()
        follow(kiosk, wall, power, asleep_touch)
        return kiosk, wall, clock, power
    return make


def follow(kiosk, wall: ManualClock, power: Power, asleep_touch: str) -> ScheduleGate:  # type: ignore[no-untyped-def]
    """The kiosk follows its deck's schedule on ``wall`` (as the app wires it)."""
    gate = getattr(kiosk, "schedule", None)
    if gate is None:
        gate = ScheduleGate(kiosk.player, kiosk.session, now=wall_clock(wall), zone=LONDON,
                            power=power)
        kiosk.schedule = gate
        kiosk.journey.follow(gate, asleep_touch)
    else:  # (the kiosk already follows it: on the test's clock from now)
        gate.power, kiosk.journey.asleep_touch = power, asleep_touch
        gate.set_clock(wall_clock(wall), LONDON)
    return gate


def moved_to(kiosk, wall: ManualClock, moment: float) -> None:  # type: ignore[no-untyped-def]
    """The clock is at ``moment`` and the schedule's timer goes off."""
    wall.now = moment
    kiosk.schedule.timer.timeout.emit()


def walk(kiosk, wall: ManualClock, until: str, limit: int = 400) -> int:  # type: ignore[no-untyped-def]
    """Time passes as the schedule's timer says, one wait after the other, until the gate is
    in state ``until``; returns how many waits it took."""
    gate = kiosk.schedule
    for waits in range(1, limit):
        assert gate.timer.isActive()
        assert 0 < gate.timer.interval() <= LONGEST_WAIT_S * 1000
        moved_to(kiosk, wall, wall.now + gate.timer.interval() / 1000)
        if gate.state == until:
            return waits
    raise AssertionError(f"never {until}")


def ids(kiosk) -> list[str]:  # type: ignore[no-untyped-def]
    deck = kiosk.schedule.deck
    return [deck.slides[i].id for i in kiosk.player.lineup.allowed()]


def seen_in_loop(qtbot, kiosk, slides: int = 8) -> set[str]:  # type: ignore[no-untyped-def]
    """The slides the loop shows while ``slides`` come by (the one on screen left aside)."""
    player, seen = kiosk.player, []
    def shown(index: int) -> None:
        seen.append(player.deck.slides[index].id)
    player.slide_changed.connect(shown)
    try:
        qtbot.waitUntil(lambda: len(seen) > slides, timeout=15_000)
    finally:
        player.slide_changed.disconnect(shown)
    return set(seen[1:])


def black(kiosk) -> bool:  # type: ignore[no-untyped-def]
    image = kiosk.player.grab().toImage()
    return all(QColor(image.pixel(x * (image.width() - 1) // 9, y * (image.height() - 1) // 9))
               == QColor("#000000") for x in range(10) for y in range(10))


def shown(widget) -> bool:  # type: ignore[no-untyped-def]
    return widget.isVisibleTo(widget.window())


def touch(kiosk) -> None:  # type: ignore[no-untyped-def]
    player = kiosk.player
    QTest.mouseClick(player, Qt.MouseButton.LeftButton, pos=player.rect().center())


def expected(moment: datetime) -> list[str] | None:
    """What should play at ``moment`` on London's clock (None: closed), said plainly."""
    local = moment.astimezone(LONDON)
    day, hour = local.weekday(), local.hour
    friday_night = (day == 4 and hour >= 18) or (day == 5 and hour < 2)
    if not ((day < 6 and 9 <= hour < 18) or friday_night or (day == 6 and 10 <= hour < 16)):
        return None
    found = ["weekend"] * (day >= 5) + ["always"] + ["offer"] * (local.date() <= date(2026, 3, 25))
    found += ["mornings"] * (9 <= hour < 12)
    return found + ["late"] * ((day == 4 and hour >= 22) or (day == 5 and hour < 2))


# ---------------------------------------------------------------- what plays
def test_what_plays_at_each_hour_of_a_week_across_midnight_and_the_clocks_going_forward(
        booth, qtbot) -> None:  # type: ignore[no-untyped-def]
    """A week from Monday 23 March 2026, hour by hour (Sunday the clocks go forward): the
    booth sleeps when closed and plays only what the rules allow, and the loop shows just
    that: Friday night's chapter on Saturday at 1 (the night it started on), the offer until
    Wednesday's end, the mornings' chapter until noon."""
    kiosk, wall, _clock, _power = booth(london(2026, 3, 23, 0, 0))
    start = datetime(2026, 3, 23, tzinfo=LONDON).astimezone(UTC)
    watched = {datetime(2026, 3, 24, 10, tzinfo=LONDON), datetime(2026, 3, 26, 14, tzinfo=LONDON),
               datetime(2026, 3, 28, 1, tzinfo=LONDON), datetime(2026, 3, 29, 11, tzinfo=LONDON)}
    for hour in range(7 * 24):
        moment = start + timedelta(hours=hour)
        moved_to(kiosk, wall, moment.timestamp())
        want = expected(moment)
        if want is None:
            assert kiosk.schedule.state == DARK and black(kiosk), moment
            continue
        assert kiosk.schedule.state == OPEN and ids(kiosk) == want, moment
        if moment in watched:
            assert seen_in_loop(qtbot, kiosk) == set(want), moment


def test_a_slide_whose_time_ends_leaves_the_loop_when_it_moves_on(booth, qtbot) -> None:  # type: ignore[no-untyped-def]
    kiosk, wall, _clock, _power = booth(london(2026, 3, 23, 11, 58))
    assert seen_in_loop(qtbot, kiosk) == {"always", "offer", "mornings"}
    wall.now = london(2026, 3, 23, 12, 0)  # (no timer: the loop looks as it moves on)
    assert seen_in_loop(qtbot, kiosk) == {"always", "offer"}


def test_a_visit_keeps_the_slide_on_screen_when_its_time_is_over(booth, qtbot) -> None:  # type: ignore[no-untyped-def]
    kiosk, wall, _clock, _power = booth(london(2026, 3, 23, 11, 58))
    player, controls = kiosk.player, kiosk.window.controls
    player.set_autoplay(False)  # (a long slide: it stays while the clock moves)
    player.go_to(3, "cut")  # mornings, until noon
    qtbot.waitUntil(lambda: player.index == 3)
    wall.now = london(2026, 3, 23, 12, 0)
    touch(kiosk)  # as its time is over, a visitor touches it
    assert kiosk.session.mode is Mode.BROWSE
    assert controls.dots.count == 3 and controls.dots.index == 2  # always, offer and this one
    moved_to(kiosk, wall, london(2026, 3, 23, 12, 5))
    assert player.index == 3 and player.deck is not None  # never pulled from under a finger
    QTest.mouseClick(controls.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: player.index == 1)  # round the loop, past what does not play
    QTest.mouseClick(controls.prev_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: player.index == 3)  # back to it, for this visit

    kiosk.session.return_to_attract()  # the visit ends: the loop goes on without it
    qtbot.waitUntil(lambda: player.index == 1)
    assert ids(kiosk) == ["always", "offer"]


def test_a_visit_sees_what_plays_when_it_starts(booth, qtbot) -> None:  # type: ignore[no-untyped-def]
    kiosk, wall, _clock, _power = booth(london(2026, 3, 23, 11, 58))
    player, controls, menu = kiosk.player, kiosk.window.controls, kiosk.window.chapters
    player.set_autoplay(False)
    player.go_to(2, "cut")
    qtbot.waitUntil(lambda: player.index == 2)
    wall.now = london(2026, 3, 23, 12, 0)
    touch(kiosk)
    assert controls.dots.count == 2  # always and the offer: the mornings are over
    QTest.mouseClick(controls.chapters_button, Qt.MouseButton.LeftButton)
    assert menu.isVisible()
    assert {c for c, tile in menu.tiles.items() if shown(tile)} == {"main"}
    assert menu.tiles["main"].text().endswith("2 slides")  # not the weekend's
    QTest.mouseClick(menu.tiles["main"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: player.index == 1)  # the chapter's first that plays now


def test_nothing_allowed_while_open_holds_until_a_slide_may_play(booth, qtbot) -> None:  # type: ignore[no-untyped-def]
    kiosk, wall, _clock, _power = booth(london(2026, 3, 23, 8, 0), hours=None)  # always open
    for slide in kiosk.schedule.deck.slides:  # mornings only, from 9
        slide.show = Rule(start=time(9), end=time(12))
    kiosk.player.set_deck(kiosk.schedule.deck)
    player = kiosk.player
    assert kiosk.schedule.state == EMPTY
    assert type(player.holding) is HoldingSlide and player.holding.title == "Opening hours"
    assert kiosk.schedule.timer.interval() == LONGEST_WAIT_S * 1000  # (9:00 is an hour off)
    assert walk(kiosk, wall, OPEN) == 4
    assert wall.now == london(2026, 3, 23, 9, 0)
    qtbot.waitUntil(lambda: player.index == 0 and player.holding is None)


# ---------------------------------------------------------------- sleep and wake
def test_the_screen_sleeps_at_closing_and_wakes_at_opening(booth, qtbot) -> None:  # type: ignore[no-untyped-def]
    kiosk, wall, _clock, power = booth(london(2026, 3, 23, 17, 50))
    gate, player, controls = kiosk.schedule, kiosk.player, kiosk.window.controls
    assert gate.state == OPEN and gate.timer.interval() == 10 * 60 * 1000
    assert shown(controls.hint)
    assert walk(kiosk, wall, DARK) == 1 and wall.now == london(2026, 3, 23, 18, 0)
    assert isinstance(player.holding, Dark) and black(kiosk)
    assert player.dwell_ms == 0 and not player.transitioning  # the loop stopped
    assert not shown(controls) and not shown(controls.hint)
    assert power.calls == ["off"]
    changes: list[int] = []
    player.slide_changed.connect(changes.append)
    qtbot.wait(300)  # (slides last 125 ms here)
    assert changes == [] and black(kiosk)
    assert walk(kiosk, wall, OPEN) == 60  # 15 hours, 15 minutes at a time
    assert wall.now == london(2026, 3, 24, 9, 0)
    assert power.calls == ["off", "on"]
    qtbot.waitUntil(lambda: player.index == 1 and player.holding is None)  # (no weekend)
    assert shown(controls.hint)


def test_a_visit_at_closing_time_ends_before_the_screen_sleeps(booth, qtbot) -> None:  # type: ignore[no-untyped-def]
    kiosk, wall, clock, _power = booth(london(2026, 3, 23, 17, 59))
    touch(kiosk)
    moved_to(kiosk, wall, london(2026, 3, 23, 18, 1))
    assert kiosk.schedule.state == OPEN and kiosk.player.deck is not None
    clock.advance(60)
    kiosk.journey.on_tick()  # the visitor left: back to the loop, which sleeps
    assert kiosk.session.mode is Mode.ATTRACT and kiosk.schedule.state == DARK
    assert black(kiosk)


def test_slides_edited_at_night_wait_for_the_morning(booth, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    kiosk, _wall, _clock, power = booth(london(2026, 3, 23, 20, 0))
    edited = load_deck(tmp_path / "deck")
    schedule(edited.deck)
    kiosk.control.on_loaded(edited)  # (as after an edit, or slides from a stick)
    assert kiosk.schedule.deck is edited.deck and kiosk.schedule.state == DARK
    assert kiosk.player.deck is None and black(kiosk) and power.calls == ["off"]
    touch(kiosk)
    kiosk.control.on_loaded(edited)
    assert isinstance(kiosk.player.holding, ClosedNotice)  # (the notice stays)


def test_a_booth_started_at_night_starts_asleep(kiosk_app, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """As the app starts: the slides read, the first frame (black) painted, then the visitor's
    side built, which takes the booth's word for what a touch does."""
    from kiosk.ui.compose import build_kiosk
    from tests.conftest import close_kiosk

    kiosk = build_kiosk(Settings(), tmp_path / "data", clock=ManualClock(), player_speed=40.0,
                        journey_tick_ms=10_000, visitor_side=False)
    try:
        wall, power = ManualClock(london(2026, 3, 23, 22, 0)), Power()
        gate = getattr(kiosk, "schedule", None)
        if gate is None:
            kiosk.schedule = gate = ScheduleGate(kiosk.player, kiosk.session, power=power)
        gate.power = power
        gate.set_clock(wall_clock(wall), LONDON)
        kiosk.window.resize(768, 432)
        kiosk.window.show()
        loaded = load_deck(write_deck(tmp_path / "deck", SLIDES, head=HEAD))
        schedule(loaded.deck)
        with qtbot.waitSignal(kiosk.player.first_frame_painted):
            kiosk.control.on_loaded(loaded)
        assert gate.state == DARK and black(kiosk) and power.calls == ["off"]
        kiosk.start_visitor_side()
        if kiosk.journey.schedule is None:  # (as the app wires it)
            kiosk.journey.follow(gate, "notice_and_form")
        assert not shown(kiosk.window.controls) and not shown(kiosk.window.controls.hint)
        touch(kiosk)
        assert kiosk.player.holding.title == "We open tomorrow at 9:00"
        assert shown(kiosk.window.controls.message_button)
    finally:
        close_kiosk(kiosk)


# ---------------------------------------------------------------- touching a closed booth
def test_a_touch_while_closed_says_when_it_opens_and_offers_the_message_form(
        booth, qtbot) -> None:  # type: ignore[no-untyped-def]
    kiosk, _wall, clock, power = booth(london(2026, 3, 23, 20, 0))
    player, controls = kiosk.player, kiosk.window.controls
    touch(kiosk)
    assert kiosk.schedule.state == NOTICE and isinstance(player.holding, ClosedNotice)
    assert player.holding.title == "We open tomorrow at 9:00"
    assert not black(kiosk)
    assert shown(controls.message_button) and not shown(controls.next_button)
    assert power.calls == ["off", "on"]
    clock.advance(NOTICE_SECONDS)
    kiosk.journey.on_tick()  # nobody touched it for a while: asleep again
    assert kiosk.schedule.state == DARK and black(kiosk) and power.calls[-1] == "off"

    touch(kiosk)
    QTest.mouseClick(controls.message_button, Qt.MouseButton.LeftButton)
    assert kiosk.session.mode is Mode.FORM and kiosk.window.form.isVisible()
    clock.advance(NOTICE_SECONDS)
    kiosk.journey.on_tick()  # (writing takes longer than a glance)
    assert kiosk.session.mode is Mode.FORM


@pytest.mark.parametrize(("moment", "said"), [
    ((2026, 3, 24, 7, 30), "We open at 9:00"),
    ((2026, 3, 28, 19, 0), "We open tomorrow at 10:00"),  # (Sunday's hours)
    ((2026, 3, 29, 16, 30), "We open tomorrow at 9:00"),
])
def test_the_notice_names_the_next_opening(booth, moment, said) -> None:  # type: ignore[no-untyped-def]
    kiosk, _wall, _clock, _power = booth(london(*moment))
    touch(kiosk)
    assert kiosk.player.holding.title == said


def test_the_notice_names_the_day_when_it_opens_later(booth) -> None:  # type: ignore[no-untyped-def]
    closed_sunday = replace(HOURS, rules=HOURS.rules[:2])
    kiosk, _wall, _clock, _power = booth(london(2026, 3, 28, 19, 0), hours=closed_sunday)
    touch(kiosk)
    assert kiosk.player.holding.title == "We open on Monday at 9:00"
    kiosk.session.return_to_attract()
    kiosk.schedule.deck.opening_hours = replace(
        closed_sunday, closed=frozenset({date(2026, 3, 30) + timedelta(days=d)
                                         for d in range(8)}))
    touch(kiosk)
    assert kiosk.player.holding.title == "We open on Tuesday, April 7, 2026 at 9:00"


def test_a_booth_that_does_not_open_again_says_it_is_closed(booth) -> None:  # type: ignore[no-untyped-def]
    over = Opening((Rule(until=date(2026, 3, 1)),))  # (the event is over)
    kiosk, _wall, _clock, _power = booth(london(2026, 3, 23, 12, 0), hours=over)
    assert not kiosk.schedule.timer.isActive()  # nothing will change
    touch(kiosk)
    assert kiosk.player.holding.title == "We are closed"


def test_only_the_notice_when_the_booth_says_so(booth) -> None:  # type: ignore[no-untyped-def]
    kiosk, _wall, _clock, _power = booth(london(2026, 3, 23, 20, 0), asleep_touch="notice")
    touch(kiosk)
    assert kiosk.schedule.state == NOTICE
    assert not shown(kiosk.window.controls.message_button)


def test_a_touch_does_nothing_while_closed_when_the_booth_says_so(booth) -> None:  # type: ignore[no-untyped-def]
    kiosk, _wall, _clock, power = booth(london(2026, 3, 23, 20, 0), asleep_touch="nothing")
    touch(kiosk)
    assert kiosk.session.mode is Mode.ATTRACT and kiosk.schedule.state == DARK
    assert black(kiosk) and not shown(kiosk.window.controls)
    assert kiosk.schedule.display_timer.isActive()  # the touch woke the display: off again
    kiosk.schedule.display_timer.timeout.emit()
    assert power.calls == ["off", "off"]


# ---------------------------------------------------------------- the clocks change
def test_the_morning_after_the_clocks_go_forward_it_opens_at_nine_summer_time(
        booth) -> None:  # type: ignore[no-untyped-def]
    """Saturday 28 March 2026 closes at 18:00 (GMT); Sunday 29 the clocks go forward at 1;
    Monday it opens at 9:00 BST, 08:00 UTC: 38 hours later, not 39 as the wall clocks
    read."""
    closed_sunday = replace(HOURS, rules=HOURS.rules[:2])
    kiosk, wall, _clock, _power = booth(london(2026, 3, 28, 17, 0), hours=closed_sunday)
    assert walk(kiosk, wall, DARK) == 4
    asleep = wall.now
    walk(kiosk, wall, OPEN)
    assert datetime.fromtimestamp(wall.now, UTC) == datetime(2026, 3, 30, 8, 0, tzinfo=UTC)
    assert wall.now - asleep == 38 * 3600


def test_the_night_the_clocks_go_back_it_stays_open_through_the_repeated_hour(booth) -> None:  # type: ignore[no-untyped-def]
    """Open Saturday 20:00 to 2:00 on 24 October 2026: the clock shows 1:00–2:00 twice that
    night, so it stays open seven hours and closes at 2:00 GMT (02:00 UTC)."""
    night = Opening((Rule(frozenset({5}), time(20), time(2)),))
    kiosk, wall, _clock, _power = booth(london(2026, 10, 24, 19, 0), hours=night)
    walk(kiosk, wall, OPEN)
    opened = wall.now
    moved_to(kiosk, wall, datetime(2026, 10, 25, 0, 50, tzinfo=UTC).timestamp())  # 1:50 BST
    assert kiosk.schedule.timer.interval() == LONGEST_WAIT_S * 1000  # (2:00 GMT: 70 min)
    moved_to(kiosk, wall, datetime(2026, 10, 25, 1, 30, tzinfo=UTC).timestamp())  # 1:30 again
    assert kiosk.schedule.state == OPEN
    walk(kiosk, wall, DARK)
    assert datetime.fromtimestamp(wall.now, UTC) == datetime(2026, 10, 25, 2, 0, tzinfo=UTC)
    assert wall.now - opened == 7 * 3600


def test_an_opening_the_clock_skips_comes_when_it_jumps(booth) -> None:  # type: ignore[no-untyped-def]
    """Open from 1:30 on Sunday 29 March 2026, a time London's clock skips (1:00 GMT is 2:00
    BST): it opens at the jump, 01:00 UTC, ten minutes after 0:50, not forty."""
    festival = Opening((Rule(frozenset({6}), time(1, 30), time(6)),))
    kiosk, wall, _clock, _power = booth(london(2026, 3, 29, 0, 50), hours=festival)
    assert kiosk.schedule.state == DARK and kiosk.schedule.timer.interval() == 10 * 60 * 1000
    assert walk(kiosk, wall, OPEN) == 1
    assert datetime.fromtimestamp(wall.now, UTC) == datetime(2026, 3, 29, 1, 0, tzinfo=UTC)
