"""A fleet of booths over one synced folder: each kiosk keeps a status file there beside its
batch files, and ``kiosk collect`` on the office computer merges every booth's messages (each
once, by id) and says which booth is unwell."""

from __future__ import annotations

import json
import logging
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kiosk.export import write_atomically
from kiosk.messages import Message

log = logging.getLogger(__name__)

STATUS_SUFFIX = ".status.json"
#: A booth not heard from for longer than this is marked in the fleet table.
QUIET_AFTER_S = 3600.0


def status_file(folder: Path, kiosk_id: str) -> Path:
    return folder / f"{kiosk_id}{STATUS_SUFFIX}"


def write_status(folder: Path, kiosk_id: str, facts: dict[str, Any]) -> bool:
    """Write the booth's status into ``folder`` atomically (never creating the folder: an
    unplugged stick must not become a folder on the kiosk's own disk). True if written."""
    if not folder.is_dir():
        return False
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        free = None
    data = {"kiosk_id": kiosk_id, "updated_at": _now(), "free_disk_bytes": free, **facts}
    try:
        write_atomically(status_file(folder, kiosk_id),
                         json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))
    except OSError as exc:
        log.warning("the status file in %s could not be written: %s", folder, exc)
        return False
    return True


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


@dataclass
class Collected:
    messages: list[Message] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)  # same id, different words
    unreadable: list[str] = field(default_factory=list)  # files or lines that could not be read
    last_seen: dict[str, str] = field(default_factory=dict)  # kiosk id -> newest time seen
    statuses: dict[str, dict[str, Any]] = field(default_factory=dict)


def collect(folder: Path) -> Collected:
    """Every message in every booth's batch files under ``folder``, each once by id (oldest
    first), and each booth's latest status."""
    found = Collected()
    by_id: dict[str, Message] = {}
    for file in sorted(folder.rglob("*.jsonl")):
        if file.name.startswith("."):
            continue  # a file still being written
        for number, line in enumerate(_lines(file, found), 1):
            message = _message(line)
            if message is None:
                found.unreadable.append(f"{file.name} line {number}")
                continue
            _seen(found, message.kiosk_id, message.created_at)
            kept = by_id.setdefault(message.id, message)
            if kept is not message and kept.as_dict() != message.as_dict():
                found.conflicts.append(f"{message.id} ({file.name} differs from an earlier "
                                       "copy; the earlier one is kept)")
    for file in sorted(folder.rglob(f"*{STATUS_SUFFIX}")):
        try:
            status = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            found.unreadable.append(file.name)
            continue
        kiosk = str(status.get("kiosk_id") or file.name[:-len(STATUS_SUFFIX)])
        found.statuses[kiosk] = status
        _seen(found, kiosk, str(status.get("updated_at") or ""))
    found.messages = sorted(by_id.values(), key=lambda m: (m.created_at, m.id))
    return found


def _lines(file: Path, found: Collected) -> Iterable[str]:
    try:
        return [line for line in file.read_text(encoding="utf-8").splitlines() if line.strip()]
    except (OSError, UnicodeDecodeError):
        found.unreadable.append(file.name)
        return []


def _message(line: str) -> Message | None:
    try:
        data = json.loads(line)
        return Message(id=str(data["id"]), created_at=str(data["created_at"]),
                       kiosk_id=str(data["kiosk_id"]), language=str(data.get("language", "")),
                       content_version=str(data.get("content_version", "")),
                       fields=dict(data.get("fields") or {}), sync_state="",
                       exported_at=None)
    except (ValueError, KeyError, TypeError):
        return None


def _seen(found: Collected, kiosk: str, when: str) -> None:
    if when and when > found.last_seen.get(kiosk, ""):
        found.last_seen[kiosk] = when


def fleet_table(found: Collected, now: datetime | None = None) -> list[str]:
    """One line a booth: last seen, waiting, refused, last problem; quiet booths marked."""
    now = now or datetime.now(UTC)
    lines = [f"{'booth':16} {'last seen':20} {'waiting':>8} {'refused':>8}  last problem"]
    for kiosk in sorted(found.last_seen):
        status = found.statuses.get(kiosk, {})
        seen = found.last_seen[kiosk]
        quiet = _age(seen, now)
        mark = f"  NOT SEEN FOR {quiet / 3600:.1f} h" if quiet > QUIET_AFTER_S else ""
        lines.append(f"{kiosk:16} {seen[:19]:20} {status.get('waiting', '-')!s:>8} "
                     f"{status.get('refused', '-')!s:>8}  "
                     f"{status.get('last_problem') or '-'}{mark}")
    return lines


def _age(iso: str, now: datetime) -> float:
    try:
        then = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return float("inf")
    return (now - then).total_seconds()
