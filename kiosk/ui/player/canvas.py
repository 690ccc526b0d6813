"""The canvas slides are painted on: one slide at one size and language, every size from one
unit; it lays out text (recording what does not fit), places photos, scrims and the footer.
No line of text leaves its box: a word too wide for its line at the smallest size of its
block is recorded (``cut``), and the slide is laid out again with all its text a step smaller
(``step``; see ``kiosk.ui.player.slides.settle``).

Everything here runs on worker threads as well as the GUI thread: it paints only on QImage.
"""

from __future__ import annotations

import functools
import random
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QImage,
    QLinearGradient,
    QPainter,
    QRadialGradient,
)

from kiosk.content.contrast import HighContrast
from kiosk.content.model import Deck, Slide, Theme
from kiosk.content.text import pick
from kiosk.ui.common.images import Decoder, decode
from kiosk.ui.common.metrics import controls_strip
from kiosk.ui.common.text_layout import LaidText, TextStyle, draw_text, fit_text, ink
from kiosk.visit import words

LEFT = Qt.AlignmentFlag.AlignLeft
CENTER = Qt.AlignmentFlag.AlignHCenter
#: The deck's logo, top right: its height, and at most three times that wide (in units).
LOGO_HEIGHT = 90

@functools.cache
def _grain() -> QImage:
    """A tile of faint noise (a level or two either way) laid over gradients, so a smooth
    dark gradient never shows bands on an 8-bit screen (dithering)."""
    side = 128
    raw = random.Random(1975).randbytes(side * side)  # the same grain every time
    pixels = []  # B G R A, premultiplied: light specks (a, a, a, a), dark ones (0, 0, 0, a)
    for b in range(256):
        alpha = (0, 3, 5)[(b >> 1) % 3]
        pixels.append(bytes((alpha, alpha, alpha, alpha)) if b & 1 else bytes((0, 0, 0, alpha)))
    data = b"".join([pixels[b] for b in raw])
    return QImage(bytes(data), side, side, QImage.Format.Format_ARGB32_Premultiplied).copy()


def _alpha(color: str, alpha: int) -> QColor:
    c = QColor(color)
    c.setAlpha(alpha)
    return c


def lines_rect(laid: LaidText) -> QRectF:
    """Where the lines of ``laid`` reach, from its top left: as wide as its longest line (not
    its box), as tall as its letters (a Khmer subscript may reach below its line)."""
    layout = laid.layout
    reach = QRectF()
    for i in range(layout.lineCount()):
        reach = reach.united(layout.lineAt(i).naturalTextRect())
    letters = ink(laid)
    top, bottom = min(reach.top(), letters.top()), max(reach.bottom(), letters.bottom())
    return QRectF(reach.left(), top, reach.width(), bottom - top)


