"""A visitor's message as the kiosk keeps it, and the cleaning every message goes through
before it is kept. No Qt here."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

#: Longest text the store keeps in any one field, whatever the form says.
HARD_LIMIT = 10_000


class StoreError(Exception):
    """The message could not be saved (disk full, read-only, locked, damaged). Nothing the
    visitor typed is lost: the caller still holds it."""


class MessageRejected(ValueError):
    """The message itself is not acceptable (empty, too long)."""


@dataclass(frozen=True)
class Message:
    id: str
    created_at: str
    kiosk_id: str
    language: str
    content_version: str
    fields: dict[str, Any]
    sync_state: str
    exported_at: str | None

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "created_at": self.created_at, "kiosk_id": self.kiosk_id,
                "language": self.language, "content_version": self.content_version,
                "fields": self.fields}


COLUMNS = ("seq, id, created_at, kiosk_id, language, content_version, fields, sync_state,"
           " exported_at")
#: COLUMNS with the fields as the UTF-8 bytes the file holds (the kiosk's files are UTF-8,
#: SQLite's default): an export parses them as they are, never made a Python string first.
RAW_COLUMNS = COLUMNS.replace(" fields,", " CAST(fields AS BLOB),")


def message_from_row(row: tuple[Any, ...]) -> Message:
    """A Message from a row of ``SELECT {COLUMNS}``; ValueError if the row is garbled."""
    fields = json.loads(row[6])
    if not isinstance(fields, dict) or not all(isinstance(v, str) for v in row[1:6]):
        raise ValueError("not a message row")
    return Message(row[1], row[2], row[3], row[4], row[5], fields, row[7], row[8])


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


#: Terminal escape sequences: CSI (colours, clear screen), then OSC, DCS, SOS, PM and APC
#: strings (window titles, hyperlinks) with their terminators, then any other escape.
_ESCAPES = re.compile(
    "(?:\x1b\\[|\x9b)[0-?]*[ -/]*[@-~]?"
    "|(?:\x1b[]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\\\|\x9c)?"
    "|\x1b.?", re.DOTALL)
#: Characters that change the direction of the text around them.
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def one_line(value: object, limit: int = 200) -> str:
    """``value`` as one line of plain text safe on a terminal, in a report or a label, at most
    ``limit`` characters: escape sequences removed, tabs and line breaks as spaces, every
    other control character, direction override and lone surrogate dropped. For what came
    from outside (a shared folder, a server's answer, a settings file)."""
    text = _ESCAPES.sub("", str(value))
    text = "".join(" " if ch in "\t\n\r\x0b\x0c\u2028\u2029" else ch for ch in text)
    text = "".join(ch for ch in text
                   if ch not in _BIDI and unicodedata.category(ch) not in ("Cc", "Cs"))
    return text if len(text) <= limit else text[:limit - 1] + "…"


def clean_text(text: str) -> str:
    """Text exactly as typed, less control characters and lone surrogate halves (which no
    file format can carry); new lines stay, CR LF becomes LF."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(ch for ch in text
                   if ch == "\n" or unicodedata.category(ch) not in ("Cc", "Cs"))


def clean_fields(fields: Mapping[str, Any], limits: Mapping[str, int] | None = None,
                 required: tuple[str, ...] = ("message",)) -> dict[str, Any]:
    """The fields as the store keeps them; raises MessageRejected for what it will not keep."""
    out: dict[str, Any] = {}
    for key, value in fields.items():
        if isinstance(value, bool) or value is None:
            out[key] = value
            continue
        if not isinstance(value, str):
            raise MessageRejected(f"'{key}' must be text")
        text = clean_text(value)
        limit = min((limits or {}).get(key, HARD_LIMIT), HARD_LIMIT)
        if len(text) > limit:
            raise MessageRejected(f"'{key}' is longer than {limit} characters")
        out[key] = text
    for key in required:
        value = out.get(key)
        if not isinstance(value, str) or not value.strip():
            raise MessageRejected(f"'{key}' is empty")
    return out


def rows_where(since: str | None, not_exported: bool, upto: int | None = None
               ) -> tuple[str, list[Any]]:
    """An SQL ``WHERE`` for the messages an export reads (``since``: created at or after;
    ``not_exported``: not marked yet; ``upto``: up to that row id), after a row id: the first
    argument, left to the caller."""
    clauses, args = ["seq > ?"], list[Any]()
    if since:
        clauses.append("created_at >= ?")
        args.append(since)
    if not_exported:
        clauses.append("exported_at IS NULL")
    if upto is not None:
        clauses.append("seq <= ?")
        args.append(upto)
    return " AND ".join(clauses), args
