"""The message database's tables (the messages, their delivery batches, the senders' leases)
and how a file made by an older version is brought up to date, each step once, whichever
process opens it first. No Qt here."""

from __future__ import annotations

import sqlite3

from kiosk.messages.store_files import retry_while_locked

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
    # 3: one sender a target at a time, across processes (the kiosk and `kiosk sync`)
    """
    CREATE TABLE sync_leases (
        target TEXT PRIMARY KEY,
        holder TEXT NOT NULL,
        expires REAL NOT NULL
    );
    """,
]


def migrate(db: sqlite3.Connection) -> None:
    """Bring the schema up to date. The version is read inside the write transaction, so
    processes opening a new folder at once never both create the tables."""
    retry_while_locked(lambda: db.execute("BEGIN IMMEDIATE"))
    try:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        for number, script in enumerate(_MIGRATIONS[version:], version + 1):
            for statement in script.split(";"):
                if statement.strip():
                    db.execute(statement)
            db.execute(f"PRAGMA user_version={number}")
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise
