"""Text that fits its box: wrapped, with *emphasis*, shrunk step by step until it fits."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QPainter,
    QTextCharFormat,
    QTextLayout,
    QTextLine,
    QTextOption,
)

from kiosk.content.line_breaks import ZERO_WIDTH_SPACE, break_points
from kiosk.content.text import parse_emphasis
from kiosk.ui.common.fonts import font

SHRINK_STEP = 0.92
_WIDE = 1e6  # a line width no text reaches


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


def _build(text: str, style: TextStyle, size: float, width: float, language: str,
           line_width: float | None = None) -> tuple[QTextLayout, float, bool]:
    """Lay out at one size: the layout, its height and whether every line fits the width.
    Lines may be narrower than the block (``line_width``); they then keep the alignment.
    Lines end only where ``kiosk.content.line_breaks`` allows (Qt shapes, ICU breaks)."""
    source, spans = parse_emphasis(text.replace("\n", "\u2028"))
    plain, index, ends = _marked(source, language)
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
        rng.start, rng.format = index[span.start], fmt
        rng.length = index[span.start + span.length] - rng.start
        formats.append(rng)
    layout.setFormats(formats)
    y = 0.0
    height = 0.0
    wide_ok = True
    inner = width if line_width is None else line_width
    shift = {Qt.AlignmentFlag.AlignHCenter: (width - inner) / 2,
             Qt.AlignmentFlag.AlignRight: width - inner}.get(style.align, 0.0)
    slack = {Qt.AlignmentFlag.AlignHCenter: 0.5, Qt.AlignmentFlag.AlignRight: 1.0}.get(
        style.align, 0.0)
    layout.beginLayout()
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        narrowed = _fill(line, ends, inner)
        line.setPosition(QPointF(shift + narrowed * slack, y))
        wide_ok = wide_ok and line.naturalTextWidth() <= width + 0.5
        height = y + line.height()
        y += line.height() * style.line_height
    layout.endLayout()
    return layout, height, wide_ok


def _marked(source: str, language: str) -> tuple[str, list[int], list[int]]:
    """``source`` with a zero-width space at each break point not after a space, so Qt may
    break there too; where each of its characters (and its end) went; and where a line may
    end. Positions in Qt's units (UTF-16)."""
    points = set(break_points(source, language))
    marked: list[str] = []
    index: list[int] = []
    ends: list[int] = []
    units = 0
    for position, char in enumerate(source):
        if position in points:
            if not (source[position - 1].isspace() or source[position - 1] == ZERO_WIDTH_SPACE):
                marked.append(ZERO_WIDTH_SPACE)
                units += 1
            ends.append(units)
        index.append(units)
        marked.append(char)
        units += 2 if char > "\uffff" else 1
    index.append(units)
    ends.append(units)
    return "".join(marked), index, ends


def _fill(line: QTextLine, ends: list[int], width: float) -> float:
    """Wrap ``line`` at ``width`` as Qt does; where Qt's own rules end it elsewhere than at
    one of ``ends`` (inside a Burmese syllable, say), narrow the line to the last of them that
    fits, or widen it to the next one when a single word is wider than the line. Returns how
    much narrower than ``width`` the line became (its alignment is then the caller's)."""
    line.setLineWidth(width)
    start = line.textStart()
    end = start + line.textLength()
    first, last = bisect_right(ends, start), bisect_left(ends, end)
    if last < len(ends) and ends[last] == end:
        return 0.0
    if first < last:
        target = ends[last - 1]
    else:
        line.setLineWidth(_WIDE)
        target = ends[first]
    line.setLineWidth(_x(line, target) - _x(line, start) + 0.5)
    return width - line.width()


def _x(line: QTextLine, position: int) -> float:
    """Where ``position`` sits along ``line`` (PySide gives x and the position back)."""
    answer: tuple[float, int] = line.cursorToX(position)  # type: ignore[assignment]
    return answer[0]


def fit_text(text: str, style: TextStyle, width: float, max_height: float,
             language: str = "") -> LaidText:
    """Lay out ``text`` (in ``language``: how its lines break) at the style's size, shrinking
    until it fits ``width`` x ``max_height``; a paragraph whose last line would be one word
    alone gets evenly balanced lines."""
    size = style.size
    while True:
        layout, height, wide_ok = _build(text, style, size, width, language)
        fits = wide_ok and height <= max_height + 0.5
        if fits or size * SHRINK_STEP < style.smallest:
            if fits and _lonely_last_word(layout):
                layout = _balanced(text, style, size, width, language, layout.lineCount())
            return LaidText(layout, width, height, size, fits)
        size *= SHRINK_STEP


def _lonely_last_word(layout: QTextLayout) -> bool:
    count = layout.lineCount()
    if count < 2 or "\u2028" in layout.text():
        return False  # one line, or a list of lines the author broke by hand
    last = layout.lineAt(count - 1)
    words = layout.text()[last.textStart():last.textStart() + last.textLength()]
    return len(words.replace(ZERO_WIDTH_SPACE, " ").split()) == 1


def _balanced(text: str, style: TextStyle, size: float, width: float, language: str,
              lines: int) -> QTextLayout:
    """The same number of lines in the narrowest width that holds them: even lines."""
    low, high = width * 0.5, width
    for _ in range(10):
        middle = (low + high) / 2
        layout, _height, wide_ok = _build(text, style, size, width, language, middle)
        if wide_ok and layout.lineCount() <= lines:
            high = middle
        else:
            low = middle
    return _build(text, style, size, width, language, high)[0]


def draw_text(painter: QPainter, laid: LaidText, x: float, y: float, style: TextStyle) -> None:
    painter.setPen(QColor(style.color))
    laid.layout.draw(painter, QPointF(x, y))


def with_size(style: TextStyle, size: float) -> TextStyle:
    return replace(style, size=size)


def block_rect(x: float, y: float, laid: LaidText) -> QRectF:
    return QRectF(x, y, laid.width, laid.height)
