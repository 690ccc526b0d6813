"""`kiosk collect FOLDER`: the office's view of a fleet of booths. The messages go to one
file; copies that conflict with them (other words, or not signed with the fleet key) go to a
second file beside it, ``<name>-conflicts.<format>``, for staff to look at; files that could
not be read are named, one line each. Everything printed is plain text."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

from kiosk.files import write_atomically
from kiosk.messages.export import FORMATS, export
from kiosk.sync.fleet import Collected, collect, fleet_table
from kiosk.sync.fleet_key import read_key_file

#: The columns a conflicting copy's file adds before the message's own fields.
WHY, WHERE = "conflict: why", "conflict: found in"
#: Conflicts printed one by one; the rest are only in the conflicts file.
PRINTED = 20


def conflicts_path(target: Path) -> Path:
    """Where the copies that conflict go: beside the messages file, named after it."""
    return target.with_name(f"{target.stem}-conflicts{target.suffix}")


def key_from_file(key_file: str) -> bytes:
    """The fleet key in ``key_file``; ValueError saying, in words, why it cannot be used."""
    try:
        return read_key_file(Path(key_file))
    except (OSError, ValueError) as exc:
        why = exc.strerror if isinstance(exc, OSError) else exc
        raise ValueError(f"the fleet key file {key_file}: {why or exc}") from None


def collect_command(folder: Path, out: str | None, fmt: str, report: str | None = None,
                    key_file: str | None = None) -> int:
    """Merge, write, and print the fleet table (and write the fleet report). The files are
    written whole each time, sorted, so running it twice over the same folder writes the
    same files. 0 when all is well, 1 when something needs a look (the files are written),
    2 when nothing could be done."""
    if not folder.is_dir():
        print(f"{folder} is not a folder (is the shared folder synced here?)", file=sys.stderr)
        return 2
    try:
        key = key_from_file(key_file) if key_file else None
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    found = collect(folder, key)
    target = Path(out) if out else Path.cwd() / f"all-messages{FORMATS[fmt].suffix}"
    try:
        count = export(found.messages, target, fmt)
        conflicts_at = _write_conflicts(found, target, fmt)
    except OSError as exc:
        print(f"{exc.filename or target} could not be written: {exc.strerror or exc}",
              file=sys.stderr)
        return 1
    booths = len(found.last_seen)
    print(f"{count} message(s) from {booths} booth(s) written to {target}")
    print(_trust(found))
    for line in fleet_table(found):
        print(line)
    if report and not _write_report(found, Path(report)):
        return 1
    _tell_problems(found, conflicts_at)
    doubtful = any(found.status_notes.values())  # a status file the fleet key did not sign
    return 1 if (found.conflicts or found.conflicts_unlisted or found.skipped
                 or found.unreadable or doubtful) else 0


def _trust(found: Collected) -> str:
    if found.checked:
        return "Checked with the fleet key: every message written was signed by a booth."
    signed = (" Its batch files carry signatures: give the fleet key (--key-file) to check "
              "them." if found.signatures_unchecked else "")
    return ("The folder was not checked (no fleet key given): anyone who can write to it "
            "could have changed these messages." + signed)


def _write_conflicts(found: Collected, target: Path, fmt: str) -> Path | None:
    """The conflicting copies, in the messages file's format, each with why and where."""
    path = conflicts_path(target)
    if not found.conflicts:
        path.unlink(missing_ok=True)  # an earlier run's list: out of date now
        return None
    rows = [replace(c.message, fields={**c.message.fields, WHY: c.why, WHERE: c.where})
            for c in found.conflicts]
    export(rows, path, fmt, [WHY, WHERE])
    return path


def _write_report(found: Collected, report: Path) -> bool:
    """The booths' figures; with the fleet key, only from status files the booths signed."""
    from kiosk.analytics.fleet_report import render_fleet

    trusted = {k: s for k, s in found.statuses.items() if not found.status_notes.get(k)}
    try:
        write_atomically(report, render_fleet(trusted).encode("utf-8"))
    except OSError as exc:
        print(f"{report} could not be written: {exc.strerror or exc}", file=sys.stderr)
        return False
    print(f"the booths' figures written to {report}")
    if len(trusted) < len(found.statuses):
        print(f"{len(found.statuses) - len(trusted)} status file(s) not signed with the "
              "fleet key are left out of the report")
    return True


def _tell_problems(found: Collected, conflicts_at: Path | None) -> None:
    if conflicts_at is not None:
        print(f"{len(found.conflicts)} copy(ies) conflict with the messages kept (other "
              f"words, or not signed): written to {conflicts_at}, not to the messages file. "
              "Look at them before trusting them.", file=sys.stderr)
    for conflict in found.conflicts[:PRINTED]:
        print(f"conflict: {conflict}", file=sys.stderr)
    if len(found.conflicts) > PRINTED:
        print(f"conflict: ... and {len(found.conflicts) - PRINTED} more in {conflicts_at}",
              file=sys.stderr)
    if found.conflicts_unlisted:
        print(f"conflict: {found.conflicts_unlisted} more conflicting copies are not listed "
              "(the list holds what fits in memory): the folder holds far more than booths "
              "write; look at who can write to it", file=sys.stderr)
    for line in found.skipped:
        print(f"skipped: {line}", file=sys.stderr)
    for line in found.unreadable:
        print(f"could not read: {line}", file=sys.stderr)
