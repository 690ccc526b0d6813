"""The analytics database: visits, plays per slide and hour, gaps, health. No Qt here.

Writes happen on the recorder's thread only; reads (the staff panel, a report) open their own
connection, which SQLite's WAL mode lets run beside the writer.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from kiosk.analytics.visits import Visit
from kiosk.messages.store_files import keep_private

DB_FILE = "analytics.sqlite3"
SCHEMA = """
CREATE TABLE IF NOT EXISTS visits (id TEXT PRIMARY KEY, started_at REAL, duration_s REAL,
    language TEXT, larger_text INTEGER, form TEXT, abandoned_at TEXT, ended_by TEXT,
    jumps INTEGER, slides TEXT);
CREATE INDEX IF NOT EXISTS visits_started ON visits (started_at);
CREATE TABLE IF NOT EXISTS plays (hour TEXT, slide TEXT, shown INTEGER, seconds REAL,
    PRIMARY KEY (hour, slide));
CREATE TABLE IF NOT EXISTS gaps (started_at REAL, seconds REAL, kind TEXT);
CREATE TABLE IF NOT EXISTS health (at REAL, kind TEXT, detail TEXT);
CREATE TABLE IF NOT EXISTS runs (started_at REAL PRIMARY KEY, ended_at REAL);
"""
TABLES = ("visits", "plays", "gaps", "health", "runs")


def connect(folder: Path) -> sqlite3.Connection:
    db = sqlite3.connect(folder / DB_FILE, timeout=10)
    db.execute("PRAGMA journal_mode=WAL")
    # Each commit on disk before it counts, as the messages are: a visit that ended with a
    # thank-you is not lost to a power cut that spares its message. Commits are few (the
    # writer gathers records for a second, a finished visit goes at once).
    db.execute("PRAGMA synchronous=FULL")
    db.executescript(SCHEMA)
    return db


@contextmanager
def reading(folder: Path) -> Iterator[sqlite3.Connection]:
    """A connection for reading, from any thread."""
    with closing(connect(folder)) as db:
        yield db


class AnalyticsStore:
    """The writer's side (one thread)."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        keep_private(folder, folder / DB_FILE)
        self.db = connect(folder)
        keep_private(folder, folder / DB_FILE)  # when people came and what they did: private too

    def add_visit(self, v: Visit) -> None:
        self.db.execute(
            "INSERT OR IGNORE INTO visits VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (v.id, v.started_at, v.duration_s, v.language, int(v.larger_text), v.form,
             v.abandoned_at, v.ended_by, v.jumps,
             json.dumps([[s, round(d, 3)] for s, d in v.slides])))

    def add_play(self, hour: str, slide: str, shown: int, seconds: float) -> None:
        self.db.execute(
            "INSERT INTO plays VALUES (?, ?, ?, ?) ON CONFLICT (hour, slide) DO UPDATE SET "
            "shown = shown + excluded.shown, seconds = seconds + excluded.seconds",
            (hour, slide, shown, seconds))

    def add_gap(self, started_at: float, seconds: float, kind: str) -> None:
        self.db.execute("INSERT INTO gaps VALUES (?, ?, ?)", (started_at, seconds, kind))

    def add_health(self, at: float, kind: str, detail: str = "") -> None:
        self.db.execute("INSERT INTO health VALUES (?, ?, ?)", (at, kind, detail))

    def start_run(self, at: float) -> bool:
        """Record a start; whether the run before it ended cleanly (True when none)."""
        row = self.db.execute("SELECT ended_at FROM runs ORDER BY started_at DESC LIMIT 1"
                              ).fetchone()
        self.db.execute("INSERT OR REPLACE INTO runs VALUES (?, NULL)", (at,))
        return row is None or row[0] is not None

    def end_run(self, at: float) -> None:
        self.db.execute("UPDATE runs SET ended_at = ? WHERE ended_at IS NULL", (at,))

    def purge(self, before: float, before_hour: str) -> None:
        """Forget everything older than ``before`` (wall seconds; ``before_hour`` for plays)."""
        for table, column in (("visits", "started_at"), ("gaps", "started_at"),
                              ("health", "at"), ("runs", "started_at")):
            self.db.execute(f"DELETE FROM {table} WHERE {column} < ?", (before,))
        self.db.execute("DELETE FROM plays WHERE hour < ?", (before_hour,))

    def clear(self) -> None:
        for table in TABLES:
            if table != "runs":
                self.db.execute(f"DELETE FROM {table}")

    def commit(self) -> None:
        self.db.commit()

    def close(self) -> None:
        self.db.close()
