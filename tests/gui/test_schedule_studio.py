"""A slide's or a chapter's `show:` rule is offered in the studio in words, never as raw text:
"When it shows" under the slide and in the chapters table says it as a person would, and
saving what else was edited keeps the rule as the author wrote it."""

from __future__ import annotations

from pathlib import Path

from tests.decks import write_deck
from tests.gui.test_studio import choose, open_studio, save, type_into

HEAD = """\
title: T
chapters:
  - {id: one, title: One, show: {days: [fri], from: "18:00", to: "22:00"}}
sources:
  - {id: un, title: A report, publisher: United Nations}
"""
SLIDES = """\
- {type: title, heading: Hi}
- {type: text, chapter: one, heading: Hello, body: Words,
   show: {days: [sat, sun], from: "09:00", to: "13:00"}}
"""


def test_a_show_rule_is_kept_and_offered_in_words(kiosk_app, qtbot, tmp_path: Path
                                                   ) -> None:  # type: ignore[no-untyped-def]
    folder = write_deck(tmp_path / "deck", SLIDES, head=HEAD)
    studio, runner = open_studio(qtbot, tmp_path, folder)
    choose(studio, qtbot, 1)
    assert studio.window.fields.inputs[("show", None)].text() == "Saturdays and Sundays, 9–13"
    chapters = studio.window.deck.chapters.table
    headings = [chapters.horizontalHeaderItem(c).text() for c in range(chapters.columnCount())]
    assert chapters.item(0, headings.index("When it shows")).text() == "Fridays, 18–22"
    type_into(studio, qtbot, "heading", "Hello there", "en")
    save(studio, qtbot)
    text = (folder / "deck.yaml").read_text(encoding="utf-8")
    assert 'show: {days: [sat, sun], from: "09:00", to: "13:00"}' in text
    assert "Hello there" in text
    runner.wait(5000)
