"""Getting the messages out: CSV, Excel and JSON files, written whole or not at all, streamed
row by row so that any number of messages fits in a little memory. No Qt here."""

from __future__ import annotations

import contextlib
import errno
import functools
import json
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import IO

from kiosk.store import Message, MessageStore

#: A cell starting with one of these could run as a formula in a spreadsheet.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: Characters XML 1.0 cannot carry (an Excel file is XML inside a zip).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
#: How often (in messages) an export reports its progress.
PROGRESS_EVERY = 1000

Progress = Callable[[int, int], None]


@contextlib.contextmanager
def atomic_output(path: Path) -> Iterator[IO[bytes]]:
    """A binary file that appears under ``path`` only once it is complete and on the disk: it
    is written beside it under a hidden name, flushed, synced, then renamed into place, so a
    pulled USB stick never leaves a half file under the final name. The folder must exist:
    it is never created (a pulled stick must not become a folder on the kiosk's own disk)."""
    if not path.parent.is_dir():
        raise FileNotFoundError(errno.ENOENT, "the folder does not exist", str(path.parent))
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    try:  # make the rename itself durable where the platform allows it
        folder = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(folder)
    except OSError:
        pass
    finally:
        os.close(folder)


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` whole or not at all (see :func:`atomic_output`)."""
    with atomic_output(path) as out:
        out.write(data)


def safe_cell(value: object) -> str:
    """A spreadsheet cell that cannot be read as a formula (OWASP: prefix with ')."""
    text = plain_cell(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def plain_cell(value: object) -> str:
    """A value as the text of one cell: nothing for none, yes or no for a tick."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def xml_safe(text: str) -> str:
    """``text`` with any character an Excel file cannot hold replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)


def _local_time(utc_iso: str) -> str:
    """``2026-11-21T10:15:02.118Z`` as this computer's local time, ``2026-11-21 11:15:02``.
    The offset is looked up once per hour of UTC time (daylight saving changes on the hour),
    which keeps a 100,000-message export quick."""
    try:
        moment = datetime.fromisoformat(utc_iso.replace("Z", "+00:00"))
        offset = _offset(utc_iso[:13])
    except ValueError:
        return utc_iso
    return (moment + offset).strftime("%Y-%m-%d %H:%M:%S")


@functools.lru_cache(maxsize=4096)
def _offset(utc_hour: str) -> timedelta:
    moment = datetime.fromisoformat(utc_hour + ":30:00+00:00")
    return moment.astimezone().utcoffset() or timedelta()


HEADER = ["id", "time (local)", "time (UTC)", "kiosk", "language"]


def _row(message: Message, keys: list[str], cell: Callable[[object], str]) -> list[str]:
    """Every cell through ``cell``: a message from a shared folder may carry anything."""
    return [cell(message.id), cell(_local_time(message.created_at)), cell(message.created_at),
            cell(message.kiosk_id), cell(message.language),
            *[cell(message.fields.get(k)) for k in keys]]


def write_csv(messages: Iterable[Message], keys: list[str], out: IO[bytes]) -> None:
    """UTF-8 with a byte order mark (so Excel reads Khmer and accents right), RFC 4180 quoting,
    one column per form field, formula-like cells prefixed (the field names too: a batch file
    from a shared folder may name a field ``=HYPERLINK(...)``)."""
    out.write(("\ufeff" + _csv_line([*HEADER, *map(safe_cell, keys)])).encode("utf-8",
                                                                          "replace"))
    for rows in _chunks(messages, 500):  # encoded and written a few hundred rows at a time
        text = "".join(_csv_line(_row(message, keys, safe_cell)) for message in rows)
        out.write(text.encode("utf-8", "replace"))


def _csv_line(cells: list[str]) -> str:
    """One RFC 4180 record: a cell with a comma, a quote or a line break is quoted, its quotes
    doubled. (The csv module does the same, scanning a character at a time; these scans run
    at memory speed, which matters for 100 MB of messages.)"""
    return ",".join('"' + c.replace('"', '""') + '"'
                    if '"' in c or "," in c or "\n" in c or "\r" in c else c
                    for c in cells) + "\r\n"


def _chunks(items: Iterable[Message], size: int) -> Iterator[list[Message]]:
    batch: list[Message] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def write_json(messages: Iterable[Message], keys: list[str], out: IO[bytes]) -> None:
    """A list of objects, one message a line, each with a ``fields`` object; values exactly
    as stored. (Python's C encoder, which leaves no reference cycles behind; the indenting
    one does, and the kiosk collects cycles only on its GUI thread.)"""
    del keys  # every field is in ``fields``
    first = True
    for message in messages:
        item = json.dumps(message.as_dict(), ensure_ascii=False)
        out.write(b"[\n  " if first else b",\n  ")
        out.write(item.encode("utf-8", "replace"))
        first = False
    out.write(b"[]\n" if first else b"\n]\n")


def write_xlsx(messages: Iterable[Message], keys: list[str], out: IO[bytes]) -> None:
    """An Excel workbook (openpyxl's write-only mode, rows streamed to disk). Every cell is
    typed text, the header row too, so nothing is read as a formula or a number and no
    prefix is needed."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Messages")

    def text_row(values: list[str]) -> list[WriteOnlyCell]:
        cells = []
        for value in values:
            cell = WriteOnlyCell(sheet, value=xml_safe(value))
            cell.data_type = "s"  # never a formula, never a number
            cells.append(cell)
        return cells

    sheet.append(text_row([*HEADER, *keys]))
    for message in messages:
        sheet.append(text_row(_row(message, keys, plain_cell)))
    book.save(out)


@dataclass(frozen=True)
class Format:
    key: str
    suffix: str
    label: str  # what staff read
    write: Callable[[Iterable[Message], list[str], IO[bytes]], None]


#: Every export format, in the order staff see them.
FORMATS: dict[str, Format] = {f.key: f for f in (
    Format("csv", ".csv", "CSV", write_csv),
    Format("xlsx", ".xlsx", "Excel", write_xlsx),
    Format("json", ".json", "JSON", write_json),
)}


def columns(messages: list[Message], field_keys: list[str] | None) -> list[str]:
    """The field columns: ``field_keys`` first, then any other key the messages have."""
    keys = list(field_keys or [])
    for message in messages:
        keys += [k for k in message.fields if k not in keys]
    return keys


def export(messages: Iterable[Message], path: Path, fmt: str,
           field_keys: list[str] | None = None, progress: Progress | None = None,
           total: int = 0) -> int:
    """Write the messages to ``path`` as ``csv``, ``json`` or ``xlsx``; returns how many.

    A list is looked through for its field keys; any other iterable is streamed, and then
    ``field_keys`` must name every key (``MessageStore.field_keys`` does).
    ``progress(done, total)`` is told along the way (from the calling thread)."""
    if isinstance(messages, list):
        keys, total = columns(messages, field_keys), len(messages)
    else:
        keys = list(field_keys or [])
    count = 0

    def counting() -> Iterator[Message]:
        nonlocal count
        for message in messages:
            yield message
            count += 1
            if progress is not None and count % PROGRESS_EVERY == 0:
                progress(count, max(total, count))

    if progress is not None:
        progress(0, total)
    with atomic_output(path) as out:
        FORMATS[fmt].write(counting(), keys, out)
    if progress is not None:
        progress(count, count)
    return count


@dataclass(frozen=True)
class Exported:
    count: int
    path: Path
    damaged: bool  # the database is damaged: what could be read was written
    unreadable: int  # rows that could not be read


def export_store(store: MessageStore, path: Path, fmt: str, form_keys: list[str] | None = None,
                 since: str | None = None, new_only: bool = False, mark: bool = False,
                 progress: Progress | None = None) -> Exported:
    """Stream ``store``'s messages into ``path``; ``mark`` records them as exported once the
    file is complete. The one export path for `kiosk export` and the staff panel."""
    keys = list(dict.fromkeys([*(form_keys or []), *store.field_keys()]))
    ids: list[str] = []

    def reading() -> Iterator[Message]:
        for message in store.iter_messages(since=since, not_exported=new_only):
            if mark:
                ids.append(message.id)
            yield message

    total = 0 if store.damaged else store.count()
    count = export(reading(), path, fmt, keys, progress, total)
    if mark and ids:
        store.mark_exported(ids)
    return Exported(count, path, store.damaged, store.unreadable)
