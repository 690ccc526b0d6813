"""Exporting a store: its rows streamed into a file, the columns first guessed from the first
messages and checked against each message as it is read (the file started again should one
differ), and the messages marked as exported once the file is complete. A long CSV or JSON
export is written by two processes, a half each (:mod:`kiosk.messages.export_helper`).
No Qt here."""

from __future__ import annotations

import contextlib
import glob
import json
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from kiosk.files import atomic_output, sweep_parts
from kiosk.messages.export import FORMATS, PROGRESS_EVERY, Format, Progress, Row
from kiosk.messages.export_helper import Helper, PartWritten, open_part
from kiosk.messages.message import RAW_COLUMNS
from kiosk.messages.store import MessageStore, StoreError

log = logging.getLogger(__name__)

#: From how many messages an export is written by two processes (below, a second one's
#: start would cost about what it saves).
TWO_PROCESSES_FROM = 20_000


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
    form = FORMATS[fmt]
    for names in (glob.escape(path.name), "kiosk-messages-*"):  # (the panel's file names)
        if sweep_parts(path.parent, names):
            log.info("removed the part files of exports cut off in %s", path.parent)
    keys = _with_form(form_keys, store.field_keys(first=500)) if form.columns else []
    unreadable = store.unreadable  # (after the columns' look: the export counts them again)
    total, middle, last = _plan(store, since, new_only, form.parts is not None)
    check = form.columns
    while True:
        job = _Job(store, form, keys, check, since, new_only, mark)
        try:
            _write(job, path, progress or (lambda done, total: None), total, middle, last)
            break
        except _OtherColumns:
            keys, check = _with_form(form_keys, store.field_keys()), False
            store.unreadable = unreadable
    if mark and job.ids:
        store.mark_exported(job.ids)
    return Exported(job.count, path, store.damaged or job.damaged,
                    store.unreadable - unreadable)


class _Job:
    """One pass of an export: what is read, and what came of it."""

    def __init__(self, store: MessageStore, form: Format, keys: list[str], check: bool,
                 since: str | None, new_only: bool, mark: bool) -> None:
        self.store, self.form, self.keys = store, form, keys
        self.since, self.new_only, self.mark = since, new_only, mark
        self.known = set(keys) if check else None
        self.ids: list[str] = []  # (to mark)
        self.count = 0
        self.damaged = False  # (found by the helper)
        self.every_thousand: Callable[[int], None] = lambda count: None

    def read(self, row: Row) -> Any:
        record = self.form.from_row(row)
        if self.known is not None and not self.known.issuperset(record[4]):  # (its fields)
            raise _OtherColumns
        if self.mark:
            self.ids.append(row[1])
        self.count += 1
        if self.count % PROGRESS_EVERY == 0:
            self.every_thousand(self.count)
        return record

    def rows(self, after: int = 0, upto: int | None = None) -> Iterator[Any]:
        return self.store.iter_rows(self.read, since=self.since, not_exported=self.new_only,
                                    columns=RAW_COLUMNS, after=after, upto=upto)

    def for_helper(self, after: int, upto: int) -> dict[str, Any]:
        return {"file": str(self.store.file_read), "format": self.form.key, "keys": self.keys,
                "check": self.known is not None, "since": self.since,
                "new_only": self.new_only, "mark": self.mark, "after": after, "upto": upto}

    def take(self, part: PartWritten) -> None:
        self.count += part.count
        self.ids += part.ids
        self.store.unreadable += part.unreadable
        self.damaged |= part.damaged


def _write(job: _Job, path: Path, progress: Progress, total: int, middle: int | None,
           last: int | None) -> None:
    """The file written whole: in one process, or (``middle``: the last row of the first
    half) the rows after ``middle`` up to ``last`` by a helper."""
    form, parts = job.form, job.form.parts
    progress(0, total)
    if parts is None or middle is None or last is None:
        job.every_thousand = lambda count: progress(count, max(total, count))
        with atomic_output(path) as out:
            form.write_records(job.rows(), job.keys, out)
        progress(job.count, job.count)
        return
    helper = Helper.start(job.for_helper(middle, last))

    def helped(count: int) -> None:
        done = job.count + (helper.done if helper is not None else 0)
        progress(done, max(total, done))

    job.every_thousand = helped
    try:
        with atomic_output(path) as out:
            out.write(parts.head(job.keys))
            wrote = parts.body(job.rows(upto=middle), job.keys, out, True)
            part = helper.finish(tick=lambda: job.every_thousand(0)) if helper else None
            if part is not None and part.other_columns:
                raise _OtherColumns
            if helper is None or part is None:  # (this process writes its half)
                wrote |= parts.body(job.rows(middle, last), job.keys, out, not wrote)
            else:
                helper.copy_into(out, 0 if wrote or not part.count else len(parts.lead))
                job.take(part)
                wrote |= part.count > 0
            out.write(parts.tail(wrote))
    finally:
        if helper is not None:
            helper.close()
    progress(job.count, job.count)


def _plan(store: MessageStore, since: str | None, new_only: bool, in_parts: bool
          ) -> tuple[int, int | None, int | None]:
    """How many messages to export (0: a damaged file cannot say), and where a helper takes
    over and up to which row (None: it does not)."""
    if store.damage_known:
        return 0, None, None
    try:
        count, middle, last = store.export_bounds(since, new_only, in_parts)
    except StoreError:
        return 0, None, None
    return (count, middle, last) if count >= TWO_PROCESSES_FROM else (count, None, None)


def serve_part(stdin: IO[bytes], stdout: IO[bytes]) -> int:
    """`kiosk --export-part`, an export's helper: its job read from ``stdin``, its part
    written to the file the job names, its progress and answer to ``stdout``."""
    def say(line: bytes) -> None:
        stdout.write(line + b"\n")
        stdout.flush()

    part: IO[bytes] | None = None
    try:
        order = json.loads(stdin.read())
        file = Path(order["file"])
        store = MessageStore(file.parent, read_only=True, file=file.name, checked=False)
        job = _Job(store, FORMATS[order["format"]], order["keys"], order["check"],
                   order["since"], order["new_only"], order["mark"])
        job.every_thousand = lambda count: say(b"%d" % count)
        parts = job.form.parts
        assert parts is not None, "a format written whole"
        other = False
        part = open_part(order)
        say(b"0")  # (its file open: the export may take its name away)
        try:
            parts.body(job.rows(order["after"], order["upto"]), job.keys, part, False)
        except _OtherColumns:
            other = True
        part.flush()
        say(json.dumps({"count": job.count, "ids": job.ids, "unreadable": store.unreadable,
                        "damaged": store.damaged, "other_columns": other}).encode("utf-8"))
        return 0
    except Exception as exc:  # (said to the export, which writes the part itself)
        if part is not None:  # no copy of the messages left behind, whatever its name now
            with contextlib.suppress(OSError, ValueError):
                part.truncate(0)
        with contextlib.suppress(OSError):  # (the export itself may be gone)
            say(json.dumps({"error": f"{type(exc).__name__}: {exc}"}).encode("utf-8"))
        return 1
    finally:
        if part is not None:
            with contextlib.suppress(OSError):
                part.close()


def _with_form(form_keys: list[str] | None, keys: list[str]) -> list[str]:
    return list(dict.fromkeys([*(form_keys or []), *keys]))


class _OtherColumns(Exception):
    """A message has a field the export's columns do not."""
