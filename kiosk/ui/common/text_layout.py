"""Text that fits its box: wrapped, with *emphasis*, shrunk step by step until it fits; no
line ever wider than its box (a word wider than the box, at the smallest size, is cut, with a
hyphen where its script has them)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QPainter,
    QPainterPath,
    QTextCharFormat,
    QTextLayout,
    QTextLine,
    QTextOption,
)

from kiosk.content.line_breaks import ZERO_WIDTH_SPACE, break_points
from kiosk.content.text import Span, has_italics, parse_emphasis
from kiosk.ui.common.fonts import font

SHRINK_STEP = 0.92
#: Shown as a hyphen only where a line ends at it: where a word too wide for any line is cut.
SOFT_HYPHEN = "\u00ad"
_WIDE = 1e6  # a line width no text reaches
_SLACK = (0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0)  # pixels beyond the text a line may need


@dataclass(frozen=True)
class TextStyle:
    family: str
    size: float
    color: str
    bold: bool = False
    italic: bool = False  # only where the script has italics (Latin, Greek, Cyrillic)
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft
    line_height: float = 1.25
    min_size: float = 0.0  # smallest size still readable from a metre away; 0 = size * 0.6
    emphasis_color: str | None = None
    letter_spacing: float = 0.0  # percent; only where the script has italics too

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
    #: False when a word was wider than the box even at the smallest size, and was cut
    #: (between two letters, with a hyphen in Latin, Greek or Cyrillic; Khmer, Thai or
    #: Chinese have none) so that no line leaves the box.
    whole_words: bool = True


@dataclass(frozen=True)
class _Block:
    """A text to lay out: its words, style and box width, the language its lines break by,
    and the terms no line breaks inside."""

    text: str
    style: TextStyle
    width: float
    language: str
    keep: tuple[str, ...]


def _build(block: _Block, size: float, line_width: float | None = None,
           anywhere: bool = False) -> tuple[QTextLayout, float, bool]:
    """Lay out at one size: the layout, its height and whether every line fits the width.
    Lines may be narrower than the block (``line_width``); they then keep the alignment.
    Lines end only where ``kiosk.content.line_breaks`` allows (Qt shapes, ICU breaks);
    ``anywhere``: a word wider than the width is cut between two letters to fit (at a soft
    hyphen, which Qt then draws, in a script with hyphens)."""
    style = block.style
    source, spans = parse_emphasis(block.text.replace("\n", "\u2028"))
    plain, index, ends = _marked(source, block.language, block.keep, anywhere)
    slanted = has_italics(source)
    qfont = font(style.family, size, style.bold, style.italic and slanted)
    if style.letter_spacing and slanted:
        qfont.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 100 + style.letter_spacing)
    layout = QTextLayout(plain, qfont)
    option = QTextOption(style.align)
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere if anywhere
                       else QTextOption.WrapMode.WordWrap)
    layout.setTextOption(option)
    formats = []
    for span in spans:
        rng = QTextLayout.FormatRange()
        rng.start, rng.format = index[span.start], _emphasis(span, source, style)
        rng.length = index[span.start + span.length] - rng.start
        formats.append(rng)
    layout.setFormats(formats)
    inner = block.width if line_width is None else line_width
    height, wide_ok = _lines(layout, style, block.width, inner, ends, anywhere)
    return layout, height, wide_ok


def _emphasis(span: Span, source: str, style: TextStyle) -> QTextCharFormat:
    """``**bold**`` (in the emphasis colour, if any) or ``*italic*``; a script without italics
    takes the emphasis colour instead of a slant."""
    fmt = QTextCharFormat()
    if span.style == "bold":
        fmt.setFontWeight(QFont.Weight.Bold)
    elif has_italics(source[span.start:span.start + span.length]):
        fmt.setFontItalic(True)
        return fmt
    if style.emphasis_color:
        fmt.setForeground(QColor(style.emphasis_color))
    return fmt


def _lines(layout: QTextLayout, style: TextStyle, width: float, inner: float, ends: list[int],
           anywhere: bool) -> tuple[float, bool]:
    """Create the layout's lines, each ``inner`` wide at most and aligned in ``width``; their
    height, and whether each fits the width."""
    y = 0.0
    height = 0.0
    wide_ok = True
    shift = {Qt.AlignmentFlag.AlignHCenter: (width - inner) / 2,
             Qt.AlignmentFlag.AlignRight: width - inner}.get(style.align, 0.0)
    slack = {Qt.AlignmentFlag.AlignHCenter: 0.5, Qt.AlignmentFlag.AlignRight: 1.0}.get(
        style.align, 0.0)
    layout.beginLayout()
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        narrowed = _fill(line, ends, inner, anywhere)
        line.setPosition(QPointF(shift + narrowed * slack, y))
        wide_ok = wide_ok and line.naturalTextWidth() <= width + 0.5
        height = y + line.height()
        y += line.height() * style.line_height
    layout.endLayout()
    return height, wide_ok


def _marked(source: str, language: str, keep: tuple[str, ...], hyphens: bool = False
            ) -> tuple[str, list[int], list[int]]:
    """``source`` with a zero-width space at each break point not after a space, so Qt may
    break there too (and with ``hyphens``, a soft hyphen between two letters of a script
    with hyphens, where Qt may cut a word too wide for any line); where each of its
    characters (and its end) went; and where a line may end. Positions in Qt's units
    (UTF-16)."""
    points = set(break_points(source, language, keep))
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
        elif hyphens and position and _hyphenates(source[position - 1]) and _hyphenates(char):
            marked.append(SOFT_HYPHEN)
            units += 1
        index.append(units)
        marked.append(char)
        units += 2 if char > "\uffff" else 1
    index.append(units)
    ends.append(units)
    return "".join(marked), index, ends


def _hyphenates(char: str) -> bool:
    """Whether a word cut next to ``char`` takes a hyphen: a letter of a script that has
    hyphens (Latin, Greek, Cyrillic) or a digit 0-9; Khmer, Thai, Chinese have none."""
    return ("0" <= char <= "9") or (char.isalpha() and has_italics(char))


def _fill(line: QTextLine, ends: list[int], width: float, anywhere: bool) -> float:
    """Wrap ``line`` at ``width`` as Qt does; where Qt's own rules end it elsewhere than at
    one of ``ends`` (inside a Burmese syllable, say), narrow the line to the last of them that
    fits, or, when a single word is wider than the line, widen it to the next one (or with
    ``anywhere``, leave the word cut where Qt cut it). Returns how much narrower than
    ``width`` the line became (its alignment is then the caller's)."""
    line.setLineWidth(width)
    start = line.textStart()
    end = start + line.textLength()
    first, last = bisect_right(ends, start), bisect_left(ends, end)
    if (last < len(ends) and ends[last] == end) or (anywhere and first >= last):
        return 0.0
    target = ends[last - 1] if first < last else ends[first]
    line.setLineWidth(_WIDE)
    span = _x(line, target) - _x(line, start)
    for slack in _SLACK:  # Qt keeps room for the last letter's overhang: a little more
        line.setLineWidth(span + slack)
        if line.textStart() + line.textLength() >= target:
            break
    return width - line.width()


def _x(line: QTextLine, position: int) -> float:
    """Where ``position`` sits along ``line`` (PySide gives x and the position back)."""
    answer: tuple[float, int] = line.cursorToX(position)  # type: ignore[assignment]
    return answer[0]


def fit_text(text: str, style: TextStyle, width: float, max_height: float,
             language: str = "", keep: tuple[str, ...] = ()) -> LaidText:
    """Lay out ``text`` (in ``language``: how its lines break; never inside a term of
    ``keep``) at the style's size, shrinking until it fits ``width`` x ``max_height``; a
    paragraph whose last line would be one word alone gets evenly balanced lines. A word
    wider than ``width`` even at the smallest size is cut (``whole_words`` is then False)."""
    block = _Block(text, style, width, language, keep)
    size = style.size
    while True:
        layout, height, wide_ok = _build(block, size)
        fits = wide_ok and height <= max_height + 0.5
        if fits or size * SHRINK_STEP < style.smallest:
            break
        size *= SHRINK_STEP
    if fits and _lonely_last_word(layout):
        layout = _balanced(block, size, layout.lineCount())
    elif not wide_ok:
        layout, height, _wide_ok = _build(block, size, anywhere=True)
    return LaidText(layout, width, height, size, fits, whole_words=wide_ok)


def _lonely_last_word(layout: QTextLayout) -> bool:
    count = layout.lineCount()
    if count < 2 or "\u2028" in layout.text():
        return False  # one line, or a list of lines the author broke by hand
    last = layout.lineAt(count - 1)
    words = layout.text()[last.textStart():last.textStart() + last.textLength()]
    return len(words.replace(ZERO_WIDTH_SPACE, " ").split()) == 1


def _balanced(block: _Block, size: float, lines: int) -> QTextLayout:
    """The same number of lines in the narrowest width that holds them: even lines."""
    low, high = block.width * 0.5, block.width
    for _ in range(10):
        middle = (low + high) / 2
        layout, _height, wide_ok = _build(block, size, middle)
        if wide_ok and layout.lineCount() <= lines:
            high = middle
        else:
            low = middle
    return _build(block, size, high)[0]


def draw_text(painter: QPainter, laid: LaidText, x: float, y: float, style: TextStyle) -> None:
    painter.setPen(QColor(style.color))
    laid.layout.draw(painter, QPointF(x, y))


def ink(laid: LaidText) -> QRectF:
    """Where the letters of the block's first and last lines really reach, from its top left:
    Khmer subscripts and deep descenders may reach below the line the font declares, marks
    above a letter over it. Empty for an empty text."""
    layout = laid.layout
    path = QPainterPath()
    count = layout.lineCount()
    for i in sorted({0, count - 1}) if count else []:
        for run in layout.lineAt(i).glyphRuns():
            raw = run.rawFont()
            for glyph, at in zip(run.glyphIndexes(), run.positions(), strict=True):
                path.addPath(raw.pathForGlyph(glyph).translated(at))
    return path.boundingRect()
