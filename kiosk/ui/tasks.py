"""The one way to run work off the GUI thread and get its result back on it."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


class _Relay(QObject):
    """Lives on the GUI thread; a signal emitted from a worker arrives here queued."""

    finished = Signal(object, object, object)  # callback, result or error, is_error

    def __init__(self) -> None:
        super().__init__()
        self.finished.connect(self._deliver)

    @staticmethod
    def _deliver(callback: Callable[[Any], None] | None, value: Any, is_error: bool) -> None:
        if callback is None:
            if is_error:
                log.error("background task failed", exc_info=value)
            return
        try:
            callback(value)
        except Exception:  # a failing hand-over must not take the kiosk down
            log.exception("handling a background result failed")


class _Job(QRunnable):
    def __init__(self, relay: _Relay, fn: Callable[[], Any], done: Done | None,
                 failed: Failed | None) -> None:
        super().__init__()
        self.relay, self.fn, self.done, self.failed = relay, fn, done, failed

    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:  # delivered to the GUI thread, never lost
            self._hand_over(self.failed, exc, True)
        else:
            self._hand_over(self.done, result, False)

    def _hand_over(self, callback: Callable[[Any], None] | None, value: Any,
                   is_error: bool) -> None:
        try:
            self.relay.finished.emit(callback, value, is_error)
        except RuntimeError:  # the runner was deleted meanwhile (its window closed, the
            log.info("a background result came after its runner was gone")  # program ends)


class TaskRunner:
    """Runs ``fn()`` on a worker thread; ``done(result)`` or ``failed(error)`` run on the GUI
    thread. Tests use :class:`InlineRunner` to run the same code synchronously."""

    def __init__(self, threads: int = 2) -> None:
        self.pool = QThreadPool()
        self.pool.setMaxThreadCount(threads)
        self.relay = _Relay()

    def run(self, fn: Callable[[], Any], done: Done | None = None,
            failed: Failed | None = None) -> None:
        self.pool.start(_Job(self.relay, fn, done, failed))

    def wait(self, msecs: int = -1) -> bool:
        """Wait for the workers to finish (for shutdown and benchmarks only)."""
        return self.pool.waitForDone(msecs)

    def stop(self, msecs: int = -1) -> bool:
        """Drop the work not started yet and wait for what runs: before the program ends,
        as a worker still running while Python shuts down takes the program down with it."""
        self.pool.clear()
        return self.pool.waitForDone(msecs)


class InlineRunner(TaskRunner):
    """Runs tasks at once on the calling thread."""

    def __init__(self) -> None:  # no pool, no relay
        pass

    def run(self, fn: Callable[[], Any], done: Done | None = None,
            failed: Failed | None = None) -> None:
        try:
            result = fn()
        except Exception as exc:
            if failed is None:
                raise
            failed(exc)
        else:
            if done is not None:
                done(result)

    def wait(self, msecs: int = -1) -> bool:
        return True

    def stop(self, msecs: int = -1) -> bool:
        return True
