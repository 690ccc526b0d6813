"""Turning touches and mouse drags on the player into taps and swipes."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPointF, Qt, Signal
from PySide6.QtGui import QMouseEvent, QTouchEvent

from kiosk.visit.swipe import Outcome, SwipeTracker

if TYPE_CHECKING:
    from kiosk.ui.player.player import Player

#: The player's events this filter handles (it sees all of them, a paint each frame).
_TOUCH = frozenset({QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd,
                    QEvent.Type.TouchCancel})
_MOUSE = frozenset({QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
                    QEvent.Type.MouseButtonRelease})


class SwipeInput(QObject):
    """Event filter on the player: the slide follows one finger (or the mouse) sideways.

    Vertical movement, and any gesture with a second finger, leave the slide where it is.
    """

    tapped = Signal(QPointF)

    def __init__(self, player: Player, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(player)
        self.player = player
        self.clock = clock
        self.tracker = SwipeTracker(player.width())
        self._multi = False
        player.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        player.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in _TOUCH:
            assert isinstance(event, QTouchEvent)
            self._touch(event)
            event.accept()
            return True
        if kind in _MOUSE:
            assert isinstance(event, QMouseEvent)
            return self._mouse(event)
        return False

    # ---------------------------------------------------------------- touch
    def _touch(self, event: QTouchEvent) -> None:
        points = event.points()
        kind = event.type()
        if kind == QEvent.Type.TouchCancel:
            self._cancel()
            return
        if len(points) > 1 or self._multi:
            if not self._multi:
                self._multi = True
                self._cancel()
            if kind == QEvent.Type.TouchEnd:
                self._multi = False  # all fingers up: ready for the next gesture
            return
        pos = points[0].position()
        if kind == QEvent.Type.TouchBegin:
            self._press(pos)
        elif kind == QEvent.Type.TouchUpdate:
            self._move(pos)
        else:
            self._release(pos)

    # ---------------------------------------------------------------- mouse
    def _mouse(self, event: QMouseEvent) -> bool:
        pos = event.position()
        if event.type() == QEvent.Type.MouseButtonPress:
            if event.button() != Qt.MouseButton.LeftButton:
                return True  # no context menus, no middle-click tricks
            self._press(pos)
        elif event.type() == QEvent.Type.MouseMove:
            if event.buttons() & Qt.MouseButton.LeftButton:
                self._move(pos)
        elif event.button() == Qt.MouseButton.LeftButton:
            self._release(pos)
        return True

    # ---------------------------------------------------------------- gesture
    def _press(self, pos: QPointF) -> None:
        self.tracker.width = max(1, self.player.width())
        self.tracker.press(pos.x(), pos.y(), self.clock())

    def _move(self, pos: QPointF) -> None:
        if not self.tracker.active:
            return
        was_dragging = self.tracker.dragging
        if self.tracker.move(pos.x(), pos.y(), self.clock()):
            if not was_dragging:
                self.player.drag_begin()
            self.player.drag_to(self.tracker.dx)

    def _release(self, pos: QPointF) -> None:
        if not self.tracker.active:
            return
        dragging = self.tracker.dragging
        outcome = self.tracker.release(pos.x(), pos.y(), self.clock())
        if outcome is Outcome.TAP:
            self.tapped.emit(pos)
        elif dragging:
            direction = {Outcome.NEXT: 1, Outcome.PREVIOUS: -1}.get(outcome, 0)
            self.player.drag_release(direction)

    def _cancel(self) -> None:
        if self.tracker.dragging:
            self.player.drag_release(0)
        self.tracker.cancel()
