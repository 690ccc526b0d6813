"""Ctrl+C in the terminal, or `kill`, ends the kiosk at once and cleanly: Python's own signal
handling waits for Python code to run, which an idle Qt event loop may not do for a long time."""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable

from PySide6.QtCore import QObject, QSocketNotifier


def end_on_signals(parent: QObject, end: Callable[[], None]) -> None:
    """Call ``end()`` on SIGINT or SIGTERM. The signal wakes Qt through a pipe (a socket on
    Windows, where only a socket will do; no polling timer), and Python then runs the
    handler."""
    reader, writer, read = _wakeup_pair()
    signal.set_wakeup_fd(writer)
    notifier = QSocketNotifier(reader, QSocketNotifier.Type.Read, parent)

    def drain() -> None:
        try:
            while read():
                pass
        except OSError:  # nothing more to read
            pass

    notifier.activated.connect(drain)
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, lambda _number, _frame: end())


_KEPT: list[object] = []  # the wake-up pair lives as long as the process


def _wakeup_pair() -> tuple[int, int, Callable[[], bytes]]:
    """Two non-blocking ends (read, write) and a function reading what is waiting."""
    if sys.platform == "win32":
        import socket

        sockets = socket.socketpair()
        for side in sockets:
            side.setblocking(False)
        _KEPT.append(sockets)
        return sockets[0].fileno(), sockets[1].fileno(), lambda: sockets[0].recv(64)
    reader, writer = os.pipe()  # (socket's module costs 4 ms on the way to the first slide)
    for end in (reader, writer):
        os.set_blocking(end, False)
    return reader, writer, lambda: os.read(reader, 64)
