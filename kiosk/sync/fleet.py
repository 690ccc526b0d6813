"""A fleet of booths over one synced folder: each kiosk keeps a status file there beside its
batch files, and ``kiosk collect`` on the office computer merges every booth's messages (each
once, by id) and says which booth is unwell.

Anyone with access to the folder may write into it. With the fleet key (:mod:`fleet_key`)
each booth signs its batch lines and its status file, and ``collect`` keeps, for each id, the
copy the booth signed; every other copy with other words, and every copy not signed, is a
:class:`Conflict` that staff see, never silently dropped. Files are read as
:mod:`fleet_files` says (regular files only, a line at a time, within limits), and status
files are checked field by field (:mod:`fleet_status`)."""

from __future__ import annotations

import json
import logging
import os
import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kiosk.files import write_atomically
from kiosk.messages.message import Message
from kiosk.messages.message import one_line as clean
from kiosk.sync import fleet_files
from kiosk.sync.fleet_files import Limits, LineTrouble, Skip, read_lines, read_small, shown
from kiosk.sync.fleet_key import SIG, signed, status_label, verify
from kiosk.sync.fleet_status import checked

log = logging.getLogger(__name__)

BATCH_SUFFIX = ".jsonl"
STATUS_SUFFIX = ".status.json"
#: A booth not heard from for longer than this is marked in the fleet table.
QUIET_AFTER_S = 3600.0
#: A batch line with more fields than this, or a longer field name, is not a message.
MAX_FIELDS, MAX_NAME = 100, 200


def status_file(folder: Path, kiosk_id: str) -> Path:
    return folder / f"{kiosk_id}{STATUS_SUFFIX}"


def write_status(folder: Path, kiosk_id: str, facts: dict[str, Any],
                 key: bytes | None = None) -> bool:
    """Write the booth's status into ``folder`` atomically, signed with the fleet ``key``
    when there is one (never creating the folder: an unplugged stick must not become a
    folder on the kiosk's own disk). True if written."""
    if not folder.is_dir():
        return False
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        free = None
    data = {"kiosk_id": kiosk_id, "updated_at": _now(), "free_disk_bytes": free, **facts}
    try:
        plain = json.loads(json.dumps(data, ensure_ascii=False))  # as the office reads it
        text = json.dumps(signed(key, status_label(kiosk_id), plain), ensure_ascii=False,
                          indent=1)
        write_atomically(status_file(folder, kiosk_id), text.encode("utf-8"))
    except OSError as exc:
        log.warning("the status file in %s could not be written: %s", folder, exc)
        return False
    return True


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


@dataclass(frozen=True)
class Conflict:
    """A copy of a message that is not the one kept: other words, or not signed."""

    message: Message
    why: str
    where: str  # file and line

    def __str__(self) -> str:
        return f"{clean(self.message.id, 60)} in {clean(self.where)}: {clean(self.why)}"


@dataclass
class Collected:
    messages: list[Message] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)  # lines or files that are not ours
    skipped: list[str] = field(default_factory=list)  # files not read, and why
    last_seen: dict[str, str] = field(default_factory=dict)  # kiosk id -> newest time seen
    statuses: dict[str, dict[str, Any]] = field(default_factory=dict)  # checked fields
    status_notes: dict[str, str] = field(default_factory=dict)  # kiosk id -> why not trusted
    checked: bool = False  # a fleet key checked the signatures
    signatures_unchecked: int = 0  # signed lines read without the key
    conflicts_unlisted: int = 0  # conflicting copies past what is held to be listed


