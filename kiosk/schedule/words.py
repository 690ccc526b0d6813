"""Schedule rules as people write them: a deck's ``show:`` and ``opening_hours:`` values
(with a message naming the field for each mistake), and plain words for the studio:
"Saturdays and Sundays, 9–13, until 1 March 2027" said from a rule. Reading back what a
person types is :mod:`kiosk.schedule.typed`, which shares the words for days, times and
dates kept here. No Qt here."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Any

from kiosk.messages.message import one_line
from kiosk.schedule.rules import (
    DAYS,
    EVERY_DAY,
    Opening,
    Rule,
    RuleProblem,
    check_rule,
    date_problem,
)

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
NEXT_DAY = "(into the next day)"
EXAMPLE = "Saturdays and Sundays, 9–13, until 1 March 2027"
_TOKENS = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d+(?:[:.h]\d*)?(?:\s*[ap]\.?m\b\.?)?|[^\W\d_]+"
                     r"|[,&–—-]|\S")
_TIME = re.compile(r"(\d{1,2})(?::(\d\d))?\s*(?:([ap])\.?m\.?)?")
_DASHES = ("-", "–", "—")
_RULE_KEYS = ("days", "from", "to", "since", "until")


# --- Reading a rule from a deck ------------------------------------------------------------

def day_number(word: str) -> int | None:
    """0 for "mon", "Monday" or "Mondays" … 6 for Sunday; None for no day."""
    word = word.strip().lower().rstrip(".")
    for candidate in (word, word[:-1] if word.endswith("s") else ""):
        if len(candidate) >= 3:
            found = [i for i, name in enumerate(DAYS) if name.startswith(candidate)]
            if found:
                return found[0]
    return None


def _shown(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return {True: "yes", False: "no", None: "nothing"}[value]
    if isinstance(value, list | dict):
        return "a list" if isinstance(value, list) else "a map of keys"
    return f"'{one_line(value, 40)}'" if isinstance(value, str) else one_line(value, 40)


def _time(value: Any, end: bool) -> time | str | None:
    """A time of day from "09:00" (None for 24:00 at an end), or what is wrong with it."""
    if isinstance(value, int) and not isinstance(value, bool) and 60 <= value <= 1440:
        clock = f"{value // 60}:{value % 60:02d}"  # YAML 1.1 reads 13:00 as 780 minutes
        return f'write the time in quotes, like "{clock}" (without quotes it is read as ' \
               f"the number {value})"
    match = re.fullmatch(r"(\d{1,2}):(\d\d)", value.strip()) if isinstance(value, str) else None
    hours, minutes = (int(match[1]), int(match[2])) if match else (99, 99)
    if hours < 24 and minutes < 60:
        return time(hours, minutes)
    if end and (hours, minutes) == (24, 0):
        return None
    return f"expected a time like 09:00, found {_shown(value)}"


def _date(value: Any) -> date | str:
    """A date from 2027-03-01 (YAML reads it as one, or as text in quotes)."""
    if isinstance(value, datetime):
        return f"expected a date like 2027-03-01 without a time, found {_shown(value)}"
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d\d-\d\d", value.strip()):
        try:
            value = date.fromisoformat(value.strip())
        except ValueError:
            return f"{_shown(value)} is not a date in the calendar"
    if not isinstance(value, date):
        return f"expected a date like 2027-03-01, found {_shown(value)}"
    return date_problem(value) or value


def _days(value: Any, out: list[tuple[tuple[str | int, ...], str]]) -> frozenset[int]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list):
        out.append(((), f"expected a list of days like [sat, sun], found {_shown(value)}"))
        return EVERY_DAY
    found = set()
    for i, item in enumerate(items):
        number = day_number(item) if isinstance(item, str) else None
        if number is None:
            path: tuple[str | int, ...] = (i,) if isinstance(value, list) else ()
            out.append((path, f"{_shown(item)} is not a day; write mon, tue, wed, thu, fri, "
                              "sat or sun"))
        else:
            found.add(number)
    return frozenset(found)


def _rule(raw: Any, path: tuple[str | int, ...], field: str, problems: list[RuleProblem],
          extra: tuple[str, ...] = ()) -> Rule | None:
    def say(where: tuple[str | int, ...], message: str) -> None:
        problems.append(RuleProblem((*path, *where), message, field))

    if not isinstance(raw, dict):
        say((), 'expected a map like {days: [sat, sun], from: "09:00", to: "13:00"}, found '
                + _shown(raw))
        return None
    before = len(problems)
    for key in raw:
        if key not in (*_RULE_KEYS, *extra):
            import difflib  # (only for a mistake: not on the way to the first slide)

            close = difflib.get_close_matches(str(key), _RULE_KEYS, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            say((str(key),), f"not part of a rule{hint}; a rule has "
                             f"{', '.join(_RULE_KEYS)}")
    parts: dict[str, Any] = {}
    day_problems: list[tuple[tuple[str | int, ...], str]] = []
    parts["days"] = _days(raw["days"], day_problems) if "days" in raw else EVERY_DAY
    for where, message in day_problems:
        say(("days", *where), message)
    for key, read in (("from", lambda v: _time(v, False)), ("to", lambda v: _time(v, True)),
                      ("since", _date), ("until", _date)):
        parts[key] = read(raw[key]) if key in raw else None
        if isinstance(parts[key], str):
            say((key,), parts[key])
    if len(problems) > before:
        return None
    found = check_rule(parts["days"], parts["from"], parts["to"], parts["since"],
                       parts["until"])
    for where, message in found:
        say(where, message)
    return None if found else Rule(parts["days"], parts["from"], parts["to"], parts["since"],
                                   parts["until"])


def parse_rule(raw: Any, field: str = "show") -> Rule | list[RuleProblem]:
    """A slide's or chapter's ``show:`` value as a Rule, or every problem with it."""
    problems: list[RuleProblem] = []
    rule = _rule(raw, (), field, problems)
    return rule if rule is not None else problems


def parse_opening(raw: Any, field: str = "opening_hours") -> Opening | list[RuleProblem]:
    """A deck's ``opening_hours:``: one rule or a list of them, each may list ``closed:``
    dates (they close the booth whichever rule they stand in)."""
    problems: list[RuleProblem] = []
    items = list(enumerate(raw)) if isinstance(raw, list) else [(None, raw)]
    if not items:
        problems.append(RuleProblem((), "lists no hours; leave opening_hours out if the "
                                         "booth is always open", field))
    rules, closed = [], set()
    for i, item in items:
        path: tuple[str | int, ...] = () if i is None else (i,)
        if isinstance(item, dict) and "closed" in item:
            closed |= _closed(item["closed"], (*path, "closed"), field, problems)
            if not set(item) - {"closed"}:
                continue  # only dates: no hours of its own
        rule = _rule(item, path, field, problems, extra=("closed",))
        rules.append(rule)
    if problems:
        return problems
    return Opening(tuple(r for r in rules if r is not None) or (Rule(),), frozenset(closed))


def _closed(raw: Any, path: tuple[str | int, ...], field: str,
            problems: list[RuleProblem]) -> set[date]:
    items = raw if isinstance(raw, list) else [raw]
    found = set()
    for i, item in enumerate(items):
        day = _date(item)
        if isinstance(day, str):
            problems.append(RuleProblem((*path, i) if isinstance(raw, list) else path, day,
                                        field))
        else:
            found.add(day)
    return found


def rule_yaml(rule: Rule) -> dict[str, Any]:
    """The rule as deck.yaml says it (what parse_rule reads back); the times are text, to be
    written in quotes: unquoted, YAML 1.1 reads 13:00 as a number."""
    out: dict[str, Any] = {}
    if rule.days != EVERY_DAY:
        out["days"] = [DAYS[d][:3] for d in sorted(rule.days)]
    if rule.start or rule.end:
        out["from"] = f"{rule.start or time(0):%H:%M}"
        out["to"] = f"{rule.end:%H:%M}" if rule.end else "24:00"
    out |= {key: day for key, day in (("since", rule.since), ("until", rule.until)) if day}
    return out


def opening_yaml(opening: Opening) -> dict[str, Any] | list[dict[str, Any]]:
    """The opening hours as deck.yaml says them (what parse_opening reads back)."""
    rules = [rule_yaml(rule) for rule in opening.rules]
    closed = {"closed": sorted(opening.closed)} if opening.closed else {}
    return rules[0] | closed if len(rules) == 1 else rules + ([closed] if closed else [])


# --- Saying a rule ------------------------------------------------------------------------

def describe(rule: Rule, language: str = "en") -> str:
    """The rule in plain words: "Every day", "Sundays, 9–13", "Monday to Friday, 9:30–18:00,
    until 1 March 2027". English whatever ``language`` (the only one so far)."""
    parts = [_say_days(rule.days), _say_hours(rule), _say_dates(rule.since, rule.until)]
    return ", ".join(part for part in parts if part)


