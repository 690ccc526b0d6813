"""Editing a deck keeps what the author wrote: comments, order, quoting; saves are atomic and
keep a backup. No Qt here."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest

from kiosk.content import load_deck
from kiosk.content.edit import DeckDocument, EditError
from kiosk.platform import paths


@pytest.fixture
def deck_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "deck"
    shutil.copytree(paths.bundled_content_dir(), folder)
    return folder


def test_an_untouched_deck_saves_byte_for_byte(deck_copy: Path) -> None:
    before = (deck_copy / "deck.yaml").read_bytes()
    DeckDocument(deck_copy).save()
    assert (deck_copy / "deck.yaml").read_bytes() == before
    assert (deck_copy / "deck.yaml.bak").read_bytes() == before


def test_an_edit_changes_only_its_own_lines(deck_copy: Path) -> None:
    before = (deck_copy / "deck.yaml").read_text(encoding="utf-8").splitlines()
    document = DeckDocument(deck_copy)
    first = document.slide(0)
    assert first["type"] == "title"
    document.set_field(0, "heading", "Hope for Cambodia", language="en")
    document.save()
    after = (deck_copy / "deck.yaml").read_text(encoding="utf-8").splitlines()
    changed = [line for line in difflib.unified_diff(before, after, lineterm="", n=0)
               if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert len(changed) == 2 and "Hope for Cambodia" in changed[1], changed
    assert after[:6] == before[:6]  # the comments at the top, as written
    result = load_deck(deck_copy)
    assert not result.errors and result.deck is not None
    assert result.deck.slides[0].text("heading", "en", "en") == "Hope for Cambodia"


def test_a_second_language_turns_text_into_a_map(deck_copy: Path) -> None:
    document = DeckDocument(deck_copy)
    document.data["languages"] = ["en", "km"]
    original = str(document.slide(0)["heading"])
    document.set_field(0, "heading", "សង្ឃឹម", language="km")
    assert dict(document.slide(0)["heading"]) == {"en": original, "km": "សង្ឃឹម"}
    document.set_field(0, "heading", "Hope", language="en")
    assert dict(document.slide(0)["heading"]) == {"en": "Hope", "km": "សង្ឃឹម"}
    document.save()
    deck = load_deck(deck_copy).deck
    assert deck is not None and deck.slides[0].text("heading", "km", "en") == "សង្ឃឹម"


def test_reorder_add_duplicate_delete(deck_copy: Path) -> None:
    document = DeckDocument(deck_copy)
    ids = [str(s["id"]) for s in document.slides]
    document.move_slide(0, 2)
    assert [str(s["id"]) for s in document.slides][:3] == [ids[1], ids[2], ids[0]]
    where = document.add_slide({"type": "text", "id": "new", "heading": "New",
                                "body": "A few words."}, at=1)
    assert where == 1 and document.slide(1)["id"] == "new"
    copy_at = document.duplicate_slide(1)
    assert document.slide(copy_at)["id"] == "new-2" and document.slide(copy_at) is not (
        document.slide(1))
    removed = document.delete_slide(copy_at)
    assert removed["id"] == "new-2" and len(document.slides) == len(ids) + 1
    document.save()
    deck = load_deck(deck_copy).deck
    assert deck is not None and [s.id for s in deck.slides][:4] == [ids[1], "new", ids[2],
                                                                     ids[0]]
    with pytest.raises(EditError):
        document.slide(999)


def test_saving_elsewhere_and_a_missing_folder(deck_copy: Path, tmp_path: Path) -> None:
    document = DeckDocument(deck_copy)
    with pytest.raises(FileNotFoundError):
        document.save(tmp_path / "not-there")
    (tmp_path / "copy").mkdir()
    written = document.save(tmp_path / "copy")
    assert written == tmp_path / "copy" / "deck.yaml" and document.folder == tmp_path / "copy"
    assert not (tmp_path / "copy" / "deck.yaml.bak").exists()  # nothing was replaced there
