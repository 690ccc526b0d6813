"""Getting the messages out: CSV, Excel and JSON files, written whole or not at all, streamed
row by row so that any number of messages fits in a little memory. No Qt here.

A store's rows go straight into what each format writes (a record of cells, or the finished
JSON text), with no Message in between: a season's CSV or JSON is written in two seconds.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from json.encoder import encode_basestring
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypeVar

from kiosk.files import atomic_output
from kiosk.messages.local_time import UTC_TIME, local_time
from kiosk.messages.xlsx import write_workbook

try:  # JSON read several times faster (a season's export: about half a second less)
    import orjson
except ImportError:  # (a platform without its wheel: Python's own reader, the same answers)
    orjson = None  # type: ignore[assignment]

if TYPE_CHECKING:
    from kiosk.messages.store import Message

#: A cell starting with one of these could run as a formula in a spreadsheet.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_FIRST = "".join(FORMULA_STARTS)  # (each is one character)
#: How often (in messages) an export reports its progress.
PROGRESS_EVERY = 1000

Progress = Callable[[int, int], None]
Row = tuple[Any, ...]  # a row of the store's ``SELECT {COLUMNS}``
#: A message as the CSV and Excel writers take it: id, time (UTC), kiosk, language, fields.
Cells = tuple[Any, Any, Any, Any, dict[str, Any]]
T = TypeVar("T")


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


# ---------------------------------------------------------------- records
def _fields(row: Row) -> dict[str, Any]:
    """A row's fields, or ValueError or TypeError where ``message_from_row`` gives them."""
    fields = _decode(row[6])
    if not isinstance(fields, dict) or not (  # (as quick as it gets: 100,000 times)
            isinstance(row[1], str) and isinstance(row[2], str) and isinstance(row[3], str)
            and isinstance(row[4], str) and isinstance(row[5], str)):
        raise ValueError("not a message row")
    return fields


_DECODER = json.JSONDecoder()
#: The values orjson reads exactly as Python's reader does.
_PLAIN = frozenset({str, bool, int, type(None)})


def _decode(text: Any) -> Any:
    """``json.loads(text)`` for a ``str``, or for ``bytes`` (UTF-8, as the store's file
    holds them: RAW_COLUMNS), quicker: bytes are parsed by orjson where it is installed,
    without a Python string made of the whole document first."""
    if text.__class__ is bytes:
        if orjson is not None:
            try:
                value = orjson.loads(text)
            except orjson.JSONDecodeError:  # NaN, a lone surrogate: Python's reader takes
                pass  # them; what neither takes, Python's refuses with its own words
            else:  # (orjson reads an integer past 64 bits as a float: those, and any
                # float or nested value, are read again by Python's reader, as before)
                if value.__class__ is dict and set(map(type, value.values())) <= _PLAIN:
                    return value
        text = text.decode("utf-8")  # (not UTF-8: UnicodeDecodeError, a ValueError)
    try:
        value, end = _DECODER.raw_decode(text)
        if end == len(text):
            return value
    except (ValueError, TypeError):
        pass
    return json.loads(text)  # the same answer, or the same error


def _cells(message: Message) -> Cells:
    return message.id, message.created_at, message.kiosk_id, message.language, message.fields


def _cells_from_row(row: Row) -> Cells:
    return row[1], row[2], row[3], row[4], _fields(row)


HEADER = ["id", "time (local)", "time (UTC)", "kiosk", "language"]


def _values(cells: Cells, keys: list[str]) -> list[Any]:
    """A row's values, column by column: a message from a shared folder may carry anything."""
    return [cells[0], local_time(cells[1]), cells[1], cells[2], cells[3],
            *map(cells[4].get, keys)]


# ---------------------------------------------------------------- CSV
def write_csv(messages: Iterable[Message], keys: list[str], out: IO[bytes]) -> None:
    """UTF-8 with a byte order mark (so Excel reads Khmer and accents right), RFC 4180 quoting,
    one column per form field, formula-like cells prefixed (the field names too: a batch file
    from a shared folder may name a field ``=HYPERLINK(...)``)."""
    _write_csv(map(_cells, messages), keys, out)


def _write_csv(records: Iterable[Cells], keys: list[str], out: IO[bytes]) -> None:
    CSV_PARTS.write(records, keys, out)


def _csv_head(keys: list[str]) -> bytes:
    return ("\ufeff" + _csv_line([*HEADER, *map(safe_cell, keys)])).encode("utf-8", "replace")


