"""What plays when, and when the booth is open: a week hour by hour, midnight, the first and
last day of a date range, and both daylight-saving changes in London and New York."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from kiosk.schedule.rules import (
    Opening,
    Rule,
    change_dates,
    empty_hours,
    is_open,
    local_zone,
    next_change,
    playable,
    shows,
    slide_rules,
)

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)
WEEKEND = frozenset({SAT, SUN})


def at(zone: ZoneInfo, day: str, clock: str = "00:00", fold: int = 0) -> datetime:
    """A moment on the booth's wall clock (fold 1: the second time an autumn hour shows)."""
    hours, minutes = map(int, clock.split(":"))
    return datetime.combine(date.fromisoformat(day), time(hours, minutes), zone).replace(
        fold=fold)


def hours_from(start: datetime, count: int) -> list[datetime]:
    """``count`` instants an hour apart in real time (across a clock change too)."""
    first = start.astimezone(UTC)
    return [first + timedelta(hours=i) for i in range(count)]


def local(instant: datetime | None, zone: ZoneInfo) -> str:
    assert instant is not None
    return instant.astimezone(zone).strftime("%a %Y-%m-%d %H:%M %Z")


# --- A week of slides ---------------------------------------------------------------------

#: Slide 0 always; 1 at weekends 9–13; 2 and 3 in the "late" chapter (Fridays 22–02), 3 only
#: on Saturdays itself; 4 starts the "story" chapter, which has no rule.
DECK = [(None, None),
        (None, Rule(WEEKEND, time(9), time(13))),
        ("late", None),
        (None, Rule(frozenset({SAT}))),
        ("story", None)]
CHAPTERS = {"late": Rule(frozenset({FRI}), time(22), time(2))}


def test_a_week_hour_by_hour() -> None:
    played = {when.astimezone(LONDON).strftime("%a %H"): playable(DECK, when, chapters=CHAPTERS,
                                                                   zone=LONDON)
              for when in hours_from(at(LONDON, "2026-06-01"), 7 * 24)}  # Monday to Sunday
    assert played["Mon 10"] == played["Fri 21"] == played["Sat 08"] == [0, 4]
    assert played["Fri 22"] == played["Fri 23"] == [0, 2, 4]
    assert played["Sat 00"] == played["Sat 01"] == [0, 2, 3, 4]  # the Friday night goes on
    assert played["Sat 02"] == [0, 4]
    assert played["Sat 09"] == played["Sun 12"] == [0, 1, 4]
    assert played["Sat 13"] == played["Sun 23"] == [0, 4]
    hours = {i: sum(i in p for p in played.values()) for i in range(5)}
    assert hours == {0: 168, 1: 8, 2: 4, 3: 2, 4: 168}


def test_a_chapter_rule_holds_until_the_next_chapter() -> None:
    assert slide_rules(DECK, CHAPTERS) == [
        (), (DECK[1][1],), (CHAPTERS["late"],), (CHAPTERS["late"], DECK[3][1]), ()]
    # The loader gives every slide its chapter: the same as naming it where it starts.
    named = [(None, None), (None, DECK[1][1]), ("late", None), ("late", DECK[3][1]),
             ("story", None)]
    assert slide_rules(named, CHAPTERS) == slide_rules(DECK, CHAPTERS)


def test_across_midnight_belongs_to_the_day_it_starts() -> None:
    friday_nights = Rule(frozenset({FRI}), time(22), time(2))
    assert [shows(friday_nights, at(LONDON, day, clock), LONDON) for day, clock in [
        ("2026-06-05", "21:59"), ("2026-06-05", "22:00"), ("2026-06-06", "01:59"),
        ("2026-06-06", "02:00"), ("2026-06-06", "23:00"), ("2026-06-07", "01:00"),
        ("2026-06-04", "23:00")]] == [False, True, True, False, False, False, False]
    # Into a new year, and Sunday night into Monday.
    new_year = Rule(frozenset({THU}), time(22), time(2))
    assert shows(new_year, at(LONDON, "2027-01-01", "01:30"), LONDON)
    sunday_nights = Rule(frozenset({SUN}), time(23), time(1))
    assert shows(sunday_nights, at(LONDON, "2026-06-08", "00:30"), LONDON)
    assert not shows(sunday_nights, at(LONDON, "2026-06-09", "00:30"), LONDON)


