"""The gentle "Still there? Touch the screen to continue" countdown."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QAccessible, QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from kiosk.content import Theme
from kiosk.ui.common import access
from kiosk.ui.common.fonts import font
from kiosk.ui.common.metrics import Layer, unit
from kiosk.ui.common.text_layout import LaidText, TextStyle, draw_text, fit_text
from kiosk.visit import words

CENTRE = Qt.AlignmentFlag.AlignHCenter


@dataclass
class Countdown:
    """Where the countdown's card, ring and words go at one size, in one language."""

    card: QRectF
    ring: QRectF
    number: str
    words: dict[str, tuple[LaidText, QRectF, TextStyle]]  # "heading", "line"


class IdleOverlay(Layer):
    """Dims the slide and counts down; any touch (handled by the session) dismisses it."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.theme = Theme()
        self.language = "en"
        self.labels: Mapping[str, Mapping[str, str]] = {}  # the deck's own words
        self.native: set[str] = set()  # languages whose numbers are in their own digits
        self.seconds = 10
        self.total = 10
        access.set_role(self, QAccessible.Role.AlertMessage)
        self.hide()

    def show_countdown(self, seconds: int, total: int, language: str) -> None:
        self.seconds, self.total, self.language = seconds, max(1, total), language
        access.name(self, words.text("still_there", language, self.labels),
                    words.text("touch_to_continue", language, self.labels))
        self.cover()

    def lay_out(self) -> Countdown:
        """The card in the middle: the ring with the seconds left, and under it the words,
        each shrunk or wrapped to the card's width."""
        t, u = self.theme, unit(self.size())
        width = min(self.width() - 120 * u, 1000 * u)
        inner, pad = width - 96 * u, 60 * u
        head_style = TextStyle(t.heading_font, 76 * u, t.text, bold=True, align=CENTRE,
                               line_height=1.15, min_size=48 * u)
        line_style = TextStyle(t.body_font, 44 * u, t.muted, align=CENTRE, line_height=1.3,
                               min_size=30 * u)
        head = fit_text(words.text("still_there", self.language, self.labels), head_style,
                        inner, 190 * u, self.language)
        line = fit_text(words.text("touch_to_continue", self.language, self.labels),
                        line_style, inner, 130 * u, self.language)
        ring_side, gap = 190 * u, 40 * u
        card = QRectF(0, 0, width, pad + ring_side + gap + head.height + 16 * u + line.height
                      + pad)
        card.moveCenter(QRectF(self.rect()).center())
        ring = QRectF(0, 0, ring_side, ring_side)
        ring.moveCenter(card.center())
        ring.moveTop(card.top() + pad)
        x = card.left() + (width - inner) / 2
        head_box = QRectF(x, ring.bottom() + gap, inner, head.height)
        line_box = QRectF(x, head_box.bottom() + 16 * u, inner, line.height)
        number = (words.localize_digits(str(self.seconds), self.language)
                  if self.language in self.native else str(self.seconds))
        return Countdown(card, ring, number, {"heading": (head, head_box, head_style),
                                              "line": (line, line_box, line_style)})

    def parts(self) -> dict[str, QRectF]:
        """Where the card and its words are (the layout tests read it)."""
        laid = self.lay_out()
        return {"card": laid.card, **{name: box for name, (_t, box, _s) in laid.words.items()}}

    def cut(self) -> list[str]:
        """Words that do not fit the card even at their smallest size."""
        return [name for name, (text, _b, _s) in self.lay_out().words.items() if not text.fits]

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor(8, 12, 18, 190))
        t, u = self.theme, unit(self.size())
        laid = self.lay_out()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(t.surface))
        painter.drawRoundedRect(laid.card, 36 * u, 36 * u)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(QColor(255, 255, 255, 40), 12 * u))
        painter.drawEllipse(laid.ring)
        arc = QPen(QColor(t.accent), 12 * u)
        arc.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(arc)
        painter.drawArc(laid.ring, 90 * 16, round(360 * 16 * self.seconds / self.total))
        painter.setPen(QColor(t.text))
        painter.setFont(font(t.heading_font, 96 * u, bold=True))
        painter.drawText(laid.ring, Qt.AlignmentFlag.AlignCenter, laid.number)
        for text, box, style in laid.words.values():
            draw_text(painter, text, box.left(), box.top(), style)
