"""The controls' own buttons: round ones for a glyph or an icon, pills for words, and the
progress dots a visitor can tap or drag along."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QIcon,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import QAbstractButton, QPushButton, QWidget

from kiosk.content import Deck, Theme
from kiosk.ui.common import access, style
from kiosk.visit import words


class RoundButton(QPushButton):
    """A round control drawn by hand: a dark disc with a clear light ring, the icon in the
    middle; the disc in the accent when pressed, and when on (a checkable one). Style-sheet
    rounded borders show seams on a circle."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.accent, self.disc = QColor("#e3a94f"), style.colour(style.scrim(Theme()))
        self.ring, self.ring_on = style.colour(style.line(150)), style.colour(style.line(230))

    def set_colours(self, accent: str, disc: str, ring: str, ring_on: str) -> None:
        """The accent (pressed, on), the disc, its ring, and its ring when on."""
        self.accent, self.disc = style.colour(accent), style.colour(disc)
        self.ring, self.ring_on = style.colour(ring), style.colour(ring_on)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        side = min(self.width(), self.height())
        ring = max(3.0, side / 25)
        disc = QRectF(ring / 2, ring / 2, side - ring, side - ring)
        down, on = self.isDown(), self.isChecked()
        # Pressed: filled with the accent. On (a setting such as larger text): filled too,
        # with a light ring, so it reads "on" from a step away.
        painter.setPen(QPen(self.ring_on if on else self.accent if down else self.ring, ring))
        painter.setBrush(self.accent if down or on else self.disc)
        painter.drawEllipse(disc)
        size = self.iconSize()
        mode = QIcon.Mode.Active if down or on else QIcon.Mode.Normal
        self.icon().paint(painter, QRect((side - size.width()) // 2,
                                         (side - size.height()) // 2, size.width(),
                                         size.height()), Qt.AlignmentFlag.AlignCenter, mode)


