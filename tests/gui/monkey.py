"""A seeded monkey for whole windows: random touches, drags, swipes and keys delivered to a
top-level window's ``QWindow``, the way the platform delivers a finger or a key, so that the
window's own routing (which widget is under the finger, which has the keyboard) and every
application-wide filter are part of what is tried. One ``random.Random`` drives it all: the
same seed makes the same input again (what the workers do meanwhile may differ).

Also here: :class:`Faults`, which counts what went wrong while the monkey ran (through the
kiosk's own :class:`~kiosk.ui.platform.crash.CrashGuard`, plus errors logged by the parts
that survive their own failures), and :func:`rss_mb`, the process's resident memory.
"""

from __future__ import annotations

import logging
import os
import random
import sys
import threading
import traceback
from collections.abc import Callable, Iterable

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QPointingDevice
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

#: How many random events a monkey test makes (a few thousand by default; more on request).
EVENTS = int(os.environ.get("KIOSK_MONKEY_EVENTS", "3000"))

#: Keys a visitor's (or a prankster's) keyboard can send: letters, editing, navigation, the
#: ways out a kiosk swallows, and the staff shortcut.
_PLAIN_KEYS = [Qt.Key.Key_Backspace, Qt.Key.Key_Delete, Qt.Key.Key_Return, Qt.Key.Key_Enter,
               Qt.Key.Key_Tab, Qt.Key.Key_Backtab, Qt.Key.Key_Left, Qt.Key.Key_Right,
               Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Home, Qt.Key.Key_End,
               Qt.Key.Key_PageUp, Qt.Key.Key_PageDown, Qt.Key.Key_Space, Qt.Key.Key_Escape,
               Qt.Key.Key_F1, Qt.Key.Key_F4, Qt.Key.Key_F11, Qt.Key.Key_Menu]
_MODIFIED_KEYS = [
    (Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier),
    (Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_X, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier),
    (Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier),
]
#: What a visitor types on a physical keyboard (letters, digits, marks, an address).
TYPED = "abcdefghijklmnopqrstuvwxyz ABCXYZ 0123456789 .,;:!?@-_'\"()/ ana@mail.org "

_TOUCH: list[QPointingDevice] = []


def touch_screen() -> QPointingDevice:
    """One touch screen for the whole run: Qt keeps a pointer to it, so it must never die."""
    if not _TOUCH:
        _TOUCH.append(QTest.createTouchDevice())
    return _TOUCH[0]


def rss_mb() -> float:
    """The process's resident memory now, in MB (Linux: /proc; elsewhere the peak)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            pages = int(statm.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def seed_from_env() -> int:
    """``KIOSK_MONKEY_SEED`` if set (to replay a failure), else a new seed each run."""
    given = os.environ.get("KIOSK_MONKEY_SEED")
    seed = int(given) if given else random.SystemRandom().randrange(2**32)
    print(f"monkey seed {seed}: replay with KIOSK_MONKEY_SEED={seed}")  # shown on a failure
    return seed


class Faults(logging.Handler):
    """Everything unexpected while the monkey runs: exceptions that reach the crash guard
    (``sys.excepthook``, ``threading.excepthook``) and errors logged by the parts that catch
    their own failures (a background task, a slide painter). The guard's wish to exit (too
    many errors) is recorded instead of ending the test run."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        super().__init__(logging.ERROR)
        from kiosk.ui.platform.crash import CrashGuard

        self.guard = CrashGuard()
        self.lines: list[str] = []
        self.exits: list[int] = []
        monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
        monkeypatch.setattr(threading, "excepthook", threading.excepthook)
        self.guard.install()
        monkeypatch.setattr(QApplication.instance(), "exit", self.exits.append)
        logging.getLogger().addHandler(self)

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        if record.exc_info:
            text += "\n" + "".join(traceback.format_exception(*record.exc_info))
        self.lines.append(f"{record.name}: {text}")

    def close(self) -> None:
        logging.getLogger().removeHandler(self)
        super().close()

    @property
    def count(self) -> int:
        return len(self.lines)

    def report(self, seed: int, events: int) -> str:
        head = (f"monkey seed {seed}: {self.guard.count} unexpected exception(s), "
                f"{len(self.lines)} error(s) logged; the same input again: "
                f"KIOSK_MONKEY_SEED={seed} KIOSK_MONKEY_EVENTS={events}")
        return "\n".join([head, *self.lines[:5]])


