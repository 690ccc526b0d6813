"""Exporting a store: its rows streamed into a file, the columns first guessed from the first
messages and checked against each message as it is read (the file started again should one
differ), and the messages marked as exported once the file is complete. No Qt here."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.messages.export import FORMATS, Progress, Row, export_records
from kiosk.messages.message import RAW_COLUMNS
from kiosk.messages.store import MessageStore, StoreError


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
    file is complete. The one export path for `kiosk export` and the staff panel.

    The columns start as those of the first messages, and each message read is checked
    against them (its fields are at hand: the check costs next to nothing); should one have
    another field, the file is started again with every message's."""
    form, unreadable, ids = FORMATS[fmt], store.unreadable, []
    keys = _with_form(form_keys, store.field_keys(first=500)) if form.columns else []
    known: set[str] | None = set(keys) if form.columns else None

    def read(row: Row) -> Any:
        record = form.from_row(row)
        if known is not None and not known.issuperset(record[4]):  # (a record's fields)
            raise _OtherColumns
        if mark:
            ids.append(row[1])
        return record

    total = 0 if store.damage_known else _count(store)
    while True:
        records = store.iter_rows(read, since=since, not_exported=new_only,
                                  columns=RAW_COLUMNS)
        try:
            count = export_records(records, path, form, keys, progress, total)
            break
        except _OtherColumns:
            keys, known = _with_form(form_keys, store.field_keys()), None
            ids.clear()
            store.unreadable = unreadable
    if mark and ids:
        store.mark_exported(ids)
    return Exported(count, path, store.damaged, store.unreadable - unreadable)


def _count(store: MessageStore) -> int:
    """How many messages there are, for the progress (0: a damaged file cannot say)."""
    try:
        return store.count()
    except StoreError:
        return 0


def _with_form(form_keys: list[str] | None, keys: list[str]) -> list[str]:
    return list(dict.fromkeys([*(form_keys or []), *keys]))


class _OtherColumns(Exception):
    """A message has a field the export's columns do not."""
