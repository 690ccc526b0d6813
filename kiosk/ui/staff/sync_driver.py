"""Running sync in the background: at start-up, after each message, on a timer, and when the
network comes back. Each way out is a lane of its own: one run at a time in each, never on the
GUI thread, and a way out that hangs until its deadline never holds back the others (give the
task runner a thread per way out)."""

from __future__ import annotations

import logging
from functools import partial

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.sync.runner import SyncRunner
from kiosk.ui.tasks import TaskRunner

log = logging.getLogger(__name__)


class SyncDriver(QObject):
    finished = Signal(object)  # {target: messages delivered} after each lane's run
    settled = Signal(object)  # {target: messages delivered} once no lane runs any more

    def __init__(self, runner: SyncRunner, tasks: TaskRunner, interval_ms: int = 60_000,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner, self.tasks = runner, tasks
        self._busy: set[str] = set()  # the lanes running now
        self._again: set[str] = set()  # lanes poked while they ran: they run once more
        self._round: dict[str, int] = {}  # delivered since the lanes were last all idle
        self._starting = False
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
        self._starting = True
        try:
            for name in self.runner.due_targets():
                if name in self._busy:
                    self._again.add(name)
                    continue
                self._busy.add(name)
                self.tasks.run(partial(self.runner.run_target, name),
                               done=partial(self._done, name),
                               failed=partial(self._failed, name))
        finally:
            self._starting = False
        self._settle_if_idle()

    def _done(self, name: str, sent: int) -> None:
        self._busy.discard(name)
        self._round[name] = self._round.get(name, 0) + sent
        self.finished.emit({name: sent})
        self._next(name)

    def _failed(self, name: str, error: BaseException) -> None:
        self._busy.discard(name)
        log.error("sync run to %s failed", name, exc_info=error)
        self._next(name)

    def _next(self, name: str) -> None:
        if name in self._again:
            self._again.discard(name)
            self.poke()
        else:
            self._settle_if_idle()

    def _settle_if_idle(self) -> None:
        if not self._busy and not self._starting:
            sent, self._round = self._round, {}
            self.settled.emit(sent)
