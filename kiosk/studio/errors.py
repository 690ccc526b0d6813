"""An unexpected error in the studio: written to the studio's log with its traceback, and
said in the window in plain words (where a volunteer looks), never only on a terminal."""

from __future__ import annotations

import logging
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Signal

from kiosk.ui.platform.crash import hook_uncaught

log = logging.getLogger("kiosk.studio.errors")


class ErrorsShown(QObject):
    """``install()`` takes over Python's handlers for uncaught errors (GUI thread and
    workers); the window hears of each on the GUI thread through ``happened``."""

    happened = Signal(str)  # the words for the window

    def __init__(self, log_file: Path | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.log_file = log_file
        self.count = 0

    def install(self) -> None:
        hook_uncaught(self.on_exception)

    def on_exception(self, kind: type[BaseException], error: BaseException,
                     trace: TracebackType | None) -> None:
        log.error("unexpected error (the studio goes on)", exc_info=(kind, error, trace))
        self.count += 1
        where = f" The details are in {self.log_file}." if self.log_file else ""
        self.happened.emit(f"Something went wrong ({str(error) or kind.__name__}). The "
                           f"studio goes on: save your work if you can.{where}")
