"""The sync runner: sends waiting batches to each target, and knows when to try again.

Call :meth:`SyncRunner.run_once` from a worker thread (the app does) or from `kiosk sync`.
"""

from __future__ import annotations

import logging
import random
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from kiosk import __version__
from kiosk.messages.store import MessageStore, StoreError
from kiosk.sync.backoff import backoff_delay
from kiosk.sync.fleet import write_status
from kiosk.sync.folder import FolderTarget
from kiosk.sync.outbox import Batch, Outbox
from kiosk.sync.targets import Outcome, Result, Target

log = logging.getLogger(__name__)

#: How soon to look again at a target that was simply not there (an unplugged stick).
OFFLINE_RETRY_S = 30.0
#: How soon to look again at a target another process is sending to.
BUSY_RETRY_S = 15.0
#: A lease lasts this much longer than one delivery may take.
LEASE_MARGIN_S = 60.0


def _wall(iso: str | None) -> float | None:
    """A time the store wrote (UTC ISO 8601) as wall-clock seconds; None if there is none."""
    if not iso:
        return None
    try:
        when = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return None
    return (when if when.tzinfo else when.replace(tzinfo=UTC)).timestamp()


def _iso(wall: float | None) -> str | None:
    if wall is None:
        return None
    return datetime.fromtimestamp(wall, UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


@dataclass
class TargetState:
    """What staff see about one target."""

    name: str
    last_success: float | None = None  # wall-clock time
    last_error: str | None = None  # of the latest try
    last_refusal: str | None = None  # the receiver's answer to the latest refused batch
    offline: bool = False
    held: bool = False  # a refused batch waits for staff: nothing more is sent there till then
    busy_elsewhere: bool = False  # another process (the kiosk, `kiosk sync`) is sending now
    failures: int = 0  # tries in a row that failed
    next_attempt: float = 0.0  # on the runner's clock
    delivered: int = 0
    pending: int = 0
    rejected: int = 0
    schedule: list[float] = field(default_factory=list)  # the delays chosen, newest last


class SyncRunner:
    def __init__(self, store: MessageStore, targets: list[Target], kiosk_id: str,
                 batch_size: int = 100, backoff_cap: float = 600.0,
                 clock: Callable[[], float] = time.monotonic,
                 wall: Callable[[], float] = time.time,
                 rng: random.Random | None = None) -> None:
        self.store, self.targets, self.kiosk_id = store, targets, kiosk_id
        self.outbox = Outbox(store)
        self.holder = f"{kiosk_id}/{uuid.uuid4()}"  # this runner, in the lease table
        self.batch_size, self.backoff_cap = batch_size, backoff_cap
        self.clock, self.wall, self.rng = clock, wall, rng or random.Random()
        self.states = {t.name: TargetState(t.name) for t in targets}
        self._facts_lock = threading.RLock()  # counts and the status file, across lanes
        #: What the booth's status file says besides the counts (the app adds the deck's
        #: version and whether the last slide painted).
        self.facts: dict[str, Any] = {"app_version": __version__, "running_since": _iso(wall()),
                                      "deck_version": None, "last_slide_painted": None}
        #: More for the status file, read on the sync thread when it is written (the app
        #: adds the analytics' daily aggregates, never a single visit).
        self.extras: Callable[[], dict[str, Any]] | None = None
        self.refresh_counts()

    def wake(self) -> None:
        """Try every target at the next run (the network came back, or staff asked)."""
        for state in self.states.values():
            state.next_attempt = 0.0

    def due_targets(self) -> list[str]:
        """The targets to try now: their time has come and no refusal holds them."""
        now = self.clock()
        return [name for name, s in self.states.items()
                if s.next_attempt <= now and not s.held]

    def due(self) -> bool:
        return bool(self.due_targets())

    def refresh_counts(self) -> None:
        with self._facts_lock:
            for name, state in self.states.items():
                self._refresh(name, state)

    def _refresh(self, name: str, state: TargetState) -> None:
        try:
            counts = self.outbox.counts(name)
            if state.last_success is None:  # a delivery by another process, or before a restart
                state.last_success = _wall(self.outbox.last_delivered(name))
        except StoreError as exc:
            state.last_error = f"the message store: {exc}"
            return
        state.delivered, state.pending, state.rejected = (counts["delivered"],
                                                          counts["pending"],
                                                          counts["rejected"])
        state.held = bool(state.rejected)
        if state.rejected and not state.last_refusal:  # kept across restarts
            refused = self.outbox.rejected_batches(name)
            state.last_refusal = refused[-1][1] if refused else None

    def retry_refused(self) -> int:
        """Staff asked: send every refused batch again, now. Returns how many batches."""
        count = self.outbox.retry_rejected()
        for state in self.states.values():
            state.last_refusal, state.held = None, False
        self.wake()
        self.refresh_counts()
        return count

    def run_once(self, force: bool = False) -> dict[str, int]:
        """Deliver what waits to every target that is due; returns messages delivered now.
        Each target is sent to on its own thread, so one that hangs until its deadline never
        holds back the others."""
        now_due = set(self.due_targets())
        due = [t for t in self.targets
               if t.name in now_due or (force and not self.states[t.name].held)]
        sent: dict[str, int] = {}
        lanes = [threading.Thread(target=self._lane, args=(target, sent), daemon=True,
                                  name=f"sync-{target.name}") for target in due[1:]]
        for lane in lanes:
            lane.start()
        if due:
            self._lane(due[0], sent)
        for lane in lanes:
            lane.join()
        self.refresh_counts()
        self.write_statuses()
        return sent

    def run_target(self, name: str) -> int:
        """Deliver what waits for one target now (a lane of the app's sync driver); returns
        the messages delivered. Safe to call for different targets from different threads."""
        target = next(t for t in self.targets if t.name == name)
        sent: dict[str, int] = {}
        self._lane(target, sent)
        with self._facts_lock:
            self._refresh(name, self.states[name])
        self.write_statuses()
        return sent.get(name, 0)

    def _lane(self, target: Target, sent: dict[str, int]) -> None:
        state = self.states[target.name]
        try:
            sent[target.name] = self._drain(target, state)
        except StoreError as exc:
            state.last_error = f"the message store: {exc}"
            self._later(state, OFFLINE_RETRY_S)
            log.error("sync to %s stopped: %s", target.name, exc)
        finally:
            self._release(target.name)

    def write_statuses(self) -> None:
        """Each folder target gets this booth's status file (a fleet's office reads them)."""
        folders = [t for t in self.targets if isinstance(t, FolderTarget)]
        if not folders:
            return
        states = self.states.values()
        problems = [f"{s.name}: {s.last_error}" for s in states if s.last_error]
        facts = {**self.facts, "waiting": sum(s.pending for s in states),
                 "refused": sum(s.rejected for s in states),
                 "last_problem": problems[0] if problems else None,
                 "last_message_at": self._last_message_at(),
                 "targets": {s.name: {"waiting": s.pending, "refused": s.rejected,
                                      "delivered": s.delivered, "last_error": s.last_error,
                                      "last_success": _iso(s.last_success)}
                             for s in states}}
        if self.extras is not None:
            try:
                facts.update(self.extras())
            except Exception as exc:  # figures are a courtesy: never a reason to stop
                log.warning("the status file goes without its figures: %s", exc)
        with self._facts_lock:  # two lanes never write the same status file at once
            for target in folders:
                write_status(target.path, self.kiosk_id, facts, target.key)

    def _last_message_at(self) -> str | None:
        try:
            rows = self.store.read("SELECT max(created_at) FROM messages")
        except StoreError:
            return None
        return str(rows[0][0]) if rows and rows[0][0] else None

    def _drain(self, target: Target, state: TargetState) -> int:
        sent = 0
        lease = target.timeout + LEASE_MARGIN_S
        while True:
            if not self.outbox.take_lease(target.name, self.holder, lease, self.wall):
                state.busy_elsewhere = True  # the other sender will deliver what waits
                self._later(state, BUSY_RETRY_S)
                return sent
            state.busy_elsewhere = False
            if self.outbox.rejected_batches(target.name):
                state.held = True  # a refusal waits for staff: nothing more goes there
                return sent
            size = self.batch_size if target.batch_size is None else target.batch_size
            batch = self.outbox.next_batch(target.name, size)
            if batch is None:
                state.offline = False
                return sent
            outcome = self._deliver(target, batch)
            if outcome.result is Result.DELIVERED:
                self.outbox.delivered(batch.id)
                sent += len(batch.messages)
                state.last_success, state.last_error = self.wall(), None
                state.failures, state.offline = 0, False
                log.info("sync: %d message(s) delivered to %s", len(batch.messages),
                         target.name)
                if target.interval > 0:  # a digest: what comes next waits for the next one
                    self._later(state, target.interval)
                    return sent
            elif outcome.result is Result.REJECTED:
                self.outbox.rejected(batch.id, outcome.detail)
                state.last_error = state.last_refusal = outcome.detail
                state.held = True
                log.error("sync: %s refused batch %s: %s; nothing more is sent there until "
                          "staff send it again", target.name, batch.id, outcome.detail)
                return sent
            elif outcome.result is Result.OFFLINE:
                state.offline, state.last_error = True, None
                self._later(state, OFFLINE_RETRY_S)
                return sent
            else:
                self.outbox.failed(batch.id, outcome.detail)
                state.failures += 1
                delay = backoff_delay(state.failures - 1, self.backoff_cap, rng=self.rng)
                if outcome.retry_after is not None:  # the server said when, within reason
                    delay = min(outcome.retry_after, self.backoff_cap)
                state.last_error = outcome.detail
                self._later(state, delay)
                log.warning("sync: %s: %s; next try in %.0f s", target.name, outcome.detail,
                            delay)
                return sent

    def _deliver(self, target: Target, batch: Batch) -> Outcome:
        """A target's answer; a target that fails in an unforeseen way is tried again later."""
        try:
            return target.deliver(batch, self.kiosk_id)
        except Exception as exc:  # a bug or an odd platform error must not stop sync
            log.exception("sync: %s failed unexpectedly", target.name)
            return Outcome(Result.RETRY, f"an unexpected error: {exc or type(exc).__name__}")

    def _release(self, target: str) -> None:
        try:
            self.outbox.release_lease(target, self.holder)
        except StoreError as exc:
            log.warning("sync: could not release the lease on %s: %s", target, exc)

    def _later(self, state: TargetState, delay: float) -> None:
        state.schedule.append(delay)
        del state.schedule[:-20]
        state.next_attempt = self.clock() + delay
