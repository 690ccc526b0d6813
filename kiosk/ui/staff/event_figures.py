"""The staff panel's analytics: today at a glance when the panel opens, "Save event report"
and "Forget visits…". Everything is read and written on a worker."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject

from kiosk.analytics.figures import day_bounds, glance, load
from kiosk.analytics.recorder import Recorder
from kiosk.analytics.report_command import make_report, slide_titles
from kiosk.content import Deck
from kiosk.ui.staff.staff_panel import StaffPanel
from kiosk.ui.tasks import TaskRunner

log = logging.getLogger(__name__)


class EventFigures(QObject):
    def __init__(self, panel: StaffPanel, tasks: TaskRunner, recorder: Recorder | None,
                 kiosk_id: str, deck: Callable[[], Deck | None],
                 before_read: Callable[[], None] = lambda: None,
                 wall: Callable[[], float] = time.time) -> None:
        super().__init__(panel)
        self.panel, self.tasks, self.recorder = panel, tasks, recorder
        self.kiosk_id, self.deck, self.before_read, self.wall = kiosk_id, deck, before_read, wall
        panel.opened.connect(self.refresh)
        panel.report_requested.connect(self.save_report)
        panel.forget_requested.connect(self.ask_forget)
        panel.report_button.setVisible(recorder is not None)
        panel.forget_button.setVisible(recorder is not None)
        panel.today.set_off(recorder is None)

    def _read(self, job: Callable[[], Any], done: Callable[[Any], None],
              failed: Callable[[BaseException], None]) -> None:
        """Run ``job`` once what was recorded so far is in the database."""
        recorder = self.recorder
        if recorder is None:
            return
        self.before_read()

        def run() -> Any:
            recorder.flush(timeout=5)
            return job()
        self.tasks.run(run, done=done, failed=failed)

    def refresh(self) -> None:
        if self.recorder is None:
            return
        folder, titles = self.recorder.folder, dict(slide_titles(self.deck()))
        since, until = day_bounds(self.wall())
        self._read(lambda: glance(load(folder, since, until)),
                   lambda found: self.panel.today.set_glance(found, titles),
                   lambda error: log.warning("today's figures cannot be read: %s", error))

    def save_report(self, folder: str) -> None:
        if self.recorder is None:
            return
        data, deck, booth = self.recorder.folder, self.deck(), self.kiosk_id
        day = datetime.fromtimestamp(self.wall()).strftime("%Y-%m-%d")
        path = Path(folder) / f"event-report-{booth}-{day}.html"
        # no dates: the whole latest event, past midnight and over several days
        self._read(lambda: (make_report(data, path, None, None, deck, booth), path),
                   self._saved, self._failed)

    def _saved(self, result: tuple[int, Path]) -> None:
        count, path = result
        self.panel.set_export_result(f"Saved the event report ({count} visit(s)); open "
                                     "it in any browser:", str(path))

    def _failed(self, error: BaseException) -> None:
        log.error("the event report failed: %s", error)
        self.panel.set_export_result(f"The event report could not be saved: {error}.")

    def ask_forget(self) -> None:
        recorder = self.recorder
        if recorder is None:
            return
        self.panel.confirm.ask(
            "Forget every visit, play and health record on this kiosk? Messages are not "
            "touched. This cannot be undone.", "Forget", lambda: self._forget(recorder))

    def _forget(self, recorder: Recorder) -> None:
        recorder.clear()
        self.panel.set_purge_result("Visits, plays and health records are forgotten.")
        self.refresh()
