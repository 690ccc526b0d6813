"""When a slide, a chapter or the booth itself is on: rules such as "Saturdays and Sundays,
9:00–13:00, until 1 March 2027", read from a deck and checked against the booth's clock.

Times are the booth's wall-clock time. A rule's window belongs to the day it starts on:
"Fridays 22:00–02:00" shows from Friday 22:00 to Saturday 02:00, and the since/until dates
(both inclusive) and the booth's closed dates count that starting day. A time the clock skips
(spring forward) arrives when the clock jumps past it; a time it shows twice (autumn) arrives
the first time. Rules are read from a deck, and said in plain words, by
``kiosk.schedule.words`` (and read back from typed words in ``kiosk.schedule.typed``). No
Qt here.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
EVERY_DAY = frozenset(range(7))
#: The years a rule's dates may name (a typed 20227 is caught; date arithmetic stays safe).
FIRST_YEAR, LAST_YEAR = 2000, 2199
ONE_DAY = timedelta(days=1)
WEEK_MINUTES = 7 * 24 * 60
_CHECK = Sequence[tuple[tuple[str, ...], str]]


@dataclass(frozen=True)
class RuleProblem:
    """What is wrong in a rule: ``path`` inside the raw value (for the file position),
    ``field`` the value's own name. ``str()``: "show.from: expected a time like 09:00..."."""

    path: tuple[str | int, ...]
    message: str
    field: str = "show"

    def __str__(self) -> str:
        place = self.field + "".join(f"[{p + 1}]" if isinstance(p, int) else f".{p}"
                                     for p in self.path)
        return f"{place}: {self.message}" if place else self.message


def date_problem(day: date) -> str | None:
    """Why a date is not one a rule may name (a year far out is a typing mistake)."""
    if FIRST_YEAR <= day.year <= LAST_YEAR:
        return None
    return f"{day.isoformat()} is not between {FIRST_YEAR} and {LAST_YEAR}"


def check_rule(days: frozenset[int], start: time | None, end: time | None,
               since: date | None, until: date | None) -> _CHECK:
    """What makes these parts no rule, as (key, message) pairs."""
    found: list[tuple[tuple[str, ...], str]] = []
    if not days:
        found.append((("days",), "names no day; leave the days out for every day"))
    for key, moment in (("from", start), ("to", end)):
        if moment is not None and (moment.second or moment.microsecond or moment.tzinfo):
            found.append(((key,), "a time is hours and minutes, like 09:00"))
    if start is not None and start == end:
        found.append((("to",), f"ends when it starts ({start:%H:%M}); "
                               "for all day, leave the hours out"))
    for key, day in (("since", since), ("until", until)):
        if day is not None and (wrong := date_problem(day)):
            found.append(((key,), wrong))
    if since and until and until < since:
        found.append((("until",), f"ends ({until.isoformat()}) before it starts "
                                  f"({since.isoformat()})"))
    return found


@dataclass(frozen=True)
class Rule:
    """Days a window starts on (0 Monday … 6 Sunday), its hours (None: midnight; an end
    before the start: the next day) and the first and last days it applies (inclusive)."""

    days: frozenset[int] = EVERY_DAY
    start: time | None = None
    end: time | None = None
    since: date | None = None
    until: date | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "days", frozenset(self.days))
        for name in ("start", "end"):
            if getattr(self, name) == time(0):
                object.__setattr__(self, name, None)  # midnight: one way to say it
        problems = check_rule(self.days, self.start, self.end, self.since, self.until)
        if problems or not self.days <= EVERY_DAY:
            raise ValueError("; ".join(m for _, m in problems) or "days are 0 to 6")

    @property
    def overnight(self) -> bool:
        """Ends the next day (22:00–02:00)."""
        return self.start is not None and self.end is not None and self.end < self.start

    def in_force(self, day: date) -> bool:
        return (self.since is None or self.since <= day) and (
            self.until is None or day <= self.until)

    def starts_on(self, day: date) -> bool:
        return day.weekday() in self.days and self.in_force(day)


@dataclass(frozen=True)
class Opening:
    """The booth's opening hours: open while any rule's window is, except on closed dates
    (days a window would start on). No rule given: always open."""

    rules: tuple[Rule, ...] = (Rule(),)
    closed: frozenset[date] = frozenset()

    def __post_init__(self) -> None:
        wrong = [m for m in map(date_problem, self.closed) if m]
        if wrong or not self.rules:
            raise ValueError("; ".join(wrong) or "no rule: leave the opening hours out")


