"""A package's ``manifest.json``: what the office published (each file's path, size and
SHA-256, the deck's version, when, for which booths), signed with the fleet key. Written
last, so that a booth which sees it knows what must arrive. A booth reads it as anyone may
have written it: every path, size and field is checked before it is used. No Qt here."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.content import safe_read
from kiosk.content.install import MAX_DECK_BYTES, MAX_DECK_DEPTH, SETUP_FILE
from kiosk.messages.message import one_line
from kiosk.sync.fleet_key import SIG, verify
from kiosk.sync.fleet_status import moment

MANIFEST = "manifest.json"
KIND = "kiosk-package"
FORMAT = 1
#: The deck's own files sit in this folder of a package; the booth set-up beside it.
DECK = "deck"


@dataclass(frozen=True)
class Limits:
    """How much a package may hold: far above a deck of photos, far below a disaster."""

    manifest_bytes: int = 1 << 20
    file_bytes: int = 512 << 20  # one file
    total_bytes: int = MAX_DECK_BYTES  # all of them (2 GB, as on a stick)
    files: int = 5000
    depth: int = MAX_DECK_DEPTH  # folders inside the package
    path_chars: int = 400
    packages: int = 1000  # package folders a booth looks at, newest first


#: The limits in force (a test may pass others).
LIMITS = Limits()


class Refusal(Exception):
    """Why a package is not installed, in plain words."""


@dataclass(frozen=True)
class Entry:
    """One published file: its path inside the package (``deck/images/a.jpg``)."""

    path: str
    size: int
    sha256: str

    @property
    def shown(self) -> str:
        """The path as the person who made the deck knows it (``images/a.jpg``)."""
        return shown(self.path)


@dataclass(frozen=True)
class Manifest:
    serial: int
    version: str  # the deck's version
    published_at: str
    group: str | None  # None: every booth
    files: tuple[Entry, ...]
    setup: bool  # a booth set-up (``booth-setup.yaml``) is among the files
    raw: dict[str, Any] = field(repr=False)  # as signed

    @property
    def size(self) -> int:
        return sum(entry.size for entry in self.files)


def shown(path: str) -> str:
    return path[len(DECK) + 1:] if path.startswith(DECK + "/") else path


def label(serial: int) -> str:
    """What a package's signature is made over, beside its manifest."""
    return f"kiosk-package.{serial}"


def folder_name(serial: int, version: str) -> str:
    """``<serial>-<version>``, the version cut to letters, digits, dots and dashes."""
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", version).strip(".-")[:40]
    return f"{serial}-{slug or 'deck'}"


def serial_of(name: str) -> int | None:
    """The serial a package folder's name starts with."""
    found = re.fullmatch(r"([1-9][0-9]{0,11})(?:-.*)?", name, re.DOTALL)
    return int(found.group(1)) if found else None


def same_group(wanted: str | None, group: str) -> bool:
    return wanted is None or wanted.strip().casefold() == group.strip().casefold()


_WINDOWS_DEVICES = frozenset({"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)),
                              *(f"LPT{i}" for i in range(10))})
_BAD_CHARS = re.compile(r'[\x00-\x1f\x7f<>:"\\|?*]')


def unsafe_path(path: object, limits: Limits = LIMITS) -> str:
    """Why ``path`` may not name a file in a package ("" when it may): only relative paths of
    plain names, no "..", no hidden names, nothing a Windows booth would take for a device."""
    if not isinstance(path, str) or not path:
        return "a file without a name"
    if len(path) > limits.path_chars:
        return f"a path longer than {limits.path_chars} characters"
    parts = path.split("/")
    if path.startswith("/") or re.match(r"[A-Za-z]:", path):
        return f"{one_line(path, 80)} is not inside the package (a path from the top)"
    if ".." in parts:
        return f"{one_line(path, 80)} is not inside the package (it goes up with \"..\")"
    if len(parts) > limits.depth:
        return f"{one_line(path, 80)} is more than {limits.depth} folders deep"
    for part in parts:
        if not part or part == "." or part.startswith(".") or part.endswith((" ", ".")):
            return f"{one_line(path, 80)} is not a plain name (hidden, empty or dotted)"
        if _BAD_CHARS.search(part) or part.split(".")[0].upper() in _WINDOWS_DEVICES:
            return f"{one_line(path, 80)} has a name a booth cannot use safely"
    return ""


