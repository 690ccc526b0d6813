"""Schedule rules as people write them: in deck.yaml (each mistake named by its field) and in
plain words in the studio ("Sundays 9–13"), said and read back."""

from __future__ import annotations

from datetime import date, time
from typing import Any

import pytest
import yaml

from kiosk.schedule.rules import Opening, Rule, RuleProblem
from kiosk.schedule.typed import parse_words
from kiosk.schedule.words import (
    describe,
    describe_hours,
    parse_opening,
    parse_rule,
    rule_yaml,
)

SAT, SUN = 5, 6
WEEKEND = frozenset({SAT, SUN})


def read(text: str) -> Any:
    """A value as the deck loader reads it (PyYAML's YAML 1.1)."""
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def said(problems: Rule | Opening | list[RuleProblem]) -> list[str]:
    assert isinstance(problems, list), problems
    return [str(p) for p in problems]


# --- deck.yaml ----------------------------------------------------------------------------

def test_a_show_rule_as_written_in_a_deck() -> None:
    rule = parse_rule(read('{days: [sat, sun], from: "09:00", to: "13:00", until: 2027-03-01}'))
    assert rule == Rule(WEEKEND, time(9), time(13), until=date(2027, 3, 1))
    assert parse_rule(read("{}")) == Rule()
    assert parse_rule(read('{days: Sunday, from: "9:00", to: "24:00", since: "2026-12-01"}')) \
        == Rule(frozenset({SUN}), time(9), None, since=date(2026, 12, 1))
    assert parse_rule(read('{from: "22:00", to: "02:00"}')) == Rule(start=time(22),
                                                                   end=time(2))


@pytest.mark.parametrize(("text", "message"), [
    ('{from: "9h"}', "show.from: expected a time like 09:00, found '9h'"),
    ("{to: 13:00}", 'show.to: write the time in quotes, like "13:00" (without quotes it is '
                    "read as the number 780)"),
    ("{from: 9}", "show.from: expected a time like 09:00, found 9"),
    ('{to: "25:00"}', "show.to: expected a time like 09:00, found '25:00'"),
    ('{from: "24:00"}', "show.from: expected a time like 09:00, found '24:00'"),
    ("{from: }", "show.from: expected a time like 09:00, found nothing"),
    ('{form: "09:00"}', "show.form: not part of a rule (did you mean 'from'?); a rule has days, "
                        "from, to, since, until"),
    ("{days: [sat, sundy]}", "show.days[2]: 'sundy' is not a day; write mon, tue, wed, thu, "
                             "fri, sat or sun"),
    ("{days: []}", "show.days: names no day; leave the days out for every day"),
    ("{days: 6}", "show.days: expected a list of days like [sat, sun], found 6"),
    ('{from: "09:00", to: "09:00"}', "show.to: ends when it starts (09:00); for all day, leave "
                                     "the hours out"),
    ('{until: "2027-02-30"}', "show.until: '2027-02-30' is not a date in the calendar"),
    ("{until: 2027-03-01 10:00:00}", "show.until: expected a date like 2027-03-01 without a "
                                     "time, found 2027-03-01 10:00:00"),
    ("{until: 20270-03-01}", "show.until: expected a date like 2027-03-01, found "
                             "'20270-03-01'"),
    ("{since: 1999-12-31}", "show.since: 1999-12-31 is not between 2000 and 2199"),
    ("{since: 2027-03-02, until: 2027-03-01}", "show.until: ends (2027-03-01) before it starts "
                                               "(2027-03-02)"),
    ("sundays", "show: expected a map like {days: [sat, sun], from: \"09:00\", to: \"13:00\"}, "
                "found 'sundays'"),
])
def test_each_mistake_is_named_by_its_field(text: str, message: str) -> None:
    assert said(parse_rule(read(text))) == [message]


def test_every_mistake_is_said_with_its_place() -> None:
    problems = parse_rule(read('{days: [sat, x], from: "9h", to: 13:00}'), field="show")
    assert isinstance(problems, list)
    assert [p.path for p in problems] == [("days", 1), ("from",), ("to",)]


def test_opening_hours_one_rule_or_many() -> None:
    weekdays = frozenset(range(5))
    one = parse_opening(read('{days: [mon, tue, wed, thu, fri, sat], from: "09:00", '
                             'to: "18:00", closed: [2026-12-25]}'))
    assert one == Opening((Rule(frozenset(range(6)), time(9), time(18)),),
                          frozenset({date(2026, 12, 25)}))
    many = parse_opening(read('[{days: [mon, tue, wed, thu, fri], from: "09:00", to: "18:00"},'
                              ' {days: [sat], from: "10:00", to: "14:00"},'
                              " {closed: [2026-12-25, 2027-01-01]}]"))
    assert many == Opening((Rule(weekdays, time(9), time(18)),
                            Rule(frozenset({SAT}), time(10), time(14))),
                           frozenset({date(2026, 12, 25), date(2027, 1, 1)}))
    assert parse_opening(read("{closed: 2026-12-25}")) == Opening(
        closed=frozenset({date(2026, 12, 25)}))  # open every day but Christmas


