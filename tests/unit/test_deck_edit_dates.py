"""The studio's reading of deck.yaml says which line holds a date that does not exist, in
plain words, instead of failing without a word."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.content.edit import DeckDocument
from kiosk.content.yamlpos import YamlSyntaxError
from tests.decks import write_deck


def test_a_date_that_does_not_exist_is_named_with_its_line(tmp_path: Path) -> None:
    folder = write_deck(tmp_path / "d", "- {type: title, heading: Hi}\n",
                        head="title: T\nopening_hours: {closed: [2027-01-01, 2027-02-30]}\n")
    with pytest.raises(YamlSyntaxError) as raised:
        DeckDocument(folder)
    assert raised.value.where.line == 2
    assert "a date that does not exist" in raised.value.message