def test_until_and_since_take_their_whole_day() -> None:
    until = Rule(until=date(2027, 3, 1))
    assert shows(until, at(LONDON, "2027-03-01", "23:59"), LONDON)
    assert not shows(until, at(LONDON, "2027-03-02"), LONDON)
    since = Rule(since=date(2027, 3, 1))
    assert not shows(since, at(LONDON, "2027-02-28", "23:59"), LONDON)
    assert shows(since, at(LONDON, "2027-03-01"), LONDON)


def test_a_night_counts_the_date_it_starts_on() -> None:
    nights = Rule(start=time(22), end=time(2), since=date(2027, 3, 1), until=date(2027, 3, 2))
    assert not shows(nights, at(LONDON, "2027-03-01", "01:00"), LONDON)  # 28 Feb's night
    assert shows(nights, at(LONDON, "2027-03-01", "22:00"), LONDON)
    assert shows(nights, at(LONDON, "2027-03-03", "01:59"), LONDON)  # 2 March's night
    assert not shows(nights, at(LONDON, "2027-03-03", "22:00"), LONDON)


def test_no_rule_always_shows_and_a_time_needs_its_zone() -> None:
    assert shows(None, at(LONDON, "2026-06-01"), LONDON)
    assert is_open(None, at(LONDON, "2026-06-01"), LONDON)
    with pytest.raises(ValueError, match="time zone"):
        shows(Rule(), datetime(2026, 6, 1, 12), LONDON)


# --- Daylight saving ----------------------------------------------------------------------

def span(rule: Rule, day: str, zone: ZoneInfo) -> tuple[str, str, timedelta]:
    """When a rule's window on ``day`` opens and closes, and how long it lasts."""
    opening = Opening((rule,))
    start = next_change(opening, at(zone, day), zone)
    assert start is not None
    end = next_change(opening, start, zone)
    assert end is not None
    return local(start, zone), local(end, zone), end - start


@pytest.mark.parametrize(("zone", "day"), [(LONDON, "2026-03-29"), (LONDON, "2026-10-25"),
                                           (NEW_YORK, "2026-03-08"), (NEW_YORK, "2026-11-01")])
def test_a_morning_is_four_hours_on_the_day_the_clocks_change(zone: ZoneInfo, day: str) -> None:
    opened, closed, lasted = span(Rule(start=time(9), end=time(13)), day, zone)
    assert (opened[15:20], closed[15:20], lasted) == ("09:00", "13:00", timedelta(hours=4))


def test_london_spring_forward() -> None:
    """29 March 2026: at 01:00 GMT the clocks jump to 02:00 BST."""
    # A time the clock skips arrives when the clock jumps past it.
    assert span(Rule(start=time(1, 30), end=time(3)), "2026-03-29", LONDON) == (
        "Sun 2026-03-29 02:00 BST", "Sun 2026-03-29 03:00 BST", timedelta(hours=1))
    assert span(Rule(start=time(0, 30), end=time(1, 30)), "2026-03-29", LONDON) == (
        "Sun 2026-03-29 00:30 GMT", "Sun 2026-03-29 02:00 BST", timedelta(minutes=30))
    # Hour by hour, what plays: the 00:00–03:00 slide gets two real hours that night.
    deck = [(None, None), (None, Rule(start=time(0), end=time(3)))]
    played = [(local(when, LONDON)[15:], playable(deck, when, zone=LONDON))
              for when in hours_from(at(LONDON, "2026-03-28", "23:00"), 5)]
    assert played == [("23:00 GMT", [0]), ("00:00 GMT", [0, 1]), ("02:00 BST", [0, 1]),
                      ("03:00 BST", [0]), ("04:00 BST", [0])]


