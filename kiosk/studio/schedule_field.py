"""When a slide, a chapter or the booth itself is on, in a volunteer's words: a box says the
rule ("Sundays, 9–13") and reads back what is typed in it ("sundays 9-13") once the box is
left (or Enter pressed). Words that read well reach deck.yaml as the kiosk reads it, times
in quotes; words that do not stay in the box with the problem under it, and nothing is
written. An empty box is no rule: always.

The booth's opening hours are two boxes: the hours, several rules parted by ";" ("Monday to
Friday 9–18; Saturdays 10–14"), and the closed dates ("25 December 2026, 1 January 2027").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from kiosk.schedule.rules import Opening, Rule, RuleProblem
from kiosk.schedule.typed import parse_words
from kiosk.schedule.words import (
    describe,
    describe_date,
    opening_yaml,
    parse_opening,
    parse_rule,
    rule_yaml,
)

RULE_EXAMPLE = "Always — or e.g. Sundays 9–13"
HOURS_EXAMPLE = "Always open — or e.g. Mon–Fri 9–18; Sat 10–14"
CLOSED_EXAMPLE = "No day — or e.g. 25 Dec 2026, 1 Jan 2027"
RULE_TIP = ("Type when it shows, like 'Saturdays and Sundays, 9–13, until 1 March 2027'. "
            "Leave it empty for always.")
HOURS_TIP = ("When the booth is open, like 'Monday to Friday 9–18; Saturdays 10–14' (several "
             "parted by ;). Outside these hours the screen sleeps. Empty: always open.")
CLOSED_TIP = "Days the booth stays closed, like '25 December 2026, 1 January 2027'."
DATE_EXAMPLE = "25 December 2026"
#: Closed dates are parted by ";" or by a comma not followed by a year ("December 25, 2026").
_DATES_APART = re.compile(r"[;\n]|,(?!\s*\d{4}(?![\d-]))")

#: What a box shows for a value, and the problem with it if it cannot be read.
Say = Callable[[Any], tuple[str, str]]
#: What typed words mean, or the problem with them.
Read = Callable[[str], tuple[Any, str]]


def _said(problems: list[RuleProblem]) -> str:
    return "; ".join(str(p) for p in problems)


def _unreadable(problems: list[RuleProblem] | None = None) -> str:
    """What a box says of a value in deck.yaml it cannot read (and why, unless the studio
    says why under it already)."""
    why = f" ({'; '.join(p.message for p in problems)})" if problems else ""
    return f"deck.yaml says this in a way that cannot be read{why}: type it again in words."


def as_yaml(value: Any, top: bool = True) -> Any:
    """A rule (or the opening hours) as it goes into deck.yaml: each rule on one line, times
    in quotes (unquoted, the kiosk's YAML would read 13:00 as a number)."""
    if isinstance(value, dict):
        mapping = CommentedMap((key, as_yaml(item, False)) for key, item in value.items())
        mapping.fa.set_flow_style()
        return mapping
    if isinstance(value, list):
        seq = CommentedSeq(as_yaml(item, False) for item in value)
        if not top:
            seq.fa.set_flow_style()
        return seq
    if isinstance(value, str) and ":" in value:
        return DoubleQuotedScalarString(value)
    return value


# ---------------------------------------------------------------- one rule (show:)
def read_rule(text: str) -> tuple[Rule | None, str]:
    """The rule typed (None when the words are none), or the problem with the words."""
    if not text.strip():
        return None, ""
    found = parse_words(text)
    return (None, _said(found)) if isinstance(found, list) else (found, "")


def say_show(raw: Any, why: bool = False) -> tuple[str, str]:
    """A ``show:`` value in words ("" when there is none, or it is always); ``why``: say
    what is wrong with one that cannot be read."""
    if raw is None:
        return "", ""
    found = parse_rule(raw)
    if isinstance(found, list):
        return "", _unreadable(found if why else None)
    return ("" if found == Rule() else describe(found)), ""


def read_show(text: str) -> tuple[Any, str]:
    """Typed words as a ``show:`` value to write (None: no rule, so the field goes)."""
    rule, problem = read_rule(text)
    if problem or rule is None or rule == Rule():
        return None, problem
    return as_yaml(rule_yaml(rule)), ""


class RuleWords:
    """A table column of rules in words (the chapters' "When it shows")."""

    tip = RULE_TIP

    @staticmethod
    def say(value: Any) -> tuple[str, str]:
        return say_show(value, why=True)  # (a table cell has no problems of its own)

    @staticmethod
    def read(text: str) -> tuple[Any, str]:
        return read_show(text)


# ---------------------------------------------------------------- opening hours
def say_rules(rules: Iterable[Rule]) -> tuple[str, str]:
    return "; ".join(describe(rule) for rule in rules), ""


def read_rules(text: str) -> tuple[tuple[Rule, ...], str]:
    """Several rules parted by ";", or the problem with each that does not read."""
    parts = [part.strip() for part in text.split(";") if part.strip()]
    rules, problems = [], []
    for part in parts:
        rule, problem = read_rule(part)
        if problem:
            problems.append(f"'{part}': {problem}" if len(parts) > 1 else problem)
        elif rule is not None:
            rules.append(rule)
    return tuple(rules), "\n".join(problems)


def say_dates(dates: Iterable[date]) -> tuple[str, str]:
    return ", ".join(describe_date(day) for day in sorted(dates)), ""


def read_date(text: str) -> date | str:
    """A date in words ("25 December 2026", "2026-12-25"), or what is wrong with it."""
    found = parse_words(f"from {text}")
    if isinstance(found, list):
        said = _said(found)
        return said if "date" in said or "year" in said else (
            f"'{text}' is not a date; write it like {DATE_EXAMPLE}")
    if found.since is None or found != Rule(since=found.since):
        return f"'{text}' is not a date; write it like {DATE_EXAMPLE}"
    return found.since


def read_dates(text: str) -> tuple[frozenset[date], str]:
    days, problems = set(), []
    for part in (p.strip() for p in _DATES_APART.split(text)):
        if part:
            day = read_date(part)
            if isinstance(day, str):
                problems.append(day)
            else:
                days.add(day)
    return frozenset(days), "\n".join(problems)


# ---------------------------------------------------------------- the box
class WordsBox(QWidget):
    """A one-line box of words, read when it is left (or on Enter): ``committed(value)``
    when they read and were changed; otherwise the problem under the box, nothing sent."""

    committed = Signal(object)

    def __init__(self, name: str, say: Say, read: Read, example: str, tip: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._say, self._read, self._tip = say, read, tip
        self.value: Any = None
        self.unread = False  # the value given cannot be read: any words typed replace it
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.box = QLineEdit(self)
        self.box.setObjectName(name)
        self.box.setPlaceholderText(example)
        self.box.setToolTip(tip)
        self.message = QLabel(self)
        self.message.setObjectName("problem")
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.box)
        layout.addWidget(self.message)
        self.box.editingFinished.connect(self._finished)

    def show_value(self, value: Any) -> None:
        """Show ``value`` in words (and say so if it cannot be read)."""
        self.value = value
        words, problem = self._say(value)
        self.unread = bool(problem)
        self.box.setText(words)  # (not modified: leaving the box untouched writes nothing)
        self.box.setCursorPosition(0)
        self.box.setToolTip(f"{words}\n\n{self._tip}" if words else self._tip)  # all of it
        self.tell(problem)

    def tell(self, problem: str) -> None:
        self.message.setText(problem)
        self.message.setVisible(bool(problem))

    def _finished(self) -> None:
        if not self.box.isModified():
            return
        value, problem = self._read(self.box.text())
        if problem:
            self.tell(problem)  # the words stay, for the volunteer to mend
            return
        changed = self.unread or value != self.value
        self.show_value(value)  # in the words the studio says it in
        if changed:
            self.committed.emit(value)


def show_box(raw: Any, parent: QWidget | None = None) -> WordsBox:
    """The "When it shows" box of a slide, holding its ``show:`` value (what is wrong with
    one that cannot be read is said under it with the slide's other problems)."""
    box = WordsBox("show", say_show, read_show, RULE_EXAMPLE, RULE_TIP, parent)
    box.show_value(raw)
    return box


class OpeningHours(QObject):
    """The booth's opening hours as two boxes, ``hours`` and ``closed``;
    ``changed(value)`` with the ``opening_hours:`` value to write (None: always open)."""

    changed = Signal(object)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.hours = WordsBox("opening-hours", say_rules, read_rules, HOURS_EXAMPLE,
                              HOURS_TIP, parent)
        self.closed = WordsBox("closed-days", say_dates, read_dates, CLOSED_EXAMPLE,
                               CLOSED_TIP, parent)
        self.hours.committed.connect(self._send)
        self.closed.committed.connect(self._send)

    def load(self, raw: Any) -> None:
        """Show the deck's ``opening_hours:`` value."""
        found = Opening() if raw is None else parse_opening(raw)
        if isinstance(found, list):
            self.hours.show_value(())
            self.closed.show_value(frozenset())
            self.hours.tell(_unreadable(found))
            self.hours.unread = self.closed.unread = True
            return
        self.hours.show_value(() if found.rules == (Rule(),) else found.rules)
        self.closed.show_value(found.closed)

    def value(self) -> Any:
        """What the two boxes say, as deck.yaml holds it (None: always open)."""
        rules, closed = tuple(self.hours.value), frozenset(self.closed.value)
        if Rule() in rules:
            rules = ()  # all day, every day: always open
        if not rules and not closed:
            return None
        return as_yaml(opening_yaml(Opening(rules or (Rule(),), closed)))

    def _send(self, _value: Any) -> None:
        self.hours.unread = self.closed.unread = False
        self.changed.emit(self.value())
