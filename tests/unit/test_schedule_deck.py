"""Schedules in a deck: ``show:`` on slides and chapters and the deck's ``opening_hours:``,
read into the model, each mistake said at its line, and the hours no slide covers warned
about. No Qt here."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time
from pathlib import Path

import pytest

from kiosk.content import load_deck
from kiosk.content import loader as loader_module
from kiosk.content.problems import Problem
from kiosk.platform import paths
from kiosk.schedule.rules import Opening, Rule
from tests.decks import HEAD, line_of, write_deck

#: The date the tests load their decks on (a Monday).
TODAY = date(2027, 2, 1)

TEXT = "- type: text\n  heading: {heading}\n  body: A short text.\n"


def slides(*rules: str) -> str:
    """Text slides, one per rule (an empty rule: a slide with no ``show:``)."""
    return "".join(TEXT.format(heading=f"Slide {i}") + (f"  show: {rule}\n" if rule else "")
                   for i, rule in enumerate(rules, 1))


def said(found: list[Problem]) -> list[str]:
    """Each problem as validate says it, the file named as deck.yaml."""
    return [str(replace(p, path="deck.yaml")) for p in found]


def problems(folder: Path, today: date = TODAY) -> list[str]:
    return said(load_deck(folder, today=today).problems)


def only(found: list[str], needle: str) -> str:
    hits = [p for p in found if needle in p]
    assert len(hits) == 1, found
    return hits[0]


def at(folder: Path, needle: str, severity: str = "error", on: str = "") -> str:
    """The start of a problem's words at ``needle``, on the first line holding ``on`` (or
    the needle)."""
    line = line_of(folder, on or needle)
    text = (folder / "deck.yaml").read_text(encoding="utf-8").splitlines()[line - 1]
    return f"deck.yaml:{line}:{text.index(needle) + 1}: {severity}: "


def test_rules_on_slides_and_chapters_reach_the_model(tmp_path: Path) -> None:
    head = HEAD.replace("  - {id: one, title: One}",
                        '  - {id: one, title: One, show: {days: [fri], from: "22:00", '
                        'to: "02:00"}}\n  - {id: two, title: Two}')
    head += ("opening_hours:\n  - {days: [mon, tue, wed, thu, fri], from: \"09:00\", "
             "to: 18:00}\n  - {closed: [2027-12-25]}\n")
    folder = write_deck(tmp_path, slides(
        "{days: [Saturdays, sun], from: 9:00, to: 13:00, until: 2027-03-01}",  # unquoted
        "{}", "") + "  chapter: one\n" + slides("{since: 2027-01-01}")
        + "  chapter: two\n", head)
    result = load_deck(folder, today=TODAY)
    assert result.errors == []
    deck = result.deck
    assert deck is not None
    first, always, empty, last = deck.slides
    assert first.show == Rule(frozenset({5, 6}), time(9), time(13), until=date(2027, 3, 1))
    assert always.show is None and empty.show is None  # {} and no rule: always
    assert last.show == Rule(since=date(2027, 1, 1))
    assert "show" not in first.fields  # (a common field, not the slide's content)
    one, two = deck.chapters
    assert one.show == Rule(frozenset({4}), time(22), time(2)) and two.show is None
    assert deck.opening_hours == Opening((Rule(frozenset(range(5)), time(9), time(18)),),
                                         frozenset({date(2027, 12, 25)}))


def test_a_deck_without_rules_loads_as_before() -> None:
    result = load_deck(paths.bundled_content_dir(), today=TODAY)
    deck = result.deck
    assert deck is not None and result.errors == []
    assert deck.opening_hours is None
    assert all(s.show is None for s in deck.slides)
    assert all(c.show is None for c in deck.chapters)
    assert not [p for p in result.problems if "plays" in p.message or "until" in p.message]


def test_a_bad_rule_is_an_error_at_its_place_and_leaves_the_slide_out(tmp_path: Path) -> None:
    folder = write_deck(tmp_path, slides("", '{from: 9h, to: "13:00"}', ""))
    result = load_deck(folder, today=TODAY)
    assert said(result.errors) == [
        at(folder, "9h") + "show.from: expected a time like 09:00, found '9h'"]
    assert result.deck is not None
    assert [s.fields["heading"]["en"] for s in result.deck.slides] == ["Slide 1", "Slide 3"]


@pytest.mark.parametrize(("rule", "needle", "message"), [
    ("{days: [sat, sundy]}", "sundy",
     "show.days[2]: 'sundy' is not a day; write mon, tue, wed, thu, fri, sat or sun"),
    ("{dys: [sat]}", "dys",
     "show.dys: not part of a rule (did you mean 'days'?); a rule has days, from, to, since, "
     "until"),
    ("{until: 2027-02-30}", "2027-02-30",
     "show.until: '2027-02-30' is not a date in the calendar"),
    ('{from: "10:00", to: 10:00}', "10:00}",
     "show.to: ends when it starts (10:00); for all day, leave the hours out"),
    ("{to: 780}", "780",
     'show.to: write the time in quotes, like "13:00" (without quotes it is read as the '
     "number 780)"),
    ("Sundays", "Sundays",
     'show: expected a map like {days: [sat, sun], from: "09:00", to: "13:00"}, found '
     "'Sundays'"),
])
def test_each_mistake_in_a_rule_is_said_at_its_line(tmp_path: Path, rule: str, needle: str,
                                                    message: str) -> None:
    folder = write_deck(tmp_path, slides("", rule))
    result = load_deck(folder, today=TODAY)
    assert said(result.errors) == [at(folder, needle) + message]
    assert result.deck is not None and len(result.deck.slides) == 1


def test_a_bad_chapter_rule_is_an_error_and_its_slides_play_always(tmp_path: Path) -> None:
    head = HEAD.replace("{id: one, title: One}",
                        "{id: one, title: One, show: {days: [fry]}}")
    folder = write_deck(tmp_path, slides("") + "  chapter: one\n", head)
    result = load_deck(folder, today=TODAY)
    assert said(result.errors) == [
        at(folder, "fry") + "show.days[1]: 'fry' is not a day; write mon, tue, wed, thu, "
                            "fri, sat or sun"]
    assert result.deck is not None and len(result.deck.slides) == 1
    assert result.deck.chapters[0].show is None


def test_mistakes_in_opening_hours_are_said_and_the_booth_counts_as_open(
        tmp_path: Path) -> None:
    head = HEAD + ("opening_hours:\n"
                   "  - {days: [mon, tue, wed, thu, fri], from: \"09:00\", to: \"18:00\"}\n"
                   "  - {days: [sat], from: 10:00, to: \"10:00\"}\n"
                   "  - {closed: [2027-12-25, 2027-13-01]}\n"
                   "  - {day: [sun]}\n")
    folder = write_deck(tmp_path, slides("{days: [sat, sun]}"), head)
    result = load_deck(folder, today=TODAY)
    assert said(result.errors) == [
        at(folder, '"10:00"}') + "opening_hours[2].to: ends when it starts (10:00); for all "
                                 "day, leave the hours out",
        at(folder, "2027-13-01") + "opening_hours[3].closed[2]: '2027-13-01' is not a date "
                                   "in the calendar",
        at(folder, "day: [sun]") + "opening_hours[4].day: not part of a rule (did you mean "
                                   "'days'?); a rule has days, from, to, since, until",
    ]
    deck = result.deck
    assert deck is not None and deck.opening_hours is None and len(deck.slides) == 1
    gap = only(said(result.warnings), "no slide plays")
    assert gap.endswith("no slide plays on Monday 0:00–24:00; Tuesday 0:00–24:00; Wednesday "
                        "0:00–24:00; Thursday 0:00–24:00; Friday 0:00–24:00 while the booth "
                        "is open (opening_hours has an error: it counts as open at all hours)")


def test_an_empty_opening_hours_list_is_an_error(tmp_path: Path) -> None:
    folder = write_deck(tmp_path, slides(""), HEAD + "opening_hours: []\n")
    found = only(problems(folder), "opening_hours")
    assert found == (at(folder, "[]", on="opening_hours: []") + "opening_hours: lists no hours; "
                     "leave opening_hours out if the booth is always open")


WEEK = ("opening_hours:\n"
        "  - {days: [mon, tue, wed, thu, fri, sat], from: \"09:00\", to: \"18:00\"}\n"
        "  - {days: [sun], from: \"10:00\", to: \"16:00\"}\n")


def test_hours_of_the_week_with_no_slide_are_warned_at_opening_hours(tmp_path: Path) -> None:
    folder = write_deck(tmp_path, slides(
        "{days: [mon, tue, wed, thu, fri]}", '{days: sat, from: "09:00", to: "17:00"}',
        '{days: [sun], from: "10:00", to: "14:00"}', '{days: [sat], from: "17:30"}'),
        HEAD + WEEK)
    found = problems(folder)
    assert only(found, "no slide plays") == (
        at(folder, "opening_hours:", "warning")
        + "no slide plays on Saturday 17:00–18:00; Sunday 14:00–16:00 while the booth is open")


def test_a_week_fully_covered_gets_no_warning(tmp_path: Path) -> None:
    folder = write_deck(tmp_path, slides(
        "{days: [mon, tue, wed, thu, fri, sat]}", '{days: [sun], from: "09:00"}'),
        HEAD + WEEK)
    assert problems(folder) == []


def test_after_an_until_date_the_hours_it_covered_are_warned(tmp_path: Path) -> None:
    folder = write_deck(tmp_path, slides(
        "{days: [mon, tue, wed, thu, fri, sat]}",
        '{days: [sun], from: "10:00", to: "16:00", until: 2027-03-01}',
        '{days: [sun], from: "10:00", to: "12:00", since: 2027-04-01}'), HEAD + WEEK)
    gaps = [p for p in problems(folder) if "no slide plays" in p]
    assert gaps == [
        at(folder, "opening_hours:", "warning") + "from 2 March 2027, no slide plays on "
        "Sunday 10:00–16:00 while the booth is open",
        at(folder, "opening_hours:", "warning") + "from 1 April 2027, no slide plays on "
        "Sunday 12:00–16:00 while the booth is open"]
    # The day the rule ends, it still plays all day; the day after, the gap is today's.
    assert [p for p in problems(folder, today=date(2027, 3, 1)) if "plays" in p] == gaps
    later = [p.split(": warning: ")[1] for p in problems(folder, today=date(2027, 3, 2))
             if "plays" in p]
    assert later == ["no slide plays on Sunday 10:00–16:00 while the booth is open",
                     "from 1 April 2027, no slide plays on Sunday 12:00–16:00 while the booth "
                     "is open"]


def test_a_chapter_rule_counts_for_the_slides_that_follow_it(tmp_path: Path) -> None:
    head = HEAD.replace("{id: one, title: One}",
                        "{id: one, title: One, show: {days: [sat, sun]}}")
    folder = write_deck(tmp_path, slides("") + "  chapter: one\n" + slides(""), head)
    assert only(problems(folder), "no slide plays").endswith(
        "no slide plays on Monday 0:00–24:00; Tuesday 0:00–24:00; Wednesday 0:00–24:00; "
        "Thursday 0:00–24:00; Friday 0:00–24:00 while the booth is open (with no "
        "opening_hours, it is open at all hours)")
    assert only(problems(folder), "no slide plays").startswith(
        at(folder, "type: text", "warning"))  # the first slide


def test_a_past_until_is_warned_at_its_line(tmp_path: Path) -> None:
    head = HEAD.replace("{id: one, title: One}",
                        "{id: one, title: One, show: {until: 2027-01-31}}")
    head += "opening_hours:\n  - {from: \"09:00\", to: \"18:00\", until: 2026-12-31}\n" \
            "  - {closed: [2026-12-25]}\n  - {days: [sat], from: \"10:00\", to: \"12:00\"}\n"
    folder = write_deck(tmp_path, slides("{until: 2027-01-31}", "{until: 2027-02-01}")
                        + "  chapter: one\n", head)
    found = problems(folder)
    assert [p for p in found if "has passed" in p] == [
        at(folder, "2027-01-31", "warning")
        + "this chapter's 'until' date has passed: its slides no longer show",
        at(folder, "2026-12-31", "warning")
        + "this 'until' date has passed: these opening hours no longer apply",
        at(folder, "2027-01-31", "warning", on="    show: {until: 2027-01-31}")
        + "this slide's 'until' date has passed: it no longer shows",
    ]  # (the one that ends today still shows all day)


def test_today_is_the_booth_date_unless_given(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    folder = write_deck(tmp_path, slides("", "{until: 2027-03-01}"))
    monkeypatch.setattr(loader_module, "booth_today", lambda: date(2027, 3, 2))
    assert [p.message for p in load_deck(folder).warnings] == [
        "this slide's 'until' date has passed: it no longer shows"]
    monkeypatch.setattr(loader_module, "booth_today", lambda: date(2027, 3, 1))
    assert load_deck(folder).problems == []


def test_the_json_schema_takes_the_rules(tmp_path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    from kiosk.content import json_schema

    schema = json_schema()
    deck = {"title": "T", "chapters": [{"id": "a", "title": "A", "show": {"days": "fri"}}],
            "opening_hours": [{"days": ["mon", "Tuesdays"], "from": "9:00", "to": "18:00"},
                              {"closed": ["2027-12-25"]}],
            "slides": [{"type": "text", "heading": "H", "body": "B",
                        "show": {"days": ["sat"], "from": "09:00", "to": "13:00",
                                 "until": "2027-03-01"}}]}
    jsonschema.validate(deck, schema)
    deck["slides"][0]["show"]["dys"] = ["sat"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(deck, schema)
