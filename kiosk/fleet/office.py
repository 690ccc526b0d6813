"""Publishing a deck to the booths: the deck's files (and, when given, the booths' set-up)
copied into ``packages/<serial>-<version>/`` of the fleet folder, each file whole before the
sync tool sees it, then ``manifest.json`` last, signed with the fleet key. Each package has
a serial higher than any before it: publishing an older deck again is how booths go back.
No Qt here."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.content.install import SETUP_FILE
from kiosk.content.loader import load_deck
from kiosk.content.problems import Problem
from kiosk.files import atomic_output, write_atomically
from kiosk.fleet.files import pour
from kiosk.fleet.layout import Clock, FleetError, iso, read_fleet
from kiosk.fleet.manifest import (
    DECK,
    FORMAT,
    KIND,
    LIMITS,
    MANIFEST,
    Entry,
    Limits,
    folder_name,
    label,
    serial_of,
    shown,
    unsafe_path,
)
from kiosk.messages.message import one_line
from kiosk.setup.booth_setup import read_setup
from kiosk.setup.carried import SetupError
from kiosk.sync import fleet_files
from kiosk.sync.fleet_files import Skip
from kiosk.sync.fleet_key import signed


class PublishError(FleetError):
    """A deck that is not published, and why; ``problems``: the deck's own, to fix first."""

    def __init__(self, message: str, problems: Sequence[Problem] = ()) -> None:
        super().__init__(message)
        self.problems = list(problems)


@dataclass(frozen=True)
class Published:
    folder: Path
    serial: int
    version: str
    group: str | None
    files: int
    size: int
    left_out: tuple[str, ...]  # files of the deck's folder not published, and why


def publish(fleet: Path, deck_folder: Path, key: bytes, group: str | None = None,
            setup: bytes | None = None, clock: Clock = time.time,
            limits: Limits = LIMITS) -> Published:
    """Publish the deck in ``deck_folder`` to the booths of ``fleet`` (all of them, or those
    of ``group``), with the booths' set-up file (``setup``: its bytes) when given. A deck
    with errors is refused (:class:`PublishError` with its problems); so is anything that
    cannot be copied, and then nothing of the package is left in the fleet folder."""
    place = read_fleet(fleet)
    deck_folder = Path(deck_folder)
    _not_inside(place.folder, deck_folder)
    group = _group(group)
    loaded = load_deck(deck_folder)
    if loaded.errors:
        count = len(loaded.errors)
        raise PublishError(f"the deck has {count} problem{'s' if count > 1 else ''} to fix "
                           "before it is published", loaded.errors)
    if loaded.deck is None:
        raise PublishError("the deck has no slide that can play")
    version = one_line(loaded.deck.version, 80)
    try:
        files, left_out = _deck_files(deck_folder, limits)
        place.packages.mkdir(exist_ok=True)
        folder, serial = _new_folder(place.packages, version)
    except OSError as exc:
        raise _cannot_write(exc) from None
    try:
        entries = [_put(deck_folder / rel, folder, f"{DECK}/{rel}", limits) for rel in files]
        if setup is not None:
            entries.append(_put_setup(setup, folder))
        _check_copy(folder)
        manifest: dict[str, Any] = {
            "kind": KIND, "format": FORMAT, "serial": serial, "deck_version": version,
            "published_at": iso(clock()), "group": group,
            "files": [{"path": e.path, "size": e.size, "sha256": e.sha256} for e in entries],
            "setup": SETUP_FILE if setup is not None else None}
        text = json.dumps(signed(key, label(serial), manifest), ensure_ascii=False, indent=1)
        write_atomically(folder / MANIFEST, (text + "\n").encode("utf-8"))
    except OSError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        raise _cannot_write(exc) from None
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return Published(folder, serial, version, group, len(entries),
                     sum(e.size for e in entries), tuple(left_out))


def _cannot_write(exc: OSError) -> PublishError:
    return PublishError(f"the package could not be written into the fleet folder "
                        f"({one_line(exc.strerror or exc)}): is it there, with room?")


def _group(group: str | None) -> str | None:
    if group is None or not group.strip():
        return None
    return one_line(group, 100).strip()


def _not_inside(fleet: Path, deck_folder: Path) -> None:
    deck, shared = os.path.realpath(deck_folder), os.path.realpath(fleet)
    try:
        inside = os.path.commonpath([deck, shared]) == deck
    except ValueError:  # on another drive
        inside = False
    if inside:
        raise PublishError("the fleet folder is inside the deck's folder: keep the deck in a "
                           "folder of its own")


def _published(name: str) -> bool:
    """Not an editor's backup nor a booth set-up left beside the deck (given separately)."""
    return not (name.endswith((".bak", "~")) or name == SETUP_FILE)


def _deck_files(deck_folder: Path, limits: Limits) -> tuple[list[str], list[str]]:
    """The deck's own files (below ``deck_folder``), and what is left out and why: hidden
    files (the studio's recovery copy) and backups in silence, links and odd names named."""
    found = fleet_files.listing(deck_folder, ("",), limits.depth)
    left_out = [f"{one_line(where, 120)}: {why}" for where, why in found.skipped]
    files, total = [], 0
    for path in found.files:
        rel = path.relative_to(deck_folder).as_posix()
        why = unsafe_path(f"{DECK}/{rel}", limits)
        if why:
            left_out.append(f"{one_line(rel, 120)}: {why}")
        elif _published(path.name):
            files.append(rel)
            total += path.lstat().st_size
    if len(files) > limits.files or total > limits.total_bytes:
        raise PublishError(f"the deck's folder holds {len(files):,} files, {total:,} bytes: "
                           "too much for a deck (are other files in its folder?)")
    return files, left_out


def _new_folder(packages: Path, version: str) -> tuple[Path, int]:
    """A new package folder, its serial one more than any in ``packages``."""
    with os.scandir(packages) as entries:
        serial = max((serial_of(e.name) or 0 for e in entries), default=0) + 1
    while True:
        folder = packages / folder_name(serial, version)
        try:
            folder.mkdir()
            return folder, serial
        except FileExistsError:
            serial += 1


def _put(source: Path, folder: Path, path: str, limits: Limits) -> Entry:
    """One file copied into the package, whole (written aside, then renamed)."""
    target = folder / path
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with atomic_output(target) as out:
            size, digest = pour(source, out, limits.file_bytes)
    except Skip as exc:
        raise PublishError(f"{shown(path)} is not published: {exc}") from None
    except OSError as exc:
        raise PublishError(f"{shown(path)} could not be copied into the fleet folder "
                           f"({exc.strerror or exc}): is there room?") from None
    return Entry(path, size, digest)


def _put_setup(setup: bytes, folder: Path) -> Entry:
    write_atomically(folder / SETUP_FILE, setup)
    return Entry(SETUP_FILE, len(setup), hashlib.sha256(setup).hexdigest())


def _check_copy(folder: Path) -> None:
    """The package as the booths will read it: its deck plays, its set-up is one."""
    errors = load_deck(folder / DECK).errors
    if errors:
        raise PublishError("the deck as copied has problems (a file left out?)", errors)
    try:
        read_setup(folder)
    except SetupError as exc:
        raise PublishError(f"the booths' set-up is not published: {exc}") from None
