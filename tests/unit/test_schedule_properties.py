"""Schedule rules against simple models of them, on many rules and moments: the wall-clock
reading of a rule, the next change of the opening hours, the empty hours of a week, and
rules written down and read back."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.schedule.rules import Opening, Rule, empty_hours, is_open, next_change, playable, shows
from kiosk.schedule.typed import parse_words
from kiosk.schedule.words import (
    describe,
    opening_yaml,
    parse_opening,
    parse_rule,
    rule_yaml,
)

ZONES = [ZoneInfo("Europe/London"), ZoneInfo("America/New_York")]
#: The days the clocks change in 2026 (London, New York), where most mistakes would hide.
CHANGE_DAYS = [date(2026, 3, 29), date(2026, 10, 25), date(2026, 3, 8), date(2026, 11, 1)]
QUARTERS = st.builds(time, st.integers(0, 23), st.sampled_from([0, 15, 30, 45]))
DAYS = st.frozensets(st.integers(0, 6), min_size=1)


@st.composite
def rules(draw: st.DrawFn, dates: st.SearchStrategy[date] | None = None) -> Rule:
    start, end = draw(st.none() | QUARTERS), draw(st.none() | QUARTERS)
    if start is not None and start == end and start != time(0):
        end = None
    since = until = None
    if dates is not None:
        since, until = draw(st.none() | dates), draw(st.none() | dates)
        if since and until and until < since:
            since, until = until, since
    return Rule(draw(DAYS), start, end, since, until)


NEAR = st.dates(date(2026, 1, 1), date(2027, 12, 31))
FAR = st.dates(date(2026, 1, 1), date(2045, 12, 31))


@st.composite
def openings(draw: st.DrawFn, dates: st.SearchStrategy[date] | None = None) -> Opening:
    closed = frozenset(draw(st.lists(dates, max_size=3))) if dates is not None else frozenset()
    return Opening(tuple(draw(st.lists(rules(dates), min_size=1, max_size=3))), closed)


@st.composite
def moments(draw: st.DrawFn) -> tuple[ZoneInfo, datetime]:
    """A moment on a booth's wall clock, often on a day the clocks change."""
    zone = draw(st.sampled_from(ZONES))
    day = draw(st.sampled_from(CHANGE_DAYS) | NEAR)
    clock = draw(st.builds(time, st.integers(0, 23), st.integers(0, 59)))
    return zone, datetime.combine(day, clock, zone).replace(fold=draw(st.integers(0, 1)))


def on_the_wall(rule: Rule, wall: datetime) -> bool:
    """The rule read on a clock that never changes: minutes of the day, the day it starts."""
    minute = wall.hour * 60 + wall.minute
    start = rule.start.hour * 60 + rule.start.minute if rule.start else 0
    end = rule.end.hour * 60 + rule.end.minute if rule.end else 24 * 60
    today, yesterday = wall.date(), wall.date() - timedelta(days=1)
    if rule.overnight:
        return (rule.starts_on(today) and minute >= start) or (
            rule.starts_on(yesterday) and minute < end)
    return rule.starts_on(today) and start <= minute < end


@settings(max_examples=400, deadline=None)
@given(rules(NEAR), st.datetimes(datetime(2025, 12, 25), datetime(2028, 1, 5)))
def test_without_clock_changes_a_rule_is_read_on_the_wall(rule: Rule, wall: datetime) -> None:
    wall = wall.replace(second=0, microsecond=0)
    assert shows(rule, wall.replace(tzinfo=UTC), UTC) == on_the_wall(rule, wall)


@settings(max_examples=300, deadline=None)
@given(rules(NEAR), moments())
def test_away_from_a_clock_change_the_zone_reads_the_same(rule: Rule,
                                                          moment: tuple[ZoneInfo, datetime]
                                                          ) -> None:
    zone, when = moment
    wall = when.astimezone(zone)
    hour = timedelta(hours=1)
    steady = {(when + d).astimezone(zone).utcoffset() for d in (-26 * hour, 26 * hour)}
    if len(steady) == 1 and wall.utcoffset() in steady:  # no change within a day either side
        assert shows(rule, when, zone) == on_the_wall(rule, wall.replace(tzinfo=None))


@settings(max_examples=250, deadline=None)
@given(openings(FAR), moments(), st.lists(st.floats(0, 0.999), max_size=4))
def test_next_change_is_the_first_moment_the_opening_flips(
        opening: Opening, moment: tuple[ZoneInfo, datetime], between: list[float]) -> None:
    zone, when = moment
    state = is_open(opening, when, zone)
    change = next_change(opening, when, zone)
    if change is None:
        for hours in range(0, 16 * 24, 5):
            assert is_open(opening, when + timedelta(hours=hours), zone) == state
        return
    assert change > when
    assert is_open(opening, change, zone) != state
    assert is_open(opening, change - timedelta(seconds=1), zone) == state
    for part in between:  # any moment before the change is as open, and awaits the same
        moment_before = when.astimezone(UTC) + (change - when) * part
        assert is_open(opening, moment_before, zone) == state
        assert next_change(opening, moment_before, zone) == change


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([None, "a", "b"]), st.none() | rules()),
                min_size=1, max_size=4),
       st.dictionaries(st.sampled_from(["a", "b"]), rules()),
       st.none() | openings())
def test_empty_hours_are_the_hours_with_nothing_to_play(
        deck: list[tuple[str | None, Rule | None]], chapters: dict[str, Rule],
        opening: Opening | None) -> None:
    monday = datetime(2026, 6, 1, tzinfo=UTC)
    found = set()
    for step in range(7 * 24 * 4):
        when = monday + timedelta(minutes=15 * step)
        if is_open(opening, when, UTC) and not playable(deck, when, chapters=chapters, zone=UTC):
            found.add((when.weekday(), when.hour))
    assert set(empty_hours(deck, opening, chapters=chapters)) == found


@settings(max_examples=300, deadline=None)
@given(rules(FAR))
def test_a_rule_said_in_words_reads_back(rule: Rule) -> None:
    assert parse_words(describe(rule)) == rule


@settings(max_examples=120, deadline=None)
@given(openings(FAR))
def test_opening_hours_written_in_a_deck_read_back(opening: Opening) -> None:
    text = yaml.safe_dump({"opening_hours": opening_yaml(opening)})  # quotes 13:00, as needed
    assert parse_opening(yaml.safe_load(text)["opening_hours"]) == opening
    for rule in opening.rules:
        assert parse_rule(yaml.safe_load(yaml.safe_dump(rule_yaml(rule)))) == rule