def test_opening_hours_mistakes() -> None:
    assert said(parse_opening(read("[]"))) == [
        "opening_hours: lists no hours; leave opening_hours out if the booth is always open"]
    assert said(parse_opening(read('[{days: [mon], to: "25:00"}, {closed: [soon]}]'))) == [
        "opening_hours[1].to: expected a time like 09:00, found '25:00'",
        "opening_hours[2].closed[1]: expected a date like 2027-03-01, found 'soon'"]
    assert said(parse_opening(read("{closed: [2026-12-25], shut: yes}"))) == [
        "opening_hours.shut: not part of a rule; a rule has days, from, to, since, until"]


def test_a_rule_as_the_studio_writes_it() -> None:
    assert rule_yaml(Rule(WEEKEND, time(9), time(13), until=date(2027, 3, 1))) == {
        "days": ["sat", "sun"], "from": "09:00", "to": "13:00", "until": date(2027, 3, 1)}
    assert rule_yaml(Rule(start=time(18))) == {"from": "18:00", "to": "24:00"}
    assert rule_yaml(Rule()) == {}


# --- Plain words --------------------------------------------------------------------------

@pytest.mark.parametrize(("rule", "words"), [
    (Rule(), "Every day"),
    (Rule(frozenset({SUN}), time(9), time(13)), "Sundays, 9–13"),
    (Rule(WEEKEND, time(9), time(13), until=date(2027, 3, 1)),
     "Saturdays and Sundays, 9–13, until 1 March 2027"),
    (Rule(frozenset(range(5)), time(9, 30), time(18)), "Monday to Friday, 9:30–18:00"),
    (Rule(frozenset({0, 2, 4})), "Mondays, Wednesdays and Fridays"),
    (Rule(frozenset({5, 6, 0, 3})), "Thursdays and Saturday to Monday"),
    (Rule(frozenset({4}), time(22), time(2)), "Fridays, 22–2 (into the next day)"),
    (Rule(start=time(18)), "Every day, 18–24"),
    (Rule(end=time(12, 30)), "Every day, 0:00–12:30"),
    (Rule(since=date(2026, 12, 1), until=date(2027, 1, 6)),
     "Every day, from 1 December 2026 until 6 January 2027"),
])
def test_a_rule_in_plain_words_and_back(rule: Rule, words: str) -> None:
    assert describe(rule) == words
    assert parse_words(words) == rule


@pytest.mark.parametrize(("typed", "rule"), [
    ("sundays 9-13", Rule(frozenset({SUN}), time(9), time(13))),
    ("Sat & Sun 09:00 to 13:00", Rule(WEEKEND, time(9), time(13))),
    ("weekends 9am–1pm", Rule(WEEKEND, time(9), time(13))),
    ("weekdays from 9:00", Rule(frozenset(range(5)), time(9))),
    ("every Sunday until 13:00", Rule(frozenset({SUN}), end=time(13))),
    ("daily, all day, from 2027-01-01 until 2027-01-31",
     Rule(since=date(2027, 1, 1), until=date(2027, 1, 31))),
    ("Fri to Mon 20-23, until March 3, 2027",
     Rule(frozenset({4, 5, 6, 0}), time(20), time(23), until=date(2027, 3, 3))),
    ("Fridays 22–2 overnight", Rule(frozenset({4}), time(22), time(2))),
    ("Sundays 12am–12pm", Rule(frozenset({SUN}), end=time(12))),
])
def test_what_a_person_may_type(typed: str, rule: Rule) -> None:
    assert parse_words(typed) == rule


@pytest.mark.parametrize(("typed", "message"), [
    ("", "say when it shows, like 'Saturdays and Sundays, 9–13, until 1 March 2027'"),
    ("Sundy 9–13", "'sundy' is not a day (did you mean Sunday?)"),
    ("Sundays 9h–13", "'9h' is not a time; write it like 9:00 or 13:30"),
    ("Sundays 9:75–13", "'9:75' is not a time; write it like 9:00 or 13:30"),
    ("Sundays 24–13", "'24' is not a time; write it like 9:00 or 13:30"),
    ("Sundays 9", "say when it ends too, like '9–13', or 'from 9:00'"),
    ("Sundays 9–9", "ends when it starts (09:00); for all day, leave the hours out"),
    ("Sundays, until 1 March", "add the year, like 1 March 2027"),
    ("until 30 February 2027", "'30 February 2027' is not a date in the calendar"),
    ("from 2 March 2027 until 1 March 2027",
     "ends (2027-03-01) before it starts (2027-03-02)"),
    ("Sundays all morning", "did you mean 'all day'?"),
    ("Sundays 9–13 please", "cannot read 'please' here; write it like 'Saturdays and Sundays, "
                            "9–13, until 1 March 2027'"),
])
def test_what_cannot_be_read_is_said_plainly(typed: str, message: str) -> None:
    assert said(parse_words(typed)) == [message]


def test_empty_hours_in_words() -> None:
    assert describe_hours([(6, 14), (6, 15), (0, 0), (0, 1), (0, 9), (6, 23)]) == (
        "Monday 0:00–2:00 and 9:00–10:00; Sunday 14:00–16:00 and 23:00–24:00")
    assert describe_hours([]) == ""
