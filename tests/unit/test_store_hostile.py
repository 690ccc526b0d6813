"""The store and its exports under a damaged file, a read-only disk, several processes, many
messages and odd text. No Qt here."""

from __future__ import annotations

import csv
import gc
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest

from kiosk.messages.benchdata import fill_store
from kiosk.messages.store import DB_FILE, MessageStore, StoreError
from kiosk.messages.store_export import export_store
from tests.decks import ROOT

ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def kiosk(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kiosk", *args], env=ENV, text=True,
                          capture_output=True, timeout=120)


def csv_rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))


def damaged_store(folder: Path, count: int = 3000) -> dict[str, str]:
    """A store of ``count`` messages with one page of its messages table wrecked; returns
    every message's text by id, as it was before the damage."""
    store = MessageStore(folder)
    with store.transaction() as db:
        for i in range(count):
            db.execute("INSERT INTO messages (id, created_at, kiosk_id, language,"
                       " content_version, fields) VALUES (?, '2026-11-21T10:00:00.000Z', 'k',"
                       " 'en', '1', ?)", (f"id-{i:05d}", json.dumps({"message": f"note {i:05d} "
                                                                      + "hope " * 20})))
    before = {m.id: m.fields["message"] for m in store.messages()}
    store.close()
    raw = bytearray((folder / DB_FILE).read_bytes())
    page_size = 4096
    where = raw.index(b"note 01500 ")
    page = where // page_size
    start = page * page_size
    raw[start:start + 64] = b"\xff" * 64  # the page's header and cell pointers: garbage
    (folder / DB_FILE).write_bytes(bytes(raw))
    return before


# ---------------------------------------------------------------- 7. a damaged database
def test_a_damaged_database_exports_what_it_holds_and_says_so(tmp_path: Path) -> None:
    data = tmp_path / "data"
    before = damaged_store(data)
    out = tmp_path / "messages.csv"
    result = kiosk("export", "--data-dir", str(data), "--out", str(out))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "damaged" in result.stderr and "Traceback" not in result.stderr
    rows = csv_rows(out)[1:]
    assert 2900 < len(rows) < 3000  # one page lost, everything else kept
    assert f"wrote the {len(rows)} message(s) that could be read" in result.stderr
    for row in rows:
        assert before[row[0]] == row[5]  # each row exactly as it was
    assert (data / DB_FILE).exists()  # export never moves or changes the database
    assert not list(data.glob("*.damaged-*"))


def test_the_kiosk_keeps_what_a_damaged_database_still_holds(tmp_path: Path) -> None:
    data = tmp_path / "data"
    before = damaged_store(data)
    store = MessageStore(data)  # as the kiosk opens it
    aside = list(data.glob("messages.damaged-*.sqlite3"))
    assert len(aside) == 1
    kept = {m.id: m.fields["message"] for m in store.messages()}
    assert 2900 < len(kept) < 3000 and all(before[k] == v for k, v in kept.items())
    assert store.problems and "damaged" in store.problems[0] and aside[0].name in (
        store.problems[0])
    assert store.add({"message": "after the damage"})


