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
    # 2: delivery batches, one set per sync target; a message is in at most one batch a target
    """
    CREATE TABLE batches (
        id TEXT PRIMARY KEY,
        target TEXT NOT NULL,
        created_at TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'pending',
        attempts INTEGER NOT NULL DEFAULT 0,
        answer TEXT,
        delivered_at TEXT
    );
    CREATE INDEX batches_target_state ON batches (target, state);
    CREATE TABLE batch_messages (
        target TEXT NOT NULL,
        message_seq INTEGER NOT NULL REFERENCES messages (seq),
        batch_id TEXT NOT NULL REFERENCES batches (id),
        PRIMARY KEY (target, message_seq)
    );
    CREATE INDEX batch_messages_batch ON batch_messages (batch_id);
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


@dataclass(frozen=True)
class Batch:
    """Messages sent together to one target; resent as the same batch until it is answered."""

    id: str
    target: str
    created_at: str
    attempts: int
    messages: list[Message]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


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
        try:
            self._write([(
                "INSERT INTO messages (id, created_at, kiosk_id, language, content_version,"
                " fields) VALUES (?, ?, ?, ?, ?, ?)",
                (message_id, _now(), self.kiosk_id, language, content_version,
                 json.dumps(clean, ensure_ascii=False)))])
        except StoreError as exc:
            log.error("could not save a message: %s", exc)
            raise
        return message_id

    # ---------------------------------------------------------------- reading
    def count(self, sync_state: str | None = None) -> int:
        where, args = ("", ()) if sync_state is None else (" WHERE sync_state = ?",
                                                           (sync_state,))
        with self._lock:
            return self._db.execute("SELECT COUNT(*) FROM messages" + where, args).fetchone()[0]

    def messages(self, since: str | None = None, not_exported: bool = False) -> list[Message]:
        """Every message, oldest first (``since``: created at or after this ISO time;
        ``not_exported``: only those no export has marked)."""
        clauses, args = [], []
        if since:
            clauses.append("created_at >= ?")
            args.append(since)
        if not_exported:
            clauses.append("exported_at IS NULL")
        where = " WHERE " + " AND ".join(clauses) if clauses else ""
        return self._select(where, tuple(args))

    def summary(self) -> dict[str, int]:
        """Counts for staff: total, waiting to sync, synced, refused, exported."""
        with self._lock:
            states = dict(self._db.execute(
                "SELECT sync_state, COUNT(*) FROM messages GROUP BY sync_state").fetchall())
            exported = self._db.execute(
                "SELECT COUNT(*) FROM messages WHERE exported_at IS NOT NULL").fetchone()[0]
        return {"total": sum(states.values()), "pending": states.get("pending", 0),
                "synced": states.get("synced", 0), "rejected": states.get("rejected", 0),
                "exported": exported}

    def mark_exported(self, ids: list[str]) -> None:
        now = _now()
        self._write([("UPDATE messages SET exported_at = ? WHERE id = ?", (now, i))
                     for i in ids])

    _PURGEABLE = ("(sync_state = 'synced' OR exported_at IS NOT NULL) AND created_at < ?")

    def purgeable(self, older_than: str) -> int:
        """How many messages are synced or exported and were created before ``older_than``."""
        with self._lock:
            return self._db.execute("SELECT COUNT(*) FROM messages WHERE " + self._PURGEABLE,
                                    (older_than,)).fetchone()[0]

    def purge(self, older_than: str) -> int:
        """Delete messages that are safely elsewhere (synced or exported) and older than
        ``older_than``; returns how many. Nothing else is ever deleted."""
        count = self.purgeable(older_than)
        self._write([
            ("DELETE FROM batch_messages WHERE message_seq IN (SELECT seq FROM messages WHERE "
             + self._PURGEABLE + ")", (older_than,)),
            ("DELETE FROM messages WHERE " + self._PURGEABLE, (older_than,)),
            ("DELETE FROM batches WHERE id NOT IN (SELECT batch_id FROM batch_messages)", ()),
        ])
        log.info("purged %d message(s) created before %s", count, older_than)
        return count

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

    # ---------------------------------------------------------------- delivery (sync)
    def _write(self, statements: list[tuple[str, tuple[Any, ...]]]) -> None:
        """Run ``statements`` as one durable transaction."""
        try:
            with self._lock:
                self._db.execute("BEGIN IMMEDIATE")
                try:
                    for sql, args in statements:
                        self._db.execute(sql, args)
                    self._db.execute("COMMIT")
                except BaseException:
                    if self._db.in_transaction:
                        self._db.execute("ROLLBACK")
                    raise
        except sqlite3.Error as exc:
            raise StoreError(str(exc)) from exc

    def next_batch(self, target: str, size: int) -> Batch | None:
        """The batch to send to ``target``: the one still waiting for an answer, else a new one
        of up to ``size`` messages not yet batched for it; None when nothing waits."""
        with self._lock:
            row = self._db.execute(
                "SELECT id, created_at, attempts FROM batches WHERE target = ? AND state ="
                " 'pending' ORDER BY created_at, id LIMIT 1", (target,)).fetchone()
        if row is None:
            with self._lock:
                seqs = [r[0] for r in self._db.execute(
                    "SELECT seq FROM messages WHERE seq NOT IN (SELECT message_seq FROM"
                    " batch_messages WHERE target = ?) ORDER BY seq LIMIT ?", (target, size))]
            if not seqs:
                return None
            batch_id, created = str(uuid.uuid4()), _now()
            self._write([("INSERT INTO batches (id, target, created_at) VALUES (?, ?, ?)",
                          (batch_id, target, created)),
                         *[("INSERT INTO batch_messages (target, message_seq, batch_id)"
                            " VALUES (?, ?, ?)", (target, seq, batch_id)) for seq in seqs]])
            row = (batch_id, created, 0)
        messages = self._select(" WHERE seq IN (SELECT message_seq FROM batch_messages WHERE"
                                " batch_id = ?)", (row[0],))
        return Batch(row[0], target, row[1], row[2], messages)

    def batch_delivered(self, batch_id: str) -> None:
        self._write([
            ("UPDATE batches SET state = 'delivered', delivered_at = ?, attempts = attempts + 1"
             " WHERE id = ?", (_now(), batch_id)),
            ("UPDATE messages SET sync_state = 'synced' WHERE seq IN (SELECT message_seq FROM"
             " batch_messages WHERE batch_id = ?)", (batch_id,)),
        ])

    def batch_failed(self, batch_id: str, answer: str) -> None:
        """A try that may succeed later: the batch stays as it is, to be sent again."""
        self._write([("UPDATE batches SET attempts = attempts + 1, answer = ? WHERE id = ?",
                      (answer, batch_id))])

    def batch_rejected(self, batch_id: str, answer: str) -> None:
        """The receiver refused the batch: held (never deleted) until staff retry it."""
        self._write([
            ("UPDATE batches SET state = 'rejected', answer = ?, attempts = attempts + 1"
             " WHERE id = ?", (answer, batch_id)),
            ("UPDATE messages SET sync_state = 'rejected' WHERE sync_state = 'pending' AND seq"
             " IN (SELECT message_seq FROM batch_messages WHERE batch_id = ?)", (batch_id,)),
        ])

    def retry_rejected(self, target: str | None = None) -> int:
        """Send rejected batches again (staff asked to); returns how many."""
        where, args = ("", ()) if target is None else (" AND target = ?", (target,))
        with self._lock:
            count = self._db.execute("SELECT COUNT(*) FROM batches WHERE state = 'rejected'"
                                     + where, args).fetchone()[0]
        self._write([
            ("UPDATE messages SET sync_state = 'pending' WHERE sync_state = 'rejected' AND seq"
             " IN (SELECT message_seq FROM batch_messages JOIN batches ON batches.id ="
             " batch_messages.batch_id WHERE batches.state = 'rejected'" + where.replace(
                 "target", "batches.target") + ")", args),
            ("UPDATE batches SET state = 'pending' WHERE state = 'rejected'" + where, args),
        ])
        return count

    def delivery_counts(self, target: str) -> dict[str, int]:
        """Messages delivered to ``target``, refused by it, and still waiting for it."""
        with self._lock:
            rows = dict(self._db.execute(
                "SELECT batches.state, COUNT(*) FROM batch_messages JOIN batches ON batches.id ="
                " batch_messages.batch_id WHERE batches.target = ? GROUP BY batches.state",
                (target,)).fetchall())
            total = self._db.execute("SELECT COUNT(*) FROM messages").fetchone()[0]
        delivered, rejected = rows.get("delivered", 0), rows.get("rejected", 0)
        return {"delivered": delivered, "rejected": rejected,
                "pending": total - delivered - rejected}

    def rejected_batches(self, target: str) -> list[tuple[str, str]]:
        """(batch id, the receiver's answer) for each batch ``target`` refused."""
        with self._lock:
            return [(r[0], r[1] or "") for r in self._db.execute(
                "SELECT id, answer FROM batches WHERE target = ? AND state = 'rejected'"
                " ORDER BY created_at", (target,))]
