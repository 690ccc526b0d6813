"""Opening a file that someone else may have put there (a synced content folder, a USB
stick): only a regular file is read, a pipe is never waited on, a device never read, and
never more than a cap, whatever size the file states. No Qt here."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

#: Opened without waiting for a pipe's writer and without becoming a terminal's owner.
_FLAGS = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
          | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_CHUNK = 1024 * 1024


def what_it_is(mode: int) -> str:
    """What a file that is not a regular one is, in plain words."""
    return ("a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else
            "a named pipe" if stat.S_ISFIFO(mode) else
            "a socket" if stat.S_ISSOCK(mode) else
            "a folder" if stat.S_ISDIR(mode) else
            "a link" if stat.S_ISLNK(mode) else "something other than a file")


class Refused(OSError):
    """A file that is not read; ``naming(name)`` says why in plain words."""

    def __init__(self, path: Path | str, why: str) -> None:
        super().__init__(f"{Path(path).name} {why}")
        self.path = Path(path)
        self.why = why

    def naming(self, name: str) -> str:
        return f"{name} {self.why}"


class NotRegular(Refused):
    """A device, a pipe, a socket or a folder (or a link to one) where a file should be."""

    def __init__(self, path: Path | str, mode: int) -> None:
        self.mode = mode
        self.what = what_it_is(mode)
        super().__init__(path, f"is not a regular file ({self.what} or a link to one): "
                               "not read")


class TooLarge(Refused):
    """A file over its cap: ``stated`` is the size it states, None when it grew (or its
    stated size was not true) and the cap was passed while reading."""

    def __init__(self, path: Path | str, cap: int, stated: int | None = None) -> None:
        self.cap, self.stated = cap, stated
        super().__init__(path, f"is larger than {amount(cap)}: not read")


def amount(size: int) -> str:
    """A number of bytes as a person says it (2 MB, 256 MB, 2 GB)."""
    return (f"{size / 1e9:.0f} GB" if size >= 1_000_000_000 else
            f"{size / 1e6:.0f} MB" if size >= 1_000_000 else f"{size:,} bytes")


def open_regular(path: Path | str, follow_links: bool = True) -> BinaryIO:
    """``path`` open for reading if it is a regular file, else :class:`NotRegular`. Looked
    at before opening (a device is never opened) and again once open (in case it was
    swapped meanwhile); a pipe is never waited on. ``follow_links=False`` refuses a link
    itself. Raises OSError as opening does."""
    looked = os.stat(path) if follow_links else os.lstat(path)
    if not stat.S_ISREG(looked.st_mode):
        raise NotRegular(path, looked.st_mode)
    handle = os.open(path, _FLAGS | (0 if follow_links else _NOFOLLOW))
    try:
        mode = os.fstat(handle).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegular(path, mode)
        if _NONBLOCK:
            os.set_blocking(handle, True)  # a regular file: reads as usual from here on
        return os.fdopen(handle, "rb")
    except BaseException:
        os.close(handle)
        raise


def read_rest(stream: BinaryIO, path: Path | str, cap: int, hint: int = _CHUNK) -> bytes:
    """What is left in ``stream`` (the file ``path``), at most ``cap`` bytes; :class:`TooLarge`
    past that (no more than ``cap`` + 1 bytes are ever read). ``hint``: the size expected,
    read at once."""
    chunks: list[bytes] = []
    total, want = 0, max(1, hint)
    while total <= cap:
        chunk = stream.read(min(want, cap + 1 - total))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
        want = _CHUNK
    raise TooLarge(path, cap)


def read_capped(path: Path | str, cap: int, follow_links: bool = True) -> bytes:
    """The bytes of the regular file ``path``: :class:`NotRegular` if it is none,
    :class:`TooLarge` if it states more than ``cap`` bytes or holds more when read."""
    with open_regular(path, follow_links) as stream:
        stated = os.fstat(stream.fileno()).st_size
        if stated > cap:
            raise TooLarge(path, cap, stated)
        return read_rest(stream, path, cap, stated + 1)
