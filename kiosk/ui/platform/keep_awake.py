"""Keeping the screen on while the kiosk runs, and turning it off while the booth is closed,
where the platform allows it."""

from __future__ import annotations

import logging
import os
import shutil
import sys
from collections.abc import Callable

from PySide6.QtCore import QProcess
from PySide6.QtGui import QGuiApplication

log = logging.getLogger(__name__)


#: Windows' SetThreadExecutionState flags: keep asking / the system / the display.
ES_CONTINUOUS, ES_SYSTEM_REQUIRED, ES_DISPLAY_REQUIRED = 0x80000000, 0x00000001, 0x00000002


#: Windows' message to every window that sets the monitors' power: 2 off, -1 on.
HWND_BROADCAST, WM_SYSCOMMAND, SC_MONITORPOWER = 0xFFFF, 0x0112, 0xF170
#: X's screen saver and power saving off (an X server without power management says so on
#: stderr: nothing to act on).
XSET_NO_BLANKING = ["s", "off", "-dpms", "s", "noblank"]
#: Qt platforms with no display to turn off (the tests draw offscreen).
NO_DISPLAY = frozenset({"offscreen", "minimal", "vnc"})


def _set_thread_execution_state(flags: int) -> bool:
    import ctypes

    return bool(ctypes.windll.kernel32.SetThreadExecutionState(flags))  # type: ignore[attr-defined]


def _monitor_power(state: int) -> bool:
    import ctypes

    user32 = ctypes.windll.user32  # type: ignore[attr-defined]
    return bool(user32.PostMessageW(HWND_BROADCAST, WM_SYSCOMMAND, SC_MONITORPOWER, state))


class KeepAwake:
    """Asks the system not to blank the screen; :meth:`release` gives that back.
    ``platform`` and ``windows_call`` stand in for the real ones in tests."""

    def __init__(self, platform: str = sys.platform,
                 windows_call: Callable[[int], bool] = _set_thread_execution_state,
                 monitor_call: Callable[[int], bool] = _monitor_power, keep: bool = True) -> None:
        self.platform, self._windows_call = platform, windows_call
        self._monitor_call, self.keep = monitor_call, keep  # keep: no blanking when back on
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
        if not os.environ.get("DISPLAY") or not _detached("xset", XSET_NO_BLANKING):
            log.info("no way to keep the screen awake here: install x11-xserver-utils (for "
                     "xset), or set the system's screen blanking off")
            return False
        log.info("X screen blanking turned off")
        return True

    def _start(self, program: str, args: list[str]) -> bool:
        if shutil.which(program) is None:
            return False
        self._process = QProcess()
        self._process.start(program, args)
        return True

    # ---------------------------------------------------------------- closed hours
    def display_off(self) -> bool:
        """Ask the display to power off now (the booth is closed); a touch, or
        :meth:`display_on`, wakes it."""
        return self._display(False)

    def display_on(self) -> bool:
        """The display back on (the booth opens, or shows when it opens); with ``keep``, kept
        from blanking again as :meth:`hold` does."""
        return self._display(True)

    def _display(self, on: bool) -> bool:
        if self.platform == sys.platform and QGuiApplication.platformName() in NO_DISPLAY:
            return False  # (never from a test's window)
        try:
            if self.platform == "win32":
                return self._monitor_call(-1 if on else 2)
            if self.platform == "darwin":
                return (_detached("caffeinate", ["-u", "-t", "2"]) if on  # (as a touch would)
                        else _detached("pmset", ["displaysleepnow"]))
            if not os.environ.get("DISPLAY"):
                log.info("no way to turn the display %s here", "on" if on else "off")
                return False
            keep = XSET_NO_BLANKING if self.keep else []
            return _detached("xset", ["dpms", "force", "on", *keep] if on
                             else ["dpms", "force", "off"])
        except Exception:  # never worth stopping the kiosk for
            log.exception("could not turn the display %s", "on" if on else "off")
            return False


def _detached(program: str, args: list[str]) -> bool:
    """Start ``program`` and leave it (its output is nothing to act on)."""
    if shutil.which(program) is None:
        return False
    process = QProcess()
    process.setProgram(program)
    process.setArguments(args)
    process.setStandardOutputFile(QProcess.nullDevice())
    process.setStandardErrorFile(QProcess.nullDevice())
    started = process.startDetached()  # (a bool, or (bool, pid) in some PySide6 versions)
    return bool(started[0] if isinstance(started, tuple) else started)
