"""What happens to the message database as a file: keeping it private, waiting for another
process's lock, opening it read-only, copying it off a read-only disk, setting a damaged one
aside. No Qt."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


#: The staff panel's "Kiosk folder" for exports, inside the data folder.
EXPORTS_FOLDER = "exports"


def _chmod(path: Path, mode: int) -> None:
    try:
        os.chmod(path, mode)
    except FileNotFoundError:
        pass
    except OSError as exc:  # a FAT disk, a folder another account owns: go on regardless
        log.warning("could not make %s readable by this account only: %s", path, exc)


def keep_private(folder: Path, database: Path, exports: bool = False) -> None:
    """Visitors' names, addresses and words are for this account only: ``folder`` and its
    exports folder 0700 (made when ``exports``), ``database`` and its -wal and -shm 0600,
    whatever an older version or the umask left. SQLite gives a later -wal or -shm the
    database's own mode. On Windows this only keeps the files writable."""
    _chmod(folder, 0o700)
    if exports:
        with contextlib.suppress(OSError):  # the panel says so if an export cannot go there
            (folder / EXPORTS_FOLDER).mkdir(mode=0o700, exist_ok=True)
    _chmod(folder / EXPORTS_FOLDER, 0o700)
    for suffix in ("", "-wal", "-shm"):
        _chmod(Path(f"{database}{suffix}"), 0o600)


def retry_while_locked(action: Callable[[], Any], seconds: float = 10.0) -> Any:
    """Run ``action``, again and again while another process holds the database's lock."""
    deadline = time.monotonic() + seconds
    pause = 0.01
    while True:
        try:
            return action()
        except sqlite3.OperationalError as exc:
            text = str(exc).lower()
            if ("locked" not in text and "busy" not in text) or time.monotonic() > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.25)


def connect_read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=10,
                           isolation_level=None, check_same_thread=False)


def copy_out(path: Path) -> tuple[tempfile.TemporaryDirectory[str], Path]:
    """A copy of the database (and its log) in a temporary folder, for a read-only disk."""
    folder = tempfile.TemporaryDirectory(prefix="kiosk-export-")
    target = Path(folder.name) / path.name
    for suffix in ("", "-wal"):
        source = Path(str(path) + suffix)
        if source.exists():
            shutil.copyfile(source, Path(str(target) + suffix))
    return folder, target


def looks_corrupt(exc: sqlite3.Error) -> bool:
    text = str(exc).lower()
    return "malformed" in text or "not a database" in text or "corrupt" in text


def move_aside(path: Path, reason: Exception) -> Path:
    """Rename a damaged database (and its log) to a name no earlier one has; never delete."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.stem}.damaged-{stamp}{path.suffix}")
    number = 1
    while any(Path(str(target) + s).exists() for s in ("", "-wal", "-shm")):
        number += 1  # never over an earlier one, even within the same second
        target = path.with_name(f"{path.stem}.damaged-{stamp}-{number}{path.suffix}")
    for suffix in ("", "-wal", "-shm"):
        source = Path(str(path) + suffix)
        if source.exists():
            shutil.move(source, Path(str(target) + suffix))
    log.error("message database %s is damaged (%s): moved to %s, a new one started",
              path, reason, target)
    return target


def salvage_into(db: sqlite3.Connection, damaged_file: Path,
                 open_reader: Callable[[], Any]) -> int:
    """Copy every message that can still be read from a damaged file (through the read-only
    store ``open_reader()`` returns) into the new database ``db``; returns how many."""
    try:
        reader = open_reader()
    except Exception as exc:  # nothing readable at all: the new database starts empty
        log.error("could not read %s: %s", damaged_file, exc)
        return 0
    saved = 0
    try:
        rows = [(m.id, m.created_at, m.kiosk_id, m.language, m.content_version,
                 json.dumps(m.fields, ensure_ascii=False), m.sync_state, m.exported_at)
                for m in reader.iter_messages()]
        db.execute("BEGIN IMMEDIATE")
        db.executemany("INSERT OR IGNORE INTO messages (id, created_at, kiosk_id, language,"
                       " content_version, fields, sync_state, exported_at) VALUES"
                       " (?, ?, ?, ?, ?, ?, ?, ?)", rows)
        db.execute("COMMIT")
        saved = len(rows)
    except sqlite3.Error as exc:
        log.error("could not copy messages out of %s: %s", damaged_file, exc)
        with contextlib.suppress(sqlite3.Error):
            db.execute("ROLLBACK")
    finally:
        reader.close()
    log.warning("%d message(s) copied out of the damaged %s", saved, damaged_file.name)
    return saved
