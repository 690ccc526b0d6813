"""Keeping the screen on while the kiosk runs, where the platform allows it."""

from __future__ import annotations

import logging
import os
import shutil
import sys

from PySide6.QtCore import QProcess

log = logging.getLogger(__name__)


class KeepAwake:
    """Asks the system not to blank the screen; :meth:`release` gives that back."""

    def __init__(self) -> None:
        self._cookie: int | None = None
        self._process: QProcess | None = None

    def hold(self) -> bool:
        try:
            if sys.platform == "win32":
                return self._windows(True)
            if sys.platform == "darwin":
                return self._start("caffeinate", ["-d", "-w", str(os.getpid())])
            return self._freedesktop() or self._xset()
        except Exception:  # never worth stopping the kiosk for
            log.exception("could not keep the screen awake")
            return False

    def release(self) -> None:
        if sys.platform == "win32":
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

    @staticmethod
    def _windows(on: bool) -> bool:
        import ctypes

        continuous, system, display = 0x80000000, 0x00000001, 0x00000002
        flags = continuous | (system | display if on else 0)
        return bool(ctypes.windll.kernel32.SetThreadExecutionState(flags))  # type: ignore[attr-defined]

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
            log.info("no way to keep the screen awake here; set the system's blanking off")
            return False
        QProcess.startDetached("xset", ["s", "off", "-dpms", "s", "noblank"])
        log.info("X screen blanking turned off")
        return True

    def _start(self, program: str, args: list[str]) -> bool:
        if shutil.which(program) is None:
            return False
        self._process = QProcess()
        self._process.start(program, args)
        return True
