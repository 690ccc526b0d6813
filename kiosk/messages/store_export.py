"""Exporting a store: its rows streamed into a file, the columns first guessed from the first
messages while every message's keys are looked for on a thread of their own (the file started
again should they differ), and the messages marked as exported once the file is complete.
No Qt here."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from kiosk.messages.export import FORMATS, Progress, Row, export_records
from kiosk.messages.store import MessageStore, StoreError

T = TypeVar("T")


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

    The columns start as those of the first messages while all of them are looked through
    on a thread of their own; should they differ, the file is started again with them."""
    form, unreadable, ids = FORMATS[fmt], store.unreadable, []
    apart: _KeysApart | None = None
    # (while the file's check runs: damage it finds is met where the rows end, in iter_rows)
    if not form.columns:
        keys = []
    elif store.damage_known:
        keys = _with_form(form_keys, store.field_keys())
    else:
        keys, apart = _with_form(form_keys, store.field_keys(first=500)), _KeysApart(store)

    def read(row: Row) -> Any:
        record = form.from_row(row)
        if mark:
            ids.append(row[1])
        return record

    total = 0 if store.damage_known else _count(store)
    while True:
        records = store.iter_rows(read, since=since, not_exported=new_only)
        if apart is not None:
            records = _checked(records, keys, form_keys, apart)
        try:
            count = export_records(records, path, form, keys, progress, total)
            break
        except _OtherColumns as other:
            keys, apart = _with_form(form_keys, other.keys or store.field_keys()), None
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
    """The columns an export started with are not the store's (None: it could not say)."""

    def __init__(self, keys: list[str] | None) -> None:
        super().__init__("the export's columns changed")
        self.keys = keys


class _KeysApart:
    """A store's field keys found on a thread of their own: the query runs inside SQLite,
    outside Python's lock, so beside an export on another core it takes no time."""

    def __init__(self, store: MessageStore) -> None:
        self._found: list[list[str] | None] = []
        self._thread = threading.Thread(target=self._find, args=(store,), daemon=True,
                                        name="export-columns")
        self._thread.start()

    def _find(self, store: MessageStore) -> None:
        try:
            self._found.append(store.field_keys(apart=True))
        except Exception:  # (the export then finds them itself)
            self._found.append(None)

    def confirm(self, keys: list[str], form_keys: list[str] | None, wait: bool) -> bool:
        """True once the keys found make the columns ``keys``, _OtherColumns if they do not;
        False while they are still being looked for (``wait``: until they are found)."""
        if wait:
            self._thread.join()
        if not self._found:
            return False
        found = self._found[0]
        if found is None or _with_form(form_keys, found) != keys:
            raise _OtherColumns(found)
        return True


def _checked(records: Iterator[T], keys: list[str], form_keys: list[str] | None,
             apart: _KeysApart) -> Iterator[T]:
    """``records``, the columns checked as soon as the store's keys are known, and at the
    latest after the last record (before the file is kept)."""
    confirmed = False
    for number, record in enumerate(records):
        if not confirmed and number % 1000 == 0:
            confirmed = apart.confirm(keys, form_keys, wait=False)
        yield record
    if not confirmed:
        apart.confirm(keys, form_keys, wait=True)
