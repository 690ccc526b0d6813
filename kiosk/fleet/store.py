"""Installing a package on the booth: a Ready package is copied from the fleet folder into
the booth's own store (``<data>/fleet/<serial>-<version>/``), each file checked against its
SHA-256 as it is copied (the synced folder may change meanwhile), its deck validated again,
and only then ``state.json`` switched to it, atomically. The version it replaces is kept, and
a few older ones; an install that fails leaves what plays untouched. No Qt here."""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.content import safe_read
from kiosk.content.install import SETUP_FILE
from kiosk.content.loader import DECK_FILE, load_deck
from kiosk.files import write_atomically
from kiosk.fleet.booth import Ready, Refused, problem_words
from kiosk.fleet.files import copy_checked
from kiosk.fleet.layout import Clock, iso
from kiosk.fleet.manifest import DECK, MANIFEST, Refusal, folder_name, serial_of, unsafe_path
from kiosk.messages.message import one_line
from kiosk.setup.booth_setup import read_setup
from kiosk.setup.carried import SetupError

STATE = "state.json"
INCOMING = ".incoming-"
#: Versions kept besides the one playing: the previous one, and one older.
KEEP = 2
#: Room left on the booth's disk after an install (for its messages and logs).
SPARE_BYTES = 64 << 20
_STATE_BYTES = 1 << 20


@dataclass(frozen=True)
class Installed:
    """A version in the booth's store."""

    name: str  # the folder's name: ``<serial>-<version>``
    serial: int
    version: str  # the deck's
    since: str  # when it was installed (it plays from then on)
    folder: Path

    @property
    def deck(self) -> Path:
        """The content folder to play."""
        return self.folder / DECK

    @property
    def setup(self) -> Path | None:
        """The booths' set-up published with it, if any."""
        path = self.folder / SETUP_FILE
        return path if path.is_file() else None

    def record(self) -> dict[str, Any]:
        return {"name": self.name, "serial": self.serial, "version": self.version,
                "since": self.since}


@dataclass(frozen=True)
class Outcome:
    """What an install did: what plays now, and why the package was refused (if it was)."""

    playing: Installed | None
    refused: str = ""

    def status(self, group: str = "") -> dict[str, Any]:
        return status_facts(self.playing, self.refused, group)


def status_facts(playing: Installed | None, problem: str = "", group: str = ""
                 ) -> dict[str, Any]:
    """The fields of the booth's status file about what it plays (for ``write_status``):
    with its group, the office can tell whether it plays the newest package meant for it."""
    return {"fleet_group": group or None,
            "deck_version": playing.version if playing else None,
            "fleet_package": playing.name if playing else None,
            "fleet_serial": playing.serial if playing else None,
            "playing_since": playing.since if playing else None,
            "package_problem": problem or None}


def installed(store: Path) -> list[Installed]:
    """The versions in ``store`` that can play, the current one first, then older ones."""
    try:
        raw = json.loads(safe_read.read_capped(Path(store) / STATE, _STATE_BYTES,
                                               follow_links=False))
    except (OSError, ValueError, RecursionError):
        return []
    if not isinstance(raw, dict) or not isinstance(raw.get("versions"), list):
        return []
    found = (_version(store, item) for item in raw["versions"][:100])
    return [version for version in found if version is not None]


def _version(store: Path, item: object) -> Installed | None:
    if not isinstance(item, dict):
        return None
    name, serial = item.get("name"), item.get("serial")
    version, since = item.get("version"), item.get("since")
    if not (isinstance(name, str) and not unsafe_path(name) and isinstance(serial, int)
            and serial_of(name) == serial and isinstance(version, str)
            and isinstance(since, str)):
        return None
    folder = Path(store) / name
    if not (folder / DECK / DECK_FILE).is_file():
        return None
    return Installed(name, serial, version, since, folder)


def current(store: Path) -> Installed | None:
    """The version the booth plays (None: none installed from the fleet yet)."""
    versions = installed(store)
    return versions[0] if versions else None


def previous(store: Path) -> Installed | None:
    """The version it played before."""
    versions = installed(store)
    return versions[1] if len(versions) > 1 else None


def install(ready: Ready, store: Path, clock: Clock = time.time, keep: int = KEEP,
            in_use: Collection[str] = ()) -> Outcome:
    """Copy the package of ``ready`` into ``store`` and make it the current version,
    keeping ``keep`` older ones (and those named in ``in_use``: what the screen still
    shows). A package that turns out not to be what was published is refused, a failure
    is reported, and either way the current version stays as it was."""
    store = Path(store)
    before = current(store)
    manifest = ready.manifest
    name = folder_name(manifest.serial, manifest.version)
    if before is not None and before.name == name:
        return Outcome(before)
    staging = store / (INCOMING + name)
    try:
        store.mkdir(parents=True, exist_ok=True)
        _make_room(store, manifest.size)
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir()
        _copy(ready, staging)
        final = store / name
        shutil.rmtree(final, ignore_errors=True)
        os.replace(staging, final)
        now = Installed(name, manifest.serial, manifest.version, iso(clock()), final)
        older = [version for version in installed(store) if version.name != name]
        kept = [now, *older[:max(0, keep)]]
        state = {"format": 1, "versions": [version.record() for version in kept]}
        write_atomically(store / STATE, json.dumps(state, indent=1).encode("utf-8"))
    except Refusal as exc:
        return Outcome(before, str(Refused(ready.package, str(exc))))
    except OSError as exc:
        return Outcome(before, f"{ready.package} could not be installed "
                               f"({one_line(exc.strerror or exc)})")
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    _prune(store, {version.name for version in kept} | set(in_use))
    return Outcome(now)


def _make_room(store: Path, size: int) -> None:
    free = shutil.disk_usage(store).free
    if free < size + SPARE_BYTES:
        raise Refusal(f"the booth's disk has {safe_read.amount(free)} free; the package needs "
                      f"{safe_read.amount(size + SPARE_BYTES)}")


def _copy(ready: Ready, staging: Path) -> None:
    """Every published file, checked as it is copied; then the copy's deck validated (it is
    what will play) and its set-up read."""
    for entry in ready.manifest.files:
        target = staging / entry.path
        target.parent.mkdir(parents=True, exist_ok=True)
        copy_checked(ready.package.folder / entry.path, target, entry.size, entry.sha256,
                     entry.shown)
    write_atomically(staging / MANIFEST, json.dumps(ready.manifest.raw, indent=1).encode())
    errors = load_deck(staging / DECK).errors
    if errors:
        raise Refusal(problem_words(errors, staging / DECK))
    try:
        if ready.manifest.setup:
            read_setup(staging)
    except SetupError as exc:
        raise Refusal(str(exc)) from None


def _prune(store: Path, keep: Collection[str]) -> None:
    """Versions no longer kept, and what an interrupted install left behind."""
    try:
        with os.scandir(store) as entries:
            gone = [Path(e.path) for e in entries if e.name not in keep
                    and (serial_of(e.name) is not None or e.name.startswith(INCOMING))]
    except OSError:
        return
    for folder in gone:
        if folder.is_symlink() or not folder.is_dir():
            folder.unlink(missing_ok=True)
        else:
            shutil.rmtree(folder, ignore_errors=True)
