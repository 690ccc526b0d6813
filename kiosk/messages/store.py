"""The visitors' messages: one SQLite file, each message durable before anyone says thanks.

The one door to the messages, used by the form, by exports and by sync. No Qt here.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import logging
import sqlite3
import tempfile
import threading
import uuid
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, TypeVar

from kiosk.messages.message import (
    COLUMNS,
    HARD_LIMIT,
    Message,
    MessageRejected,
    StoreError,
    clean_fields,
    clean_text,
    message_from_row,
    rows_where,
    utc_now,
)
from kiosk.messages.schema import migrate
from kiosk.messages.store_files import (
    connect_read_only,
    copy_out,
    keep_private,
    looks_corrupt,
    move_aside,
    retry_while_locked,
    salvage_into,
)

__all__ = ["COLUMNS", "DB_FILE", "HARD_LIMIT", "Message", "MessageRejected", "MessageStore",
           "StoreError", "clean_fields", "clean_text", "message_from_row", "utc_now"]

log = logging.getLogger(__name__)

T = TypeVar("T")

DB_FILE = "messages.sqlite3"


class MessageStore:
    """``MessageStore(data_dir).add({...})`` returns the new message's id once it is durable.

    ``read_only=True`` (exports) never writes, never moves a damaged file aside, works on a
    read-only disk, and reads what it can of a damaged file (see ``damaged``)."""

    def __init__(self, data_dir: Path, kiosk_id: str = "kiosk", read_only: bool = False,
                 file: str = DB_FILE, checked: bool = True) -> None:
        self.data_dir = Path(data_dir)
        self.path = self.data_dir / file
        self._file = self.path  # the file read (a copy of it, from a read-only disk)
        self.kiosk_id = kiosk_id
        self.read_only = read_only
        self.problems: list[str] = []  # what staff should know (a database moved aside, ...)
        self._damaged = False  # (read-only) the file failed its check or a row was unreadable
        self._check: threading.Thread | None = None  # (read-only) its check, beside the reading
        self._check_failed = False
        self.unreadable = 0  # (read-only) rows that could not be read
        self._lock = threading.Lock()  # one connection, used from one thread at a time
        self._copy: tempfile.TemporaryDirectory[str] | None = None
        if read_only:
            self._db = self._open_read_only(checked)
            return
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as exc:
            raise StoreError(f"cannot create the data folder {self.data_dir}: {exc}") from exc
        keep_private(self.data_dir, self.path, exports=True)  # before SQLite makes its files
        self._db = self._open()
        keep_private(self.data_dir, self.path)

    # ---------------------------------------------------------------- opening
    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=10, isolation_level=None,
                             check_same_thread=False)
        db.execute("PRAGMA busy_timeout=10000")
        retry_while_locked(lambda: db.execute("PRAGMA journal_mode=WAL").fetchone())
        db.execute("PRAGMA synchronous=FULL")
        return db

    def _open(self) -> sqlite3.Connection:
        try:
            db = self._connect()
            if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise sqlite3.DatabaseError("quick_check failed")
            self._migrate(db)
            return db
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.OperationalError) and not looks_corrupt(exc):
                raise StoreError(f"cannot open {self.path}: {exc}") from exc
            moved = move_aside(self.path, exc)
            try:
                db = self._connect()
                self._migrate(db)
            except sqlite3.Error as again:
                raise StoreError(f"cannot start a new {self.path}: {again}") from again
            saved = salvage_into(db, moved, lambda: MessageStore(
                moved.parent, read_only=True, file=moved.name))
            self.problems.append(
                f"the message database was damaged; it was moved to {moved.name} and a new "
                f"one started with the {saved} message(s) that could be read")
            return db

    def _open_read_only(self, checked: bool) -> sqlite3.Connection:
        if not self.path.is_file():
            raise StoreError(f"no messages yet in {self.data_dir}")
        try:
            db = connect_read_only(self.path)
            db.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        except sqlite3.OperationalError:
            # A read-only disk: SQLite cannot make its shared-memory file beside a WAL
            # database there. Read a copy (with its log) from a temporary folder instead.
            self._copy, self._file = copy_out(self.path)
            db = connect_read_only(self._file)
        except sqlite3.DatabaseError as exc:
            self._note_damage(exc)
            return sqlite3.connect(":memory:", check_same_thread=False)
        if not checked:  # (an export's second process: the first one checks the file)
            return db
        self._check = threading.Thread(target=self._quick_check, daemon=True,
                                       name="store-check")
        self._check.start()
        return db

    def _quick_check(self) -> None:
        """The file's check, on a connection of its own: inside SQLite, outside Python's
        lock, so it costs an export nothing on a second core. :attr:`damaged` waits for it."""
        try:
            db = connect_read_only(self._file)
            try:
                healthy = db.execute("PRAGMA quick_check").fetchone()[0] == "ok"
            finally:
                db.close()
        except sqlite3.DatabaseError as exc:
            healthy = False
            log.error("message database %s: %s", self.path, exc)
        self._check_failed = not healthy

    @property
    def damaged(self) -> bool:
        """(read-only) Whether the file failed its check or a row was unreadable: what is
        read may miss messages. Waits for the file's check."""
        if self._check is not None:
            self._check.join()
            self._check = None
            if self._check_failed:
                self._note_damage(sqlite3.DatabaseError("quick_check failed"))
        return self._damaged

    @property
    def file_read(self) -> Path:
        """The database file read: :attr:`path`, or its copy from a read-only disk."""
        return self._file

    @property
    def damage_known(self) -> bool:
        """Whether damage was found so far (the file's check may still be running)."""
        return self._damaged

    def _note_damage(self, exc: Exception) -> None:
        if not self._damaged:
            log.error("message database %s is damaged (%s): reading what can be read",
                      self.path, exc)
            self.problems.append(f"the message database {self.path.name} is damaged: some "
                                 "messages may be missing from what is read")
        self._damaged = True

    _migrate = staticmethod(migrate)  # (the schema's own steps, run as the store opens)

    def close(self) -> None:
        if self._check is not None:
            self._check.join()
        self._db.close()
        if self._copy is not None:
            self._copy.cleanup()
            self._copy = None

    # ---------------------------------------------------------------- the connection
    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One durable write transaction (BEGIN IMMEDIATE ... COMMIT); StoreError if it fails.
        Reads inside it see a state no other process can change until it ends."""
        if self.read_only:
            raise StoreError("this store was opened read-only")
        try:
            with self._lock:
                self._db.execute("BEGIN IMMEDIATE")
                try:
                    yield self._db
                    self._db.execute("COMMIT")
                except BaseException:
                    if self._db.in_transaction:
                        self._db.execute("ROLLBACK")
                    raise
        except sqlite3.Error as exc:
            raise StoreError(str(exc)) from exc

    def read(self, query: str, args: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """The rows of one query; StoreError if the database cannot answer."""
        try:
            with self._lock:
                return self._db.execute(query, args).fetchall()
        except sqlite3.Error as exc:
            raise StoreError(str(exc)) from exc

    def write(self, statements: list[tuple[str, tuple[Any, ...]]]) -> None:
        """Run ``statements`` as one durable transaction."""
        with self.transaction() as db:
            for sql, args in statements:
                db.execute(sql, args)

    # ---------------------------------------------------------------- writing
    def add(self, fields: Mapping[str, Any], language: str = "en", content_version: str = "",
            limits: Mapping[str, int] | None = None,
            required: tuple[str, ...] = ("message",)) -> str:
        """Save one message; returns its id only once it is on disk for good."""
        clean = clean_fields(fields, limits, required)
        message_id = str(uuid.uuid4())
        try:
            self.write([(
                "INSERT INTO messages (id, created_at, kiosk_id, language, content_version,"
                " fields) VALUES (?, ?, ?, ?, ?, ?)",
                (message_id, utc_now(), self.kiosk_id, language, content_version,
                 json.dumps(clean, ensure_ascii=False)))])
        except StoreError as exc:
            log.error("could not save a message: %s", exc)
            raise
        return message_id

    def mark_exported(self, ids: list[str]) -> None:
        now = utc_now()
        with self.transaction() as db:
            db.executemany("UPDATE messages SET exported_at = ? WHERE id = ?",
                           [(now, i) for i in ids])

    _PURGEABLE = ("(sync_state = 'synced' OR exported_at IS NOT NULL) AND created_at < ?")

    def purgeable(self, older_than: str) -> int:
        """How many messages are synced or exported and were created before ``older_than``."""
        return int(self.read("SELECT COUNT(*) FROM messages WHERE " + self._PURGEABLE,
                             (older_than,))[0][0])

    def purge(self, older_than: str) -> int:
        """Delete messages that are safely elsewhere (synced or exported) and older than
        ``older_than``; returns how many. Nothing else is ever deleted."""
        count = self.purgeable(older_than)
        self.write([
            ("DELETE FROM batch_messages WHERE message_seq IN (SELECT seq FROM messages WHERE "
             + self._PURGEABLE + ")", (older_than,)),
            ("DELETE FROM messages WHERE " + self._PURGEABLE, (older_than,)),
            ("DELETE FROM batches WHERE id NOT IN (SELECT batch_id FROM batch_messages)", ()),
        ])
        log.info("purged %d message(s) created before %s", count, older_than)
        return count

    # ---------------------------------------------------------------- reading
    def count(self, sync_state: str | None = None) -> int:
        where, args = ("", ()) if sync_state is None else (" WHERE sync_state = ?",
                                                           (sync_state,))
        return int(self.read("SELECT COUNT(*) FROM messages" + where, args)[0][0])

    def export_bounds(self, since: str | None = None, not_exported: bool = False,
                      halves: bool = True) -> tuple[int, int | None, int | None]:
        """How many messages :meth:`iter_rows` gives for ``since`` and ``not_exported``, the
        row id of the last of their first half (if ``halves``) and the last row id (None:
        none)."""
        where, args = rows_where(since, not_exported)
        count = int(self.read(f"SELECT COUNT(*) FROM messages WHERE {where}", (0, *args))[0][0]
                    ) if since or not_exported else self.count()
        middle = self.read(f"SELECT seq FROM messages WHERE {where} ORDER BY seq LIMIT 1"
                           " OFFSET ?", (0, *args, max(count // 2 - 1, 0))) if halves else []
        last = self.read("SELECT MAX(seq) FROM messages")[0][0]
        return count, middle[0][0] if middle else None, last

    def summary(self) -> dict[str, int]:
        """Counts for staff: total, waiting to sync, synced, refused, exported."""
        states = dict(self.read("SELECT sync_state, COUNT(*) FROM messages GROUP BY sync_state"))
        exported = self.read("SELECT COUNT(*) FROM messages WHERE exported_at IS NOT NULL")[0][0]
        return {"total": sum(states.values()), "pending": states.get("pending", 0),
                "synced": states.get("synced", 0), "rejected": states.get("rejected", 0),
                "exported": exported}

    def get(self, message_id: str) -> Message | None:
        found = self.select(" WHERE id = ?", (message_id,))
        return found[0] if found else None

    def select(self, where: str, args: tuple[Any, ...]) -> list[Message]:
        """The messages matching an SQL ``where`` clause, oldest first."""
        rows = self.read(f"SELECT {COLUMNS} FROM messages{where} ORDER BY seq", args)
        return [message_from_row(r) for r in rows]

    def messages(self, since: str | None = None, not_exported: bool = False) -> list[Message]:
        """Every message, oldest first (``since``: created at or after this ISO time;
        ``not_exported``: only those no export has marked)."""
        return list(self.iter_messages(since, not_exported))

    def iter_messages(self, since: str | None = None, not_exported: bool = False,
                      chunk: int = 500) -> Iterator[Message]:
        """Like :meth:`messages`, read a chunk at a time (any number in bounded memory). In a
        damaged file, what cannot be read is stepped over one row at a time and counted in
        ``unreadable``; everything else is still read."""
        return self.iter_rows(message_from_row, since, not_exported, chunk)

    def iter_rows(self, read: Callable[[tuple[Any, ...]], T], since: str | None = None,
                  not_exported: bool = False, chunk: int = 500, columns: str = COLUMNS,
                  after: int = 0, upto: int | None = None) -> Iterator[T]:
        """:meth:`iter_messages` with each row of ``SELECT {columns}`` (COLUMNS, or
        RAW_COLUMNS) made into what ``read`` returns (an export's record: no Message in
        between); what it refuses is unreadable. Only rows with an id past ``after`` and up
        to ``upto`` (an export in two parts)."""
        where, args = rows_where(since, not_exported, upto)
        last, upper = after, None
        while True:
            rows, broken = self._rows(f"SELECT {columns} FROM messages WHERE {where}"
                                      f" ORDER BY seq LIMIT {int(chunk)}", (last, *args))
            for row in rows:
                last = row[0]
                item = self._read(row, read)
                if item is not None:
                    yield item
            if rows and not broken:
                continue
            if not broken and not self.damaged:
                return
            if upper is None:
                upper = self._upper_bound(last) if upto is None else upto
            if last >= upper:
                return
            last += 1  # step over one row id the damage hides
            one, broken = self._rows(f"SELECT {columns} FROM messages WHERE seq = ? AND "
                                     f"{where}", (last, last - 1, *args))
            if broken:
                self.unreadable += 1
            for row in one:
                item = self._read(row, read)
                if item is not None:
                    yield item

    def _rows(self, query: str, args: tuple[Any, ...]) -> tuple[list[tuple[Any, ...]], bool]:
        """The rows read before any error, and whether one occurred (a damaged file)."""
        rows: list[tuple[Any, ...]] = []
        with self._lock:
            try:
                for row in self._db.execute(query, args):
                    rows.append(row)
            except sqlite3.DatabaseError as exc:
                self._note_damage(exc)
                return rows, True
        return rows, False

    def _read(self, row: tuple[Any, ...], read: Callable[[tuple[Any, ...]], T]) -> T | None:
        try:
            return read(row)
        except (ValueError, TypeError) as exc:
            self._note_damage(exc)
            self.unreadable += 1
            return None

    def _upper_bound(self, last: int) -> int:
        """The highest row id a message may have, from what the damaged file still says."""
        found = [last]
        for query in ("SELECT seq FROM sqlite_sequence WHERE name = 'messages'",
                      "SELECT MAX(seq) FROM messages"):
            rows, _ = self._rows(query, ())
            found += [r[0] for r in rows if isinstance(r[0], int)]
        return max(found) if len(found) > 1 else last + 10_000

    def field_keys(self, first: int | None = None) -> list[str]:
        """Every field key any message (or the ``first`` messages) has, in order of first use
        (an export's columns)."""
        some = f" ORDER BY seq LIMIT {int(first)}" if first is not None else ""
        query = (f"SELECT j.key FROM (SELECT seq, fields FROM messages{some}) m,"
                 " json_each(m.fields) j WHERE json_type(m.fields) = 'object'"  # (no others)
                 " GROUP BY j.key ORDER BY MIN(m.seq), MIN(j.id)")
        try:
            return [r[0] for r in self.read(query)]
        except StoreError:
            keys: dict[str, None] = {}
            for message in itertools.islice(self.iter_messages(), first):
                keys.update(dict.fromkeys(message.fields))
            return list(keys)

