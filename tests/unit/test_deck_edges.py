"""A deck at its edges: slides that are no list, a form.yaml that cannot be read, a photo small
in one direction only. No Qt here."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.content import load_deck
from tests.decks import HEAD, png_bytes, write_deck


@pytest.mark.parametrize("slides", ["slides: 5\n", "slides:\n", "slides: {a: 1}\n"])
def test_slides_that_are_no_list_are_an_error_naming_them(tmp_path: Path, slides: str) -> None:
    tmp_path.joinpath("deck.yaml").write_text(HEAD + slides, encoding="utf-8")
    errors = [str(e) for e in load_deck(tmp_path).errors]
    assert any("expected a list of slides" in e for e in errors), errors


def test_a_form_yaml_that_cannot_be_read_is_named_and_the_plain_form_is_used(
        tmp_path: Path) -> None:
    write_deck(tmp_path, "- {type: title, heading: Hi}\n")
    (tmp_path / "form.yaml").write_bytes(b"title: \xff\xfe not UTF-8\n")
    result = load_deck(tmp_path)
    errors = [str(e) for e in result.errors]
    assert any("form.yaml" in e and "cannot read" in e for e in errors), errors
    assert result.deck is not None and result.deck.form is not None
    assert [f.key for f in result.deck.form.fields] == ["message", "name", "email",
                                                        "contact_ok"]


@pytest.mark.parametrize(("size", "said"), [
    ((400, 1000), "across a 1920x1080 screen it is enlarged 4.8 times"),
    ((1000, 400), "across a 1080x1920 screen it is enlarged 4.8 times")])
def test_a_photo_small_in_one_direction_is_named_for_the_screen_that_enlarges_it_most(
        tmp_path: Path, size: tuple[int, int], said: str) -> None:
    write_deck(tmp_path, "- {type: image, id: p, image: p.png, fit: fill}\n")
    (tmp_path / "p.png").write_bytes(png_bytes(*size, (200, 30, 30)))
    warnings = [str(w) for w in load_deck(tmp_path).warnings]
    assert any(said in w for w in warnings), warnings


@pytest.mark.parametrize("key", ["sources", "chapters"])
def test_sources_or_chapters_that_are_no_list_are_an_error_and_the_slides_still_load(
        tmp_path: Path, key: str) -> None:
    write_deck(tmp_path, "- {type: title, heading: Hi}\n",
               head=f"title: Test deck\nduration: 5\n{key}: 5\n")
    result = load_deck(tmp_path)
    errors = [str(e) for e in result.errors]
    assert any("expected a list, found a number" in e for e in errors), errors
    assert result.deck is not None and len(result.deck.slides) == 1
