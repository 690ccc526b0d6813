"""Text that fits its box: wrapped, with *emphasis*, shrunk step by step until it fits."""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QTextCharFormat, QTextLayout, QTextOption

from kiosk.content.text import cluster_breaks, parse_emphasis
from kiosk.ui.common.fonts import font

SHRINK_STEP = 0.92


@dataclass(frozen=True)
class TextStyle:
    family: str
    size: float
    color: str
    bold: bool = False
    italic: bool = False
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft
    line_height: float = 1.25
    min_size: float = 0.0  # smallest size still readable from a metre away; 0 = size * 0.6
    emphasis_color: str | None = None
    letter_spacing: float = 0.0  # percent

    @property
    def smallest(self) -> float:
        return self.min_size or self.size * 0.6


@dataclass
class LaidText:
    layout: QTextLayout
    width: float
    height: float
    size: float
    fits: bool


def _build(text: str, style: TextStyle, size: float, width: float,
           line_width: float | None = None) -> tuple[QTextLayout, float, bool]:
    """Lay out at one size: the layout, its height and whether every line fits the width.
    Lines may be narrower than the block (``line_width``); they then keep the alignment."""
    plain, spans = parse_emphasis(text.replace("\n", "\u2028"))
    qfont = font(style.family, size, style.bold, style.italic)
    if style.letter_spacing:
        qfont.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 100 + style.letter_spacing)
    layout = QTextLayout(plain, qfont)
    option = QTextOption(style.align)
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    layout.setTextOption(option)
    formats = []
    for span in spans:
        fmt = QTextCharFormat()
        if span.style == "bold":
            fmt.setFontWeight(QFont.Weight.Bold)
            if style.emphasis_color:
                fmt.setForeground(QColor(style.emphasis_color))
        else:
            fmt.setFontItalic(True)
        rng = QTextLayout.FormatRange()
        rng.start, rng.length, rng.format = span.start, span.length, fmt
        formats.append(rng)
    layout.setFormats(formats)
    y = 0.0
    height = 0.0
    wide_ok = True
    inner = width if line_width is None else line_width
    shift = {Qt.AlignmentFlag.AlignHCenter: (width - inner) / 2,
             Qt.AlignmentFlag.AlignRight: width - inner}.get(style.align, 0.0)
    layout.beginLayout()
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(inner)
        line.setPosition(QPointF(shift, y))
        wide_ok = wide_ok and line.naturalTextWidth() <= width + 0.5
        height = y + line.height()
        y += line.height() * style.line_height
    layout.endLayout()
    return layout, height, wide_ok


def fit_text(text: str, style: TextStyle, width: float, max_height: float) -> LaidText:
    """Lay out ``text`` at the style's size, shrinking until it fits ``width`` x ``max_height``;
    a paragraph whose last line would be one word alone gets evenly balanced lines."""
    size = style.size
    breakable = cluster_breaks(text)  # Khmer runs without spaces may break between syllables
    while True:
        layout, height, wide_ok = _build(text, style, size, width)
        if not wide_ok and breakable != text:
            layout, height, wide_ok = _build(breakable, style, size, width)
        fits = wide_ok and height <= max_height + 0.5
        if fits or size * SHRINK_STEP < style.smallest:
            if fits and _lonely_last_word(layout):
                layout = _balanced(text, style, size, width, layout.lineCount())
            return LaidText(layout, width, height, size, fits)
        size *= SHRINK_STEP


def _lonely_last_word(layout: QTextLayout) -> bool:
    count = layout.lineCount()
    if count < 2 or "\u2028" in layout.text():
        return False  # one line, or a list of lines the author broke by hand
    last = layout.lineAt(count - 1)
    return len(layout.text()[last.textStart():last.textStart() + last.textLength()].split()) == 1


def _balanced(text: str, style: TextStyle, size: float, width: float, lines: int
              ) -> QTextLayout:
    """The same number of lines in the narrowest width that holds them: even lines."""
    low, high = width * 0.5, width
    for _ in range(10):
        middle = (low + high) / 2
        layout, _height, wide_ok = _build(text, style, size, width, middle)
        if wide_ok and layout.lineCount() <= lines:
            high = middle
        else:
            low = middle
    return _build(text, style, size, width, high)[0]


def draw_text(painter: QPainter, laid: LaidText, x: float, y: float, style: TextStyle) -> None:
    painter.setPen(QColor(style.color))
    laid.layout.draw(painter, QPointF(x, y))


def with_size(style: TextStyle, size: float) -> TextStyle:
    return replace(style, size=size)


def block_rect(x: float, y: float, laid: LaidText) -> QRectF:
    return QRectF(x, y, laid.width, laid.height)
