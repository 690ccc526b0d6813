"""The staff screens' words: every one translated in every shipped catalog, English where there
is none; and what the staff panel says about the slides and the settings."""

from __future__ import annotations

import re

from babel.messages.pofile import read_po

from kiosk.staff.notice import ContentNews, panel_words, short
from kiosk.staff.words import MESSAGES, shipped_languages, text
from kiosk.visit import words

PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def test_the_staff_screens_speak_khmer_korean_and_spanish() -> None:
    assert {"km", "ko", "es"} <= set(shipped_languages())


def test_the_template_lists_every_staff_word() -> None:
    with (words.LOCALE_DIR / "staff.pot").open("rb") as handle:
        ids = {m.id if isinstance(m.id, str) else tuple(m.id) for m in read_po(handle) if m.id}
    assert ids == set(MESSAGES.values())


def test_plurals_and_languages() -> None:
    assert text("tries_left", "en", n=1) == "Wrong PIN. 1 more try before a pause."
    assert text("tries_left", "en", n=3) == "Wrong PIN. 3 more tries before a pause."
    assert text("tries_left", "es", n=3) == "PIN incorrecto. Quedan 3 intentos antes de una pausa."
    assert text("lock", "km") == "ចាក់សោ" and text("lock", "ko") == "잠금"
    assert text("lock", "fr") == "Lock"  # no catalog: English


def test_the_panel_says_what_needs_attention_and_the_first_problems() -> None:
    news = ContentNews(slides=4, errors=3, warnings=0,
                       settings=("/etc/kiosk/kiosk.yaml:2:15: error: expected a number, "
                                 "found text 'soon' (the default is used)",),
                       problems=("/srv/deck/deck.yaml:12:5: error: unknown chapter 'x'",
                                 "/srv/deck/deck.yaml:20:5: error: image not found: a.jpg",
                                 "/srv/deck/deck.yaml:31:5: error: missing 'by'"))
    words = panel_words(news, "en")
    assert words.attention == ("Some slides need attention: the others play.\n"
                               "Some settings need attention: their defaults are used.")
    assert words.summary == ""
    assert words.problems == [
        "kiosk.yaml:2: expected a number, found text 'soon' (the default is used)",
        "deck.yaml:12: unknown chapter 'x'", "deck.yaml:20: image not found: a.jpg",
        "… and 1 more: tap the list to see them all."]
    calm = panel_words(ContentNews(slides=4, warnings=1, problems=("d.yaml:1:1: warning: w",)),
                       "en")
    assert calm.attention == "" and calm.summary == "Slides read: 4. Errors: 0. Warnings: 1."
    assert calm.problems == ["d.yaml:1: w"]
    assert panel_words(ContentNews(holding=True), "km").attention == text("holding", "km")


def test_a_line_that_is_not_a_problem_stays_as_it_is() -> None:
    assert short("slide 2: the photo could not be read") == "slide 2: the photo could not be read"
    assert short(r"C:\kiosk\deck.yaml:3:1: warning: w") == "deck.yaml:3: w"
