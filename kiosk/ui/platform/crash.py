"""Unexpected exceptions: logged with their traceback, survived where the kiosk can go on, and
an exit with a non-zero code (for the supervisor to restart it) when too many come at once."""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from types import TracebackType

from PySide6.QtWidgets import QApplication

log = logging.getLogger("kiosk.crash")

EXIT_CODE = 70  # EX_SOFTWARE: the supervisor restarts the kiosk
TOO_MANY = 20
WINDOW_S = 60.0


Handler = Callable[[type[BaseException], BaseException, TracebackType | None], None]


def hook_uncaught(handler: Handler) -> None:
    """``handler`` hears every exception nothing caught, on the GUI thread and on workers."""
    sys.excepthook = handler
    threading.excepthook = lambda args: handler(
        args.exc_type, args.exc_value or args.exc_type(), args.exc_traceback)


class CrashGuard:
    def __init__(self) -> None:
        self.recent: deque[float] = deque(maxlen=TOO_MANY)
        self.gave_up = False
        self.count = 0  # every unexpected error it has seen (tests read it)

    def install(self) -> None:
        hook_uncaught(self.on_exception)

    def on_exception(self, kind: type[BaseException], error: BaseException,
                     trace: TracebackType | None) -> None:
        log.error("unexpected error (the kiosk goes on)", exc_info=(kind, error, trace))
        self.count += 1
        now = time.monotonic()
        self.recent.append(now)
        if len(self.recent) == TOO_MANY and now - self.recent[0] < WINDOW_S and not self.gave_up:
            self.gave_up = True
            log.critical("%d unexpected errors within %.0f s: exiting so the kiosk is "
                         "started afresh", TOO_MANY, WINDOW_S)
            app = QApplication.instance()
            if app is not None:
                app.exit(EXIT_CODE)
