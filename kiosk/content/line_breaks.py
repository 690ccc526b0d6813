"""Where a line of text may break, by the book: plain functions, no Qt.

``break_points`` asks ICU's line break iterator (Unicode's line breaking rules, UAX #14) for
the places a line may end. For scripts written without spaces between words (Khmer, Thai,
Lao, Burmese, Chinese, Japanese) ICU finds the words with its dictionaries, so a Khmer line
never ends in the middle of a word. Without ICU the text breaks only where its author put a
space or a zero-width space (U+200B). In both ways a no-break space (U+00A0, U+202F) or a word
joiner (U+2060) keeps a term whole, and a web address never breaks: a visitor copies it from
the screen, and a line ending after ``give-`` reads as a hyphenated word.

How the slides use it (``kiosk.ui.common.text_layout``): Qt still shapes, measures and wraps
the text in one QTextLayout, but its own break rules know no dictionary: it keeps a Khmer
sentence as one long word and cuts Burmese inside a syllable. So the layout puts a zero-width
space at each of these points not already after a space (Qt then may break there too), lets
Qt wrap each line, and where Qt still ended a line at a place of its own, sets that line's
width to the text up to the last point that fits (or, for one word wider than the line, up to
the next point), so Qt ends it there. Laying out every line by hand would cost more code and
lose Qt's wrapping; zero-width spaces alone would not take away Qt's wrong breaks.
"""

from __future__ import annotations

import re
from functools import lru_cache

try:
    from icu4py.breakers import LineBreaker
except ImportError:  # the kiosk still runs; lines then break only at the author's spaces
    LineBreaker = None  # type: ignore[assignment, misc]

#: Spaces a line must not break at: no-break space, narrow no-break space, figure space.
_NO_BREAK = "\u00a0\u202f\u2007"
ZERO_WIDTH_SPACE = "\u200b"
_WORD_JOINER = "\u2060"
_HARD = "\n\r\u2028\u2029\x0b\x0c\x85"
_LINK = re.compile(r"(?:\b[a-z][a-z0-9+.-]*://|\bwww\.)\S+", re.IGNORECASE)


def break_points(text: str, language: str, keep: tuple[str, ...] = ()) -> list[int]:
    """Offsets ``0 < p < len(text)`` where a line may end just before ``text[p]``, for text
    in ``language`` (a code such as ``km``; empty for none), never inside a term of ``keep``."""
    return list(_cached(text, language, keep))


@lru_cache(maxsize=1024)
def _cached(text: str, language: str, keep: tuple[str, ...]) -> tuple[int, ...]:
    try:
        points = _icu(text, language) if LineBreaker is not None else _at_spaces(text)
    except (RuntimeError, UnicodeError):  # an odd locale or a stray surrogate
        points = _at_spaces(text)
    whole = [_LINK, *(_term(term) for term in keep if term.strip())]
    inside = {p for pattern in whole for found in pattern.finditer(text)
              for p in range(found.start() + 1, found.end())}
    return tuple(p for p in points if p not in inside)


@lru_cache(maxsize=256)
def _term(term: str) -> re.Pattern[str]:
    """A kept term as it may be written: any case, any spaces between its words."""
    return re.compile(r"\s+".join(map(re.escape, term.split())), re.IGNORECASE)


def _icu(text: str, language: str) -> tuple[int, ...]:
    # Pieces, not segments(): ICU counts in UTF-16 units, Python in code points.
    points = []
    offset = 0
    for piece in LineBreaker(text, language.replace("-", "_") or "und"):
        offset += len(piece)
        points.append(offset)
    return tuple(p for p in points if 0 < p < len(text))


def _breaking_space(char: str) -> bool:
    return char == ZERO_WIDTH_SPACE or (char.isspace() and char not in _NO_BREAK)


def _at_spaces(text: str) -> tuple[int, ...]:
    """After each run of spaces (and zero-width spaces) and after each hard line break."""
    return tuple(p for p in range(1, len(text))
                 if text[p - 1] in _HARD
                 or (_breaking_space(text[p - 1]) and not _breaking_space(text[p])
                     and text[p] != _WORD_JOINER))