def test_export_works_from_a_read_only_disk(tmp_path: Path) -> None:
    if subprocess.run(["unshare", "--mount", "true"], capture_output=True).returncode != 0:
        pytest.skip("this machine cannot make a private mount namespace (unshare --mount)")
    data = tmp_path / "data"
    store = MessageStore(data)
    ids = [store.add({"message": f"m{i}"}) for i in range(20)]
    store.close()  # the log (-wal) stays beside it when a kiosk is switched off hard
    out = tmp_path / "out"
    out.mkdir()
    before = {p.name: p.read_bytes() for p in data.iterdir() if p.is_file()}
    script = ('mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && shift && '
              'exec "$@"')
    result = subprocess.run(
        ["unshare", "--mount", "sh", "-c", script, "sh", str(data), sys.executable, "-m",
         "kiosk", "export", "--data-dir", str(data), "--out", str(out / "m.csv")],
        env=ENV, text=True, capture_output=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert sorted(r[0] for r in csv_rows(out / "m.csv")[1:]) == sorted(ids)
    assert {p.name: p.read_bytes() for p in data.iterdir() if p.is_file()} == before


# ---------------------------------------------------------------- 8. opening at once
OPEN_AT_ONCE = """
import sys, time
from pathlib import Path
from kiosk.messages.store import MessageStore
go = Path(sys.argv[2])
Path(f"{go}.ready-{sys.argv[3]}").touch()
while not go.exists():
    time.sleep(0.001)
store = MessageStore(Path(sys.argv[1]))
store.add({"message": "first day"})
"""


def test_several_processes_open_a_new_folder_at_once(tmp_path: Path) -> None:
    for round_ in range(4):
        data, go = tmp_path / f"data{round_}", tmp_path / f"go{round_}"
        children = [subprocess.Popen([sys.executable, "-c", OPEN_AT_ONCE, str(data), str(go),
                                      str(n)], env=ENV, stderr=subprocess.PIPE, text=True)
                    for n in range(6)]
        deadline = time.monotonic() + 60
        while len(list(tmp_path.glob(f"go{round_}.ready-*"))) < 6:  # all at the line
            assert time.monotonic() < deadline, "the children never started"
            time.sleep(0.005)
        go.touch()
        errors = [child.communicate(timeout=60)[1] for child in children]
        assert [c.returncode for c in children] == [0] * 6, errors
        assert MessageStore(data).count() == 6


# ---------------------------------------------------------------- 9. moved-aside names
def test_files_moved_aside_never_overwrite_each_other(tmp_path: Path) -> None:
    for text in (b"first broken file " * 300, b"second broken file " * 300):
        MessageStore(tmp_path).close()
        for extra in ("-wal", "-shm"):
            Path(str(tmp_path / DB_FILE) + extra).unlink(missing_ok=True)
        (tmp_path / DB_FILE).write_bytes(text)
        MessageStore(tmp_path).close()  # twice within the same second
    aside = sorted(p.read_bytes()[:12] for p in tmp_path.glob("messages.damaged-*.sqlite3"))
    assert aside == [b"first broken", b"second broke"]


# ---------------------------------------------------------------- 10. streaming
def test_an_export_streams_in_bounded_memory(tmp_path: Path) -> None:
    was_on = gc.isenabled()
    gc.disable()  # as in the kiosk, where cycles are collected on the GUI thread only
    try:
        _export_in_bounded_memory(tmp_path)
    finally:
        if was_on:
            gc.enable()


def _export_in_bounded_memory(tmp_path: Path) -> None:
    fill_store(tmp_path / "data", 20_000, "words of hope " * 75)  # about 20 MB of text
    store = MessageStore(tmp_path / "data", read_only=True)
    for fmt in ("csv", "json"):
        tracemalloc.start()
        result = export_store(store, tmp_path / f"all.{fmt}", fmt)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert result.count == 20_000
        assert peak < 8 * 1024 * 1024, (fmt, peak)  # a list of all of them would be 40 MB+
    assert len(json.loads((tmp_path / "all.json").read_text())) == 20_000
    assert len(csv_rows(tmp_path / "all.csv")) == 20_001


def test_a_store_mark_exported_marks_exactly_what_was_written(tmp_path: Path) -> None:
    store = MessageStore(tmp_path / "data")
    ids = [store.add({"message": f"m{i}"}) for i in range(1200)]
    result = export_store(store, tmp_path / "a.csv", "csv", new_only=True, mark=True)
    assert result.count == 1200 and store.summary()["exported"] == 1200
    late = store.add({"message": "later"})
    again = export_store(store, tmp_path / "b.csv", "csv", new_only=True, mark=True)
    assert again.count == 1 and [r[0] for r in csv_rows(tmp_path / "b.csv")[1:]] == [late]
    assert ids[0] in (tmp_path / "a.csv").read_text(encoding="utf-8-sig")


# ---------------------------------------------------------------- 11. any text in Excel
def test_xlsx_holds_any_text(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    odd = ["not \ufffe a \uffff char", "vertical\x0btab and \x00 nul", "half \ud800 pair",
           "=1+1", "@SUM(A1)", "ok 🙏 សង្ឃឹម"]
    fill_store(tmp_path / "data", 0, fields=[{"message": text} for text in odd])
    store = MessageStore(tmp_path / "data", read_only=True)
    export_store(store, tmp_path / "m.xlsx", "xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "m.xlsx").active  # it reopens
    cells = [row[5] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert cells == ["not \ufffd a \ufffd char", "vertical\ufffdtab and \ufffd nul",
                     "half \ufffd pair", "=1+1", "@SUM(A1)", "ok 🙏 សង្ឃឹម"]
    for path, fmt in ((tmp_path / "m.csv", "csv"), (tmp_path / "m.json", "json")):
        assert export_store(store, path, fmt).count == 6  # no format chokes on them


# ---------------------------------------------------------------- 12. where it goes
def test_export_into_a_missing_folder_is_an_error_naming_it(tmp_path: Path) -> None:
    data = tmp_path / "data"
    MessageStore(data).add({"message": "m"})
    stick = tmp_path / "media" / "STICK"
    result = kiosk("export", "--data-dir", str(data), "--out", str(stick / "m.csv"))
    assert result.returncode == 1 and str(stick) in result.stderr
    assert "Traceback" not in result.stderr
    assert not stick.exists() and not stick.parent.exists()


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_a_quiet_booth_exports_an_empty_file_and_succeeds(fmt: str, tmp_path: Path) -> None:
    for data in (tmp_path / "never-used", tmp_path / "opened"):
        if data.name == "opened":
            MessageStore(data).close()
        out = tmp_path / f"{data.name}.{fmt}"
        result = kiosk("export", "--data-dir", str(data), "--out", str(out), "--format", fmt)
        assert result.returncode == 0, result.stderr
        if fmt == "json":
            assert json.loads(out.read_text()) == []
        elif fmt == "csv":
            assert csv_rows(out)[0][:2] == ["id", "time (local)"] and len(csv_rows(out)) == 1
        else:
            import openpyxl

            rows = list(openpyxl.load_workbook(out).active.iter_rows(values_only=True))
            assert len(rows) == 1 and rows[0][0] == "id"
    assert "no messages yet" in kiosk("export", "--data-dir", str(tmp_path / "x"), "--out",
                                      str(tmp_path / "x.csv")).stdout


def test_reading_never_writes(tmp_path: Path) -> None:
    data = tmp_path / "data"
    store = MessageStore(data)
    store.add({"message": "m"})
    store.close()
    shutil.copytree(data, tmp_path / "copy")
    reader = MessageStore(data, read_only=True)
    assert [m.fields["message"] for m in reader.messages()] == ["m"]
    with pytest.raises(StoreError, match="read-only"):
        reader.add({"message": "no"})
    reader.close()
    db = sqlite3.connect(data / DB_FILE)
    assert db.execute("SELECT COUNT(*) FROM messages").fetchone()[0] == 1
