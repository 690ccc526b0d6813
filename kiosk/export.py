"""Getting the messages out: JSON and CSV files, written whole or not at all. No Qt here."""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path

from kiosk.store import Message

#: A cell starting with one of these could run as a formula in a spreadsheet.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path``, flush it to disk, then rename it into place:
    a pulled USB stick never leaves a half file under the final name."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
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


def to_json(messages: Iterable[Message]) -> bytes:
    """A list of objects, each with a ``fields`` object; values exactly as stored."""
    return json.dumps([m.as_dict() for m in messages], ensure_ascii=False,
                      indent=2).encode("utf-8")


def safe_cell(value: object) -> str:
    """A spreadsheet cell that cannot be read as a formula (OWASP: prefix with ')."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _local_time(utc_iso: str) -> str:
    try:
        moment = datetime.fromisoformat(utc_iso.replace("Z", "+00:00"))
    except ValueError:
        return utc_iso
    return moment.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def to_csv(messages: Iterable[Message], field_keys: list[str] | None = None) -> bytes:
    """UTF-8 with a byte order mark (so Excel reads Khmer and accents right), RFC 4180 quoting,
    one column per form field."""
    rows = list(messages)
    keys = _columns(rows, field_keys)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["id", "time (local)", "time (UTC)", "kiosk", "language", *keys])
    for m in rows:
        writer.writerow([m.id, _local_time(m.created_at), m.created_at, safe_cell(m.kiosk_id),
                         safe_cell(m.language), *[safe_cell(m.fields.get(k)) for k in keys]])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _columns(rows: list[Message], field_keys: list[str] | None) -> list[str]:
    keys = list(field_keys or [])
    for message in rows:
        keys += [k for k in message.fields if k not in keys]
    return keys


def to_xlsx(messages: Iterable[Message], field_keys: list[str] | None = None) -> bytes:
    """An Excel workbook, every cell text (and formula-like text prefixed, as in CSV)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    rows = list(messages)
    keys = _columns(rows, field_keys)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Messages")

    def text_row(values: list[str]) -> list[WriteOnlyCell]:
        cells = []
        for value in values:
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"  # never a formula, never a number
            cell.number_format = "@"
            cells.append(cell)
        return cells

    sheet.append(text_row(["id", "time (local)", "time (UTC)", "kiosk", "language", *keys]))
    for m in rows:
        sheet.append(text_row([m.id, _local_time(m.created_at), m.created_at,
                               safe_cell(m.kiosk_id), safe_cell(m.language),
                               *[safe_cell(m.fields.get(k)) for k in keys]]))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


FORMATS = {"csv": ".csv", "json": ".json", "xlsx": ".xlsx"}


def export(messages: Iterable[Message], path: Path, fmt: str,
           field_keys: list[str] | None = None,
           progress: Callable[[int, int], None] | None = None) -> int:
    """Write the messages to ``path`` as ``csv``, ``json`` or ``xlsx``; returns how many.
    ``progress(done, total)`` is told along the way (from the calling thread)."""
    rows = list(messages)
    if progress is not None:
        progress(0, len(rows))
    if fmt == "json":
        data = to_json(rows)
    elif fmt == "xlsx":
        data = to_xlsx(rows, field_keys)
    else:
        data = to_csv(rows, field_keys)
    write_atomically(path, data)
    if progress is not None:
        progress(len(rows), len(rows))
    return len(rows)
