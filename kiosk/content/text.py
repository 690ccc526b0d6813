"""Translatable text, simple emphasis and reading time: plain functions, no Qt."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

Text = Mapping[str, str]
"""A visible text: language code -> string. A plain string in YAML becomes {default: string}."""

#: Seconds a visitor needs per word standing at a booth (slow, on purpose), plus a glance.
SECONDS_PER_WORD = 60 / 160
GLANCE_SECONDS = 2.0

_EMPHASIS = re.compile(r"\*\*(.+?)\*\*|\*(.+?)\*")
_SPACELESS = re.compile(r"[\u1780-\u17FF\u3040-\u30FF\u3400-\u9FFF]")
#: Scripts with italic letters (and capitals that may be spaced out); the others (Khmer,
#: Hangul, Thai, Chinese, Arabic...) have neither.
_ITALIC_SCRIPTS = ("LATIN", "GREEK", "CYRILLIC")


def pick(text: Text | None, language: str, fallback: str) -> str:
    """The text in ``language``, else in ``fallback``, else any, else ''."""
    if not text:
        return ""
    return text.get(language) or text.get(fallback) or next(iter(text.values()), "")


@dataclass(frozen=True)
class Span:
    start: int
    length: int
    style: str  # "bold" or "italic"


def parse_emphasis(source: str) -> tuple[str, list[Span]]:
    """``**bold**`` and ``*italic*`` to plain text plus styled spans."""
    plain: list[str] = []
    spans: list[Span] = []
    pos = 0
    length = 0
    for match in _EMPHASIS.finditer(source):
        before = source[pos : match.start()]
        plain.append(before)
        length += len(before)
        inner = match.group(1) if match.group(1) is not None else match.group(2)
        spans.append(Span(length, len(inner), "bold" if match.group(1) is not None else "italic"))
        plain.append(inner)
        length += len(inner)
        pos = match.end()
    plain.append(source[pos:])
    return "".join(plain), spans


@lru_cache(maxsize=512)
def has_italics(text: str) -> bool:
    """Whether every letter of ``text`` is of a script with italics (Latin, Greek, Cyrillic):
    Khmer or Hangul slanted by a program reads as a mistake, and spaced out, as loose letters
    (digits, signs and spaces belong to every script)."""
    return all(unicodedata.name(ch, "LATIN").startswith(_ITALIC_SCRIPTS)
               for ch in text if ch.isalpha())


def word_count(text: str) -> int:
    """Words, counting scripts written without spaces (Khmer, CJK) by characters."""
    plain, _ = parse_emphasis(text)
    spaceless = len(_SPACELESS.findall(plain))
    return len(plain.split()) + spaceless // 4


def reading_seconds(texts: list[str]) -> float:
    """How long a visitor needs to read these texts."""
    words = sum(word_count(t) for t in texts)
    return GLANCE_SECONDS + words * SECONDS_PER_WORD

