"""A schedule rule read back from what a person types in the studio ("Sundays 9–13",
"Saturdays and Sundays, 9–13, until 1 March 2027"): English, small and strict, with a plain
message for each mistake. No Qt here."""

from __future__ import annotations

import difflib
import re
from datetime import date, time

from kiosk.schedule.rules import (
    DAYS,
    EVERY_DAY,
    Rule,
    RuleProblem,
    check_rule,
)
from kiosk.schedule.words import (
    _DASHES,
    _TIME,
    _TOKENS,
    EXAMPLE,
    MONTHS,
    NEXT_DAY,
    _clock,
    day_number,
)

# --- Reading one back ---------------------------------------------------------------------

class _Unread(Exception):
    """A phrase that cannot be read; the message says why, plainly."""


def parse_words(text: str) -> Rule | list[RuleProblem]:
    """The rule a person typed in plain words, or what keeps it from being one."""
    reader = _Reader(text)
    try:
        if not reader.tokens:
            raise _Unread(f"say when it shows, like '{EXAMPLE}'")
        days = reader.days()
        reader.take(",")
        start, end = reader.hours()
        reader.take(",")
        since, until = reader.dates()
        reader.finish()
    except _Unread as exc:
        return [RuleProblem((), str(exc), field="")]
    problems = check_rule(days, start, end, since, until)
    if problems:
        return [RuleProblem((), message, field="") for _, message in problems]
    return Rule(days, start, end, since, until)


class _Reader:
    def __init__(self, text: str) -> None:
        text = text.lower().replace(NEXT_DAY, " ").replace("overnight", " ")
        self.tokens: list[str] = _TOKENS.findall(text)
        self.at = 0

    def peek(self, ahead: int = 0) -> str:
        return self.tokens[self.at + ahead] if self.at + ahead < len(self.tokens) else ""

    def take(self, *words: str) -> bool:
        if self.peek() in words:
            self.at += 1
            return True
        return False

    def finish(self) -> None:
        word = self.peek()
        if word:
            raise _Unread(f"cannot read '{word}' here; write it like '{EXAMPLE}'")

    # Days ----------------------------------------------------------------------------------

    def days(self) -> frozenset[int]:
        if (self.take("every") and self.take("day")) or self.take("daily"):
            return EVERY_DAY
        if self.take("weekdays"):
            return frozenset(range(5))
        if self.take("weekends", "weekend"):
            return frozenset({5, 6})
        found: set[int] = set()
        while (day := self.day()) is not None:
            found |= self.run_from(day)
            if not self.take("and", "&") and not (
                    self.peek() == "," and day_number(self.peek(1)) is not None
                    and self.take(",")):
                break
        return frozenset(found) or EVERY_DAY

    def day(self) -> int | None:
        self.take("every")  # "every Sunday"
        word = self.peek()
        number = day_number(word)
        if number is not None:
            self.at += 1
        elif word.isalpha() and word not in ("from", "since", "until", "till", "to", "all",
                                             "and", "day"):
            close = difflib.get_close_matches(word, DAYS, n=1, cutoff=0.6)
            hint = f" (did you mean {close[0].title()}?)" if close else ""
            raise _Unread(f"'{word}' is not a day{hint}")
        return number

    def run_from(self, first: int) -> set[int]:
        if self.peek() in ("to", "through", *_DASHES) and day_number(self.peek(1)) is not None:
            self.at += 1
            last = day_number(self.tokens[self.at])
            self.at += 1
            assert last is not None
            return {(first + i) % 7 for i in range((last - first) % 7 + 1)}
        return {first}

    # Hours ---------------------------------------------------------------------------------

    def hours(self) -> tuple[time | None, time | None]:
        if self.take("all"):
            if not self.take("day"):
                raise _Unread("did you mean 'all day'?")
            return None, None
        if self.peek() in ("from", "since") and self.time_ahead(1):
            self.at += 1
            start = self.time(end=False)
            end = self.time(end=True) if self.take("to", "until", "till", *_DASHES) else None
            return start, end
        if self.peek() in ("until", "till", "to") and self.time_ahead(1):
            self.at += 1
            return None, self.time(end=True)
        if self.time_ahead(0):
            start = self.time(end=False)
            if not self.take("to", "until", "till", *_DASHES):
                raise _Unread(f"say when it ends too, like '{_clock(start or time(0), True)}"
                              "–13', or 'from 9:00'")
            return start, self.time(end=True)
        return None, None

    def time_ahead(self, ahead: int) -> bool:
        """A time (not the day of a date) stands ``ahead``."""
        word, after = self.peek(ahead), self.peek(ahead + 1)
        return word[:1].isdigit() and "-" not in word and _month(after) is None

    def time(self, end: bool) -> time | None:
        word = self.peek()
        self.at += 1
        match = _TIME.fullmatch(word)
        hours, minutes = (int(match[1]), int(match[2] or 0)) if match else (99, 0)
        if match and match[3]:  # 12 am is midnight, 12 pm noon
            hours = hours % 12 + (12 if match[3] == "p" else 0) if 1 <= hours <= 12 else 99
        if hours < 24 and minutes < 60:
            return time(hours, minutes)
        if end and (hours, minutes) == (24, 0):
            return None
        raise _Unread(f"'{word}' is not a time; write it like 9:00 or 13:30")

    # Dates ---------------------------------------------------------------------------------

    def dates(self) -> tuple[date | None, date | None]:
        since = self.date() if self.take("from", "since") else None
        until = self.date() if self.take("until", "till", "to", *_DASHES) else None
        return since, until

    def date(self) -> date:
        word = self.peek()
        if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", word):
            self.at += 1
            parts = [int(p) for p in word.split("-")]
            return _calendar(parts[0], parts[1], parts[2], word)
        if word.isdigit() and _month(self.peek(1)) is not None:  # 1 March 2027
            self.at += 2
            day, month = int(word), _month(self.peek(-1))
        elif _month(word) is not None:  # March 1, 2027
            self.at += 1
            day, month = (int(self.peek()) if self.peek().isdigit() else 0), _month(word)
            self.at += 1
            self.take(",")
        else:
            raise _Unread(f"expected a date like 1 March 2027, found '{word or 'nothing'}'")
        year = self.peek()
        if not (year.isdigit() and len(year) == 4):
            raise _Unread("add the year, like 1 March 2027")
        self.at += 1
        assert month is not None
        return _calendar(int(year), month, day, f"{day} {MONTHS[month - 1]} {year}")


def _month(word: str) -> int | None:
    if len(word) < 3:
        return None
    return next((i for i, m in enumerate(MONTHS, 1) if m.lower().startswith(word)), None)


def _calendar(year: int, month: int, day: int, said: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise _Unread(f"'{said}' is not a date in the calendar") from None