def _csv_body(records: Iterable[Cells], keys: list[str], out: IO[bytes], first: bool) -> bool:
    del first  # (a record is the same wherever it is)
    seen: dict[str, str] = {}
    wrote = False
    for rows in _chunks(records, 500):  # written a few hundred rows at a time
        lines = [_csv_row(cells, keys, seen).encode("utf-8", "replace") for cells in rows]
        lines.append(b"")
        out.write(b"\r\n".join(lines))
        wrote = True
    return wrote


def _csv_row(cells: Cells, keys: list[str], seen: dict[str, str]) -> str:
    """One message's record: :func:`_csv_cell` of each of :func:`_values`, but for a time as
    the store writes it (digits: nothing to quote or guard) and for the few kiosks and
    languages of a season, each worked out once (``seen``)."""
    utc, kiosk, language = cells[1], cells[2], cells[3]
    if utc.__class__ is str and UTC_TIME.fullmatch(utc):
        times = f"{local_time(utc)},{utc}"
    else:
        times = f"{_csv_cell(local_time(utc))},{_csv_cell(utc)}"
    if len(seen) > 1000:
        seen.clear()  # (a file of many kiosks: no gain, and no growing without end)
    place = seen.get(kiosk) or seen.setdefault(kiosk, _csv_cell(kiosk))
    tongue = seen.get(language) or seen.setdefault(language, _csv_cell(language))
    return ",".join([_csv_cell(cells[0]), times, place, tongue,
                     *map(_csv_cell, map(cells[4].get, keys))])


def _csv_cell(value: object, guard: bool = True) -> str:
    """One CSV field: ``value`` as :func:`safe_cell` writes it (as it is, unless ``guard``),
    quoted if it has a comma, a quote or a line break, its quotes doubled. (The csv module
    does the same, scanning a character at a time; these scans run at memory speed, which
    matters for 100 MB of messages. Commas first: most messages have one.)"""
    text = value if value.__class__ is str else plain_cell(value)
    if guard and text and text[0] in _FORMULA_FIRST:
        text = "'" + text
    if "," in text or '"' in text or "\n" in text or "\r" in text:
        doubled = text.replace('"', '""')
        return f'"{doubled}"'  # (a long text copied once, where '"' + ... + '"' does twice)
    return text


def _csv_line(cells: list[str]) -> str:
    """One RFC 4180 record."""
    return ",".join([_csv_cell(c, False) for c in cells]) + "\r\n"


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


# ---------------------------------------------------------------- JSON
def write_json(messages: Iterable[Message], keys: list[str], out: IO[bytes]) -> None:
    """A list of objects, one message a line, each with a ``fields`` object; values exactly
    as stored. (Python's C encoder, which leaves no reference cycles behind; the indenting
    one does, and the kiosk collects cycles only on its GUI thread.)"""
    _write_json(map(_json_message, messages), keys, out)


def _write_json(items: Iterable[bytes], keys: list[str], out: IO[bytes]) -> None:
    JSON_PARTS.write(items, keys, out)


def _json_body(items: Iterable[bytes], keys: list[str], out: IO[bytes], first: bool) -> bool:
    """The messages' objects, each on a line after a comma (but for the file's first)."""
    del keys  # every field is in ``fields``
    wrote = False
    for chunk in _chunks(items, 500):
        out.write((b"\n  " if first else b",\n  ") + b",\n  ".join(chunk))
        first, wrote = False, True
    return wrote


def _json_message(message: Message) -> bytes:
    return json.dumps(message.as_dict(), ensure_ascii=False).encode("utf-8", "replace")


def _json_row(row: Row) -> bytes:
    """What :func:`_json_message` writes for the row's message, byte for byte, without the
    Message, and with a long text escaped as UTF-8 (a few passes at memory speed)."""
    fields, e = _fields(row), encode_basestring
    text = (f'{{"id": {e(row[1])}, "created_at": {e(row[2])}, "kiosk_id": {e(row[3])}, '
            f'"language": {e(row[4])}, "content_version": {e(row[5])}, "fields": {{')
    done: list[bytes] = []
    comma = ""
    for key, value in fields.items():
        text += f"{comma}{e(key)}: "
        comma = ", "
        long = _json_long_text(value) if value.__class__ is str and len(value) > 80 else None
        if long is None:
            text += _json_value(value)
        else:
            done += (text.encode("utf-8", "replace"), long)
            text = ""
    done.append((text + "}}").encode("utf-8", "replace"))
    return b"".join(done)


