"""The visitor state machine, driven by a fake clock (no Qt, no waiting)."""

from __future__ import annotations

import pytest

from kiosk.platform.clock import ManualClock
from kiosk.setup.config import Settings
from kiosk.visit.session import Event, Mode, Session, rules_from


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(1000.0)


@pytest.fixture
def session(clock: ManualClock) -> Session:
    return Session("en", clock, rules_from(Settings(idle_seconds=45, warning_seconds=10)))


def record(session: Session, touches: bool = False) -> list[tuple[Event, Mode, bool, str]]:
    seen: list[tuple[Event, Mode, bool, str]] = []
    session.subscribe(lambda e, s: seen.append((e, s.mode, s.warning, s.language))
                      if touches or e is not Event.TOUCH else None)
    return seen


def test_starts_in_attract_and_never_times_out_there(session: Session, clock: ManualClock) -> None:
    assert session.mode is Mode.ATTRACT
    clock.advance(10_000)
    session.tick()
    assert session.mode is Mode.ATTRACT and not session.warning
    assert session.current_rules.dwell_factor == 1.0


def test_a_touch_wakes_attract_into_browse(session: Session) -> None:
    events = record(session)
    assert session.interact() is True  # the waking touch does nothing else
    assert session.mode is Mode.BROWSE
    assert events == [(Event.MODE, Mode.BROWSE, False, "en")]
    assert session.interact() is False  # later touches are the visitor's own
    assert session.current_rules.dwell_factor is None  # browsing pauses auto-advance


def test_every_touch_is_told_before_what_it_does(session: Session) -> None:
    events = record(session, touches=True)
    session.interact()
    session.interact()
    assert [e[:2] for e in events] == [(Event.TOUCH, Mode.ATTRACT), (Event.MODE, Mode.BROWSE),
                                       (Event.TOUCH, Mode.BROWSE)]


def test_idle_warning_then_return_to_attract(session: Session, clock: ManualClock) -> None:
    session.interact()
    events = record(session)
    clock.advance(44.9)
    session.tick()
    assert not session.warning and session.seconds_left() == 11
    clock.advance(0.2)
    session.tick()
    assert session.warning and session.seconds_left() == 10
    clock.advance(9.8)
    session.tick()
    assert session.mode is Mode.BROWSE and session.seconds_left() == 1
    clock.advance(0.2)
    session.tick()
    assert session.mode is Mode.ATTRACT and not session.warning
    assert [e for e, *_ in events] == [Event.WARNING, Event.WARNING, Event.MODE]


def test_a_touch_during_the_countdown_keeps_the_visitor(session: Session,
                                                         clock: ManualClock) -> None:
    session.interact()
    clock.advance(50)
    session.tick()
    assert session.warning
    assert session.interact() is True  # dismisses the countdown only
    assert session.mode is Mode.BROWSE and not session.warning
    clock.advance(44)
    session.tick()
    assert session.mode is Mode.BROWSE and not session.warning


def test_each_touch_restarts_the_idle_time(session: Session, clock: ManualClock) -> None:
    session.interact()
    for _ in range(10):
        clock.advance(30)
        session.interact()
        session.tick()
    assert session.mode is Mode.BROWSE and not session.warning


def test_language_resets_on_return_to_attract(session: Session, clock: ManualClock) -> None:
    session.interact()
    events = record(session)
    session.set_language("km")
    assert session.language == "km"
    clock.advance(56)
    session.tick()
    assert session.mode is Mode.ATTRACT and session.language == "en"
    assert (Event.LANGUAGE, Mode.BROWSE, False, "km") in events
    assert events[-1][0] is Event.MODE and events[-2] == (Event.LANGUAGE, Mode.ATTRACT, False,
                                                         "en")


def test_slow_browsing_keeps_advancing_slowly(clock: ManualClock) -> None:
    session = Session("en", clock, rules_from(Settings(browse_advance="slow")))
    session.interact()
    assert session.current_rules.dwell_factor == 3.0


def test_explicit_return_to_attract(session: Session) -> None:
    session.interact()
    session.return_to_attract()
    assert session.mode is Mode.ATTRACT
    session.return_to_attract()  # no change, no event
    assert session.mode is Mode.ATTRACT


def test_the_form_has_its_own_idle_time(clock: ManualClock) -> None:
    session = Session("en", clock, rules_from(Settings(
        idle_seconds=45, warning_seconds=10, form_idle_seconds=60)))
    session.interact()
    session.enter(Mode.FORM)
    clock.advance(50)
    session.tick()
    assert session.mode is Mode.FORM and not session.warning  # browsing would warn by now
    clock.advance(11)
    session.tick()
    assert session.warning
    clock.advance(10)
    session.tick()
    assert session.mode is Mode.ATTRACT
