"""Subtitles in WebVTT: the cues (times and plain text) of a file, and each mistake at its
line. Styling tags are dropped and entities read: the kiosk draws cues in the deck's own
type. No Qt here."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

_TIME = r"(?:(\d+):)?([0-5]\d):([0-5]\d)\.(\d{3})"
# (browsers read times with or without spaces round the arrow, and settings after them)
_TIMING = re.compile(rf"\s*{_TIME}\s*-->\s*{_TIME}(?:\s+.*)?")
# (a tag ends before the next '<': a line of many '<' is read in one pass, not one a '<')
_TAG = re.compile(r"<[^<>\n]*>")
#: A block that is not a cue: a comment, a style sheet or a region.
_OTHER = re.compile(r"(?:NOTE|STYLE|REGION)(?:[ \t].*)?")
#: In a line that looks like a cue's times, written wrongly.
_TIMES_LIKE = re.compile(r"\d:\d\d")
#: Mistakes said in one file: after these, one line says there are more.
MAX_MISTAKES = 20


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
    # (in thousandths first: 00:01.269 is 1.269, not 1.2690000000000001)
    return (int(hours or 0) * 3_600_000 + int(minutes) * 60_000 + int(seconds) * 1000
            + int(millis)) / 1000


def cue_text(raw: str) -> str:
    """A cue's words as shown: tags (<i>, <v Name>, <c.yellow>) dropped, entities read."""
    return html.unescape(_TAG.sub("", raw)).strip()


def _blocks(lines: list[str]) -> list[tuple[int, list[str]]]:
    """The blocks of lines between blank lines, each with its first line's number. A line
    of times inside a cue's text begins a new cue, as in browsers (a blank line forgotten)."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            current = []
            continue
        timed = any("-->" in each for each in current[:2])
        if not current or ("-->" in line and timed and len(blocks) > 1):
            current = []
            blocks.append((number, current))
        current.append(line)
    return blocks


def parse(text: str) -> tuple[list[Cue], list[Mistake]]:
    """The cues of a WebVTT file and the mistakes found, each at its line (1-based)."""
    if not text.strip("\ufeff \t\r\n"):
        return [], [Mistake(1, "the file is empty: a subtitle file begins with the line WEBVTT")]
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not re.fullmatch(r"WEBVTT(?:[ \t].*)?", lines[0].rstrip()):
        return [], [Mistake(1, "a subtitle file begins with the line WEBVTT"
                               + (" (this looks like an SRT file: save it as WebVTT)"
                                  if lines[0].strip().isdigit() else ""))]
    cues: list[Cue] = []
    mistakes: list[Mistake] = []
    blocks = _blocks(lines)
    header = next((i for i, line in enumerate(blocks[0][1]) if "-->" in line), None)
    if header is not None:
        mistakes.append(Mistake(blocks[0][0] + header, "leave an empty line after WEBVTT: "
                                                       "the cue here is not read"))
    for first, block in blocks[1:]:
        if len(mistakes) >= MAX_MISTAKES:
            mistakes.append(Mistake(first, "more mistakes from here on: correct the ones above "
                                           "first (is this a WebVTT file?)"))
            break
        _read_block(first, block, cues, mistakes)
    return cues, mistakes


def _bad_times(line: str) -> str:
    how = ("put a full stop before the thousandths, not a comma: 00:01.000 --> 00:04.000"
           if "," in line else
           "write them as 00:01.000 --> 00:04.000 (minutes, seconds and thousandths)")
    return f"'{line.strip()[:60]}' is not a cue's times: {how}"


def _no_times(first: int, block: list[str]) -> Mistake:
    """A block that is neither a cue nor a note: its times written wrongly, if it has some."""
    like = next((i for i, line in enumerate(block[:2]) if _TIMES_LIKE.search(line)), None)
    if like is None:
        return Mistake(first, "expected a cue's times, such as 00:00:01.000 --> 00:00:04.000")
    return Mistake(first + like, _bad_times(block[like]))


def _read_block(first: int, block: list[str], cues: list[Cue], mistakes: list[Mistake]) -> None:
    if _OTHER.fullmatch(block[0].rstrip()) and "-->" not in block[0]:
        return
    at = next((i for i, line in enumerate(block[:2]) if "-->" in line), None)
    if at is None:  # (a cue may have a name on the line before its times)
        mistakes.append(_no_times(first, block))
        return
    number = first + at
    timing = _TIMING.fullmatch(block[at].rstrip())
    if timing is None:
        mistakes.append(Mistake(number, _bad_times(block[at])))
        return
    parts = timing.groups()
    start, end = _seconds(*parts[:4]), _seconds(*parts[4:])
    if end <= start:
        mistakes.append(Mistake(number, "the cue ends before it begins" if end < start else
                                        "the cue ends as it begins: it is never shown"))
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
