"""Excel exports read back as a spreadsheet shows them: the CSV's cells, each one text, the
longest texts whole. No Qt here."""

from __future__ import annotations

import csv
import gc
import io
import re
import tempfile
import tracemalloc
import zipfile
from pathlib import Path
from typing import Any

import pytest

from kiosk.messages.export import export
from kiosk.messages.store import Message, MessageStore
from kiosk.messages.store_export import export_store
from kiosk.messages.xlsx import CELL_MAX as XLSX_CELL_MAX
from kiosk.messages.xlsx import CONTINUED, xml_safe

openpyxl = pytest.importorskip("openpyxl")

#: Excel writes a character XML cannot carry as _xHHHH_ (and a literal "_x" as _x005F_x):
#: openpyxl leaves them as they are; a spreadsheet shows what they stand for.
_EXCEL_ESCAPE = re.compile("_x([0-9A-Fa-f]{4})_")


def shown(value: Any) -> str:
    """A cell read back with openpyxl, as a spreadsheet shows it."""
    return _EXCEL_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), value or "")


def sheet_rows(path: Path) -> list[list[str]]:
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Messages"]
    return [[shown(v) for v in row] for row in book.active.iter_rows(values_only=True)]


def csv_rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))


def unprefixed(cell: str) -> str:
    """A CSV cell without the ' that keeps a spreadsheet from running it."""
    return cell[1:] if cell[:1] == "'" and cell[1:2] in "=+-@\t\r" else cell



LONG = "សូមអធិស្ឋានសម្រាប់ពួកគេ 🙏 نصلي من أجلكم، \"hope\", niñas\n" * 20
HOSTILE = [
    {"message": LONG, "name": "សុខា", "email": None, "topic": "prayer", "contact_ok": True},
    {"message": '=HYPERLINK("http://evil.example","x")', "name": "+cmd|' /C calc'!A0",
     "email": "-2+3@x.org", "contact_ok": False},
    {"message": "_x0041_ is not A, _x005F_ is not _", "name": "@SUM(A1)"},
    {"message": "<r>bold</r>", "name": "<r><t>x</t></r>", "topic": "<r></r>"},
    {"message": "  spaces kept  ", "name": "&amp; <b>tags</b> & ampersands"},
    {"message": "nul \x00, vertical \x0b tab, \ufffe non-character", "name": "\tTabbed"},
    {"=HYPERLINK(\"x\")": "a field named like a formula", "message": "12345", "name": "1e5"},
]


def test_the_sheet_reads_back_as_the_csv_rows(tmp_path: Path) -> None:
    """Same cells as the CSV, without its ' prefixes: typed text needs none."""
    store = MessageStore(tmp_path / "data")
    for fields in HOSTILE:
        store.add(fields, language="km")
    store.add({"message": "from a shared folder"}, language="=cmd")
    for fmt in ("csv", "xlsx"):
        export_store(store, tmp_path / f"all.{fmt}", fmt, ["message", "topic"])
    expected = [[xml_safe(unprefixed(c)) for c in row]
                for row in csv_rows(tmp_path / "all.csv")]
    assert sheet_rows(tmp_path / "all.xlsx") == expected
    assert expected[3][5] == "_x0041_ is not A, _x005F_ is not _"
    assert expected[4][5:8] == ["<r>bold</r>", "<r></r>", "<r><t>x</t></r>"]


def test_every_cell_is_text_and_nothing_is_a_formula(tmp_path: Path) -> None:
    message = Message("=1+1", "+2026-11-21", "@booth", "-km", "", {"n": "12345", "f": "=A1"},
                      "", None)
    export([message], tmp_path / "m.xlsx", "xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "m.xlsx").active
    cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
    assert len(cells) == 14 and all(c.data_type == "s" for c in cells)
    with zipfile.ZipFile(tmp_path / "m.xlsx") as book:
        xml = book.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "<v>" not in xml  # no formula, no number


def test_text_too_long_for_a_cell_goes_on_at_the_end_of_its_row(tmp_path: Path) -> None:
    """Excel holds 32,767 UTF-16 units in a cell (an emoji takes two): a longer text (from a
    shared folder) is cut where it must be, each piece saying so, the rest at the row's end;
    no word is lost and the columns stay where they are."""
    text = ("🙏 សង្ឃឹម, hope. " * 6000)[:70_000]
    other = "é" * 40_000
    message = Message("id-1", "2026-11-21T10:00:00.000Z", "k", "km", "",
                      {"message": text, "name": "Ana", "note": other}, "", None)
    export([message], tmp_path / "m.xlsx", "xlsx", ["message", "name", "note"])
    header, row = sheet_rows(tmp_path / "m.xlsx")
    assert header == ["id", "time (local)", "time (UTC)", "kiosk", "language", "message",
                      "name", "note", *[""] * (len(row) - 8)]
    assert row[6] == "Ana" and row[0] == "id-1"
    assert all(len(c.encode("utf-16-le")) // 2 <= XLSX_CELL_MAX for c in row)
    first, rest = row[5], row[8:]
    assert first.endswith(CONTINUED) and row[7].endswith(CONTINUED)
    pieces = [first, *[p for p in rest if p.startswith("(message, continued) ")]]
    assert "".join(p.removeprefix("(message, continued) ").removesuffix(CONTINUED)
                   for p in pieces) == text
    notes = [row[7], *[p for p in rest if p.startswith("(note, continued) ")]]
    assert "".join(p.removeprefix("(note, continued) ").removesuffix(CONTINUED)
                   for p in notes) == other
    assert len(pieces) + len(notes) == len(row) - 8 + 2


def test_a_long_export_streams_in_bounded_memory(tmp_path: Path) -> None:
    from kiosk.messages.benchdata import fill_store, season_fields

    fill_store(tmp_path / "data", 4000, fields=season_fields(4000))
    store = MessageStore(tmp_path / "data", read_only=True)
    tracemalloc.start()
    result = export_store(store, tmp_path / "all.xlsx", "xlsx")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert result.count == 4000
    assert peak < 8 * 1024 * 1024, peak  # the 4,000 messages' text alone is 16 MB and more
    with zipfile.ZipFile(tmp_path / "all.xlsx") as book:
        assert book.testzip() is None


def test_an_export_that_fails_leaves_nothing_behind(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """A stick pulled halfway: no file on it, no rows left waiting on the kiosk's disk, no
    file left open."""
    from kiosk.messages.benchdata import fill_store

    waiting = tmp_path / "tmp"
    waiting.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(waiting))
    fill_store(tmp_path / "data", 3000)
    stick = tmp_path / "stick"
    stick.mkdir()

    def pulled(done: int, total: int) -> None:
        if done == 2000:
            raise OSError(5, "Input/output error")

    with pytest.raises(OSError):
        export_store(MessageStore(tmp_path / "data", read_only=True), stick / "m.xlsx",
                     "xlsx", progress=pulled)
    gc.collect()  # (a file left open would say so here: warnings are errors)
    assert list(stick.iterdir()) == [] and list(waiting.iterdir()) == []
