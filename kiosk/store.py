"""The visitors' messages: one SQLite file, each message durable before anyone says thanks.

The one door to the messages, used by the form, by exports and by sync. No Qt here.
"""

from __future__ import annotations

import json
import logging
import shutil
import sqlite3
import threading
import unicodedata
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

DB_FILE = "messages.sqlite3"
#: Longest text the store keeps in any one field, whatever the form says.
HARD_LIMIT = 10_000

_MIGRATIONS = [
    # 1: the messages and their sync state
    """
    CREATE TABLE messages (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        kiosk_id TEXT NOT NULL,
        language TEXT NOT NULL,
        content_version TEXT NOT NULL,
        fields TEXT NOT NULL,
        sync_state TEXT NOT NULL DEFAULT 'pending',
        exported_at TEXT
    );
    CREATE INDEX messages_sync ON messages (sync_state);
    """,
]


class StoreError(Exception):
    """The message could not be saved (disk full, read-only, locked, damaged). Nothing the
    visitor typed is lost: the caller still holds it."""


class MessageRejected(ValueError):
    """The message itself is not acceptable (empty, too long)."""


@dataclass(frozen=True)
class Message:
    id: str
    created_at: str
    kiosk_id: str
    language: str
    content_version: str
    fields: dict[str, Any]
    sync_state: str
    exported_at: str | None

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "created_at": self.created_at, "kiosk_id": self.kiosk_id,
                "language": self.language, "content_version": self.content_version,
                "fields": self.fields}


def clean_text(text: str) -> str:
    """Text exactly as typed, less control characters (new lines stay; CR LF becomes LF)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(ch for ch in text if ch == "\n" or unicodedata.category(ch) != "Cc")


def clean_fields(fields: Mapping[str, Any], limits: Mapping[str, int] | None = None,
                 required: tuple[str, ...] = ("message",)) -> dict[str, Any]:
    """The fields as the store keeps them; raises MessageRejected for what it will not keep."""
    out: dict[str, Any] = {}
    for key, value in fields.items():
        if isinstance(value, bool) or value is None:
            out[key] = value
            continue
        if not isinstance(value, str):
            raise MessageRejected(f"'{key}' must be text")
        text = clean_text(value)
        limit = min((limits or {}).get(key, HARD_LIMIT), HARD_LIMIT)
        if len(text) > limit:
            raise MessageRejected(f"'{key}' is longer than {limit} characters")
        out[key] = text
    for key in required:
        value = out.get(key)
        if not isinstance(value, str) or not value.strip():
            raise MessageRejected(f"'{key}' is empty")
    return out


class MessageStore:
    """``MessageStore(data_dir).add({...})`` returns the new message's id once it is durable."""

    def __init__(self, data_dir: Path, kiosk_id: str = "kiosk") -> None:
        self.data_dir = Path(data_dir)
        self.path = self.data_dir / DB_FILE
        self.kiosk_id = kiosk_id
        self.problems: list[str] = []  # what staff should know (a database moved aside, ...)
        self._lock = threading.Lock()  # one connection, used from one thread at a time
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create the data folder {self.data_dir}: {exc}") from exc
        self._db = self._open()

    # ---------------------------------------------------------------- opening
    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=10, isolation_level=None,
                             check_same_thread=False)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        db.execute("PRAGMA busy_timeout=10000")
        return db

    def _open(self) -> sqlite3.Connection:
        try:
            db = self._connect()
            if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise sqlite3.DatabaseError("quick_check failed")
            self._migrate(db)
            return db
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.OperationalError) and not self._looks_corrupt(exc):
                raise StoreError(f"cannot open {self.path}: {exc}") from exc
            moved = self._move_aside(exc)
            db = self._connect()
            self._migrate(db)
            self.problems.append(f"the message database was damaged; it was moved to "
                                 f"{moved.name} and a new one started")
            return db

    @staticmethod
    def _looks_corrupt(exc: sqlite3.Error) -> bool:
        text = str(exc).lower()
        return "malformed" in text or "not a database" in text or "corrupt" in text

    def _move_aside(self, reason: Exception) -> Path:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        target = self.path.with_name(f"{self.path.stem}.damaged-{stamp}{self.path.suffix}")
        for suffix in ("", "-wal", "-shm"):
            source = Path(str(self.path) + suffix)
            if source.exists():
                shutil.move(source, Path(str(target) + suffix))
        log.error("message database %s is damaged (%s): moved to %s, a new one started",
                  self.path, reason, target)
        return target

    @staticmethod
    def _migrate(db: sqlite3.Connection) -> None:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        for number, script in enumerate(_MIGRATIONS[version:], version + 1):
            db.execute("BEGIN IMMEDIATE")
            try:
                for statement in script.split(";"):
                    if statement.strip():
                        db.execute(statement)
                db.execute(f"PRAGMA user_version={number}")
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise

    def close(self) -> None:
        self._db.close()

    # ---------------------------------------------------------------- writing
    def add(self, fields: Mapping[str, Any], language: str = "en", content_version: str = "",
            limits: Mapping[str, int] | None = None,
            required: tuple[str, ...] = ("message",)) -> str:
        """Save one message; returns its id only once it is on disk for good."""
        clean = clean_fields(fields, limits, required)
        message_id = str(uuid.uuid4())
        created = datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
        try:
            with self._lock:
                self._insert(message_id, created, language, content_version, clean)
        except sqlite3.Error as exc:
            log.error("could not save a message: %s", exc)
            raise StoreError(str(exc)) from exc
        return message_id

    def _insert(self, message_id: str, created: str, language: str, content_version: str,
                clean: dict[str, Any]) -> None:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            self._db.execute(
                "INSERT INTO messages (id, created_at, kiosk_id, language, content_version,"
                " fields) VALUES (?, ?, ?, ?, ?, ?)",
                (message_id, created, self.kiosk_id, language, content_version,
                 json.dumps(clean, ensure_ascii=False)))
            self._db.execute("COMMIT")
        except BaseException:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            raise

    # ---------------------------------------------------------------- reading
    def count(self, sync_state: str | None = None) -> int:
        where, args = ("", ()) if sync_state is None else (" WHERE sync_state = ?",
                                                           (sync_state,))
        with self._lock:
            return self._db.execute("SELECT COUNT(*) FROM messages" + where, args).fetchone()[0]

    def messages(self, since: str | None = None) -> list[Message]:
        """Every message, oldest first (``since``: created at or after this ISO time)."""
        if since:
            return self._select(" WHERE created_at >= ?", (since,))
        return self._select("", ())

    def get(self, message_id: str) -> Message | None:
        found = self._select(" WHERE id = ?", (message_id,))
        return found[0] if found else None

    def _select(self, where: str, args: tuple[Any, ...]) -> list[Message]:
        query = ("SELECT id, created_at, kiosk_id, language, content_version, fields, sync_state,"
                 " exported_at FROM messages" + where + " ORDER BY seq")
        with self._lock:
            rows = self._db.execute(query, args).fetchall()
        return [Message(r[0], r[1], r[2], r[3], r[4], json.loads(r[5]), r[6], r[7])
                for r in rows]
