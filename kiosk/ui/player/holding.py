"""When slides cannot be painted: each is skipped (and logged once), and when none can play,
the calm holding slide: the deck's title in its theme and language (a plain "Welcome" only
when nothing of the deck could be read), nothing technical. The problems are for staff (the
staff panel and the log)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter

from kiosk.content import Deck, Theme
from kiosk.content.text import pick
from kiosk.ui.common.text_layout import TextStyle, draw_text, fit_text

log = logging.getLogger(__name__)

WELCOME = "Welcome"


class Skips:
    """The slides of the deck playing that could not be painted, and how many in a row."""

    def __init__(self) -> None:
        self.reasons: set[tuple[int, str]] = set()
        self.in_a_row = 0

    def clear(self) -> None:
        """A new deck: nothing failed yet."""
        self.reasons.clear()
        self.in_a_row = 0

    def skipped(self, deck: Deck, index: int, reason: str) -> None:
        """Slide ``index`` could not be painted (said once in the log for each reason)."""
        if (index, reason) not in self.reasons:
            self.reasons.add((index, reason))
            log.warning("slide %d (%s) skipped: %s", index + 1, deck.slides[index].id, reason)

    def missed(self, deck: Deck) -> bool:
        """The slide that was due failed too: whether every slide failed in a row."""
        self.in_a_row += 1
        return self.in_a_row >= len(deck.slides)

    def lines(self) -> list[str]:
        """Why, a line a slide (for staff)."""
        return [f"slide {i + 1}: {why}" for i, why in sorted(self.reasons)]


class HoldingSlide:
    """The holding slide for ``deck`` (None: no deck could be read) in ``language`` (else
    the deck's first), drawn at any size."""

    def __init__(self, deck: Deck | None, language: str | None = None) -> None:
        self.deck = deck
        self.theme = deck.theme if deck is not None else Theme()
        first = deck.default_language if deck is not None else "en"
        known = deck is not None and language in deck.languages
        self.language = language if known and language else first
        title = pick(deck.title, self.language, first) if deck is not None else ""
        self.title = title.strip() or WELCOME

    def in_language(self, language: str) -> HoldingSlide:
        """The same slide in ``language`` (a visitor chose it)."""
        return HoldingSlide(self.deck, language)

    def frame(self, size: QSize, ratio: float = 1.0) -> QImage:
        """The slide as an opaque image of ``size`` (logical pixels, at ``ratio``)."""
        image = QImage(QSize(max(1, round(size.width() * ratio)),
                             max(1, round(size.height() * ratio))), QImage.Format.Format_RGB32)
        image.setDevicePixelRatio(ratio)
        image.fill(QColor(self.theme.background))
        painter = QPainter(image)
        try:
            painter.setRenderHints(QPainter.RenderHint.Antialiasing
                                   | QPainter.RenderHint.TextAntialiasing)
            self._paint(painter, float(size.width()), float(size.height()))
        finally:
            painter.end()
        return image

    def _paint(self, painter: QPainter, w: float, h: float) -> None:
        """The title in the middle, under a short rule in the accent colour."""
        u = min(w, h) / 1080
        margin = (84 if h > w else 120) * u
        style = TextStyle(self.theme.heading_font, 112 * u, self.theme.text, bold=True,
                          line_height=1.08, min_size=60 * u, align=Qt.AlignmentFlag.AlignHCenter)
        laid = fit_text(self.title, style, w - 2 * margin, h * 0.42, self.language)
        y = (h - laid.height) / 2
        rule = 140 * u
        painter.fillRect(QRectF((w - rule) / 2, y - 60 * u, rule, 8 * u),
                         QColor(self.theme.accent))
        draw_text(painter, laid, margin, y, style)
