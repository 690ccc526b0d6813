"""One application-wide filter for visitor input: wakes the session, blocks the ways out,
hides the pointer when the mouse rests."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent, QMouseEvent, QTouchEvent, QWindow
from PySide6.QtWidgets import QApplication, QWidget

INPUT = {QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick, QEvent.Type.TouchBegin,
         QEvent.Type.KeyPress, QEvent.Type.TabletPress}
#: Every event the guard looks at: it sees every event of the application (a few hundred a
#: second while slides fade), so all others are let through at the first test.
_SEEN = frozenset({*INPUT, QEvent.Type.MouseMove, QEvent.Type.MouseButtonRelease,
                   QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd, QEvent.Type.TouchCancel,
                   QEvent.Type.ContextMenu})

#: Qt's own timers (its animation clock ticks 60 times a second while anything moves) have no
#: Python object: PySide makes one for each of their events that this filter sees and drops
#: it after, which costs more than the filter itself. The guard keeps the first few alive, so
#: each later event is a lookup (PySide marks a kept object dead when Qt deletes it).
KEPT_TIMERS = 8

#: Keys a visitor might use to leave; ignored in kiosk mode.
_ESCAPES = {
    (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
    (Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier),
    (Qt.Key.Key_F4, Qt.KeyboardModifier.ControlModifier),
}


def is_escape(event: QKeyEvent) -> bool:
    mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    return (Qt.Key(event.key()), mods) in _ESCAPES


def _focus_takes_escape() -> bool:
    """Whether the widget with the keyboard (or one around it) handles Esc itself (the staff
    PIN pad cancels with it); anywhere else the kiosk swallows Esc."""
    widget = QApplication.focusWidget()
    while widget is not None:
        if widget.property("takes_escape"):
            return True
        widget = widget.parentWidget()
    return False


#: The keyboard way to the staff PIN pad.
STAFF_KEYS = (Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)


class CornerHold(QObject):
    """A finger (or the mouse) held still in one corner for a few seconds.

    Swipes leave the corner or move; taps end too soon; two fingers do not count.
    """

    triggered = Signal()

    def __init__(self, window: QWidget, corner: str = "top-left", hold_ms: int = 3000,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.window, self.corner = window, corner
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(hold_ms)
        self.timer.timeout.connect(self.triggered)
        self._start: QPoint | None = None

    def _inside(self, pos: QPoint) -> bool:
        size = self.window.size()
        side = round(min(size.width(), size.height()) * 0.12)
        left = "left" in self.corner
        top = "top" in self.corner
        x_ok = pos.x() <= side if left else pos.x() >= size.width() - side
        y_ok = pos.y() <= side if top else pos.y() >= size.height() - side
        return x_ok and y_ok

    def observe(self, event: QEvent) -> None:
        kind = event.type()
        if isinstance(event, QTouchEvent):
            points = event.points()
            if len(points) != 1 or kind in (QEvent.Type.TouchEnd, QEvent.Type.TouchCancel):
                self.cancel()
                return
            where = points[0].globalPosition()
            pressed = kind == QEvent.Type.TouchBegin
        elif isinstance(event, QMouseEvent):
            if kind == QEvent.Type.MouseButtonRelease:
                self.cancel()
                return
            where = event.globalPosition()
            pressed = kind == QEvent.Type.MouseButtonPress
            if not pressed and not event.buttons() & Qt.MouseButton.LeftButton:
                return
        else:
            return
        self._track(self.window.mapFromGlobal(QPointF(where).toPoint()), pressed)

    def _track(self, pos: QPoint, pressed: bool) -> None:
        if pressed:
            if self._inside(pos):
                self._start = pos
                self.timer.start()
            return
        if self._start is None:
            return
        moved = (pos - self._start).manhattanLength()
        if moved > 24 or not self._inside(pos):
            self.cancel()

    def cancel(self) -> None:
        self._start = None
        self.timer.stop()


def _what(event: QEvent) -> object:
    """What the input was (a key, a place): with the time and type, it names one input."""
    if isinstance(event, QKeyEvent):
        return event.key()
    if isinstance(event, QMouseEvent):
        point = event.globalPosition()
        return (round(point.x()), round(point.y()))
    return None


class InputGuard(QObject):
    """``on_activity()`` runs for each press or key and returns True if that input only woke
    the kiosk (it is then swallowed). ``on_key(event)`` handles navigation keys."""

    staff_requested = Signal()

    def __init__(self, on_activity: Callable[[], bool], on_key: Callable[[QKeyEvent], bool],
                 kiosk_mode: bool, cursor_hide_ms: int, parent: QObject | None = None,
                 corner: CornerHold | None = None, window: QWidget | None = None) -> None:
        super().__init__(parent)
        self.on_activity, self.on_key, self.kiosk_mode = on_activity, on_key, kiosk_mode
        #: The kiosk's own window: input for another window of the application (Kiosk
        #: Studio, beside the kiosk playing its preview) is left to that window.
        self.window = window
        #: Whether a press that wakes the kiosk should also do what it presses (the language
        #: button in the attract loop): given the watched object and the event.
        self.passes: Callable[[QObject, QEvent], bool] = lambda _watched, _event: False
        self.corner = corner
        if corner is not None:
            corner.triggered.connect(self.staff_requested)
        self._last: tuple[int, int, object] | None = None
        self.kept: set[QObject] = set()  # see KEPT_TIMERS
        self._cursor_hidden = False
        self._cursor_timer = QTimer(self)
        self._cursor_timer.setSingleShot(True)
        self._cursor_timer.setInterval(cursor_hide_ms)
        self._cursor_timer.timeout.connect(self.hide_cursor)
        if kiosk_mode:
            self._cursor_timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in _SEEN or not isinstance(watched, QWidget | QWindow):
            if (kind == QEvent.Type.Timer and type(watched) is QObject
                    and len(self.kept) < KEPT_TIMERS):
                self.kept.add(watched)
            return False
        if self._elsewhere(watched):
            return False
        if self.corner is not None and isinstance(watched, QWindow):
            self.corner.observe(event)  # seen once, at the window, before anything swallows it
        if kind == QEvent.Type.MouseMove and self.kiosk_mode:
            self.show_cursor()
            return False
        if kind == QEvent.Type.ContextMenu:
            return True  # no context menus anywhere
        if kind not in INPUT:
            return False
        stamp = (int(kind), int(getattr(event, "timestamp", lambda: 0)()), _what(event))
        if stamp == self._last and stamp[1]:
            return False  # the same input on its way from the window to a widget
        self._last = stamp
        if kind == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.isAutoRepeat():
                return self.on_key(event)
            if self.kiosk_mode and is_escape(event) and not (
                    Qt.Key(event.key()) == Qt.Key.Key_Escape and _focus_takes_escape()):
                return True
            mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            if Qt.Key(event.key()) == STAFF_KEYS[0] and mods == STAFF_KEYS[1]:
                self.staff_requested.emit()
                return True
        if self.on_activity() and not self.passes(watched, event):
            return True
        if kind == QEvent.Type.KeyPress:
            return self.on_key(event)  # type: ignore[arg-type]
        return False

    def _elsewhere(self, watched: QWidget | QWindow) -> bool:
        if self.window is None:
            return False
        if isinstance(watched, QWidget):
            return watched.window() is not self.window
        own, window = self.window.windowHandle(), watched
        while window is not None and window is not own:
            window = window.parent()  # (a native child window is the kiosk's too)
        return window is None

    def hide_cursor(self) -> None:
        if not self._cursor_hidden:
            QGuiApplication.setOverrideCursor(Qt.CursorShape.BlankCursor)
            self._cursor_hidden = True

    def show_cursor(self) -> None:
        if self._cursor_hidden:  # never ask Qt for its override cursor: PySide frees it
            QGuiApplication.restoreOverrideCursor()
            self._cursor_hidden = False
        self._cursor_timer.start()

    @property
    def cursor_hidden(self) -> bool:
        return self._cursor_hidden
