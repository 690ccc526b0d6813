"""The booth's side of a package: which one is meant for this booth, and whether it may be
installed: Ready, Waiting (its files are still arriving: a half-synced package is never
installed) or Refused (why, in plain words). Nothing in the fleet folder is trusted: the
manifest must be signed with the fleet key, every path is checked, every file must be a
regular file of the size and SHA-256 published, and the deck must validate. No Qt here."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.content.loader import load_deck
from kiosk.content.problems import Problem
from kiosk.fleet.files import look_at, pour
from kiosk.fleet.layout import PACKAGES
from kiosk.fleet.manifest import (
    DECK,
    LIMITS,
    Limits,
    Manifest,
    Refusal,
    distrust,
    parse,
    read_raw,
    same_group,
    serial_of,
)
from kiosk.messages.message import one_line
from kiosk.setup.booth_setup import read_setup
from kiosk.setup.carried import SetupError
from kiosk.sync.fleet_files import Skip

#: Fingerprints already taken, by (path, size, modification time, inode): a booth that
#: looks every few seconds does not read a large deck again while it has not changed.
Hashes = dict[tuple[str, int, int, int], str]
#: Newer packages that are not the office's, held to be named in the booth's status.
PASSED_OVER = 10


@dataclass(frozen=True)
class Package:
    """A package folder as found: its manifest as read (None when it could not be read,
    and ``problem`` says why). Nothing in it is trusted until :func:`check` says Ready."""

    folder: Path
    serial: int  # from the folder's name
    raw: dict[str, Any] | None = field(repr=False)
    problem: str = ""

    @property
    def name(self) -> str:
        return self.folder.name

    @property
    def version(self) -> str:
        version = (self.raw or {}).get("deck_version")
        return one_line(version, 80) if isinstance(version, str) else ""

    def is_for(self, kiosk_id: str, group: str) -> bool:
        """Whether the manifest says it is for this booth: every booth, its group, or the
        booth by its own id (a manifest that cannot be read might be: it is checked)."""
        wanted = (self.raw or {}).get("group")
        if not isinstance(wanted, str):
            return True
        return same_group(wanted, group) or same_group(wanted, kiosk_id)

    def __str__(self) -> str:
        version = f" (version {self.version})" if self.version else ""
        return f"package {self.serial}{version}"


@dataclass(frozen=True)
class Ready:
    package: Package
    manifest: Manifest

    def __str__(self) -> str:
        return f"{self.package} is ready"


@dataclass(frozen=True)
class Waiting:
    package: Package
    arrived: int  # files whole
    total: int
    missing: tuple[str, ...]  # not there yet, or not yet their full size

    def __str__(self) -> str:
        names = ", ".join(one_line(n, 80) for n in self.missing[:3])
        more = f" and {len(self.missing) - 3} more" if len(self.missing) > 3 else ""
        return (f"{self.package} is arriving: {self.arrived} of {self.total} files "
                f"(waiting for {names}{more})")


@dataclass(frozen=True)
class Refused:
    package: Package
    reason: str

    def __str__(self) -> str:
        return f"{self.package} refused: {self.reason}"


Checked = Ready | Waiting | Refused


def package_folders(fleet: Path, limits: Limits = LIMITS) -> list[tuple[int, Path]]:
    """The package folders in ``fleet`` (serial, folder), newest first (at most
    ``limits.packages``); links and files are passed over."""
    found: list[tuple[int, Path]] = []
    try:
        with os.scandir(Path(fleet) / PACKAGES) as entries:
            for entry in entries:
                serial = serial_of(entry.name)
                if serial is not None and entry.is_dir(follow_symlinks=False):
                    found.append((serial, Path(entry.path)))
    except OSError:
        return []
    found.sort(key=lambda pair: (pair[0], pair[1].name), reverse=True)
    return found[:limits.packages]


def open_package(folder: Path, serial: int, limits: Limits = LIMITS) -> Package | None:
    """The package in ``folder``; None while its manifest has not arrived."""
    try:
        return Package(folder, serial, read_raw(folder, limits))
    except FileNotFoundError:
        return None
    except Refusal as exc:
        return Package(folder, serial, None, str(exc))


def _newer(fleet: Path, after: int, limits: Limits) -> Iterator[Package]:
    for serial, folder in package_folders(fleet, limits):
        if serial <= after:
            return
        package = open_package(folder, serial, limits)
        if package is not None:
            yield package


def _distrust(package: Package, key: bytes | None) -> str:
    return package.problem or distrust(package.raw or {}, key)


def newest_for(fleet: Path, kiosk_id: str, group: str, key: bytes | None = None,
               after: int = 0, limits: Limits = LIMITS) -> Package | None:
    """The highest-serial package above ``after`` meant for this booth. With ``key``,
    packages whose manifest is not signed with it are passed over (they are not the
    office's, and must not hide one that is)."""
    for package in _newer(fleet, after, limits):
        if key is not None and _distrust(package, key):
            continue
        if package.is_for(kiosk_id, group):
            return package
    return None


@dataclass(frozen=True)
class Look:
    """What a booth found: the newest of the office's packages for it above what it plays
    (checked), and the newer packages that are not the office's, with why."""

    checked: Checked | None
    passed_over: tuple[Refused, ...] = field(default=())

    @property
    def note(self) -> str:
        """One line for the booth's status file ("" when there is nothing to say)."""
        said = [str(r) for r in self.passed_over[:3]]
        if self.checked is not None and not isinstance(self.checked, Ready):
            said.insert(0, str(self.checked))
        return "; ".join(said)


def look(fleet: Path, kiosk_id: str, group: str, key: bytes | None, after: int = 0,
         limits: Limits = LIMITS, hashes: Hashes | None = None) -> Look:
    """What the booth ``kiosk_id`` (of ``group``), playing package ``after``, should do."""
    passed: list[Refused] = []
    for package in _newer(fleet, after, limits):
        why = _distrust(package, key)
        if why:
            if len(passed) < PASSED_OVER:  # (a folder full of forged ones is not all held)
                passed.append(Refused(package, why))
        elif package.is_for(kiosk_id, group):
            return Look(check(package, key, limits, hashes), tuple(passed))
    return Look(None, tuple(passed))


def check(package: Package, key: bytes | None, limits: Limits = LIMITS,
          hashes: Hashes | None = None) -> Checked:
    """Whether ``package`` may be installed on a booth with the fleet ``key``."""
    why = _distrust(package, key)
    if why:
        return Refused(package, why)
    try:
        manifest = parse(package.raw or {}, package.serial, limits)
        waiting = _arrived(package, manifest)
        if waiting is not None:
            return waiting
        _fingerprints(package, manifest, {} if hashes is None else hashes)
        _validate(package.folder, manifest)
    except Refusal as exc:
        return Refused(package, str(exc))
    return Ready(package, manifest)


def _arrived(package: Package, manifest: Manifest) -> Waiting | None:
    """Waiting while a file is missing or shorter than published (still being written);
    a file longer than published is not the one published."""
    folders: set[str] = set()
    missing = []
    for entry in manifest.files:
        facts = look_at(package.folder, entry.path, folders)
        if facts is None or facts.st_size < entry.size:
            missing.append(entry.shown)
        elif facts.st_size > entry.size:
            raise Refusal(f"{entry.shown} is not the file that was published (larger)")
    if not missing:
        return None
    total = len(manifest.files)
    return Waiting(package, total - len(missing), total, tuple(missing))


def _fingerprints(package: Package, manifest: Manifest, hashes: Hashes) -> None:
    for entry in manifest.files:
        path = package.folder / entry.path
        try:
            facts = os.lstat(path)
            known = (str(path), facts.st_size, facts.st_mtime_ns, facts.st_ino)
            if known not in hashes:
                hashes[known] = pour(path, None, entry.size)[1]
        except (Skip, OSError):
            raise Refusal(f"{entry.shown} is not the file that was published") from None
        if hashes[known] != entry.sha256:
            raise Refusal(f"{entry.shown} is not the file that was published")


def _validate(folder: Path, manifest: Manifest) -> None:
    """The package's deck validates, and its set-up (if any) is one."""
    errors = load_deck(folder / DECK).errors
    if errors:
        raise Refusal(problem_words(errors, folder / DECK))
    if manifest.setup:
        try:
            read_setup(folder)
        except SetupError as exc:
            raise Refusal(str(exc)) from None


def problem_words(errors: list[Problem], deck: Path) -> str:
    """The first of a deck's errors as a person reads it: ``deck.yaml line 6: ...``."""
    first = errors[0]
    try:
        name = Path(os.path.abspath(first.path)).relative_to(os.path.abspath(deck)).as_posix()
    except ValueError:
        name = Path(first.path).name
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return f"{name} line {first.line}: {first.message}{more}"