# --- The clock ----------------------------------------------------------------------------

def local_zone() -> tzinfo:
    """The system's time zone with its daylight-saving rules (TZ, /etc/localtime); where the
    system names none (Windows without tzdata), today's fixed offset."""
    name = os.environ.get("TZ", "").lstrip(":")
    try:
        if name:
            return ZoneInfo(name)
    except (KeyError, ValueError, OSError):
        pass
    try:
        with open("/etc/localtime", "rb") as file:
            return ZoneInfo.from_file(file, key="localtime")
    except (OSError, ValueError):
        return datetime.now().astimezone().tzinfo or UTC


def _utc(when: datetime) -> datetime:
    if when.utcoffset() is None:
        raise ValueError("a time without a time zone: pass an aware datetime")
    return when.astimezone(UTC)


def _arrive(day: date, at: time | None, zone: tzinfo) -> datetime:
    """The first instant (UTC) the clock reads ``at`` or later on ``day``."""
    wall = datetime.combine(day, at or time(0))
    first = wall.replace(tzinfo=zone).astimezone(UTC)  # fold 0: the first of two readings
    if first.astimezone(zone).replace(tzinfo=None) == wall:
        return first
    # The clock skips this time: find when it jumps (between the two offsets' readings).
    low, high = sorted((first, wall.replace(tzinfo=zone, fold=1).astimezone(UTC)))
    while high - low > timedelta(seconds=1):
        middle = low + (high - low) / 2
        if middle.astimezone(zone).replace(tzinfo=None) >= wall:
            high = middle
        else:
            low = middle
    return high.replace(microsecond=0)


def _windows(opening: Opening, day: date, zone: tzinfo) -> list[tuple[datetime, datetime]]:
    """The windows (UTC) that start on ``day``, earliest first."""
    if day in opening.closed:
        return []
    found = []
    for rule in opening.rules:
        if rule.starts_on(day):
            end_day = day if rule.end is not None and not rule.overnight else day + ONE_DAY
            start, end = _arrive(day, rule.start, zone), _arrive(end_day, rule.end, zone)
            if start < end:
                found.append((start, end))
    return sorted(found)


def is_open(opening: Opening | None, when: datetime, zone: tzinfo | None = None) -> bool:
    """Whether the booth is open at ``when`` (no opening hours: always)."""
    if opening is None:
        return True
    zone = zone or local_zone()
    instant = _utc(when)
    today = instant.astimezone(zone).date()
    return any(start <= instant < end for day in (today - ONE_DAY, today)
               for start, end in _windows(opening, day, zone))


def shows(rule: Rule | None, when: datetime, zone: tzinfo | None = None) -> bool:
    """Whether a slide or chapter with this ``show:`` rule plays at ``when``."""
    return rule is None or is_open(Opening((rule,)), when, zone)


def _merged(opening: Opening, first: date, last: date,
            zone: tzinfo) -> Iterator[tuple[datetime, datetime]]:
    """The open spans of the windows starting from ``first`` to before ``last``, in order
    (windows that overlap or touch are one span)."""
    span: tuple[datetime, datetime] | None = None
    day = first
    while day < last:
        for start, end in _windows(opening, day, zone):
            if span and start <= span[1]:
                span = (span[0], max(span[1], end))
                continue
            if span:
                yield span
            span = (start, end)
        day += ONE_DAY
    if span:
        yield span


def _turns(opening: Opening) -> list[date]:
    """The days the weekly pattern may change on: a since, the day after an until, a closed
    date and the day after it. Between two turns every week is alike."""
    turns = {*opening.closed, *(d + ONE_DAY for d in opening.closed)}
    for rule in opening.rules:
        turns |= {d for d in (rule.since, rule.until and rule.until + ONE_DAY) if d}
    return sorted(turns)


def _change_before(opening: Opening, first: date, stop: date, after: datetime,
                   zone: tzinfo) -> datetime | None:
    """The first change after ``after`` (a day from ``first`` + 1) before ``stop`` begins."""
    limit = _arrive(stop, None, zone)
    for start, end in _merged(opening, first, stop, zone):
        if end > after:
            change = start if start > after else end
            return change if change < limit else None
    return None


