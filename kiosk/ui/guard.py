"""One application-wide filter for visitor input: wakes the session, blocks the ways out,
hides the pointer when the mouse rests."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QKeyEvent, QWindow
from PySide6.QtWidgets import QWidget

INPUT = {QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick, QEvent.Type.TouchBegin,
         QEvent.Type.KeyPress, QEvent.Type.TabletPress}

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


class InputGuard(QObject):
    """``on_activity()`` runs for each press or key and returns True if that input only woke
    the kiosk (it is then swallowed). ``on_key(event)`` handles navigation keys."""

    def __init__(self, on_activity: Callable[[], bool], on_key: Callable[[QKeyEvent], bool],
                 kiosk_mode: bool, cursor_hide_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.on_activity, self.on_key, self.kiosk_mode = on_activity, on_key, kiosk_mode
        self._last: tuple[int, int] | None = None
        self._cursor_hidden = False
        self._cursor_timer = QTimer(self)
        self._cursor_timer.setSingleShot(True)
        self._cursor_timer.setInterval(cursor_hide_ms)
        self._cursor_timer.timeout.connect(self.hide_cursor)
        if kiosk_mode:
            self._cursor_timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not isinstance(watched, QWidget | QWindow):
            return False
        kind = event.type()
        if kind == QEvent.Type.MouseMove and self.kiosk_mode:
            self.show_cursor()
            return False
        if kind == QEvent.Type.ContextMenu:
            return True  # no context menus anywhere
        if kind not in INPUT:
            return False
        stamp = (int(kind), int(getattr(event, "timestamp", lambda: 0)()))
        if stamp == self._last and stamp[1]:
            return False  # the same input on its way from the window to a widget
        self._last = stamp
        if kind == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.isAutoRepeat():
                return self.on_key(event)
            if self.kiosk_mode and is_escape(event):
                return True
        if self.on_activity():
            return True
        if kind == QEvent.Type.KeyPress:
            return self.on_key(event)  # type: ignore[arg-type]
        return False

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
