"""Keeping the screen on while the kiosk runs, where the platform allows it."""

from __future__ import annotations

import logging
import os
import shutil
import sys
from collections.abc import Callable

from PySide6.QtCore import QProcess

log = logging.getLogger(__name__)


#: Windows' SetThreadExecutionState flags: keep asking / the system / the display.
ES_CONTINUOUS, ES_SYSTEM_REQUIRED, ES_DISPLAY_REQUIRED = 0x80000000, 0x00000001, 0x00000002


def _set_thread_execution_state(flags: int) -> bool:
    import ctypes

    return bool(ctypes.windll.kernel32.SetThreadExecutionState(flags))  # type: ignore[attr-defined]


class KeepAwake:
    """Asks the system not to blank the screen; :meth:`release` gives that back.
    ``platform`` and ``windows_call`` stand in for the real ones in tests."""

    def __init__(self, platform: str = sys.platform,
                 windows_call: Callable[[int], bool] = _set_thread_execution_state) -> None:
        self.platform, self._windows_call = platform, windows_call
        self._cookie: int | None = None
        self._process: QProcess | None = None

    def hold(self) -> bool:
        try:
            if self.platform == "win32":
                return self._windows(True)
            if self.platform == "darwin":
                return self._start("caffeinate", ["-d", "-w", str(os.getpid())])
            return self._freedesktop() or self._xset()
        except Exception:  # never worth stopping the kiosk for
            log.exception("could not keep the screen awake")
            return False

    def release(self) -> None:
        if self.platform == "win32":
            self._windows(False)
        if self._cookie is not None:
            from PySide6.QtDBus import QDBusConnection, QDBusInterface

            QDBusInterface("org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver",
                           "org.freedesktop.ScreenSaver",
                           QDBusConnection.sessionBus()).call("UnInhibit", self._cookie)
            self._cookie = None
        if self._process is not None:
            self._process.kill()
            self._process = None

    def _windows(self, on: bool) -> bool:
        """Ask Windows to keep the display on (``on``) or to go back to its own rules."""
        return self._windows_call(
            ES_CONTINUOUS | (ES_SYSTEM_REQUIRED | ES_DISPLAY_REQUIRED if on else 0))

    def _freedesktop(self) -> bool:
        from PySide6.QtDBus import QDBusConnection, QDBusInterface

        bus = QDBusConnection.sessionBus()
        if not bus.isConnected():
            return False
        saver = QDBusInterface("org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver",
                               "org.freedesktop.ScreenSaver", bus)
        if not saver.isValid():
            return False
        reply = saver.call("Inhibit", "awareness-kiosk", "Kiosk is showing slides")
        arguments = reply.arguments()
        if arguments:
            self._cookie = int(arguments[0])
            log.info("screen saver inhibited through the desktop session")
            return True
        return False

    def _xset(self) -> bool:
        if not os.environ.get("DISPLAY") or shutil.which("xset") is None:
            log.info("no way to keep the screen awake here: install x11-xserver-utils (for "
                     "xset), or set the system's screen blanking off")
            return False
        xset = QProcess()
        xset.setProgram("xset")
        xset.setArguments(["s", "off", "-dpms", "s", "noblank"])
        # (an X server without power management says so on stderr: nothing to act on)
        xset.setStandardOutputFile(QProcess.nullDevice())
        xset.setStandardErrorFile(QProcess.nullDevice())
        xset.startDetached()
        log.info("X screen blanking turned off")
        return True

    def _start(self, program: str, args: list[str]) -> bool:
        if shutil.which(program) is None:
            return False
        self._process = QProcess()
        self._process.start(program, args)
        return True
