"""Running sync in the background: at start-up, after each message, on a timer, and when the
network comes back. One run at a time, never on the GUI thread."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.sync.runner import SyncRunner
from kiosk.ui.tasks import TaskRunner

log = logging.getLogger(__name__)


class SyncDriver(QObject):
    finished = Signal(object)  # dict target -> messages delivered in that run

    def __init__(self, runner: SyncRunner, tasks: TaskRunner, interval_ms: int = 60_000,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner, self.tasks = runner, tasks
        self._busy = False
        self._again = False
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.poke)
        self._watch_network()

    def start(self) -> None:
        self.timer.start()
        self.poke()

    def _watch_network(self) -> None:
        try:
            from PySide6.QtNetwork import QNetworkInformation

            if QNetworkInformation.loadDefaultBackend():
                info = QNetworkInformation.instance()
                info.reachabilityChanged.connect(self._reachability)
        except Exception:  # no backend on this platform: the timer still runs
            log.info("network changes cannot be watched here; sync runs on its timer")

    def _reachability(self, reachability: object) -> None:
        from PySide6.QtNetwork import QNetworkInformation

        if reachability == QNetworkInformation.Reachability.Online:
            log.info("network is back: syncing")
            self.sync_now()

    def sync_now(self) -> None:
        """Try every target now (a new message, the network back, staff asked)."""
        self.runner.wake()
        self.poke()

    def poke(self) -> None:
        if self._busy:
            self._again = True
            return
        if not self.runner.due():
            return
        self._busy = True
        self.tasks.run(self.runner.run_once, done=self._done, failed=self._failed)

    def _done(self, sent: dict[str, int]) -> None:
        self._busy = False
        self.finished.emit(sent)
        if self._again:
            self._again = False
            self.poke()

    def _failed(self, error: BaseException) -> None:
        self._busy = False
        log.error("sync run failed", exc_info=error)
