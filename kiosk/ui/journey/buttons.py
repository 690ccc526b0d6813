"""The controls' own buttons: round ones for a glyph or an icon, pills for words, and the
progress dots a visitor can tap or drag along."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QPushButton, QWidget

from kiosk.content import Deck, Theme
from kiosk.ui.common import style


class RoundButton(QPushButton):
    """A round control drawn by hand: a dark disc with a clear light ring, the icon in the
    middle; the disc in the accent when pressed, and when on (a checkable one). Style-sheet
    rounded borders show seams on a circle."""

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        side = min(self.width(), self.height())
        ring = max(3.0, side / 25)
        disc = QRectF(ring / 2, ring / 2, side - ring, side - ring)
        down, on = self.isDown(), self.isChecked()
        accent = QColor(str(self.property("accent") or "#e3a94f"))
        light = QColor(255, 255, 255, 150)
        # Pressed: filled with the accent. On (a setting such as larger text): filled too,
        # with a light ring, so it reads "on" from a step away.
        painter.setPen(QPen(QColor(255, 255, 255, 230) if on else accent if down else light,
                            ring))
        painter.setBrush(accent if down or on else QColor(10, 16, 24, 215))
        painter.drawEllipse(disc)
        size = self.iconSize()
        mode = QIcon.Mode.Active if down or on else QIcon.Mode.Normal
        self.icon().paint(painter, QRect((side - size.width()) // 2,
                                         (side - size.height()) // 2, size.width(),
                                         size.height()), Qt.AlignmentFlag.AlignCenter, mode)


class PillButton(QPushButton):
    """A pill with words (and an icon): its rounded body and edge drawn by hand in one
    stroke (a style sheet's translucent rounded border shows bright seams where its corners
    meet its sides); the words and icon as the style sheet says."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.fill = self.edge = self.down_fill = style.colour(style.SCRIM)

    def set_colours(self, fill: str, edge: str, down: str) -> None:
        """Its body, its edge and its body while pressed (the style sheets' colours)."""
        self.fill, self.edge = style.colour(fill), style.colour(edge)
        self.down_fill = style.colour(down)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        down = self.isDown()
        painter.setPen(QPen(self.down_fill if down else self.edge, 2))
        painter.setBrush(self.down_fill if down else self.fill)
        body = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        painter.drawRoundedRect(body, body.height() / 2, body.height() / 2)
        painter.end()
        super().paintEvent(event)  # the words and the icon


def round_button(parent: QWidget, glyph: str, name: str) -> QPushButton:
    button = RoundButton(parent)
    button.setObjectName(name)
    button.setProperty("kind", "round")
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    button.setProperty("glyph", glyph)  # its icon is drawn in the theme's colours
    button.setAccessibleName(name)
    return button


def _pill_painter(widget: QWidget) -> QPainter:
    """A painter on ``widget`` with its dark rounded pill already drawn."""
    painter = QPainter(widget)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    h = widget.height()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(10, 16, 24, 215))
    painter.drawRoundedRect(QRectF(widget.rect()), h / 2, h / 2)
    return painter


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
        self.set_index(slide)

    def set_index(self, index: int) -> None:
        """Slide ``index`` is on screen (no dot is marked if it has none)."""
        self.index = self.shown.index(index) if index in self.shown else -1
        self.update()

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
        if 0 <= target < len(self.shown):
            self.jump.emit(self.shown[target])

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = _pill_painter(self)
        h = self.height()
        r = max(8.0, h * 0.11)  # a dot is at least 16 px across
        for i, x in enumerate(self.slots()):
            if i == self.index:
                painter.setBrush(QColor(self.theme.accent))
                painter.drawRoundedRect(QRectF(x - r * 2.2, h / 2 - r, r * 4.4, r * 2), r, r)
            else:
                colour = QColor(self.theme.text)
                colour.setAlpha(255 if i == self.pressed else 175)
                painter.setBrush(colour)
                radius = r * (1.5 if i == self.pressed else 1)
                painter.drawEllipse(QPointF(x, h / 2), radius, radius)
