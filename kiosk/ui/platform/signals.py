"""Ctrl+C in the terminal, or `kill`, ends the kiosk at once and cleanly: Python's own signal
handling waits for Python code to run, which an idle Qt event loop may not do for a long time."""

from __future__ import annotations

import signal
import socket
from collections.abc import Callable

from PySide6.QtCore import QObject, QSocketNotifier


def end_on_signals(parent: QObject, end: Callable[[], None]) -> None:
    """Call ``end()`` on SIGINT or SIGTERM. The signal wakes Qt through a socket (no polling
    timer), and Python then runs the handler."""
    reader, writer = socket.socketpair()
    for side in (reader, writer):
        side.setblocking(False)
    signal.set_wakeup_fd(writer.fileno())
    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read, parent)

    def drain() -> None:
        try:
            while reader.recv(64):
                pass
        except OSError:  # nothing more to read
            pass

    notifier.activated.connect(drain)
    notifier.setProperty("sockets", (reader, writer))  # they live as long as the notifier
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, lambda _number, _frame: end())