@dataclass
class Canvas:
    """One slide at one size and language: measures text, records misfits, paints if it can."""

    deck: Deck
    slide: Slide
    language: str
    size: QSize
    painter: QPainter | None = None
    misfits: list[tuple[str, str]] = field(default_factory=list)
    hide: frozenset[str] = frozenset()  # texts laid out but not drawn (to measure under them)
    placed: dict[str, QRectF] = field(default_factory=dict)  # where each named text went
    text_scale: float = 1.0  # larger text for a visitor who asked for it (the layout reflows)
    step: float = 1.0  # all the slide's text a step smaller, for a word too wide for its line
    cut: list[str] = field(default_factory=list)  # texts with a word too wide for its line
    #: The slide's photo, decoded at the frame's size before painting began; when it fills
    #: the frame it *is* the frame (painted on, never copied), and :meth:`photo` has only
    #: the backdrop to see to.
    decoded: QImage | None = None
    decoder: Decoder = decode  # (the studio's keeps what it decoded)
    photo_is_frame: bool = False

    def __post_init__(self) -> None:
        self.w, self.h = float(self.size.width()), float(self.size.height())
        self.u = min(self.w, self.h) / 1080
        self.portrait = self.h > self.w
        self.margin = (84 if self.portrait else 120) * self.u
        self.theme: Theme = self.deck.theme
        self.top = (150 if self.portrait else 110) * self.u
        # The lowest strip is kept for the visitor's controls; sources sit just above it.
        self.footer_bottom = self.h - controls_strip(self.w, self.h)
        self.bottom = self.footer_bottom - (70 if self.portrait else 50) * self.u
        self.t = self.u * self.text_scale * self.step  # the unit of text sizes
        #: The deck's terms no line breaks inside, in this language.
        self.keep = tuple(pick(term, self.language, self.deck.default_language)
                          for term in self.deck.keep_together)
        self._names: dict[int, str] = {}

    # ---------------------------------------------------------------- text
    def tr(self, name: str) -> str:
        return self.slide.text(name, self.language, self.deck.default_language)

    def style(self, role: str, **changes: object) -> TextStyle:
        u, t = self.t, self.theme
        roles = {
            "chapter": TextStyle(t.body_font, 26 * u, t.accent, bold=True, letter_spacing=12),
            "display": TextStyle(t.heading_font, 112 * u, t.text, bold=True, line_height=1.08,
                                 min_size=60 * u),
            "heading": TextStyle(t.heading_font, 88 * u, t.text, bold=True, line_height=1.1,
                                 min_size=54 * u),
            "body": TextStyle(t.body_font, 50 * u, t.text, line_height=1.38, min_size=34 * u,
                              emphasis_color=t.accent),
            "lead": TextStyle(t.body_font, 46 * u, t.muted, line_height=1.3, min_size=32 * u),
            "figure": TextStyle(t.heading_font, 230 * u, t.accent, bold=True, line_height=1.0,
                                min_size=110 * u, align=CENTER),
            "label": TextStyle(t.body_font, 56 * u, t.text, line_height=1.3, min_size=36 * u,
                               align=CENTER),
            "quote": TextStyle("Noto Serif", 68 * u, t.text, italic=True, line_height=1.3,
                               min_size=40 * u),
            "by": TextStyle(t.body_font, 36 * u, t.accent, bold=True, min_size=26 * u),
            "caption": TextStyle(t.body_font, 40 * u, t.text, line_height=1.3, min_size=28 * u),
            "footer": TextStyle(t.body_font, 26 * u, t.muted, min_size=20 * u),
            "list": TextStyle(t.body_font, 30 * u, t.text, line_height=1.32, min_size=19 * u,
                              emphasis_color=t.accent),
        }
        style = roles[role]
        return TextStyle(**{**style.__dict__, **changes}) if changes else style

    def fit(self, text: str, style: TextStyle, width: float, max_height: float) -> LaidText:
        """``text`` laid out in the slide's language, keeping the deck's terms whole."""
        return fit_text(text, style, width, max_height, self.language, self.keep)

    def lay(self, name: str, text: str, style: TextStyle, width: float, max_height: float
            ) -> LaidText:
        """:meth:`fit`, remembering the text's name and whether it fits."""
        laid = self.fit(text, style, width, max_height)
        self._names[id(laid)] = name
        self.note_fit(name, laid)
        return laid

    def note_fit(self, name: str, laid: LaidText) -> None:
        """Record ``laid`` as cut (a word too wide for its line) or as not fitting."""
        at = f"at {self.size.width()}x{self.size.height()}"
        if not laid.whole_words:
            self.cut.append(name)
            self.misfits.append((name, f"'{name}' does not fit {at}: a word is wider than "
                                       f"its line even in the smallest text, so it is cut in "
                                       f"two; shorten the word or put a space in it"))
        elif not laid.fits:
            self.misfits.append((name, f"'{name}' does not fit {at} even at the smallest "
                                       f"readable size; shorten it"))

    def put(self, laid: LaidText, x: float, y: float, style: TextStyle) -> None:
        name = self._names.get(id(laid), "")
        if name:
            self.placed[name] = QRectF(x, y, laid.width, laid.height)
        if self.painter is not None and name not in self.hide:
            draw_text(self.painter, laid, x, y, style)

    def stack(self, blocks: list[tuple[LaidText | float, TextStyle | None]], x: float,
              top: float, bottom: float) -> None:
        """Put text blocks (and float gaps) one under another, centred between top and bottom."""
        total = sum(b if isinstance(b, float) else b.height for b, _ in blocks)
        y = top + max(0.0, (bottom - top - total) / 2)
        for block, style in blocks:
            if isinstance(block, float):
                y += block
            else:
                assert style is not None
                self.put(block, x, y, style)
                y += block.height

    # ---------------------------------------------------------------- pictures
    def fill(self, rect: QRectF, color: QColor | str) -> None:
        if self.painter is not None:
            self.painter.fillRect(rect, QColor(color) if isinstance(color, str) else color)

    def photo(self, rect: QRectF, mode: str = "fill", focus: tuple[float, float] = (0.5, 0.5),
              backdrop: str | None = None) -> None:
        """The slide's photo in ``rect``; ``backdrop`` fills what the photo leaves free (only
        when it leaves some: a whole-screen fill under a whole-screen photo is wasted)."""
        path = self.slide.image(self.language)
        if self.painter is None:
            return
        if path is None:
            if backdrop is not None:
                self.fill(rect, backdrop)
            return
        target = QSize(round(rect.width()), round(rect.height()))
        if self.photo_is_frame and rect == QRectF(0, 0, self.w, self.h):
            return  # the frame already is the photo
        image = (self.decoded if self.decoded is not None and target == self.size
                 else self.decoder(path, target, mode, focus))
        x = rect.x() + (rect.width() - image.width()) / 2
        y = rect.y() + (rect.height() - image.height()) / 2
        covers = QRectF(x, y, image.width(), image.height()).contains(rect)
        if backdrop is not None and not (covers and not image.hasAlphaChannel()):
            self.fill(rect, backdrop)
        self.painter.drawImage(QPointF(x, y), image)

    def shade(self, rect: QRectF, start: float, strength: int = 235) -> None:
        """Darken the lower part of ``rect`` so text on a photo stays readable."""
        if self.painter is None:
            return
        g = QLinearGradient(0, rect.top() + rect.height() * start, 0, rect.bottom())
        g.setColorAt(0, _alpha(self.theme.background, 0))
        g.setColorAt(0.55, _alpha(self.theme.background, round(strength * 0.8)))
        g.setColorAt(1, _alpha(self.theme.background, strength))
        self.painter.fillRect(rect, g)

    def scrim(self, rect: QRectF, strength: int = 150) -> None:
        """A soft dark pool under text laid on a photo, so the words read whatever is behind
        them (a tree, a lit window). A tiny image of a block, scaled up smoothly, gives edges
        that fade over a long way instead of a box. In high contrast, a solid box: a pool
        that lets a bright picture through leaves the words under 7:1."""
        if self.painter is None:
            return
        if isinstance(self.theme, HighContrast):
            pad = 12 * self.u
            self.fill(rect.adjusted(-pad, -pad / 2, pad, pad / 2), self.theme.background)
            return
        tiny = QImage(12, 6, QImage.Format.Format_ARGB32_Premultiplied)
        base = QColor(self.theme.background)
        across = (0, 0.5, 1, 1, 1, 1, 1, 1, 1, 1, 0.5, 0)  # dark in the middle, fading out
        down = (0, 1, 1, 1, 1, 0)
        for x, a in enumerate(across):
            for y, b in enumerate(down):
                level = a * b * strength / 255
                tiny.setPixelColor(x, y, QColor.fromRgbF(base.redF() * level,
                                                         base.greenF() * level,
                                                         base.blueF() * level, level))
        x_pad, y_pad = rect.width() * 0.36 + 60 * self.u, rect.height() / 2 + 30 * self.u
        area = rect.adjusted(-x_pad, -y_pad, x_pad, y_pad)
        self.painter.save()
        self.painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        self.painter.drawImage(area, tiny)
        self.painter.restore()

    def rule(self, x: float, y: float, width: float | None = None) -> None:
        self.fill(QRectF(x, y, width or 140 * self.u, 8 * self.u), self.theme.accent)

    @staticmethod
    def overhang(laid: LaidText) -> float:
        """How far the ink of ``laid``'s last line reaches below its box (a Khmer subscript
        may reach below the line the font declares): 0 when it stays inside."""
        return max(0.0, ink(laid).bottom() - laid.height)

    def rule_under(self, laid: LaidText, x: float, y: float, gap: float) -> float:
        """The accent rule ``gap`` under the text ``laid`` put at ``y``, clear of the ink of
        its last line; returns the rule's top."""
        top = y + laid.height + self.overhang(laid) + gap
        self.rule(x, top)
        return top

    def rule_over(self, laid: LaidText, x: float, y: float, gap: float) -> None:
        """The accent rule ``gap`` over the text ``laid`` put at ``y``, clear of the ink of
        its first line (a mark above a letter may rise over the line)."""
        self.rule(x, min(y, y + ink(laid).top()) - gap - 8 * self.u)

    # ---------------------------------------------------------------- frame
    def chapter_label(self) -> None:
        """The chapter's name, small, in one place on every slide that has it (the top left
        margin), and never when the slide's heading already says it."""
        chapter = next((c for c in self.deck.chapters if c.id == self.slide.chapter), None)
        if chapter is None:
            return
        title = pick(chapter.title, self.language, self.deck.default_language)
        if title.strip().casefold() == self.tr("heading").strip().casefold():
            return
        style = self.style("chapter")
        logo = (3 * LOGO_HEIGHT + 40) * self.u if self.theme.logo is not None else 0.0
        laid = self.lay("chapter", title.upper(), style, self.w - 2 * self.margin - logo,
                        60 * self.u)
        self.put(laid, self.margin, self.top - 50 * self.u, style)

    def footer(self, prefix: str = "", width: float | None = None,
               on_photo: bool = False, picture: QRectF | None = None) -> None:
        """The credit and sources line above the controls' strip (within ``width``, and on
        a scrim when a photo is behind it; with ``picture``, where a picture shown whole is:
        on a scrim that hugs the words, where they are over it)."""
        labels = [self.deck.source(s).label(self.language, self.deck.default_language)
                  for s in self.slide.sources]
        parts = [prefix] if prefix else []
        if labels:
            parts.append(words.text("source", self.language, self.deck.labels, n=len(labels))
                         + " " + "; ".join(labels))
        if not parts:
            return
        style = self.style("footer")
        laid = self.lay("source", "   ·   ".join(parts), style,
                        width or self.w - 2 * self.margin, 90 * self.u)
        y = self.footer_bottom - laid.height
        if on_photo:
            self.scrim(QRectF(self.margin, y, laid.width, laid.height), 120)
        elif picture is not None and (letters := lines_rect(laid).translated(
                self.margin, y)).intersects(picture):
            self.scrim(letters, 120)
        self.put(laid, self.margin, y, style)

    def background(self) -> None:
        if self.painter is None:
            return
        self.painter.fillRect(QRectF(0, 0, self.w, self.h), QColor(self.theme.background))
        if QColor(self.theme.surface) == QColor(self.theme.background):
            return  # a glow of the background's own colour: nothing to draw, no bands to hide
        glow = QRadialGradient(QPointF(self.w * 0.85, self.h * 0.1), max(self.w, self.h) * 0.8)
        glow.setColorAt(0, _alpha(self.theme.surface, 255))
        glow.setColorAt(1, _alpha(self.theme.surface, 0))
        self.painter.fillRect(QRectF(0, 0, self.w, self.h), glow)
        self.painter.fillRect(QRectF(0, 0, self.w, self.h), QBrush(_grain()))  # no banding