class _Merge:
    """Each id once: the first copy signed with the key (or, without a key, the first
    copy); every copy with other words and every unsigned or forged one is a conflict."""

    def __init__(self, key: bytes | None, room: int) -> None:
        self.key = key
        self.kept: dict[str, tuple[Message, str]] = {}
        self.doubtful: list[tuple[Message, str, str]] = []
        self.conflicts: list[Conflict] = []
        self.room = room  # bytes of conflicting lines still held to be listed
        self.unlisted = 0  # conflicting copies past that: counted, not held

    def add(self, raw: dict[str, Any], message: Message, where: str, size: int) -> None:
        if self.key is not None and not verify(self.key, message.id, raw):
            why = ("its signature does not match the fleet key (changed or forged)"
                   if SIG in raw else "not signed with the fleet key")
            if self._hold(size):
                self.doubtful.append((message, where, why))
            return
        kept = self.kept.setdefault(message.id, (message, where))
        if kept[0] is not message and kept[0].as_dict() != message.as_dict():
            how = "signed too" if self.key else "the copy found first is kept"
            if self._hold(size):
                self.conflicts.append(Conflict(message, f"other words than the copy in "
                                               f"{kept[1]} ({how})", where))

    def _hold(self, size: int) -> bool:
        """Whether a conflicting copy is held to be listed: a folder full of forged lines
        must not fill the office computer's memory."""
        if size > self.room:
            self.room = 0
            self.unlisted += 1
            return False
        self.room -= size
        return True

    def finish(self) -> tuple[list[Message], list[Conflict]]:
        for message, where, why in self.doubtful:
            kept = self.kept.get(message.id)
            if kept is not None and kept[0].as_dict() == message.as_dict():
                continue  # the very words the booth signed: nothing changed
            self.conflicts.append(Conflict(message, why + (
                f"; the signed copy in {kept[1]} is kept" if kept else
                "; no signed copy was found, so it is not among the messages"), where))
        seen: set[str] = set()
        conflicts = []
        for conflict in self.conflicts:  # a copy of a copy is listed once
            same = json.dumps(conflict.message.as_dict(), sort_keys=True, default=str)
            if same not in seen:
                seen.add(same)
                conflicts.append(conflict)
        messages = sorted((m for m, _ in self.kept.values()), key=lambda m: (m.created_at, m.id))
        return messages, conflicts


def collect(folder: Path, key: bytes | None = None, limits: Limits | None = None) -> Collected:
    """Every message in every booth's batch files under ``folder``, each once by id (oldest
    first), and each booth's latest status; with ``key``, only what the booths signed."""
    limits = limits or fleet_files.LIMITS
    found = Collected(checked=key is not None)
    listing = fleet_files.listing(folder, (BATCH_SUFFIX, STATUS_SUFFIX), limits.depth)
    found.skipped += [f"{clean(where)}: {why}" for where, why in listing.skipped]
    merge, budget = _Merge(key, limits.conflict_bytes), limits.total_bytes
    for file in listing.files:
        if file.name.endswith(STATUS_SUFFIX):
            _read_status(folder, file, limits, found, key)
            continue
        # Without the key every first copy is kept, so what is read is what is held: bounded.
        # With it only signed lines are kept (no one without the key can add one) and the
        # rest is held up to limits.conflict_bytes: every file is read, so that no amount of
        # forged files can push a booth's own out of the merge.
        budget -= _size(file) if key is None else 0
        if budget < 0:
            found.skipped.append(f"{clean(shown(folder, file))}: not read: the batch files "
                                 f"read before it hold {limits.total_bytes:,} bytes, the most "
                                 "one collect reads")
            continue
        _read_batch(folder, file, limits, found, merge)
    found.messages, found.conflicts = merge.finish()
    found.conflicts_unlisted = merge.unlisted
    for message in found.messages:
        _seen(found, message.kiosk_id, message.created_at)
    for kiosk, status in found.statuses.items():
        if not found.status_notes.get(kiosk):
            _seen(found, kiosk, status["updated_at"] or "")
    return found


def _read_batch(folder: Path, file: Path, limits: Limits, found: Collected,
                merge: _Merge) -> None:
    name, trouble, bad = clean(shown(folder, file)), LineTrouble(), []
    try:
        for number, line in read_lines(file, limits, trouble):
            raw = _json(line)
            message = _message(raw) if isinstance(raw, dict) else None
            if message is None or not isinstance(raw, dict):
                bad.append(number)
                continue
            found.signatures_unchecked += merge.key is None and SIG in raw
            merge.add(raw, message, f"{name} line {number}", len(line))
    except Skip as exc:
        found.skipped.append(f"{name}: {exc}")
        return
    except OSError as exc:
        found.skipped.append(f"{name}: could not be read ({exc.strerror or exc})")
    if bad:
        found.unreadable.append(f"{name}: {_numbers(bad)} not a message")
    if trouble.too_long:
        found.skipped.append(f"{name}: {_numbers(trouble.too_long)} longer than "
                             f"{limits.line_bytes:,} bytes (not read)")
    if trouble.cut_short:
        found.skipped.append(f"{name}: grew past {limits.file_bytes:,} bytes while "
                             "read (the rest not read)")