def test_london_fall_back() -> None:
    """25 October 2026: at 02:00 BST the clocks go back to 01:00 GMT; 01:30 shows twice."""
    rule = Rule(start=time(1, 30), end=time(3))
    assert span(rule, "2026-10-25", LONDON) == (
        "Sun 2026-10-25 01:30 BST", "Sun 2026-10-25 03:00 GMT", timedelta(hours=2, minutes=30))
    # It opens the first time the clock shows 01:30 and stays open through the repeat.
    assert shows(rule, at(LONDON, "2026-10-25", "01:10", fold=1), LONDON)
    assert shows(rule, at(LONDON, "2026-10-25", "01:30", fold=1), LONDON)
    # A window that ends at 01:30 ends the first time.
    early = Rule(start=time(0, 15), end=time(1, 30))
    assert shows(early, at(LONDON, "2026-10-25", "01:29"), LONDON)
    assert not shows(early, at(LONDON, "2026-10-25", "01:45"), LONDON)
    assert not shows(early, at(LONDON, "2026-10-25", "01:15", fold=1), LONDON)
    deck = [(None, None), (None, Rule(start=time(0), end=time(3)))]
    played = [(local(when, LONDON)[15:], playable(deck, when, zone=LONDON))
              for when in hours_from(at(LONDON, "2026-10-24", "23:00"), 6)]
    assert played == [("23:00 BST", [0]), ("00:00 BST", [0, 1]), ("01:00 BST", [0, 1]),
                      ("01:00 GMT", [0, 1]), ("02:00 GMT", [0, 1]), ("03:00 GMT", [0])]


def test_new_york_changes() -> None:
    """8 March 2026: 02:00 EST jumps to 03:00 EDT. 1 November: 02:00 EDT back to 01:00 EST."""
    assert span(Rule(start=time(2, 30), end=time(4)), "2026-03-08", NEW_YORK) == (
        "Sun 2026-03-08 03:00 EDT", "Sun 2026-03-08 04:00 EDT", timedelta(hours=1))
    assert span(Rule(start=time(1, 30), end=time(2, 30)), "2026-11-01", NEW_YORK) == (
        "Sun 2026-11-01 01:30 EDT", "Sun 2026-11-01 02:30 EST", timedelta(hours=2))
    nights = Opening((Rule(start=time(22), end=time(6)),))
    opens = next_change(nights, at(NEW_YORK, "2026-03-07", "12:00"), NEW_YORK)
    assert opens is not None and local(opens, NEW_YORK) == "Sat 2026-03-07 22:00 EST"
    closes = next_change(nights, opens, NEW_YORK)
    assert closes is not None and closes - opens == timedelta(hours=7)  # to 06:00 EDT
    assert next_change(nights, at(NEW_YORK, "2026-10-31", "23:00"), NEW_YORK) == at(
        NEW_YORK, "2026-11-01", "06:00")  # 9 real hours after 22:00


# --- Opening hours ------------------------------------------------------------------------

HOURS = Opening((Rule(frozenset(range(6)), time(9), time(18)),),
                closed=frozenset({date(2026, 12, 25)}))


def test_open_hour_by_hour_through_christmas_week() -> None:
    week = hours_from(at(LONDON, "2026-12-21"), 7 * 24)  # Monday 21 to Sunday 27
    open_hours = [when.astimezone(LONDON).strftime("%a %H") for when in week
                  if is_open(HOURS, when, LONDON)]
    assert len(open_hours) == 5 * 9
    assert open_hours[:2] == ["Mon 09", "Mon 10"] and "Mon 18" not in open_hours
    assert not any(h.startswith(("Fri", "Sun")) for h in open_hours)


def test_next_change_wakes_and_sleeps_the_booth() -> None:
    changes = []
    when: datetime | None = at(LONDON, "2026-12-24", "20:00")
    for _ in range(4):
        when = next_change(HOURS, when, LONDON)  # type: ignore[arg-type]
        changes.append(local(when, LONDON))
    assert changes == ["Sat 2026-12-26 09:00 GMT", "Sat 2026-12-26 18:00 GMT",
                       "Mon 2026-12-28 09:00 GMT", "Mon 2026-12-28 18:00 GMT"]
    assert when is not None and when.tzinfo is UTC
    # At the very moment of a change, the next one.
    assert local(next_change(HOURS, at(LONDON, "2026-12-28", "09:00"), LONDON), LONDON) == (
        "Mon 2026-12-28 18:00 GMT")