class PillButton(QPushButton):
    """A pill with words (and an icon): its rounded body and edge drawn by hand in one
    stroke (a style sheet's translucent rounded border shows bright seams where its corners
    meet its sides); the words and icon as the style sheet says. A checkable one is lit
    while on, as when pressed, with a light edge."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.fill = self.edge = self.down_fill = style.colour(style.SCRIM)
        self.on_edge = style.colour(style.line(230))

    def set_colours(self, fill: str, edge: str, down: str, on_edge: str | None = None) -> None:
        """Its body, its edge, its body while pressed (and on), and its edge while on (the
        style sheets' colours)."""
        self.fill, self.edge = style.colour(fill), style.colour(edge)
        self.down_fill = style.colour(down)
        if on_edge is not None:
            self.on_edge = style.colour(on_edge)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        down, on = self.isDown(), self.isChecked()
        edge = self.on_edge if on else self.down_fill if down else self.edge
        painter.setPen(QPen(edge, max(2.0, self.height() / 25) if on else 2))
        painter.setBrush(self.down_fill if down or on else self.fill)
        body = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        painter.drawRoundedRect(body, body.height() / 2, body.height() / 2)
        painter.end()
        super().paintEvent(event)  # the words and the icon


def round_button(parent: QWidget, glyph: str, name: str) -> RoundButton:
    button = RoundButton(parent)
    button.setObjectName(name)
    button.setProperty("kind", "round")
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    button.setProperty("glyph", glyph)  # its icon is drawn in the theme's colours
    return button


def _pill_painter(widget: QWidget, fill: QColor) -> QPainter:
    """A painter on ``widget`` with its dark rounded pill already drawn."""
    painter = QPainter(widget)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    h = widget.height()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(fill)
    painter.drawRoundedRect(QRectF(widget.rect()), h / 2, h / 2)
    return painter


class Dot(QAbstractButton):
    """One progress dot as a screen reader finds it ("Slide 3 of 12", on for the slide
    showing); pressing it goes there. The row draws it and takes the touches."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setCheckable(True)

    def nextCheckState(self) -> None:
        """A press goes to the slide; which dot is on is the row's to say."""

    def paintEvent(self, event: QPaintEvent) -> None:
        """Drawn by the row."""


class ProgressDots(QWidget):
    """One dot per slide a visitor can go to, the current one long and bright; tapping a dot
    jumps to it."""

    jump = Signal(int)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.count = 0
        self.index = 0
        self.pressed = -1
        self.breaks: set[int] = set()  # dots where a new chapter starts
        self.shown: list[int] = []  # the slide of each dot (a schedule may leave some out)
        self._chapters: list[str | None] = []  # each slide's
        self.theme = Theme()
        self.dots: list[Dot] = []  # each dot, for a screen reader
        self.language, self.digits = "en", False  # how the dots are named
        self.labels: Mapping[str, Mapping[str, str]] = {}

    def set_deck(self, deck: Deck) -> None:
        self.theme, self._chapters = deck.theme, [s.chapter for s in deck.slides]
        self.shown = []
        self.set_shown(list(range(len(deck.slides))))

    def set_shown(self, shown: list[int]) -> None:
        """The slides a visitor can go to now, one dot each (of the deck the dots know)."""
        shown = [i for i in shown if 0 <= i < len(self._chapters)]
        if shown == self.shown:
            return
        slide = self.shown[self.index] if 0 <= self.index < len(self.shown) else self.index
        self.shown, self.count = shown, len(shown)
        chapters = [self._chapters[i] for i in shown]
        self.breaks = {i for i in range(1, len(chapters)) if chapters[i] != chapters[i - 1]}
        self._make_dots()
        self.set_index(slide)

    def set_index(self, index: int) -> None:
        """Slide ``index`` is on screen (no dot is marked if it has none)."""
        self.index = self.shown.index(index) if index in self.shown else -1
        for i, dot in enumerate(self.dots):
            dot.setChecked(i == self.index)
        self.update()

    def set_language(self, language: str, labels: Mapping[str, Mapping[str, str]],
                     digits: bool) -> None:
        """Name each dot in ``language`` ("Slide 3 of 12"; ``digits``: the script's own)."""
        self.language, self.labels, self.digits = language, labels, digits
        self._name_dots()

    def _make_dots(self) -> None:
        """One dot a slide shown, named and placed."""
        while len(self.dots) > self.count:
            self.dots.pop().deleteLater()
        while len(self.dots) < self.count:
            dot = Dot(self)
            dot.clicked.connect(lambda _=False, d=dot: self._jump_to(self.dots.index(d)))
            dot.show()
            self.dots.append(dot)
        self._name_dots()
        self._place_dots()

    def _name_dots(self) -> None:
        for i, dot in enumerate(self.dots):
            access.name(dot, words.text("slide_of", self.language, self.labels, n=i + 1,
                                        digits=self.digits, total=self.count))

    def _place_dots(self) -> None:
        h = self.height()
        for dot, x in zip(self.dots, self.slots(), strict=True):
            dot.setGeometry(round(x - h / 4), 0, max(1, round(h / 2)), h)

    def _jump_to(self, dot: int) -> None:
        if 0 <= dot < len(self.shown):
            self.jump.emit(self.shown[dot])

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_dots()

    def slots(self) -> list[float]:
        """Centre x of each dot; chapter breaks get a wider gap."""
        if not self.count:
            return []
        gaps = self.count - 1 + len(self.breaks)
        step = self.width() / max(1, gaps + 2)
        x, out = step, []
        for i in range(self.count):
            if i in self.breaks:
                x += step
            out.append(x)
            x += step
        return out

    def index_at(self, x: float) -> int:
        slots = self.slots()
        return min(range(len(slots)), key=lambda i: abs(slots[i] - x)) if slots else -1

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.pressed = self.index_at(event.position().x())
        self.repaint()  # feedback in this frame, not the next

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """A finger sliding along the row picks the dot under it (the row is one big touch
        target: with many slides, each dot alone would be too small to hit)."""
        index = self.index_at(event.position().x())
        if index != self.pressed:
            self.pressed = index
            self.repaint()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        target, self.pressed = self.pressed, -1
        self.update()
        self._jump_to(target)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = _pill_painter(self, style.colour(style.scrim(self.theme)))
        h = self.height()
        r = max(8.0, h * 0.11)  # a dot is at least 16 px across
        for i, x in enumerate(self.slots()):
            if i == self.index:
                painter.setBrush(QColor(self.theme.accent))
                painter.drawRoundedRect(QRectF(x - r * 2.2, h / 2 - r, r * 4.4, r * 2), r, r)
            else:
                colour = QColor(self.theme.text)
                colour.setAlpha(255 if i == self.pressed or style.high(self.theme) else 175)
                painter.setBrush(colour)
                radius = r * (1.5 if i == self.pressed else 1)
                painter.drawEllipse(QPointF(x, h / 2), radius, radius)
