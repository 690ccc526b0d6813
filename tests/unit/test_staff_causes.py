"""What the staff panel names as the cause of a deck's errors: its slides, the deck outside
them, or its message form; and how it counts in Khmer digits."""

from __future__ import annotations

from kiosk.content import Problem, Severity
from kiosk.staff.notice import DECK, FORM, SLIDES, ContentNews, causes, panel_words, slides_lines

DECK_YAML = """\
title: Wells
keep_together: [[Year, Zero]]
slides:
  - {type: title, id: hi, heading: Hi}
  - type: text
    id: why
    body: >-
      Clean water: for every village.
theme:
  accent: "#8ecae6"
"""


def error(path: str, line: int) -> Problem:
    return Problem(path, line, 3, Severity.ERROR, "wrong")


def test_the_slides_span_from_their_key_to_the_next_key_at_the_top() -> None:
    assert slides_lines(DECK_YAML) == (3, 8)
    assert slides_lines(DECK_YAML.split("theme:")[0]) == (3, 8)
    assert slides_lines("title: Wells\n") is None


def test_errors_are_placed_in_the_slides_the_deck_or_the_form() -> None:
    at = slides_lines(DECK_YAML)
    assert causes([error("/d/deck.yaml", 2)], at) == {DECK}
    assert causes([error("/d/deck.yaml", 6), error("/d/form.yaml", 2)], at) == {SLIDES, FORM}
    assert causes([error("/d/deck.yaml", 2)], None) == {SLIDES}  # unknown: the slides'
    words = panel_words(ContentNews(slides=2, errors=1, causes=frozenset({DECK})), "en")
    assert words.attention == "The deck needs checking: its slides play."


def test_a_khmer_panel_counts_in_khmer_digits() -> None:
    news = ContentNews(slides=12, warnings=3)
    assert panel_words(news, "km", digits=True).summary == (
        "ស្លាយដែលបានអាន៖ ១២។ កំហុស៖ ០។ ការព្រមាន៖ ៣។")
    assert panel_words(news, "km").summary == "ស្លាយដែលបានអាន៖ 12។ កំហុស៖ 0។ ការព្រមាន៖ 3។"