def next_change(opening: Opening | None, when: datetime,
                zone: tzinfo | None = None) -> datetime | None:
    """When (UTC) the booth next opens or closes after ``when``; None if it never does."""
    if opening is None:
        return None
    zone = zone or local_zone()
    instant = _utc(when)
    turns = _turns(opening)
    while True:
        today = instant.astimezone(zone).date()
        stop = today + timedelta(days=9)
        change = _change_before(opening, today - ONE_DAY, stop, instant, zone)
        if change is not None:
            return change
        # Steady for a week: so it stays until the next turn (none: for ever).
        turn = next((t for t in turns if t > today + ONE_DAY), None)
        if turn is None:
            return None
        instant = _arrive(max(turn, stop) - ONE_DAY, None, zone)


# --- The loop -----------------------------------------------------------------------------

SlideRules = Sequence[tuple[str | None, Rule | None]]


def slide_rules(slides: SlideRules, chapters: Mapping[str, Rule] | None = None
                ) -> list[tuple[Rule, ...]]:
    """Each slide's rules that must all hold: its chapter's and its own. ``slides`` holds
    (chapter id, own rule) per slide; a chapter id of None continues the one before."""
    chapters = chapters or {}
    current: str | None = None
    out = []
    for chapter, own in slides:
        current = chapter if chapter is not None else current
        found = chapters.get(current) if current is not None else None
        out.append(tuple(r for r in (found, own) if r is not None))
    return out


def playable(slides: SlideRules, when: datetime, *, chapters: Mapping[str, Rule] | None = None,
             zone: tzinfo | None = None) -> list[int]:
    """The indexes of the slides that play at ``when`` (possibly none)."""
    zone = zone or local_zone()
    return [i for i, rules in enumerate(slide_rules(slides, chapters))
            if all(shows(rule, when, zone) for rule in rules)]


def _span(start: int, end: int) -> int:
    """Minutes ``start`` to ``end`` of the week as bits (past Sunday night: from Monday)."""
    if end > WEEK_MINUTES:
        return _span(start, WEEK_MINUTES) | _span(0, end - WEEK_MINUTES)
    return ((1 << (end - start)) - 1) << start


def _week(rule: Rule, on: date | None) -> int:
    """The minutes of a week the rule covers (in wall-clock time), as bits."""
    if on is not None and not rule.in_force(on):
        return 0
    start = rule.start.hour * 60 + rule.start.minute if rule.start else 0
    end = rule.end.hour * 60 + rule.end.minute if rule.end else 24 * 60
    end += 24 * 60 if rule.overnight else 0
    mask = 0
    for day in rule.days:
        mask |= _span(day * 1440 + start, day * 1440 + end)
    return mask


def empty_hours(slides: SlideRules, opening: Opening | None, *,
                chapters: Mapping[str, Rule] | None = None,
                on: date | None = None) -> list[tuple[int, int]]:
    """The (weekday, hour) of a typical week, in wall-clock time, when the booth is open
    (no opening hours: always) but no slide would play at some minute. ``on``: the week as
    the rules stand on that date (rules not yet or no longer in force play nothing);
    None: dates left aside. Closed dates are not a typical week's."""
    every = (1 << WEEK_MINUTES) - 1
    playing = 0
    for rules in slide_rules(slides, chapters):
        mask = every
        for rule in rules:
            mask &= _week(rule, on)
        playing |= mask
    hours = every if opening is None else 0
    for rule in opening.rules if opening else ():
        hours |= _week(rule, on)
    empty = hours & ~playing
    hour = (1 << 60) - 1
    return [(d, h) for d in range(7) for h in range(24) if empty >> (d * 1440 + h * 60) & hour]


def change_dates(slides: SlideRules, opening: Opening | None, *, after: date,
                 chapters: Mapping[str, Rule] | None = None) -> list[date]:
    """The days after ``after`` on which a rule starts or stops applying (a since, the day
    after an until): the weeks worth checking with ``empty_hours(on=...)``."""
    rules = [r for rules in slide_rules(slides, chapters) for r in rules]
    rules += list(opening.rules) if opening else []
    days = {d for r in rules for d in (r.since, r.until and r.until + ONE_DAY) if d}
    return sorted(d for d in days if d > after)
