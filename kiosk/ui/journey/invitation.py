"""The attract loop's invitation: 'Touch the screen to explore', big enough to read across a
room, with a ripple around the tap icon every few seconds. It sits in the strip slides leave
free along the bottom, so it never covers slide text."""

from __future__ import annotations

import math

from PySide6.QtCore import QPoint, QRect, QRectF, QSize, Qt, QTimer, QVariantAnimation
from PySide6.QtGui import (
    QAccessible,
    QColor,
    QFont,
    QFontMetricsF,
    QHideEvent,
    QImage,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import QWidget

from kiosk.content import Theme
from kiosk.ui.common import access, style
from kiosk.ui.common.fonts import font
from kiosk.ui.common.icons import icon
from kiosk.ui.common.metrics import INVITATION_CAP, controls_strip
from kiosk.visit import words

#: A ripple starts this long after the invitation appears or a new slide comes, and lasts
#: this long; then the invitation is still (a still slide costs the machine nothing).
PULSE_AFTER_MS = 600
PULSE_MS = 1400
#: The ripple is drawn at most every this many milliseconds (a slow ring needs no more).
PULSE_FRAME_MS = 40
#: A new slide brings no ripple if one began less than this long ago: slides a second or
#: two apart would keep the ring going without a pause (and the machine drawing it).
PULSE_EVERY_S = 5.0


class Hint(QWidget):
    """Shown only in the attract loop; ``fit(screen)`` sizes it for the window."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        access.set_role(self, QAccessible.Role.StaticText)
        self.text = words.text("touch_to_explore", "en")
        self.theme = Theme()
        self.px = 40.0  # the text's pixel size, set by fit()
        self.lines: list[str] = [self.text]
        self.phase = 0.0  # how far the current ripple has spread, 0 when still
        self._drawn_at = -PULSE_FRAME_MS  # the ripple's time when it was last drawn
        #: The invitation drawn once (pill, hand and words): a slide's fade beneath it then
        #: costs one small image, not a path, an icon and a line of text every frame.
        self._drawn: QImage | None = None
        self._hand: QImage | None = None  # the tap icon alone, drawn over the ring
        self._ripple = QVariantAnimation(self)
        self._ripple.setStartValue(0.0)
        self._ripple.setEndValue(1.0)
        self._ripple.setDuration(PULSE_MS)
        self._ripple.valueChanged.connect(self._spread)
        self._ripple.finished.connect(lambda: self._spread(0.0))
        self._soon = QTimer(self)
        self._soon.setSingleShot(True)
        self._soon.setInterval(PULSE_AFTER_MS)
        self._soon.timeout.connect(self._ripple.start)
        self._pulsed_at: float | None = None  # when a slide last brought a ripple

    def text_font(self) -> QFont:
        return font(self.theme.body_font, self.px)

    def cap_height(self) -> float:
        return QFontMetricsF(self.text_font()).capHeight()

    def fit(self, screen: QSize, avoid: QRect | None = None) -> QRect:
        """Size the words for ``screen`` (capitals at least INVITATION_CAP of its height),
        wrap them if they are too wide, and return where the invitation goes: in the middle
        of the strip along the bottom, or, if it would cover ``avoid`` (the language button,
        a visitor's first choice), in the room left of it."""
        self._drawn = None  # words, theme or size may change: draw the invitation anew
        w, h = screen.width(), screen.height()
        ratio = QFontMetricsF(font(self.theme.body_font, 100)).capHeight() / 100
        self.px = math.ceil(INVITATION_CAP * h / ratio)
        place = self._place(screen, 0, w * (0.9 if h > w else 0.6), w)
        gap = round(20 * min(w, h) / 1080)
        if avoid is not None and place.intersects(avoid.adjusted(-gap, -gap, gap, gap)):
            margin = w - avoid.right() - 1  # as far from the left edge as it is from the right
            room = avoid.left() - gap - margin
            place = self._place(screen, margin, room, room)
        return place

    def _place(self, screen: QSize, left: int, room: float, span: float) -> QRect:
        """The invitation at most ``room`` wide, centred in ``span`` from ``left``."""
        w, h = screen.width(), screen.height()
        metrics = QFontMetricsF(self.text_font())
        icon_side, pad = self.px * 1.5, self.px * self.pad_ratio(screen)
        self.lines = balanced(self.text, metrics, room - icon_side - 3 * pad)
        text_w = max(metrics.horizontalAdvance(line) for line in self.lines)
        height = max(icon_side, len(self.lines) * metrics.lineSpacing()) + 2 * pad
        width = pad + icon_side + pad + text_w + pad * 1.4
        strip = controls_strip(w, h)
        bottom = h - (strip - height) / 2 if height < strip else h
        return QRect(round(left + (span - width) / 2), round(bottom - height), round(width),
                     round(height))

    @staticmethod
    def pad_ratio(screen: QSize) -> float:
        return 0.4 if screen.height() > screen.width() else 0.55

    def _spread(self, value: object) -> None:
        """Only the ring's square is drawn again, and not more than 25 times a second."""
        self.phase = float(value)  # type: ignore[arg-type]
        now = self._ripple.currentTime()
        if self.phase and now - self._drawn_at < PULSE_FRAME_MS:
            return
        self._drawn_at = now if self.phase else -PULSE_FRAME_MS
        self.update(self._ring_area())

    def _ring_area(self) -> QRect:
        pad, side = self.px * self.pad_ratio(self.window().size()), self.px * 1.5
        centre = QRectF(pad, (self.height() - side) / 2, side, side).center()
        r = side * 0.7 + 2
        return QRectF(centre.x() - r, centre.y() - r, 2 * r, 2 * r).toAlignedRect()

    def pulse(self, now: float | None = None, still: float | None = None) -> None:
        """One ripple, soon (when the invitation is on screen): on showing and with each new
        slide (at ``now`` on the session's clock), so the eye is drawn where something
        changes, and never on a still screen; a new slide soon after a ripple brings none,
        nor one that stands ``still`` too briefly for a whole ripple (its fade is movement
        enough, and a ring cut off by the next fade only adds clutter)."""
        if not self.isVisible():
            return
        if still is not None and still * 1000 < PULSE_AFTER_MS + PULSE_MS:
            return
        if now is not None:
            if self._pulsed_at is not None and now - self._pulsed_at < PULSE_EVERY_S:
                return
            self._pulsed_at = now
        self._soon.start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.pulse()

    def hideEvent(self, event: QHideEvent) -> None:
        self._soon.stop()
        self._ripple.stop()
        self.phase = 0.0
        super().hideEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._drawn = None
        super().resizeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        ratio = self.devicePixelRatioF()
        if self._drawn is None or self._drawn.size() != self.size() * ratio:
            self._drawn = QImage(self.size() * ratio, QImage.Format.Format_ARGB32_Premultiplied)
            self._drawn.setDevicePixelRatio(ratio)
            self._drawn.fill(Qt.GlobalColor.transparent)
            self._paint(QPainter(self._drawn))
            self._hand = self._hand_image(ratio)
        painter = QPainter(self)
        painter.drawImage(0, 0, self._drawn)
        if self.phase > 0 and self._hand is not None:  # the ring spreads under the hand,
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)  # drawn again over it
            hand = self._hand_rect()
            colour = QColor(self.theme.accent)
            colour.setAlphaF(0.55 * (1 - self.phase))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            r = hand.width() * (0.35 + 0.35 * self.phase)
            painter.drawEllipse(hand.center(), r, r)
            painter.drawImage(hand.topLeft(), self._hand)

    def _hand_rect(self) -> QRectF:
        pad, side = self.px * self.pad_ratio(self.window().size()), self.px * 1.5
        return QRectF(QRectF(pad, (self.height() - side) / 2, side, side).toRect())

    def _hand_image(self, ratio: float) -> QImage:
        """The tap icon drawn once: drawing a font icon anew on each ripple frame (and each
        frame of a fade beneath) costs more than the ring itself."""
        side = self._hand_rect().size().toSize()
        image = QImage(side * ratio, QImage.Format.Format_ARGB32_Premultiplied)
        image.setDevicePixelRatio(ratio)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        icon("mdi6.gesture-tap", self.theme.accent).paint(painter, QRect(QPoint(0, 0), side))
        painter.end()
        return image

    def _paint(self, painter: QPainter) -> None:
        """The invitation without its ring: pill, hand and words."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        h = self.height()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(style.colour(style.scrim(self.theme, 200)))
        radius = min(h / 2, self.px * 1.2)
        painter.drawRoundedRect(QRectF(self.rect()), radius, radius)
        pad, side = self.px * self.pad_ratio(self.window().size()), self.px * 1.5
        icon("mdi6.gesture-tap", self.theme.accent).paint(painter, self._hand_rect().toRect())
        painter.setPen(QColor(self.theme.text))
        painter.setFont(self.text_font())
        metrics = QFontMetricsF(self.text_font())
        block = len(self.lines) * metrics.lineSpacing()
        y = (h - block) / 2
        for line in self.lines:
            painter.drawText(QRectF(pad * 2 + side, y, self.width(), metrics.lineSpacing()),
                             Qt.AlignmentFlag.AlignVCenter, line)
            y += metrics.lineSpacing()
        painter.end()


def _wrap(text: str, metrics: QFontMetricsF, width: float) -> list[str]:
    """Greedy word wrap into ``width`` (a word longer than the line stays whole)."""
    lines: list[str] = []
    for word in text.split():
        if lines and metrics.horizontalAdvance(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [text]


def balanced(text: str, metrics: QFontMetricsF, width: float) -> list[str]:
    """As few lines as fit ``width``, as even as they can be (never one word left alone on
    the last line when it can be helped): the narrowest width giving the same line count."""
    lines = _wrap(text, metrics, width)
    low, high = width / 2, width
    for _ in range(12):
        middle = (low + high) / 2
        if len(_wrap(text, metrics, middle)) <= len(lines):
            high = middle
        else:
            low = middle
    return _wrap(text, metrics, high)
