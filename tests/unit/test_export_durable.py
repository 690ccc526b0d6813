"""An export is whole: every column it was asked for, on the disk before it takes its name, and
the name made to last too (a USB stick pulled a moment later still has the file). No Qt here."""

from __future__ import annotations

import csv
import io
import os
import stat
import time
from pathlib import Path

import pytest

from kiosk.files import write_atomically
from kiosk.messages.export import HEADER, export
from kiosk.messages.store import MessageStore
from kiosk.messages.store_export import export_store

Event = tuple[object, ...]


@pytest.fixture
def disk(monkeypatch: pytest.MonkeyPatch) -> list[Event]:
    """What reaches the disk, in order: each fsync (a file's size and inode, or a folder)
    and each rename (the new name and the inode renamed)."""
    events: list[Event] = []
    sync, rename = os.fsync, os.replace

    def fsync(fd: int) -> None:
        facts = os.fstat(fd)
        events.append(("folder synced",) if stat.S_ISDIR(facts.st_mode)
                      else ("file synced", facts.st_size, facts.st_ino))
        sync(fd)

    def replace(source: str | Path, target: str | Path) -> None:
        events.append(("renamed", Path(target).name, os.stat(source).st_ino))
        rename(source, target)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    return events


def written(path: Path) -> list[Event]:
    """The events of a whole, lasting write of ``path`` as it is now."""
    facts = path.stat()
    return [("file synced", facts.st_size, facts.st_ino), ("renamed", path.name, facts.st_ino),
            ("folder synced",)]


def test_bytes_written_at_once_are_synced_then_named(tmp_path: Path, disk: list[Event]) -> None:
    target = tmp_path / "deck.yaml"
    write_atomically(target, b"title: Hope\n" * 1000)
    assert target.read_bytes() == b"title: Hope\n" * 1000
    assert disk == written(target)
    assert [p.name for p in tmp_path.iterdir()] == ["deck.yaml"]  # no part file left


def test_writing_again_replaces_the_whole_file(tmp_path: Path, disk: list[Event]) -> None:
    target = tmp_path / "deck.yaml"
    write_atomically(target, b"a much longer first version\n")
    write_atomically(target, b"short\n")
    assert target.read_bytes() == b"short\n"
    assert disk[3:] == written(target)


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
def test_an_export_is_synced_whole_before_it_is_named(tmp_path: Path, disk: list[Event],
                                                      fmt: str) -> None:
    store = MessageStore(tmp_path / "data")
    for i in range(50):
        store.add({"message": f"Praying for you {i}", "name": "Ana"})
    disk.clear()  # (what the store itself syncs is SQLite's business)
    out = tmp_path / f"messages.{fmt}"
    assert export_store(store, out, fmt).count == 50
    assert disk == written(out)


def test_a_folder_that_cannot_be_synced_still_gets_the_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = os.fsync

    def no_folder_sync(fd: int) -> None:
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            raise OSError(22, "Invalid argument")  # as some file systems answer
        real(fd)

    monkeypatch.setattr(os, "fsync", no_folder_sync)
    write_atomically(tmp_path / "report.html", b"<p>hi</p>")
    assert (tmp_path / "report.html").read_bytes() == b"<p>hi</p>"


def test_messages_streamed_from_any_iterable_get_the_columns_asked_for(tmp_path: Path) -> None:
    store = MessageStore(tmp_path / "data")
    store.add({"message": "Hope", "name": "Ana", "email": "ana@mail.org"})
    out = tmp_path / "messages.csv"
    assert export(iter(store.messages()), out, "csv", ["message", "name"]) == 1
    header, row = csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"), newline=""))
    assert header == [*HEADER, "message", "name"] and row[-2:] == ["Hope", "Ana"]


def test_a_photo_copied_into_a_deck_is_on_the_disk_before_its_name_is(
        tmp_path: Path, disk: list[Event]) -> None:
    """The studio names a copied photo in deck.yaml (saved durably) right after the copy: a
    power cut between them must not leave deck.yaml naming an empty or half file."""
    from kiosk.studio.intake import copy_file_into

    photo = tmp_path / "phone" / "IMG_4001.jpg"
    photo.parent.mkdir()
    photo.write_bytes(b"\xff\xd8" + bytes(range(256)) * 40 + b"\xff\xd9")
    deck = tmp_path / "deck"
    deck.mkdir()
    assert copy_file_into(deck, photo, "images") == "images/IMG_4001.jpg"
    copied = deck / "images" / "IMG_4001.jpg"
    assert copied.read_bytes() == photo.read_bytes()
    assert disk == written(copied)
    assert [p.name for p in copied.parent.iterdir()] == ["IMG_4001.jpg"]  # nothing half


def test_an_export_sweeps_away_what_exports_cut_off_left(tmp_path: Path) -> None:
    """A power cut (or a killed export) leaves a hidden part file beside the file it was
    writing: visitors' messages, which Windows shows on the stick. The next export into
    that folder removes those an hour old; a write under way, and anyone else's file, stay."""
    store = MessageStore(tmp_path / "data", "booth-1")
    store.add({"message": "for the office"})
    stick = tmp_path / "stick"
    stick.mkdir()
    cut_off = [stick / ".kiosk-messages-booth-1-20261201-100000.csv.ab12cd34.part",
               stick / ".all [1].csv.zz99yy88.part"]
    under_way = stick / ".kiosk-messages-booth-2-20261207-100000.csv.qq11ww22.part"
    theirs = [stick / ".holiday.jpg.ab12cd34.part", stick / ".kiosk-messages-link.csv.x.part"]
    for part in [*cut_off, under_way, theirs[0]]:
        part.write_bytes(b"Dear friends, ...")
    theirs[1].symlink_to(theirs[0])
    an_hour_ago = time.time() - 3700
    for part in [*cut_off, theirs[0]]:
        os.utime(part, (an_hour_ago, an_hour_ago))
    os.utime(theirs[1], (an_hour_ago, an_hour_ago), follow_symlinks=False)
    export_store(store, stick / "all [1].csv", "csv")
    assert [p.exists() for p in cut_off] == [False, False]
    assert under_way.exists() and all(p.exists() for p in theirs)
    assert (stick / "all [1].csv").is_file()