def _json_value(value: Any) -> str:
    if value.__class__ is str:
        return encode_basestring(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    return json.dumps(value, ensure_ascii=False)


#: What the JSON encoder escapes as \uXXXX or \t, \r, \b, \f: control characters but \n.
_CONTROLS = bytes(c for c in range(32) if c != 10)


def _json_long_text(text: str) -> bytes | None:
    """``text`` as the JSON encoder writes it (``ensure_ascii=False``), in UTF-8, escaped in
    a few passes at memory speed; None if it holds a control character (a tab...)."""
    raw = text.encode("utf-8", "replace")  # (a surrogate half: ?, as the file has it)
    if len(raw.translate(None, _CONTROLS)) != len(raw):
        return None
    return b'"' + raw.replace(b"\\", b"\\\\").replace(b'"', b'\\"').replace(
        b"\n", b"\\n") + b'"'


# ---------------------------------------------------------------- Excel
def write_xlsx(messages: Iterable[Message], keys: list[str], out: IO[bytes]) -> None:
    """An Excel workbook, streamed (:mod:`kiosk.messages.xlsx`). Every cell is text, the header row
    too, so nothing is read as a formula or a number and no prefix is needed. A text longer
    than a cell holds goes on at the end of its row."""
    _write_xlsx(map(_cells, messages), keys, out)


def _write_xlsx(records: Iterable[Cells], keys: list[str], out: IO[bytes]) -> None:
    header = [plain_cell(k) for k in [*HEADER, *keys]]
    rows = ([plain_cell(v) for v in _values(cells, keys)] for cells in records)
    write_workbook(itertools.chain([header], rows), out)


# ---------------------------------------------------------------- formats
@dataclass(frozen=True)
class Parts:
    """A format written in parts, in the file's order (its later messages by a second
    process): the file's start, its messages' records (``first``: the file's first; True if
    any was written), and its end (whether any record was written)."""

    head: Callable[[list[str]], bytes]
    body: Callable[[Iterable[Any], list[str], IO[bytes], bool], bool]
    tail: Callable[[bool], bytes]
    #: What the records written as not the first have before them, that the file's first
    #: has not (JSON's comma).
    lead: bytes = b""

    def write(self, records: Iterable[Any], keys: list[str], out: IO[bytes]) -> None:
        out.write(self.head(keys))
        out.write(self.tail(self.body(records, keys, out, True)))


CSV_PARTS = Parts(_csv_head, _csv_body, lambda wrote: b"")
JSON_PARTS = Parts(lambda keys: b"[", _json_body, lambda wrote: b"\n]\n" if wrote else b"]\n",
                   lead=b",")


@dataclass(frozen=True)
class Format:
    key: str
    suffix: str
    label: str  # what staff read
    write: Callable[[Iterable[Message], list[str], IO[bytes]], None]
    #: The format's own writer, and what it takes, from a message or from a store's row
    #: (a row it cannot read: ValueError or TypeError, as for a Message).
    write_records: Callable[[Iterable[Any], list[str], IO[bytes]], None]
    from_message: Callable[[Message], Any]
    from_row: Callable[[Row], Any]
    columns: bool = True  # a column per field (JSON's objects hold every field)
    parts: Parts | None = None  # (None: written whole, by one process)


#: Every export format, in the order staff see them.
FORMATS: dict[str, Format] = {f.key: f for f in (
    Format("csv", ".csv", "CSV", write_csv, _write_csv, _cells, _cells_from_row,
           parts=CSV_PARTS),
    Format("xlsx", ".xlsx", "Excel", write_xlsx, _write_xlsx, _cells, _cells_from_row),
    Format("json", ".json", "JSON", write_json, _write_json, _json_message, _json_row,
           columns=False, parts=JSON_PARTS),
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
    form = FORMATS[fmt]
    return export_records(map(form.from_message, messages), path, form, keys, progress, total)


def export_records(records: Iterable[Any], path: Path, form: Format, keys: list[str],
                   progress: Progress | None, total: int) -> int:
    """Write ``records`` (what ``form`` writes, from messages or rows) whole to ``path``;
    returns how many."""
    count = 0

    def counting() -> Iterator[Any]:
        nonlocal count
        for record in records:
            yield record
            count += 1
            if progress is not None and count % PROGRESS_EVERY == 0:
                progress(count, max(total, count))

    if progress is not None:
        progress(0, total)
    with atomic_output(path) as out:
        form.write_records(counting(), keys, out)
    if progress is not None:
        progress(count, count)
    return count
