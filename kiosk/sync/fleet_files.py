"""Reading a shared folder that anyone with access may have filled: folders walked without
recursion and only so deep, links never followed, only regular files opened (never a pipe,
a device or a socket), each file read a line at a time with a cap on the line and on the
file. What cannot be read is named, with the reason, and the rest is read. No Qt here."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from kiosk.content import safe_read


@dataclass(frozen=True)
class Limits:
    """How much of a shared folder ``kiosk collect`` reads. A batch is at most 1,000
    messages of a few fields of at most 10,000 characters: far below these."""

    line_bytes: int = 1 << 20  # one message
    file_bytes: int = 64 << 20  # one batch file
    status_bytes: int = 4 << 20  # one status file (a year of daily figures is ~100 KB)
    depth: int = 16  # folders inside the shared folder
    #: All batch files together (a season of a large fleet, 100,000 messages of 1,000
    #: characters, is ~150 MB): what is held in memory grows with it, about six times.
    total_bytes: int = 512 << 20
    #: Conflicting copies held to be listed, by the size of their lines (the rest counted).
    conflict_bytes: int = 32 << 20


#: The limits in force (a test may replace them).
LIMITS = Limits()


class Skip(Exception):
    """A file that is not read, and why (plain words)."""


@dataclass
class Listing:
    """The files worth reading under a folder, sorted, and what was passed over."""

    files: list[Path] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (where, why)


def listing(folder: Path, wanted: tuple[str, ...], depth: int) -> Listing:
    """Every file under ``folder`` whose name ends with one of ``wanted``, walked with a
    stack (never recursion) at most ``depth`` folders deep. Hidden files and folders (a file
    still being written, a sync tool's own folders) are passed over in silence; links and
    anything not a regular file that looks like one of ours are named in ``skipped``."""
    found = Listing()
    stack: list[tuple[Path, int]] = [(folder, 0)]
    while stack:
        where, level = stack.pop()
        try:
            with os.scandir(where) as entries:
                items = sorted((e.name, e) for e in entries if not e.name.startswith("."))
        except OSError as exc:
            found.skipped.append((shown(folder, where), f"cannot be listed ({_why(exc)})"))
            continue
        for name, entry in items:
            path = Path(entry.path)
            try:
                if entry.is_symlink():
                    found.skipped.append((shown(folder, path), "a link (links are not "
                                          "followed)"))
                elif entry.is_dir(follow_symlinks=False):
                    if level + 1 > depth:
                        found.skipped.append((shown(folder, path), f"more than {depth} "
                                              "folders deep (not read)"))
                    else:
                        stack.append((path, level + 1))
                elif name.endswith(wanted):
                    if entry.is_file(follow_symlinks=False):
                        found.files.append(path)
                    else:
                        found.skipped.append((shown(folder, path), "not a regular file "
                                              "(a pipe, a device or a socket)"))
            except OSError as exc:
                found.skipped.append((shown(folder, path), _why(exc)))
    found.files.sort()
    return found


def shown(folder: Path, path: Path) -> str:
    """``path`` as staff read it: relative to the shared folder."""
    try:
        return path.relative_to(folder).as_posix() or "."
    except ValueError:
        return str(path)


def _why(exc: OSError) -> str:
    return exc.strerror or str(exc)


def open_regular(path: Path, cap: int) -> BinaryIO:
    """``path`` open for reading if it is a regular file (not a link) of at most ``cap``
    bytes, else :class:`Skip`. A pipe or a device is never opened or waited on
    (:mod:`kiosk.content.safe_read`)."""
    try:
        stream = safe_read.open_regular(path, follow_links=False)
    except safe_read.NotRegular:
        raise Skip("not a regular file (a link, a pipe, a device or a socket)") from None
    except OSError as exc:
        raise Skip(f"cannot be opened ({_why(exc)})") from None
    if os.fstat(stream.fileno()).st_size > cap:
        stream.close()
        raise Skip(f"larger than {cap:,} bytes (not read)")
    return stream


@dataclass
class LineTrouble:
    """What went wrong reading one file's lines (numbers of lines passed over)."""

    too_long: list[int] = field(default_factory=list)
    cut_short: bool = False  # the file grew past its cap while it was read


def read_lines(path: Path, limits: Limits, trouble: LineTrouble) -> Iterator[tuple[int, bytes]]:
    """The non-empty lines of ``path`` with their numbers, a line at a time; a line longer
    than ``limits.line_bytes`` is passed over (noted in ``trouble``), and reading stops at
    ``limits.file_bytes``. Raises :class:`Skip` if the file cannot be opened."""
    with open_regular(path, limits.file_bytes) as handle:
        total, number = 0, 0
        while total <= limits.file_bytes:
            line = handle.readline(limits.line_bytes + 1)
            if not line:
                return
            number += 1
            total += len(line)
            if len(line) > limits.line_bytes:
                trouble.too_long.append(number)
                while line and not line.endswith(b"\n") and total <= limits.file_bytes:
                    line = handle.readline(limits.line_bytes + 1)  # the rest, a piece at a time
                    total += len(line)
                continue
            if total <= limits.file_bytes and line.strip():
                yield number, line
        trouble.cut_short = True


def read_small(path: Path, cap: int) -> bytes:
    """A whole small file (a status file); :class:`Skip` if it is not one."""
    with open_regular(path, cap) as handle:
        data = handle.read(cap + 1)
    if len(data) > cap:
        raise Skip(f"larger than {cap:,} bytes (not read)")
    return data
