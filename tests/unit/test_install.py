"""Bringing a deck in from a stick: finding it, copying only its own files, swapping it in
and going back, and failing without touching what plays."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kiosk.content import install
from kiosk.content.install import (
    InstallError,
    bring_in,
    find_decks,
    go_back,
    has_previous,
    incoming_of,
    previous_of,
    swap_in,
)
from tests.decks import write_deck

SLIDE = """\
- {type: title, id: s1, heading: Hello, chapter: one}
"""


def deck(folder: Path, title: str) -> Path:
    return write_deck(folder, SLIDE, head=f"title: {title}\nchapters:\n  - {{id: one, "
                                          "title: One}\n")


def test_decks_are_found_at_the_top_and_two_folders_down_but_not_in_hidden_ones(
        tmp_path: Path) -> None:
    stick = tmp_path / "stick"
    deck(stick / "kiosk-slides" / "booth", "Booth")
    deck(stick / "top", "Top")
    deck(stick / "a" / "b" / "c", "Too deep")
    deck(stick / ".Trashes" / "old", "Thrown away")
    (stick / "link").symlink_to(stick / "top")
    found = find_decks([("STICK", stick)])
    assert [f.place for f in found] == ["STICK / top", "STICK / kiosk-slides / booth"]


def test_a_stick_full_of_folders_is_not_searched_for_ever(tmp_path: Path) -> None:
    stick = tmp_path / "stick"
    for i in range(30):
        (stick / f"photos{i:02}").mkdir(parents=True)
    deck(stick / "zz-deck", "Late")
    assert find_decks([("S", stick)], limit=10) == []
    assert len(find_decks([("S", stick)])) == 1


def test_only_the_decks_own_files_are_copied(tmp_path: Path) -> None:
    source = deck(tmp_path / "stick" / "deck", "Deck")
    (source / "images").mkdir()
    (source / "images" / "a.png").write_bytes(b"png")
    (source / ".deck.yaml.recovery").write_text("unsaved")
    (source / "deck.yaml.bak").write_text("old")
    (source / "._deck.yaml").write_text("mac")
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the kiosk")
    (source / "images" / "leak.txt").symlink_to(secret)
    target = tmp_path / "config" / "content"
    incoming = bring_in(source, target)
    assert incoming == incoming_of(target)
    copied = sorted(str(p.relative_to(incoming)) for p in incoming.rglob("*"))
    assert copied == ["deck.yaml", "images", "images/a.png"]


def test_a_copy_that_fails_leaves_nothing_behind(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    source = deck(tmp_path / "stick" / "deck", "Deck")
    target = tmp_path / "content"

    def pulled_out(src: str, dst: str, **_kw: object) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(install.shutil, "copyfile", pulled_out)
    with pytest.raises(InstallError, match=r"Input/output error.*stick"):
        bring_in(source, target)
    assert not incoming_of(target).exists()


def test_a_huge_folder_is_refused_before_copying(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    source = deck(tmp_path / "stick" / "deck", "Deck")
    monkeypatch.setattr(install, "MAX_DECK_BYTES", 10)
    with pytest.raises(InstallError, match="not a deck"):
        bring_in(source, tmp_path / "content")
    assert not incoming_of(tmp_path / "content").exists()


def test_swap_in_keeps_one_backup_and_going_back_twice_returns(tmp_path: Path) -> None:
    target = deck(tmp_path / "content", "Old")
    bring_in(deck(tmp_path / "stick" / "new", "New"), target)
    swap_in(target)
    assert "title: New" in (target / "deck.yaml").read_text()
    assert "title: Old" in (previous_of(target) / "deck.yaml").read_text()
    assert not incoming_of(target).exists()
    go_back(target)
    assert "title: Old" in (target / "deck.yaml").read_text()
    assert "title: New" in (previous_of(target) / "deck.yaml").read_text()
    go_back(target)
    assert "title: New" in (target / "deck.yaml").read_text()


def test_the_first_deck_loaded_leaves_an_empty_backup_so_going_back_plays_the_bundled_one(
        tmp_path: Path) -> None:
    target = tmp_path / "config" / "content"
    bring_in(deck(tmp_path / "stick" / "new", "New"), target)
    swap_in(target)
    assert has_previous(target)
    go_back(target)
    assert not (target / "deck.yaml").exists()  # so the kiosk plays its bundled deck


def test_a_failed_swap_puts_back_what_played(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    target = deck(tmp_path / "content", "Old")
    bring_in(deck(tmp_path / "stick" / "new", "New"), target)
    real = os.replace
    calls: list[str] = []

    def second_fails(src: object, dst: object) -> None:
        calls.append(str(src))
        if len(calls) == 2:
            raise OSError(13, "Permission denied")
        real(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(install.os, "replace", second_fails)
    with pytest.raises(InstallError, match="Permission denied"):
        swap_in(target)
    assert "title: Old" in (target / "deck.yaml").read_text()


def test_going_back_with_no_backup_says_so(tmp_path: Path) -> None:
    with pytest.raises(InstallError, match="no previous slides"):
        go_back(deck(tmp_path / "content", "Only"))


def test_the_studio_copies_a_deck_onto_a_stick_where_the_kiosk_finds_it(tmp_path: Path
                                                                        ) -> None:
    source = deck(tmp_path / "work", "Easter")
    (source / "images").mkdir()
    (source / "images" / "a.png").write_bytes(b"png")
    stick = tmp_path / "stick"
    (stick / "kiosk-slides" / "easter").mkdir(parents=True)
    (stick / "kiosk-slides" / "easter" / "old.png").write_bytes(b"old copy")
    target = install.copy_to_drive(source, stick, "easter", deck_text="title: As edited\n")
    assert target == stick / "kiosk-slides" / "easter"
    assert (target / "deck.yaml").read_text() == "title: As edited\n"
    assert (target / "images" / "a.png").read_bytes() == b"png"
    assert not (target / "old.png").exists()  # the older copy is replaced, not merged
    assert [f.place for f in find_decks([("S", stick)])] == ["S / kiosk-slides / easter"]
