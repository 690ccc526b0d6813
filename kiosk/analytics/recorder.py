"""Recording without making the screen wait: the GUI thread only puts a small record on a
queue (microseconds); one background thread writes them to SQLite in batches. No Qt here.

Analytics never hurts the kiosk: a write that fails is logged and dropped.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path
from queue import Empty, SimpleQueue

from kiosk.analytics.play import hour_of
from kiosk.analytics.store import DB_FILE, AnalyticsStore
from kiosk.analytics.visits import Visit

log = logging.getLogger(__name__)

Op = Callable[[AnalyticsStore], None]
DAY_S = 86_400.0
BATCH = 500  # records a transaction at most
#: How long the writer lets records gather before it writes them: it then wakes (and takes
#: Python's lock from the GUI thread) about once a second, not at every record.
LINGER_S = 1.0


class ErrorsSurvived(logging.Handler):
    """Counts each error the kiosk logged and went on from: the logger's name only (an error's
    words might quote what a visitor wrote)."""

    def __init__(self, recorder: Recorder) -> None:
        super().__init__(logging.ERROR)
        self.recorder = recorder

    def emit(self, record: logging.LogRecord) -> None:
        if not record.name.startswith(__name__):
            self.recorder.health("error", record.name)


class Recorder:
    def __init__(self, folder: Path, keep_days: float = 180,
                 wall: Callable[[], float] = time.time) -> None:
        self.folder, self.keep_days, self.wall = folder, keep_days, wall
        self._queue: SimpleQueue[Op | threading.Event | None] = SimpleQueue()
        self._hurry = threading.Event()  # flush and close: write now, do not linger
        self._thread = threading.Thread(target=self._write, name="analytics", daemon=True)
        self._thread.start()
        self.put(lambda s: self._purge(s))

    # ------------------------------------------------------------ any thread, quick
    def put(self, op: Op) -> None:
        self._queue.put(op)

    def visit(self, v: Visit) -> threading.Event:
        """A finished visit, written at once (no lingering) and durably. The event is set once
        it is on disk (or dropped); the screen never waits for it."""
        self.put(lambda s: s.add_visit(v))
        return self._caught_up()

    def play(self, hour: str, slide: str, shown: int, seconds: float) -> None:
        self.put(lambda s: s.add_play(hour, slide, shown, seconds))

    def gap(self, started_at: float, seconds: float, kind: str) -> None:
        self.put(lambda s: s.add_gap(started_at, seconds, kind))

    def health(self, kind: str, detail: str = "") -> None:
        at = self.wall()
        self.put(lambda s: s.add_health(at, kind, detail))

    def started(self) -> None:
        """A start-up; one after a run that did not end cleanly is a restart after a crash
        (or a power cut)."""
        at = self.wall()

        def op(s: AnalyticsStore) -> None:
            clean = s.start_run(at)
            s.add_health(at, "start" if clean else "restart_after_crash")
        self.put(op)

    def clear(self) -> None:
        self.put(lambda s: s.clear())

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until everything put so far is written (tests, before a report)."""
        return self._caught_up().wait(timeout)

    def _caught_up(self) -> threading.Event:
        """An event set once everything put so far is written; the writer starts now."""
        done = threading.Event()
        self._queue.put(done)
        self._hurry.set()
        return done

    def close(self, timeout: float = 5.0) -> None:
        at = self.wall()
        self.put(lambda s: s.end_run(at))
        self._queue.put(None)
        self._hurry.set()
        self._thread.join(timeout)

    # ------------------------------------------------------------ the writer thread
    def _purge(self, store: AnalyticsStore) -> None:
        before = self.wall() - self.keep_days * DAY_S
        store.purge(before, hour_of(before))
        self._purged = self.wall()

    def _open(self) -> AnalyticsStore:
        """The database; a damaged one is set aside (kept, renamed) for a new one."""
        try:
            return AnalyticsStore(self.folder)
        except sqlite3.DatabaseError as exc:
            damaged = self.folder / DB_FILE
            aside = damaged.with_name(f"analytics.damaged-{int(self.wall())}.sqlite3")
            log.warning("the analytics database is damaged (%s): set aside as %s", exc,
                        aside.name)
            damaged.rename(aside)
            for extra in ("-wal", "-shm"):
                damaged.with_name(DB_FILE + extra).unlink(missing_ok=True)
            return AnalyticsStore(self.folder)

    def _write(self) -> None:
        try:
            store = self._open()
        except Exception as exc:  # a read-only or full disk: the kiosk goes on without
            log.warning("analytics cannot be recorded: %s", exc)
            self._discard()
            return
        self._purged = self.wall()
        running = True
        while running:
            batch = [self._queue.get()]
            if batch[0] is not None and not isinstance(batch[0], threading.Event):
                self._hurry.wait(LINGER_S)  # a flush or close comes first: no lingering
            try:
                while len(batch) < BATCH:
                    batch.append(self._queue.get_nowait())
            except Empty:
                self._hurry.clear()  # all caught up: linger again next time
            waiting: list[threading.Event] = []
            for item in batch:
                if item is None:
                    running = False
                elif isinstance(item, threading.Event):
                    waiting.append(item)
                else:
                    self._apply(store, item)
            self._commit(store)
            for event in waiting:
                event.set()
            if self.wall() - self._purged > DAY_S:
                self._apply(store, self._purge)
        store.close()

    @staticmethod
    def _apply(store: AnalyticsStore, op: Op) -> None:
        try:
            op(store)
        except Exception as exc:
            log.warning("an analytics record was dropped: %s", exc)

    @staticmethod
    def _commit(store: AnalyticsStore) -> None:
        try:
            store.commit()
        except Exception as exc:
            log.warning("analytics records were dropped: %s", exc)

    def _discard(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            if isinstance(item, threading.Event):
                item.set()
