"""Painting slides into images: one function per slide type, all sizes from one unit.

Everything here runs on worker threads as well as the GUI thread: it paints only on QImage.
The same code lays out text without painting to tell validation which texts do not fit.
"""

from __future__ import annotations

import functools
import random
from collections.abc import Callable
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

from kiosk.content.model import Deck, Slide, Theme
from kiosk.content.text import pick
from kiosk.ui.common.images import decode
from kiosk.ui.common.metrics import controls_strip
from kiosk.ui.common.qr import draw_qr
from kiosk.ui.common.style import QR_LIGHT
from kiosk.ui.common.text_layout import LaidText, TextStyle, draw_text, fit_text

LEFT = Qt.AlignmentFlag.AlignLeft
CENTER = Qt.AlignmentFlag.AlignHCenter

#: Sizes every slide is checked at.


@functools.cache
def _grain() -> QImage:
    """A tile of faint noise (a level or two either way) laid over gradients, so a smooth
    dark gradient never shows bands on an 8-bit screen (dithering)."""
    side = 128
    noise = random.Random(1975)  # the same grain every time: slides are drawn many times
    data = bytearray()
    for _ in range(side * side):
        light = noise.random() < 0.5
        level = 255 if light else 0
        data += bytes((level, level, level, noise.choice((0, 3, 5))))  # B G R A, premultiplied
    for i in range(0, len(data), 4):
        alpha = data[i + 3]
        if data[i]:
            data[i:i + 3] = bytes((alpha, alpha, alpha))
    return QImage(bytes(data), side, side, QImage.Format.Format_ARGB32_Premultiplied).copy()