def test_rules_that_overlap_or_touch_make_one_opening() -> None:
    split = Opening((Rule(frozenset(range(5)), time(9), time(13)),
                     Rule(frozenset(range(5)), time(12), time(18)),
                     Rule(frozenset({FRI}), time(18), time(22)),
                     Rule(frozenset({SAT}), time(10), time(14))))
    friday = at(LONDON, "2026-06-05", "10:00")
    assert local(next_change(split, friday, LONDON), LONDON) == "Fri 2026-06-05 22:00 BST"
    assert local(next_change(split, at(LONDON, "2026-06-05", "23:00"), LONDON),
                 LONDON) == "Sat 2026-06-06 10:00 BST"


def test_no_next_change_when_nothing_ever_changes() -> None:
    assert next_change(None, at(LONDON, "2026-06-01"), LONDON) is None
    assert next_change(Opening(), at(LONDON, "2026-06-01"), LONDON) is None
    ended = Opening((Rule(until=date(2027, 3, 1)),))
    last = next_change(ended, at(LONDON, "2026-06-01"), LONDON)
    assert local(last, LONDON) == "Tue 2027-03-02 00:00 GMT"
    assert last is not None and next_change(ended, last, LONDON) is None


def test_a_far_change_is_found_without_walking_every_day() -> None:
    far = Opening(closed=frozenset({date(2199, 12, 31)}))
    assert next_change(far, at(LONDON, "2026-06-01"), LONDON) == at(LONDON, "2199-12-31")
    later = Opening((Rule(frozenset({SUN}), time(9), time(10), since=date(2190, 1, 1)),))
    assert local(next_change(later, at(LONDON, "2026-06-01"), LONDON), LONDON) == (
        "Sun 2190-01-03 09:00 GMT")  # the first Sunday from 1 January 2190


# --- Hours the loop would be empty --------------------------------------------------------

def test_empty_hours_in_a_typical_week() -> None:
    deck = [(None, Rule(start=time(9), end=time(12))),
            (None, Rule(frozenset(range(5)), time(12), time(18), until=date(2027, 3, 1)))]
    assert empty_hours(deck, HOURS) == [(SAT, h) for h in range(12, 18)]
    # From 2 March 2027 the weekday afternoons have nothing either.
    assert change_dates(deck, HOURS, after=date(2026, 6, 1)) == [date(2027, 3, 2)]
    after = empty_hours(deck, HOURS, on=date(2027, 3, 2))
    assert after == sorted((d, h) for d in range(6) for h in range(12, 18))
    assert empty_hours(deck, HOURS, on=date(2027, 3, 1)) == empty_hours(deck, HOURS)
    # A part hour counts; no opening hours: every hour of the week.
    half = Opening((Rule(start=time(9), end=time(12, 30)),))
    assert empty_hours(deck[:1], half) == [(d, 12) for d in range(7)]
    assert len(empty_hours(deck[:1], None)) == 7 * 21


def test_empty_hours_across_midnight_and_with_chapters() -> None:
    nights = Opening((Rule(start=time(20), end=time(2)),))
    deck = [("late", None), ("story", Rule(frozenset({FRI}), time(22), time(2)))]
    chapters = {"late": Rule(frozenset({SUN}), time(20), time(23))}
    gaps = empty_hours(deck, nights, chapters=chapters)
    assert (FRI, 22) not in gaps and (SAT, 1) not in gaps and (SAT, 2) not in gaps
    assert (SUN, 20) not in gaps and (SUN, 23) in gaps and (MON, 0) in gaps
    assert len(gaps) == 7 * 6 - 4 - 3
    assert empty_hours([(None, None)], nights) == []


# --- The booth's zone ---------------------------------------------------------------------

def test_the_system_zone_keeps_its_daylight_saving(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "America/New_York")
    assert local_zone() == NEW_YORK
    monkeypatch.setenv("TZ", "Not/A_Zone")
    fallback = local_zone()  # the system's own file, or today's offset
    assert datetime(2026, 6, 1, tzinfo=fallback).utcoffset() is not None


def test_a_rule_says_what_is_wrong_when_made_in_code() -> None:
    assert Rule(start=time(0), end=time(0)) == Rule()  # midnight to midnight: all day
    with pytest.raises(ValueError, match="ends when it starts"):
        Rule(start=time(9), end=time(9))
    with pytest.raises(ValueError, match="names no day"):
        Rule(frozenset())
    with pytest.raises(ValueError, match="between 2000 and 2199"):
        Opening(closed=frozenset({date(9999, 12, 31)}))
