"""A number in a deck may be anything from its least to its most, both ends included; just past
either end is refused, naming the range. No Qt here."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.content import load_deck
from tests.decks import HEAD, write_deck


def deck_with(folder: Path, duration: float, transition: float, slide: float) -> Path:
    head = (HEAD.replace("duration: 5", f"duration: {duration}")
            .replace("transition_seconds: 0.5", f"transition_seconds: {transition}")
            + "languages: [en, km]\n")
    return write_deck(folder, f"- {{type: title, heading: Hi, duration: {{en: {slide}, "
                              f"km: {slide}}}}}\n", head=head)


@pytest.mark.parametrize(("duration", "transition", "slide"), [
    (1, 0.1, 1), (600, 5, 600), (1.0, 0.1, 600.0), (600.0, 5.0, 1.0)])
def test_a_number_at_either_end_of_its_range_is_taken(tmp_path: Path, duration: float,
                                                      transition: float, slide: float) -> None:
    result = load_deck(deck_with(tmp_path, duration, transition, slide))
    assert result.errors == [] and result.deck is not None
    assert result.deck.duration == duration and result.deck.transition_seconds == transition
    assert result.deck.slides[0].duration_for("km") == slide


@pytest.mark.parametrize(("duration", "transition", "slide", "said"), [
    (0.99, 0.5, 5, "0.99 is outside 1 to 600 s"), (600.5, 0.5, 5, "600.5 is outside 1 to 600 s"),
    (5, 0.09, 5, "0.09 is outside 0.1 to 5 s"), (5, 5.01, 5, "5.01 is outside 0.1 to 5 s"),
    (5, 0.5, 0.5, "0.5 is outside 1 to 600 s"), (5, 0.5, 601, "601 is outside 1 to 600 s")])
def test_just_past_either_end_is_refused_naming_the_range(tmp_path: Path, duration: float,
                                                          transition: float, slide: float,
                                                          said: str) -> None:
    result = load_deck(deck_with(tmp_path, duration, transition, slide))
    assert any(said in str(e) for e in result.errors), result.errors
