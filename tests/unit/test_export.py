"""Exports staff can trust: every value back exactly, no formulas, no half files."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.messages.export import export
from kiosk.messages.store import MessageStore
from tests.decks import ROOT

TRICKY = [
    {"message": "Commas, \"quotes\" and\nnew lines\r\nall survive", "name": "Ana, María",
     "topic": "prayer", "email": None, "contact_ok": False},
    {"message": "🙏 សូមអធិស្ឋានសម្រាប់ពួកគេ 🇰🇭", "name": "សុខា", "topic": "encouragement",
     "email": "sokha@example.org", "contact_ok": True},
    {"message": '=HYPERLINK("http://evil.example","click me")', "name": "+cmd|' /C calc'!A0",
     "topic": "help", "email": "-2+3@x.org", "contact_ok": False},
    {"message": "@SUM(A1:A9) and a tab\tinside", "name": "\tTabbed", "topic": None,
     "email": None, "contact_ok": False},
]
KEYS = ["message", "topic", "name", "email", "contact_ok"]


@pytest.fixture
def store(tmp_path: Path) -> MessageStore:
    store = MessageStore(tmp_path / "data", kiosk_id="booth-9")
    for fields in TRICKY:
        store.add(fields, language="km", content_version="v3")
    return store


#: What staff's spreadsheet shows for TRICKY, cell by cell (KEYS), written out by hand: CR LF
#: kept as a line break, tabs (control characters) dropped at saving, formula-like cells
#: prefixed with ' in CSV.
CSV_CELLS = [
    ['Commas, "quotes" and\nnew lines\nall survive', "prayer", "Ana, María", "", "no"],
    ["🙏 សូមអធិស្ឋានសម្រាប់ពួកគេ 🇰🇭", "encouragement", "សុខា", "sokha@example.org", "yes"],
    ["'=HYPERLINK(\"http://evil.example\",\"click me\")", "help", "'+cmd|' /C calc'!A0",
     "'-2+3@x.org", "no"],
    ["'@SUM(A1:A9) and a tabinside", "", "Tabbed", "", "no"],
]
#: The same in an Excel file, whose cells are typed text: no prefix is needed or shown.
XLSX_CELLS = [[c[1:] if c.startswith("'") else c for c in row] for row in CSV_CELLS]


def test_csv_parses_back_field_by_field(store: MessageStore, tmp_path: Path) -> None:
    out = tmp_path / "messages.csv"
    assert export(store.messages(), out, "csv", KEYS) == 4
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs for Khmer and accents
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    header, body = rows[0], rows[1:]
    assert header == ["id", "time (local)", "time (UTC)", "kiosk", "language", *KEYS]
    for message, row in zip(store.messages(), body, strict=True):
        assert row[0] == message.id and row[2] == message.created_at
        assert row[3] == "booth-9" and row[4] == "km"
    assert [row[5:] for row in body] == CSV_CELLS


def test_field_names_and_every_column_are_guarded_in_every_format(tmp_path: Path) -> None:
    """Messages from a shared folder may name a field ``=HYPERLINK(...)`` and carry formulas
    in any column: a header or an id is guarded as a cell is (prefixed in CSV, typed text in
    Excel); JSON, which no spreadsheet runs, keeps them exactly."""
    from kiosk.messages.message import Message

    evil = '=HYPERLINK("http://x","y")'
    message = Message("=1+1", "+2026-11-21", "@booth", "-km", "", {evil: "fine", "name": "ok"},
                      "", None)
    export([message], tmp_path / "m.csv", "csv")
    rows = list(csv.reader(io.StringIO((tmp_path / "m.csv").read_text(encoding="utf-8-sig"),
                                       newline="")))
    assert rows[0][5:] == ["'" + evil, "name"]
    assert rows[1] == ["'=1+1", "'+2026-11-21", "'+2026-11-21", "'@booth", "'-km", "fine", "ok"]
    openpyxl = pytest.importorskip("openpyxl")
    export([message], tmp_path / "m.xlsx", "xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "m.xlsx").active
    assert [c.value for c in next(sheet.iter_rows(max_row=1))][5] == evil
    assert all(c.data_type == "s" for row in sheet.iter_rows() for c in row)  # no formulas
    export([message], tmp_path / "m.json", "json")
    assert json.loads((tmp_path / "m.json").read_text(encoding="utf-8"))[0]["fields"][evil] \
        == "fine"


def test_json_is_exact(store: MessageStore, tmp_path: Path) -> None:
    out = tmp_path / "messages.json"
    export(store.messages(), out, "json")
    data = json.loads(out.read_text(encoding="utf-8"))
    for message, item in zip(store.messages(), data, strict=True):
        assert item["fields"] == message.fields  # no prefixing in JSON
    assert data[2]["fields"]["message"].startswith("=HYPERLINK")


def test_xlsx_cells_are_text(store: MessageStore, tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    out = tmp_path / "messages.xlsx"
    export(store.messages(), out, "xlsx", KEYS)
    sheet = openpyxl.load_workbook(out).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0][5:]) == KEYS
    assert [[cell or "" for cell in row[5:]] for row in rows[1:]] == XLSX_CELLS
    for row in sheet.iter_rows(min_row=2):
        assert all(c.data_type == "s" for c in row if c.value is not None)  # no formulas


def test_a_kill_during_export_leaves_no_partial_file(tmp_path: Path) -> None:
    data = tmp_path / "data"
    store = MessageStore(data)
    for i in range(3000):
        store.add({"message": f"message {i} " + "words " * 80})
    store.close()
    out = tmp_path / "usb" / "messages.csv"
    out.parent.mkdir()
    code = ("import sys; from pathlib import Path; from kiosk.messages.store import MessageStore;"
            "from kiosk.messages.export import export; s = MessageStore(Path(sys.argv[1]));"
            "[export(s.messages(), Path(sys.argv[2]), 'csv') for _ in range(1000)]")
    root = ROOT
    env = {**os.environ, "PYTHONPATH": str(root)}
    for delay in (0.35, 0.5, 0.7, 0.9):
        child = subprocess.Popen([sys.executable, "-c", code, str(data), str(out)], env=env)
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.wait()
        if out.exists():  # whatever has the final name is a whole export
            rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"),
                                               newline="")))
            assert len(rows) == 3001
    assert not [p for p in out.parent.iterdir() if not p.name.startswith(".")
                and p.name != out.name]


def test_mark_exported_and_purge(store: MessageStore) -> None:
    first = store.messages()[0]
    store.mark_exported([first.id])
    assert [m.id for m in store.messages(not_exported=True)] == [m.id for m in
                                                               store.messages()[1:]]
    assert store.summary() == {"total": 4, "pending": 4, "synced": 0, "rejected": 0,
                               "exported": 1}
    assert store.purgeable("2000-01-01") == 0  # nothing that old
    assert store.purgeable("9999-01-01") == 1  # only what is safely elsewhere
    assert store.purge("9999-01-01") == 1 and store.summary()["total"] == 3


def test_export_command_xlsx(store: MessageStore, tmp_path: Path) -> None:
    from kiosk.cli import main

    out = tmp_path / "m.xlsx"
    assert main(["export", "--format", "xlsx", "--out", str(out), "--data-dir",
                 str(tmp_path / "data")]) == 0
    assert out.read_bytes()[:2] == b"PK"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(), min_size=1, max_size=6))
def test_csv_records_read_back_as_written(cells: list[str]) -> None:
    from kiosk.messages.export import _csv_line

    line = _csv_line(cells)
    assert line.endswith("\r\n")
    assert next(csv.reader(io.StringIO(line, newline=""))) == cells or cells == [""]


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_an_export_is_on_the_disk_before_it_is_reported_done(
        store: MessageStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str,
        capsys: pytest.CaptureFixture[str]) -> None:
    """The file (and, where the system allows, the folder entry of its rename) is synced:
    a stick pulled right after "written" still holds the whole file."""
    from kiosk.cli import main

    real, synced = os.fsync, []

    def recording(fd: int) -> None:
        facts = os.fstat(fd)
        synced.append((facts.st_dev, facts.st_ino))
        real(fd)

    monkeypatch.setattr(os, "fsync", recording)
    out = tmp_path / "stick" / f"m.{fmt}"
    out.parent.mkdir()
    assert main(["export", "--format", fmt, "--out", str(out), "--data-dir",
                 str(tmp_path / "data")]) == 0
    capsys.readouterr()
    facts = out.stat()
    assert (facts.st_dev, facts.st_ino) in synced
    if os.name != "nt":  # Windows cannot open a folder to sync it
        folder = out.parent.stat()
        assert (folder.st_dev, folder.st_ino) in synced