def _alpha(color: str, alpha: int) -> QColor:
    c = QColor(color)
    c.setAlpha(alpha)
    return c


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
        self._names: dict[int, str] = {}

    # ---------------------------------------------------------------- text
    def tr(self, name: str) -> str:
        return self.slide.text(name, self.language, self.deck.default_language)

    def style(self, role: str, **changes: object) -> TextStyle:
        u, t = self.u, self.theme
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

    def lay(self, name: str, text: str, style: TextStyle, width: float, max_height: float
            ) -> LaidText:
        laid = fit_text(text, style, width, max_height)
        self._names[id(laid)] = name
        if not laid.fits:
            self.misfits.append((name, f"'{name}' does not fit at {self.size.width()}x"
                                       f"{self.size.height()} even at the smallest readable "
                                       f"size; shorten it"))
        return laid

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

    def photo(self, rect: QRectF, mode: str = "fill", focus: tuple[float, float] = (0.5, 0.5)
              ) -> None:
        path = self.slide.image()
        if self.painter is None or path is None:
            return
        target = QSize(round(rect.width()), round(rect.height()))
        image = decode(path, target, mode, focus)
        x = rect.x() + (rect.width() - image.width()) / 2
        y = rect.y() + (rect.height() - image.height()) / 2
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
        that fade over a long way instead of a box."""
        if self.painter is None:
            return
        tiny = QImage(10, 6, QImage.Format.Format_ARGB32_Premultiplied)
        tiny.fill(Qt.GlobalColor.transparent)
        shade = QPainter(tiny)  # the middle half, dark; scaled up, a long soft edge round it
        shade.fillRect(QRectF(2, 1, 6, 4), _alpha(self.theme.background, strength))
        shade.end()
        x_pad, y_pad = rect.width() / 2 + 60 * self.u, rect.height() / 2 + 30 * self.u
        area = rect.adjusted(-x_pad, -y_pad, x_pad, y_pad)
        self.painter.save()
        self.painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        self.painter.drawImage(area, tiny)
        self.painter.restore()

    def rule(self, x: float, y: float, width: float | None = None) -> None:
        self.fill(QRectF(x, y, width or 140 * self.u, 8 * self.u), self.theme.accent)

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
        self.put(fit_text(title.upper(), style, self.w - 2 * self.margin, 60 * self.u),
                 self.margin, self.top - 50 * self.u, style)

    def footer(self, prefix: str = "", width: float | None = None,
               on_photo: bool = False) -> None:
        """The credit and sources line above the controls' strip (within ``width``, and on
        a scrim when a photo is behind it)."""
        labels = [self.deck.source(s).short_label for s in self.slide.sources]
        parts = [prefix] if prefix else []
        if labels:
            parts.append(("Sources: " if len(labels) > 1 else "Source: ") + "; ".join(labels))
        if not parts:
            return
        style = self.style("footer")
        laid = self.lay("source", "   ·   ".join(parts), style,
                        width or self.w - 2 * self.margin, 90 * self.u)
        y = self.footer_bottom - laid.height
        if on_photo:
            self.scrim(QRectF(self.margin, y, laid.width, laid.height), 120)
        self.put(laid, self.margin, y, style)

    def background(self) -> None:
        if self.painter is None:
            return
        self.painter.fillRect(QRectF(0, 0, self.w, self.h), QColor(self.theme.background))
        glow = QRadialGradient(QPointF(self.w * 0.85, self.h * 0.1), max(self.w, self.h) * 0.8)
        glow.setColorAt(0, _alpha(self.theme.surface, 255))
        glow.setColorAt(1, _alpha(self.theme.surface, 0))
        self.painter.fillRect(QRectF(0, 0, self.w, self.h), glow)
        self.painter.fillRect(QRectF(0, 0, self.w, self.h), QBrush(_grain()))  # no banding


# -------------------------------------------------------------------- the slide types

def _title(c: Canvas) -> None:
    full = QRectF(0, 0, c.w, c.h)
    if c.slide.image():
        c.photo(full)
        c.shade(full, 0.25, 245)
    width = c.w - 2 * c.margin if c.portrait else c.w * 0.66
    head_style, sub_style = c.style("display"), c.style("lead", color=c.theme.text)
    subtitle = c.tr("subtitle")
    sub = c.lay("subtitle", subtitle, sub_style, width, 200 * c.u) if subtitle else None
    head = c.lay("heading", c.tr("heading"), head_style, width, c.h * 0.42)
    bottom = c.footer_bottom - 40 * c.u
    y = bottom - (sub.height + 36 * c.u if sub else 0) - head.height
    if c.slide.image():
        c.scrim(QRectF(c.margin, y - 44 * c.u, max(head.width, sub.width if sub else 0),
                       bottom - y + 44 * c.u), 190)
    c.put(head, c.margin, y, head_style)
    c.rule(c.margin, y - 44 * c.u)
    if sub:
        c.put(sub, c.margin, y + head.height + 36 * c.u, sub_style)


def _text(c: Canvas) -> None:
    has_image = c.slide.image() is not None
    x, width, top, bottom = c.margin, min(c.w - 2 * c.margin, 1400 * c.u), c.top, c.bottom
    if has_image and c.portrait:
        c.photo(QRectF(0, 0, c.w, c.h * 0.36))
        top = c.h * 0.36 + 60 * c.u
    elif has_image:
        split = c.w * 0.56
        c.photo(QRectF(split, 0, c.w - split, c.h))
        width = split - c.margin - 90 * c.u
    else:
        x = (c.w - width) / 2
    if not (has_image and c.portrait):
        c.chapter_label()
    heading_style, body_style = c.style("heading"), c.style("body")
    area = bottom - top
    heading = c.lay("heading", c.tr("heading"), heading_style, width, area * 0.4)
    gap = 40.0 * c.u
    body = c.lay("body", c.tr("body"), body_style, width, area - heading.height - 2 * gap)
    total = heading.height + 2 * gap + body.height
    y = top + max(0.0, (area - total) / 2)
    c.put(heading, x, y, heading_style)
    c.rule(x, y + heading.height + gap * 0.6)
    c.put(body, x, y + heading.height + 2 * gap, body_style)
    c.footer(width=width if has_image and not c.portrait else None)


def _image(c: Canvas) -> None:
    full = QRectF(0, 0, c.w, c.h)
    c.fill(full, c.theme.background)
    c.photo(full, c.slide.fields["fit"], c.slide.fields["focus"])
    caption = c.tr("caption")
    c.shade(full, 0.45 if caption else 0.7, 240)
    if caption:
        style = c.style("caption")
        laid = c.lay("caption", caption, style, min(c.w - 2 * c.margin, 1500 * c.u), c.h * 0.25)
        low = c.slide.fields["focus"][1] > 0.62  # what matters is low: the words go on top
        y = c.top if low else c.footer_bottom - 50 * c.u - laid.height
        c.scrim(QRectF(c.margin, y, laid.width, laid.height))
        c.put(laid, c.margin, y, style)
    c.footer(c.tr("credit"), on_photo=True)


def _quote(c: Canvas) -> None:
    width = min(c.w - 2 * c.margin, 1450 * c.u)
    x = (c.w - width) / 2
    c.chapter_label()
    quote_style, by_style = c.style("quote"), c.style("by")
    quote = c.lay("quote", c.tr("quote"), quote_style, width, (c.bottom - c.top) * 0.7)
    by = c.lay("by", "— " + c.tr("by"), by_style, width, 160 * c.u)
    total = quote.height + 50 * c.u + by.height
    y = c.top + max(0.0, (c.bottom - c.top - total) / 2)
    mark_style = c.style("figure", size=300 * c.u, align=LEFT)
    mark = fit_text("\u201c", mark_style, 300 * c.u, 400 * c.u)
    c.put(mark, x - 16 * c.u, y - 230 * c.u, mark_style)
    c.put(quote, x, y, quote_style)
    c.put(by, x, y + quote.height + 50 * c.u, by_style)
    c.footer()


def _stat(c: Canvas) -> None:
    width = min(c.w - 2 * c.margin, 1500 * c.u)
    x = (c.w - width) / 2
    c.chapter_label()
    figure_style, label_style = c.style("figure"), c.style("label")
    area = c.bottom - c.top
    figure = c.lay("figure", c.tr("figure"), figure_style, width, area * 0.45)
    label = c.lay("label", c.tr("label"), label_style, width, area * 0.5)
    c.stack([(figure, figure_style), (30.0 * c.u, None), (label, label_style)], x, c.top,
            c.bottom)
    c.footer()


def _sources(c: Canvas) -> None:
    heading_style, list_style = c.style("heading", size=72 * c.u), c.style("list")
    x, width = c.margin, c.w - 2 * c.margin
    heading = c.lay("heading", c.tr("heading") or "Sources", heading_style, width, 200 * c.u)
    c.put(heading, x, c.top, heading_style)
    c.rule(x, c.top + heading.height + 24 * c.u)
    entries = []
    for n, s in enumerate(c.deck.sources, 1):
        tail = f", {s.year}" if s.year else ""
        entries.append(f"**{n}.**  {s.publisher}. *{s.title}*{tail}.")
    columns = 1 if c.portrait else 2
    per = -(-len(entries) // columns) if entries else 0
    gap = 80 * c.u
    col_width = (width - gap * (columns - 1)) / columns
    top = c.top + heading.height + 80 * c.u
    laid = [c.lay("sources", "\n".join(entries[i * per:(i + 1) * per]), list_style, col_width,
                  c.footer_bottom - top) for i in range(columns)]
    size = min(item.size for item in laid)  # one size for all columns
    for i in range(columns):
        style = c.style("list", size=size)
        block = fit_text("\n".join(entries[i * per:(i + 1) * per]), style, col_width, c.h)
        c.put(block, x + i * (col_width + gap), top, style)


def _call_to_action(c: Canvas) -> None:
    heading_style, text_style = c.style("display", size=104 * c.u), c.style("lead")
    label_style = c.style("lead", size=36 * c.u, align=CENTER, color=c.theme.text)
    qr_side = (560 if c.portrait else 500) * c.u
    text = c.tr("text")
    if c.portrait:
        x, width = c.margin, c.w - 2 * c.margin
        qr_box = QRectF((c.w - qr_side) / 2, c.h * 0.52, qr_side, qr_side)
        text_top, text_bottom = c.top, c.h * 0.52 - 60 * c.u
    else:
        x, width = c.margin, c.w * 0.55 - c.margin
        qr_box = QRectF(c.w * 0.76 - qr_side / 2, (c.h - qr_side) / 2 - 30 * c.u, qr_side,
                        qr_side)
        text_top, text_bottom = c.top, c.bottom
    heading = c.lay("heading", c.tr("heading"), heading_style, width,
                    (text_bottom - text_top) * 0.5)
    blocks: list[tuple[LaidText | float, TextStyle | None]] = [(heading, heading_style)]
    if text:
        lead = c.lay("text", text, text_style, width, (text_bottom - text_top) * 0.45)
        blocks += [(40.0 * c.u, None), (lead, text_style)]
    c.stack(blocks, x, text_top, text_bottom)
    if c.painter is not None:
        pad = 26 * c.u
        c.painter.setPen(Qt.PenStyle.NoPen)
        c.painter.setBrush(QColor(QR_LIGHT))
        c.painter.drawRoundedRect(qr_box.adjusted(-pad, -pad, pad, pad), 24 * c.u, 24 * c.u)
        draw_qr(c.painter, c.slide.fields["url"], qr_box)
    label = c.tr("url_label")
    if label:
        laid = c.lay("url_label", label, label_style, qr_side + 200 * c.u, 120 * c.u)
        c.put(laid, qr_box.center().x() - laid.width / 2, qr_box.bottom() + 60 * c.u,
              label_style)


PAINTERS: dict[str, Callable[[Canvas], None]] = {
    "title": _title, "text": _text, "image": _image, "quote": _quote, "stat": _stat,
    "sources": _sources, "call_to_action": _call_to_action,
}


def _logo(c: Canvas) -> None:
    logo = c.theme.logo
    if logo is None or c.painter is None:
        return
    side = round(90 * c.u)
    image = decode(logo, QSize(side * 3, side), "fit")
    c.painter.drawImage(QPointF(c.w - c.margin - image.width(), c.top - 70 * c.u), image)


def render_slide(deck: Deck, slide: Slide, language: str, size: QSize) -> QImage:
    """The slide as an opaque image of ``size``. Raises ImageError if its photo is unusable."""
    return paint_slide(deck, slide, language, size)[0]


def paint_slide(deck: Deck, slide: Slide, language: str, size: QSize,
                hide: frozenset[str] = frozenset()) -> tuple[QImage, dict[str, QRectF]]:
    """The slide, and where each of its texts went; texts named in ``hide`` are placed but
    not drawn (what lies under a caption can then be measured)."""
    image = QImage(size, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    try:
        painter.setRenderHints(QPainter.RenderHint.Antialiasing
                               | QPainter.RenderHint.TextAntialiasing
                               | QPainter.RenderHint.SmoothPixmapTransform)
        canvas = Canvas(deck, slide, language, size, painter, hide=hide)
        canvas.background()
        PAINTERS[slide.type](canvas)
        if slide.type != "image":
            _logo(canvas)
    finally:
        painter.end()
    return image, canvas.placed


def render_notice(theme: Theme, size: QSize, heading: str, lines: list[str],
                  footer: str = "") -> QImage:
    """A calm full-screen notice (for example, content that cannot be shown) in the theme."""
    image = QImage(size, QImage.Format.Format_RGB32)
    image.fill(QColor(theme.background))
    painter = QPainter(image)
    painter.setRenderHints(QPainter.RenderHint.Antialiasing
                           | QPainter.RenderHint.TextAntialiasing)
    w, h = float(size.width()), float(size.height())
    u = min(w, h) / 1080
    margin = (84 if h > w else 120) * u
    width = w - 2 * margin
    head_style = TextStyle(theme.heading_font, 80 * u, theme.text, bold=True, min_size=40 * u)
    body_style = TextStyle(theme.body_font, 30 * u, theme.muted, line_height=1.4, min_size=16 * u)
    foot_style = TextStyle(theme.body_font, 30 * u, theme.accent, min_size=18 * u)
    head = fit_text(heading, head_style, width, 300 * u)
    y = 140 * u
    draw_text(painter, head, margin, y, head_style)
    y += head.height + 30 * u
    painter.fillRect(QRectF(margin, y, 140 * u, 8 * u), QColor(theme.accent))
    y += 60 * u
    foot = fit_text(footer, foot_style, width, 200 * u) if footer else None
    bottom = h - 90 * u - (foot.height + 40 * u if foot else 0)
    body = fit_text("\n".join(lines), body_style, width, bottom - y)
    painter.save()
    painter.setClipRect(QRectF(0, y, w, bottom - y))
    draw_text(painter, body, margin, y, body_style)
    painter.restore()
    if foot:
        draw_text(painter, foot, margin, h - 90 * u - foot.height, foot_style)
    painter.end()
    return image
