"""Small parts the staff screens share: an on/off switch that does not look like an action
button, a one-line label that shortens a long path in its middle, and a scrolled area a
finger drags."""

from __future__ import annotations

from PySide6.QtCore import QObject, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QLabel,
    QScrollBar,
    QScroller,
    QScrollerProperties,
    QWidget,
)


class Switch(QAbstractButton):
    """A setting that is on or off: a track with a knob, its words beside it. Colours come
    from the theme (``set_colours``); the height is the touch target's."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setText(text)
        self.setCheckable(True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.on_colour, self.off_colour = QColor("#e3a94f"), QColor("#2a3b4b")
        self.knob_colour, self.text_colour = QColor("#f6f1e9"), QColor("#f6f1e9")
        self.side = 64

    def set_colours(self, on: str, off: str, knob: str, text: str) -> None:
        self.on_colour, self.off_colour = QColor(on), QColor(off)
        self.knob_colour, self.text_colour = QColor(knob), QColor(text)
        self.update()

    def set_side(self, side: int) -> None:
        """The height of a touch target; the track is drawn inside it."""
        self.side = side
        self.updateGeometry()

    def _track(self) -> QRectF:
        height = self.side * 0.56
        return QRectF(0, (self.height() - height) / 2, height * 1.8, height)

    def sizeHint(self) -> QSize:
        track = self.side * 0.56 * 1.8
        words = self.fontMetrics().horizontalAdvance(self.text())
        return QSize(round(track + self.side * 0.3 + words + 4), self.side)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        track = self._track()
        radius = track.height() / 2
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.on_colour if self.isChecked() else self.off_colour)
        painter.drawRoundedRect(track, radius, radius)
        inset = track.height() * 0.12
        knob = track.height() - 2 * inset
        left = track.right() - inset - knob if self.isChecked() else track.left() + inset
        painter.setBrush(self.knob_colour)
        painter.drawEllipse(QRectF(left, track.top() + inset, knob, knob))
        painter.setPen(self.text_colour)
        painter.setFont(self.font())
        words = QRectF(track.right() + self.side * 0.3, 0, self.width(), self.height())
        painter.drawText(words, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                         self.text())


class ElidedLabel(QLabel):
    """One line; a text too long for it loses its middle ("/media/KING…-153000.csv"), never
    its ends. The whole text is the tooltip."""

    def __init__(self, parent: QWidget | None = None,
                 mode: Qt.TextElideMode = Qt.TextElideMode.ElideMiddle) -> None:
        super().__init__(parent)
        self.full = ""
        self.mode = mode
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setMinimumWidth(1)

    def set_full_text(self, text: str) -> None:
        self.full = text
        self.setToolTip(text)
        self._elide()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        metrics = self.fontMetrics()
        self.setText(metrics.elidedText(self.full, self.mode,
                                        max(1, self.width())))


class ScrollKept(QObject):
    """Keeps ``bar`` where it was scrolled while what it scrolls shrinks for a moment and
    grows back (its words replaced by new ones): Qt leaves it at the shorter end."""

    def __init__(self, bar: QScrollBar) -> None:
        super().__init__(bar)
        self.bar = bar
        self.wanted = bar.value()  # where it was last scrolled (by a person, or the code)
        self._keeping = False
        bar.valueChanged.connect(self._moved)
        bar.rangeChanged.connect(self._ranged)

    def _moved(self, value: int) -> None:
        if not self._keeping:
            self.wanted = value

    def _ranged(self, low: int, high: int) -> None:
        self._keeping = True  # (as near where it was scrolled as the new range allows)
        try:
            self.bar.setValue(min(max(self.wanted, low), high))
        finally:
            self._keeping = False


def drag_to_scroll(area: QAbstractScrollArea) -> None:
    """A finger (or the mouse) dragging anywhere in ``area`` scrolls it, with a flick's
    glide. A press reaches the button under it at once, as without (no wait to see whether
    it becomes a drag); a drag that starts on a button scrolls and does not press it."""
    viewport = area.viewport()
    QScroller.grabGesture(viewport, QScroller.ScrollerGestureType.LeftMouseButtonGesture)
    scroller = QScroller.scroller(viewport)
    properties = scroller.scrollerProperties()
    Property, Policy = QScrollerProperties.ScrollMetric, QScrollerProperties.OvershootPolicy
    properties.setScrollMetric(Property.MousePressEventDelay, 0.0)
    for metric in (Property.HorizontalOvershootPolicy, Property.VerticalOvershootPolicy):
        properties.setScrollMetric(metric, Policy.OvershootAlwaysOff)  # (no rubber band)
    scroller.setScrollerProperties(properties)