@pytest.fixture(name="faults")
def faults_fixture(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """:class:`Faults` for one test (``faults = faults_fixture`` in a test module)."""
    counted = Faults(monkeypatch)
    yield counted
    counted.close()


class Monkey:
    """Random input for one top-level window. ``later(seconds)`` moves the application's
    clock on between the steps of a gesture (a finger takes time to travel)."""

    def __init__(self, window: QWidget, rng: random.Random,
                 later: Callable[[float], None] = lambda _s: None) -> None:
        handle = window.windowHandle()
        assert handle is not None, "show the window first"
        self.window, self.handle, self.rng, self.later = window, handle, rng, later
        self.held: QPoint | None = None  # where the left button is held down, if it is

    # ---------------------------------------------------------------- where
    def point(self) -> QPoint:
        """Anywhere in the window, the corners and edges a little more often than chance."""
        w, h = self.window.width(), self.window.height()
        if self.rng.random() < 0.15:
            return QPoint(self.rng.choice([0, 1, w - 2, w - 1, w // 2]),
                          self.rng.choice([0, 1, h - 2, h - 1, h // 2]))
        return QPoint(self.rng.randrange(w), self.rng.randrange(h))

    def point_in(self, widget: QWidget) -> QPoint:
        """A point of ``widget`` that can be seen (not scrolled away), in the window's
        coordinates."""
        seen = widget.visibleRegion().boundingRect()
        x = seen.x() + self.rng.randrange(max(1, seen.width()))
        y = seen.y() + self.rng.randrange(max(1, seen.height()))
        return widget.mapTo(self.window, QPoint(x, y))

    @staticmethod
    def can_touch(widget: QWidget) -> bool:
        """Shown, enabled, and some of it in view."""
        return (widget.isVisible() and widget.isEnabled()
                and not widget.visibleRegion().isEmpty())

    # ---------------------------------------------------------------- fingers and mouse
    def press(self, at: QPoint) -> None:
        """The left button down at ``at`` (one held from an earlier drag comes up first:
        a mouse has one left button)."""
        self.let_go()
        QTest.mousePress(self.handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier(0), at)

    def release(self, at: QPoint) -> None:
        QTest.mouseRelease(self.handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier(0), at)

    def let_go(self) -> None:
        """Lift the button a drag left held (the visitor's finger, some events later)."""
        if self.held is not None:
            held, self.held = self.held, None
            self.release(held)

    def tap(self, at: QPoint | None = None) -> None:
        at = self.point() if at is None else at
        self.press(at)
        self.later(self.rng.uniform(0.03, 0.25))
        self.release(at)

    def tap_widget(self, widget: QWidget) -> None:
        self.tap(self.point_in(widget))

    def other_button(self) -> None:
        """A right or middle click (a mouse left on a kiosk's shelf)."""
        self.let_go()
        at = self.point()
        button = self.rng.choice([Qt.MouseButton.RightButton, Qt.MouseButton.MiddleButton])
        QTest.mouseClick(self.handle, button, Qt.KeyboardModifier(0), at)

    def drag(self, start: QPoint | None = None, end: QPoint | None = None,
             release: bool = True) -> None:
        """A mouse drag, mostly sideways (a swipe), in a few steps; without ``release`` the
        button stays down until the next mouse action."""
        start = self.point() if start is None else start
        end = self._swipe_end(start) if end is None else end
        self.press(start)
        for at in self._path(start, end):
            self.later(self.rng.uniform(0.005, 0.06))
            QTest.mouseMove(self.handle, at)
        if release:
            self.release(end)
        else:
            self.held = end

    def touch_swipe(self) -> None:
        """One finger, a touch screen's swipe; now and then a second finger joins in."""
        start = self.point()
        end = self._swipe_end(start)
        device = touch_screen()
        QTest.touchEvent(self.handle, device).press(0, start, self.handle).commit()
        second = self.rng.random() < 0.1
        if second:
            QTest.touchEvent(self.handle, device).stationary(0).press(
                1, self.point(), self.handle).commit()
        for at in self._path(start, end):
            self.later(self.rng.uniform(0.005, 0.06))
            sequence = QTest.touchEvent(self.handle, device).move(0, at, self.handle)
            if second:
                sequence.stationary(1)
            sequence.commit()
        sequence = QTest.touchEvent(self.handle, device).release(0, end, self.handle)
        if second:
            sequence.release(1, end, self.handle)
        sequence.commit()

    def touch_tap(self, at: QPoint | None = None) -> None:
        at = self.point() if at is None else at
        device = touch_screen()
        QTest.touchEvent(self.handle, device).press(0, at, self.handle).commit()
        self.later(self.rng.uniform(0.03, 0.2))
        QTest.touchEvent(self.handle, device).release(0, at, self.handle).commit()

    def _swipe_end(self, start: QPoint) -> QPoint:
        w, h = self.window.width(), self.window.height()
        dx = self.rng.randint(-w, w)
        dy = self.rng.randint(-h // 6, h // 6) if self.rng.random() < 0.8 else self.rng.randint(
            -h, h)
        return QPoint(min(w - 1, max(0, start.x() + dx)), min(h - 1, max(0, start.y() + dy)))

    def _path(self, start: QPoint, end: QPoint) -> Iterable[QPoint]:
        steps = self.rng.randint(1, 10)
        for i in range(1, steps + 1):
            yield QPoint(start.x() + (end.x() - start.x()) * i // steps,
                         start.y() + (end.y() - start.y()) * i // steps)

    # ---------------------------------------------------------------- keys
    def key(self) -> None:
        """One key: a letter, an editing or navigation key, or a modified one."""
        roll = self.rng.random()
        if roll < 0.5:
            self.type(self.rng.choice(TYPED))
        elif roll < 0.85:
            QTest.keyClick(self.handle, self.rng.choice(_PLAIN_KEYS))
        else:
            key, modifier = self.rng.choice(_MODIFIED_KEYS)
            QTest.keyClick(self.handle, key, modifier)

    def type(self, text: str) -> None:
        """Type ``text`` (ASCII) on a physical keyboard, into whatever has the keyboard; a
        key that closed the window (a space on its default button) ends the typing."""
        import shiboken6

        for ch in text:
            if not shiboken6.isValid(self.handle):
                return
            QTest.keyClick(self.handle, ord(ch))

    def words(self) -> str:
        """A few random characters a visitor might type."""
        return "".join(self.rng.choice(TYPED) for _ in range(self.rng.randint(1, 12)))

    # ---------------------------------------------------------------- what is there
    def buttons(self, root: QWidget) -> list[QAbstractButton]:
        """The buttons a finger could press under ``root`` now."""
        return [b for b in root.findChildren(QAbstractButton) if self.can_touch(b)]

    def press_one_of(self, widgets: list[QAbstractButton] | list[QWidget]) -> bool:
        """Tap one of ``widgets`` (through the window, so whatever covers it gets the tap)."""
        if not widgets:
            return False
        self.tap_widget(self.rng.choice(widgets))
        return True
