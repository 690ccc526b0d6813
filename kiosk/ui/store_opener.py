"""Opening the message store off the GUI thread, and again and again until it opens."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.messages.store import MessageStore
from kiosk.ui.tasks import TaskRunner

log = logging.getLogger(__name__)


class StoreOpener(QObject):
    """``opened(store)`` once the store opens; ``failed(reason)`` after each try that did not
    (a full or read-only disk, a lock held elsewhere), then a new try after a pause that
    doubles up to ``max_retry_ms``: messages become saveable without a restart."""

    opened = Signal(object)
    failed = Signal(str)

    def __init__(self, data_dir: Path, kiosk_id: str, tasks: TaskRunner,
                 first_retry_ms: int = 5_000, max_retry_ms: int = 60_000,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data_dir, self.kiosk_id, self.tasks = data_dir, kiosk_id, tasks
        self.retry_ms, self.max_retry_ms = first_retry_ms, max_retry_ms
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.start)

    def start(self) -> None:
        data_dir, kiosk_id = self.data_dir, self.kiosk_id
        self.tasks.run(lambda: MessageStore(data_dir, kiosk_id), done=self._opened,
                       failed=self._failed)

    def _opened(self, store: MessageStore) -> None:
        for problem in store.problems:
            log.error("message store: %s", problem)
        log.info("messages are kept in %s", store.path)
        self.opened.emit(store)

    def _failed(self, error: BaseException) -> None:
        log.error("messages cannot be saved: %s (trying again in %.0f s)", error,
                  self.retry_ms / 1000)
        self.failed.emit(str(error))
        self.timer.start(self.retry_ms)
        self.retry_ms = min(self.retry_ms * 2, self.max_retry_ms)