def _size(file: Path) -> int:
    """A batch file's size as listed (a file that grows is cut at its own cap when read)."""
    try:
        return os.lstat(file).st_size
    except OSError:
        return 0


def _numbers(lines: list[int]) -> str:
    listed = ", ".join(str(n) for n in lines[:10])
    more = f" and {len(lines) - 10} more" if len(lines) > 10 else ""
    return f"line{'s' if len(lines) > 1 else ''} {listed}{more}"


def _json(data: bytes) -> object:
    try:
        return json.loads(data.decode("utf-8"))
    except (ValueError, RecursionError):  # not UTF-8, not JSON, or nested beyond reason
        return None


def _message(data: dict[str, Any]) -> Message | None:
    """A batch line as a message, if it is one: the texts are texts, the fields a map of
    a sane number of named values."""
    ident, created, kiosk = data.get("id"), data.get("created_at"), data.get("kiosk_id")
    language, version = data.get("language", ""), data.get("content_version", "")
    fields = data.get("fields") or {}
    if not (isinstance(ident, str) and ident and isinstance(created, str) and created
            and isinstance(kiosk, str) and kiosk and isinstance(language, str)
            and isinstance(version, str) and isinstance(fields, dict)
            and len(fields) <= MAX_FIELDS and max(map(len, fields), default=0) <= MAX_NAME):
        return None
    return Message(id=ident, created_at=created, kiosk_id=kiosk, language=language,
                   content_version=version, fields=fields, sync_state="", exported_at=None)


def _read_status(folder: Path, file: Path, limits: Limits, found: Collected,
                 key: bytes | None) -> None:
    name = clean(shown(folder, file))
    try:
        raw = _json(read_small(file, limits.status_bytes))
    except Skip as exc:
        found.skipped.append(f"{name}: {exc}")
        return
    except OSError as exc:
        found.skipped.append(f"{name}: could not be read ({exc.strerror or exc})")
        return
    if not isinstance(raw, dict):
        found.unreadable.append(f"{name}: not a status file")
        return
    status = checked(raw, file.name[:-len(STATUS_SUFFIX)])
    note = ""
    if key is not None and not verify(key, status_label(str(raw.get("kiosk_id"))), raw):
        note = ("STATUS FILE FORGED? (its signature does not match)" if SIG in raw
                else "STATUS FILE NOT SIGNED")
    kiosk = status["kiosk_id"]
    if kiosk in found.statuses:  # two files speak for one booth: the trusted, newest one
        old = (not found.status_notes[kiosk], found.statuses[kiosk]["updated_at"] or "")
        if (not note, status["updated_at"] or "") <= old:
            return
    found.statuses[kiosk], found.status_notes[kiosk] = status, note


def _seen(found: Collected, kiosk: str, when: str) -> None:
    if when and when > found.last_seen.get(kiosk, ""):
        found.last_seen[kiosk] = when


def fleet_table(found: Collected, now: datetime | None = None) -> list[str]:
    """One line a booth: last seen, waiting, refused, last problem; quiet booths marked, and
    (with the fleet key) a status file the booth did not sign. Every word is plain text."""
    now = now or datetime.now(UTC)
    lines = [f"{'booth':16} {'last seen':20} {'waiting':>8} {'refused':>8}  last problem"]
    for kiosk in sorted(set(found.last_seen) | set(found.statuses)):
        status = found.statuses.get(kiosk, {})
        seen = found.last_seen.get(kiosk, "")
        quiet = _age(seen, now)
        mark = ("" if quiet <= QUIET_AFTER_S else "  NOT SEEN" if quiet == float("inf")
                else f"  NOT SEEN FOR {quiet / 3600:.1f} h")
        note = found.status_notes.get(kiosk)
        mark += f"  {note}" if note else ""
        lines.append(f"{clean(kiosk, 60):16} {clean(seen[:19]) or '-':20} "
                     f"{_cell(status.get('waiting')):>8} {_cell(status.get('refused')):>8}  "
                     f"{clean(status.get('last_problem') or '-', 160)}{mark}")
    return lines


def _cell(value: object) -> str:
    return "-" if value is None else clean(value, 12)


def _age(iso: str, now: datetime) -> float:
    try:
        then = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return float("inf")
    if then.tzinfo is None:
        then = then.replace(tzinfo=UTC)
    return (now - then).total_seconds()