def read_raw(folder: Path, limits: Limits = LIMITS) -> dict[str, Any]:
    """The manifest of the package in ``folder`` as a JSON object; :class:`Refusal` when it
    cannot be read or is not one, FileNotFoundError when there is none (yet)."""
    try:
        data = safe_read.read_capped(folder / MANIFEST, limits.manifest_bytes,
                                     follow_links=False)
    except safe_read.Refused as exc:
        raise Refusal(exc.naming(MANIFEST)) from None
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise Refusal(f"{MANIFEST} cannot be read ({exc.strerror or exc})") from None
    try:
        raw = json.loads(data.decode("utf-8"))
    except (ValueError, RecursionError):
        raise Refusal(f"{MANIFEST} is damaged (not JSON)") from None
    if not isinstance(raw, dict):
        raise Refusal(f"{MANIFEST} is damaged (not a manifest)")
    return raw


def distrust(raw: dict[str, Any], key: bytes | None) -> str:
    """Why the manifest ``raw`` is not the office's ("" when it is signed with ``key``)."""
    if raw.get("kind") != KIND:
        return f"{MANIFEST} is not a package's"
    serial = raw.get("serial")
    if not isinstance(serial, int) or isinstance(serial, bool):
        return f"{MANIFEST} is damaged (no serial number)"
    if SIG not in raw:
        return "not signed"
    if key is None:
        return "this booth has no fleet key to check it with"
    if not verify(key, label(serial), raw):
        return "signed by another key"
    return ""


def parse(raw: dict[str, Any], serial: int, limits: Limits = LIMITS) -> Manifest:
    """The manifest of package ``serial`` (the number its folder's name starts with), every
    field checked; :class:`Refusal` in words. Its signature is checked by :func:`distrust`."""
    version = raw.get("format")
    if not isinstance(version, int) or isinstance(version, bool) or version > FORMAT:
        raise Refusal(f"made by a newer version of the kiosk (format {one_line(version, 20)}):"
                      " update this booth")
    if raw.get("serial") != serial:
        raise Refusal(f"its folder's name does not match its {MANIFEST} (renamed?)")
    deck_version, published, group = (raw.get("deck_version"), raw.get("published_at"),
                                      raw.get("group"))
    if not isinstance(deck_version, str) or moment(published) is None or not (
            group is None or (isinstance(group, str) and 0 < len(group) <= 100)):
        raise Refusal(f"{MANIFEST} is damaged (its version, time or group)")
    files = _entries(raw.get("files"), limits)
    setup = raw.get("setup")
    if setup not in (None, SETUP_FILE) or (setup and SETUP_FILE not in {e.path for e in files}):
        raise Refusal(f"{MANIFEST} is damaged (its booth set-up)")
    return Manifest(serial, one_line(deck_version, 80), str(published), group, files,
                    setup is not None, raw)


def _entries(listed: object, limits: Limits) -> tuple[Entry, ...]:
    if not isinstance(listed, list) or not listed:
        raise Refusal(f"{MANIFEST} is damaged (no list of files)")
    if len(listed) > limits.files:
        raise Refusal(f"it lists more than {limits.files:,} files: not a deck")
    entries, seen, total = [], set(), 0
    for item in listed:
        entry = _entry(item, limits)
        if entry.path.casefold() in seen:
            raise Refusal(f"{entry.shown} is listed twice")
        seen.add(entry.path.casefold())
        total += entry.size
        if total > limits.total_bytes:
            raise Refusal(f"its files hold more than {safe_read.amount(limits.total_bytes)}: "
                          "not a deck")
        entries.append(entry)
    if f"{DECK}/deck.yaml" not in seen:
        raise Refusal("it holds no deck.yaml")
    return tuple(entries)


def _entry(item: object, limits: Limits) -> Entry:
    if not isinstance(item, dict):
        raise Refusal(f"{MANIFEST} is damaged (a file that is not described)")
    path, size, digest = item.get("path"), item.get("size"), item.get("sha256")
    why = unsafe_path(path, limits)
    if why or not isinstance(path, str):
        raise Refusal(why)
    if not (path.startswith(DECK + "/") or path == SETUP_FILE):
        raise Refusal(f"{one_line(path, 80)} is neither in the deck nor the booth set-up")
    if not isinstance(size, int) or isinstance(size, bool) or size < 0:
        raise Refusal(f"{shown(path)} has no size")
    if size > limits.file_bytes:
        raise Refusal(f"{shown(path)} is larger than {safe_read.amount(limits.file_bytes)}")
    if not isinstance(digest, str) or not re.fullmatch(r"[0-9a-f]{64}", digest):
        raise Refusal(f"{shown(path)} has no fingerprint (SHA-256)")
    return Entry(path, size, digest)