def describe_date(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def describe_hours(slots: list[tuple[int, int]]) -> str:
    """(weekday, hour) pairs as "Monday 0:00–2:00 and 9:00–10:00; Sunday 14:00–16:00"."""
    spans: dict[int, list[list[int]]] = {}
    for day, hour in sorted(set(slots)):
        hours = spans.setdefault(day, [])
        if hours and hours[-1][1] == hour:
            hours[-1][1] = hour + 1
        else:
            hours.append([hour, hour + 1])
    return "; ".join(f"{DAYS[day].title()} " + " and ".join(f"{a}:00–{b}:00" for a, b in hours)
                     for day, hours in spans.items())


def _say_days(days: frozenset[int]) -> str:
    if days == EVERY_DAY:
        return "Every day"
    first = next(d for d in range(7) if d in days and (d - 1) % 7 not in days)
    runs: list[list[int]] = []
    for step in range(7):
        day = (first + step) % 7
        if day in days:
            if runs and (runs[-1][-1] + 1) % 7 == day:
                runs[-1].append(day)
            else:
                runs.append([day])
    items = []
    for run in sorted(runs):
        if len(run) >= 3:
            items.append(f"{DAYS[run[0]].title()} to {DAYS[run[-1]].title()}")
        else:
            items += [f"{DAYS[d].title()}s" for d in run]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _clock(moment: time, short: bool) -> str:
    return str(moment.hour) if short else f"{moment.hour}:{moment.minute:02d}"


def _say_hours(rule: Rule) -> str:
    """"9–13", "9:30–13:00", "0–13", "22–24", "22–2 (into the next day)"; all day: ""."""
    if rule.start is None and rule.end is None:
        return ""
    start, end = rule.start or time(0), rule.end or time(0)
    short = start.minute == end.minute == 0
    words = f"{_clock(start, short)}–{'24' if rule.end is None else _clock(end, short)}"
    if rule.end is None and not short:
        words += ":00"
    return f"{words} {NEXT_DAY}" if rule.overnight else words


def _say_dates(since: date | None, until: date | None) -> str:
    words = [f"from {describe_date(since)}" if since else "",
             f"until {describe_date(until)}" if until else ""]
    return " ".join(w for w in words if w)
