"""A slide's or a chapter's `show:` rule is not a text for the volunteer to type over in the
studio: no raw text box for it under the slide, no column for it in the chapters table, and
saving keeps the rule as the author wrote it."""

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


def test_a_show_rule_is_kept_and_not_offered_as_text(kiosk_app, qtbot, tmp_path: Path
                                                      ) -> None:  # type: ignore[no-untyped-def]
    folder = write_deck(tmp_path / "deck", SLIDES, head=HEAD)
    studio, runner = open_studio(qtbot, tmp_path, folder)
    choose(studio, qtbot, 1)
    assert not any(name == "show" for name, _language in studio.window.fields.inputs)
    chapters = studio.window.deck.chapters.table
    headings = [chapters.horizontalHeaderItem(c).text().lower()
                for c in range(chapters.columnCount())]
    assert not any("show" in h for h in headings), headings
    type_into(studio, qtbot, "heading", "Hello there", "en")
    save(studio, qtbot)
    text = (folder / "deck.yaml").read_text(encoding="utf-8")
    assert 'show: {days: [sat, sun], from: "09:00", to: "13:00"}' in text
    assert "Hello there" in text
    runner.wait(5000)
