"""Files a volunteer brings into a deck (a video, subtitles, a recording, a photo): looked at
before a byte lands in the deck (a regular file, not too large; subtitles read without a
mistake), then copied into the deck's own folder, whole or not at all. Runs on a worker."""

from __future__ import annotations

import filecmp
import os
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from kiosk.content.edit import relative_image
from kiosk.content.images import MAX_FILE_BYTES
from kiosk.content.media_kind import MAX_SUBTITLES
from kiosk.content.safe_read import TooLarge, open_regular, read_rest
from kiosk.content.webvtt import parse
from kiosk.files import atomic_output

#: The largest file taken, by the deck's folder it goes to.
CAPS = {"video": 4_000_000_000, "audio": 500_000_000, "subtitles": MAX_SUBTITLES,
        "images": MAX_FILE_BYTES}
#: A file is copied this much at a time (and its progress said after each).
CHUNK = 4 * 1024 * 1024
#: Subtitle mistakes said when a file is refused (then how many more).
MISTAKES_SAID = 3


class FileRefused(ValueError):
    """A file that is not taken into the deck, and why, in plain words."""


def percent(done: int, size: int) -> int:
    """How far a copy is, 0 to 100, whatever the sizes say."""
    return 0 if size <= 0 else max(0, min(100, done * 100 // size))


def subtitle_bytes(source: BinaryIO, file: Path, stated: int) -> bytes:
    """The subtitles in ``source``, read whole and checked: :class:`FileRefused` if they are
    not UTF-8 or have mistakes (each said at its line)."""
    data = read_rest(source, file, CAPS["subtitles"], stated + 1)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise FileRefused(f"{file.name} was not added: it is not written in UTF-8 (save it "
                          "again as UTF-8)") from None
    mistakes = parse(text)[1]
    if mistakes:
        said = "; ".join(f"{file.name}, line {m.line}: {m.message}"
                         for m in mistakes[:MISTAKES_SAID])
        more = len(mistakes) - MISTAKES_SAID
        raise FileRefused(f"{file.name} was not added, fix it first: {said}"
                          + (f" (and {more} more)" if more > 0 else ""))
    return data


def copy_file_into(folder: Path, file: Path, sub: str,
                   moved: Callable[[int], object] | None = None) -> str:
    """Copy ``file`` into the deck's folder ``sub`` (a same-named other file is not
    replaced; the same file is not copied twice); returns the path the deck names it by.
    Only a regular file of at most ``CAPS[sub]`` is taken (``Refused`` else, before a byte
    is copied); subtitles only without mistakes. ``moved(percent)`` is told as it goes."""
    cap = CAPS.get(sub, CAPS["video"])
    with open_regular(file) as source:
        stated = os.fstat(source.fileno()).st_size
        if stated > cap:
            raise TooLarge(file, cap, stated)
        checked = subtitle_bytes(source, file, stated) if sub == "subtitles" else None
        inside = folder / sub
        inside.mkdir(exist_ok=True)
        target, number = inside / file.name, 2
        while target.exists() and not filecmp.cmp(target, file, shallow=False):
            target = inside / f"{file.stem}-{number}{file.suffix}"
            number += 1
        if not target.exists():
            _write(source, file, target, checked, cap, lambda done: moved and moved(
                percent(done, stated)))
    return relative_image(folder, target)


def _write(source: BinaryIO, file: Path, target: Path, checked: bytes | None, cap: int,
           moved: Callable[[int], object]) -> None:
    """``checked`` (else what ``source`` holds, at most ``cap``) written as ``target``: whole
    and on the disk, or not there at all (not even in part): the deck saved next names it."""
    with atomic_output(target) as out:
        if checked is not None:
            out.write(checked)
        done = 0
        while checked is None and (chunk := source.read(CHUNK)):
            done += len(chunk)
            if done > cap:  # (it grew while copied)
                raise TooLarge(file, cap)
            out.write(chunk)
            moved(done)
