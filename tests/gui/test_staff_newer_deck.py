"""A deck on a stick made for a newer kiosk is listed for staff as such, not as a deck that
cannot be read (choosing it says which kiosk it needs; what plays stays)."""

from __future__ import annotations

from pathlib import Path

from kiosk.content.install import FoundDeck
from kiosk.ui.staff.deck_loading import _describe


def _found(tmp_path: Path, text: str) -> FoundDeck:
    folder = tmp_path / "stick" / "kiosk-deck"
    folder.mkdir(parents=True)
    (folder / "deck.yaml").write_text(text, encoding="utf-8")
    return FoundDeck(folder=folder, place="USB stick")


def test_a_deck_for_a_newer_kiosk_is_listed_as_such(tmp_path: Path) -> None:
    found = _found(tmp_path, "format: 7\ntitle: Next year\nslides:\n  - type: title\n"
                             "    heading: Hello\n")
    assert _describe(found).startswith("Slides for a newer kiosk")


def test_a_broken_deck_is_still_a_deck_that_cannot_be_read(tmp_path: Path) -> None:
    assert _describe(_found(tmp_path, "title: [unclosed\n")).startswith(
        "A deck that cannot be read")
