"""The gentle "Still there? Touch the screen to continue" countdown."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from kiosk import words
from kiosk.content import Theme
from kiosk.ui.common.fonts import font
from kiosk.ui.common.metrics import Layer, unit


class IdleOverlay(Layer):
    """Dims the slide and counts down; any touch (handled by the session) dismisses it."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.theme = Theme()
        self.language = "en"
        self.labels: Mapping[str, Mapping[str, str]] = {}  # the deck's own words
        self.seconds = 10
        self.total = 10
        self.hide()

    def show_countdown(self, seconds: int, total: int, language: str) -> None:
        self.seconds, self.total, self.language = seconds, max(1, total), language
        self.cover()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor(8, 12, 18, 190))
        t = self.theme
        u = unit(self.size())
        card = QRectF(0, 0, min(self.width() - 120 * u, 1000 * u), 560 * u)
        card.moveCenter(QRectF(self.rect()).center())
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(t.surface))
        painter.drawRoundedRect(card, 36 * u, 36 * u)
        ring = QRectF(0, 0, 190 * u, 190 * u)
        ring.moveCenter(card.center())
        ring.moveTop(card.top() + 60 * u)
        track = QPen(QColor(255, 255, 255, 40), 12 * u)
        painter.setPen(track)
        painter.drawEllipse(ring)
        arc = QPen(QColor(t.accent), 12 * u)
        arc.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(arc)
        painter.drawArc(ring, 90 * 16, round(360 * 16 * self.seconds / self.total))
        painter.setPen(QColor(t.text))
        painter.setFont(font(t.heading_font, 96 * u, bold=True))
        painter.drawText(ring, Qt.AlignmentFlag.AlignCenter, str(self.seconds))
        painter.setFont(font(t.heading_font, 76 * u, bold=True))
        heading = QRectF(card.left(), ring.bottom() + 40 * u, card.width(), 100 * u)
        painter.drawText(heading, Qt.AlignmentFlag.AlignCenter,
                         words.text("still_there", self.language, self.labels))
        painter.setPen(QColor(t.muted))
        painter.setFont(font(t.body_font, 44 * u))
        line = QRectF(card.left(), heading.bottom() + 10 * u, card.width(), 70 * u)
        painter.drawText(line, Qt.AlignmentFlag.AlignCenter,
                         words.text("touch_to_continue", self.language, self.labels))
