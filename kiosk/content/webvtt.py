"""Subtitles in WebVTT: the cues (times and plain text) of a file, and each mistake at its
line. Styling tags are dropped and entities read: the kiosk draws cues in the deck's own
type. No Qt here."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

_TIME = r"(?:(\d+):)?([0-5]\d):([0-5]\d)\.(\d{3})"
_TIMING = re.compile(rf"\s*{_TIME}\s+-->\s+{_TIME}(?:\s+.*)?\s*")
_TAG = re.compile(r"</?[a-zA-Z0-9.\-_ ]*[^>]*>|<\d+:\d\d(?::\d\d)?\.\d{3}>")


@dataclass(frozen=True)
class Cue:
    """One subtitle: shown from ``start`` to ``end`` (seconds); ``line`` is its timing line."""

    start: float
    end: float
    text: str
    line: int


@dataclass(frozen=True)
class Mistake:
    line: int
    message: str


def _seconds(hours: str | None, minutes: str, seconds: str, millis: str) -> float:
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + int(millis) / 1000


def cue_text(raw: str) -> str:
    """A cue's words as shown: tags (<i>, <v Name>, <c.yellow>) dropped, entities read."""
    return html.unescape(_TAG.sub("", raw)).strip()


def _blocks(lines: list[str]) -> list[tuple[int, list[str]]]:
    """The blocks of lines between blank lines, each with its first line's number."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    for number, line in enumerate(lines, 1):
        if line.strip():
            if not current:
                blocks.append((number, current))
            current.append(line)
        else:
            current = []
    return blocks


def parse(text: str) -> tuple[list[Cue], list[Mistake]]:
    """The cues of a WebVTT file and the mistakes found, each at its line (1-based)."""
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not re.fullmatch(r"WEBVTT(?:[ \t].*)?", lines[0].rstrip()):
        return [], [Mistake(1, "a subtitle file begins with the line WEBVTT")]
    cues: list[Cue] = []
    mistakes: list[Mistake] = []
    for first, block in _blocks(lines)[1:]:
        _read_block(first, block, cues, mistakes)
    return cues, mistakes


def _read_block(first: int, block: list[str], cues: list[Cue], mistakes: list[Mistake]) -> None:
    if block[0].startswith(("NOTE", "STYLE", "REGION")) and "-->" not in block[0]:
        return
    at = 0 if "-->" in block[0] else 1  # (a cue may have a name on the line before)
    if at >= len(block) or "-->" not in block[at]:
        mistakes.append(Mistake(first, "expected a cue's times, such as "
                                       "00:00:01.000 --> 00:00:04.000"))
        return
    number = first + at
    timing = _TIMING.fullmatch(block[at])
    if timing is None:
        mistakes.append(Mistake(number, f"'{block[at].strip()[:60]}' is not a cue's times: "
                                        "write them as 00:01.000 --> 00:04.000 (minutes, "
                                        "seconds and thousandths)"))
        return
    parts = timing.groups()
    start, end = _seconds(*parts[:4]), _seconds(*parts[4:])
    if end <= start:
        mistakes.append(Mistake(number, "the cue ends before it begins"))
        return
    if cues and start < cues[-1].start:
        mistakes.append(Mistake(number, "this cue begins before the one above it: cues go in "
                                        "the order they are shown"))
        return
    words = cue_text("\n".join(block[at + 1:]))
    if words:
        cues.append(Cue(start, end, words, number))


def cue_at(cues: tuple[Cue, ...] | list[Cue], seconds: float) -> Cue | None:
    """The cue shown at ``seconds`` into the video (the latest to begin, if they overlap)."""
    found = None
    for cue in cues:
        if cue.start > seconds:
            break
        if seconds < cue.end:
            found = cue
    return found
