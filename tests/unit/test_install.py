"""Bringing a deck in from a stick: finding it, copying only its own files, swapping it in
and going back, and failing without touching what plays."""

from __future__ import annotations

import contextlib
import os
import socket
import stat
from collections.abc import Iterator
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
    (source / "images" / "again.yaml").symlink_to(source / "deck.yaml")  # inside: skipped
    target = tmp_path / "config" / "content"
    incoming = bring_in(source, target)
    assert incoming == incoming_of(target)
    copied = sorted(str(p.relative_to(incoming)) for p in incoming.rglob("*"))
    assert copied == ["deck.yaml", "images", "images/a.png"]


def test_a_copy_that_fails_leaves_nothing_behind(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    source = deck(tmp_path / "stick" / "deck", "Deck")
    target = tmp_path / "content"

    real = os.open

    def pulled_out(path: str, *args: int, **kw: int) -> int:
        if os.fspath(path).startswith(os.fspath(source)):
            raise OSError(5, "Input/output error")
        return real(path, *args, **kw)

    monkeypatch.setattr(os, "open", pulled_out)
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


# Hostile sticks: what is not a deck's own regular file is refused by name, before the
# kiosk's disk (which holds the visitors' messages) fills, and what plays stays as it is.

def refused(tmp_path: Path, source: Path, match: str, **kw: int) -> None:
    target = deck(tmp_path / "content", "Playing")
    with pytest.raises(InstallError, match=match):
        bring_in(source, target, **kw)
    assert not incoming_of(target).exists()
    assert "title: Playing" in (target / "deck.yaml").read_text()


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0,
                    reason="making a device node (mknod) needs root; the pipe, socket and "
                           "link cases below cover the same refusal without it")
def test_a_device_node_named_like_a_picture_is_refused_by_name(tmp_path: Path) -> None:
    source = deck(tmp_path / "stick" / "deck", "Deck")
    (source / "images").mkdir()
    os.mknod(source / "images" / "x.jpg", stat.S_IFCHR | 0o644, os.makedev(1, 5))
    refused(tmp_path, source, r"^images/x\.jpg on the stick is a device, not a picture")


@pytest.mark.parametrize("what", ["a named pipe", "a socket"])
def test_a_pipe_or_socket_named_like_a_picture_is_refused_by_name(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, what: str) -> None:
    source = deck(tmp_path / "stick" / "deck", "Deck")
    (source / "images").mkdir()
    monkeypatch.chdir(source / "images")  # a socket's path must be short
    if what == "a named pipe":
        os.mkfifo("x.jpg")
    else:
        with socket.socket(socket.AF_UNIX) as listening:
            listening.bind("x.jpg")
    refused(tmp_path, source, rf"^images/x\.jpg on the stick is {what}, not a picture")


def test_a_link_leading_out_of_the_deck_is_refused_by_name(tmp_path: Path) -> None:
    source = deck(tmp_path / "stick" / "deck", "Deck")
    (source / "images").mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the kiosk")
    (source / "images" / "leak.jpg").symlink_to(secret)
    refused(tmp_path, source, r"^images/leak\.jpg on the stick is a link to a place outside")


@contextlib.contextmanager
def nested(folder: Path, count: int) -> Iterator[None]:
    """``count`` folders one inside the other below ``folder``, removed afterwards without
    recursion (pytest's own clean-up would hit the limit the test is about)."""
    here = os.getcwd()
    made = 0
    try:
        os.chdir(folder)
        for _ in range(count):
            os.mkdir("d")
            made += 1
            os.chdir("d")
        os.chdir(here)
        yield
    finally:
        os.chdir(here)
        for level in range(made, 0, -1):
            os.rmdir(folder.joinpath(*["d"] * level))


def test_thousands_of_nested_folders_are_refused_in_plain_words(tmp_path: Path) -> None:
    source = deck(tmp_path / "stick" / "deck", "Deck")
    with nested(source, 1500):
        refused(tmp_path, source, "folders inside folders more than 32 deep")


def test_the_cap_counts_the_bytes_copied_not_the_size_a_file_claims(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = deck(tmp_path / "stick" / "deck", "Deck")
    (source / "images").mkdir()
    big = source / "images" / "big.jpg"
    big.write_bytes(b"x" * 5000)
    real = os.lstat

    def claims_nothing(path: str, *args: object, **kw: object) -> os.stat_result:
        facts = real(path, *args, **kw)  # type: ignore[arg-type]
        if os.fspath(path) == os.fspath(big):
            return os.stat_result((*facts[:6], 0, *facts[7:10]))
        return facts

    monkeypatch.setattr(os, "lstat", claims_nothing)
    refused(tmp_path, source, r"^deck holds more than 4000 bytes: that is not a deck",
            max_bytes=4000)
    monkeypatch.undo()
    assert (bring_in(source, tmp_path / "other", max_bytes=8000) / "images" / "big.jpg"
            ).read_bytes() == b"x" * 5000
