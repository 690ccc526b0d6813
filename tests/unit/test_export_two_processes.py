"""A long CSV or JSON export is written by two processes, a half each: the file is byte for
byte the one a single process writes, whatever the helper does (works, fails to start,
fails, stalls, finds another field), and the messages of both halves are marked."""

from __future__ import annotations

import io
import json
import sqlite3
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest

from kiosk.messages import export_helper, store_export
from kiosk.messages.benchdata import fill_store, season_fields
from kiosk.messages.export_helper import Helper, PartWritten
from kiosk.messages.store import DB_FILE, MessageStore
from kiosk.messages.store_export import export_store
from tests.unit.test_export_bytes import _store_of, hostile_rows, reference


@pytest.fixture
def parts(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[PartWritten | None]:
    """Exports of 10 messages or more are written in two processes; what each helper
    answered is listed (None: it failed). Their files go in ``tmp_path / "temp"``."""
    monkeypatch.setattr(store_export, "TWO_PROCESSES_FROM", 10)
    (tmp_path / "temp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "temp"))
    answered: list[PartWritten | None] = []
    finish = Helper.finish

    def listed(self: Helper, *given: Any, **named: Any) -> PartWritten | None:
        answered.append(finish(self, *given, **named))
        return answered[-1]

    monkeypatch.setattr(Helper, "finish", listed)
    return answered


def one_process(store: MessageStore, out: Path, fmt: str, **options: Any) -> bytes:
    """What a single process writes (the way every export went before)."""
    saved = store_export.TWO_PROCESSES_FROM
    store_export.TWO_PROCESSES_FROM = 10**9
    try:
        export_store(store, out, fmt, **options)
    finally:
        store_export.TWO_PROCESSES_FROM = saved
    return out.read_bytes()


def well_formed(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """The rows whose fields SQLite reads as JSON (one it cannot is damage: a damaged file
    is read by one process, stepping over what it cannot read)."""
    db = sqlite3.connect(":memory:")
    return [r for r in rows if db.execute("SELECT json_valid(?)", (r[6],)).fetchone()[0]]


def season(folder: Path, count: int) -> MessageStore:
    fill_store(folder, count, fields=season_fields(count, length=200), season_days=30)
    return MessageStore(folder, read_only=True)


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_the_helper_writes_the_later_half_and_the_file_is_the_same(
        fmt: str, tmp_path: Path, parts: list[PartWritten | None]) -> None:
    rows = well_formed(hostile_rows())
    store = _store_of(tmp_path, rows)
    out = tmp_path / f"all.{fmt}"
    result = export_store(store, out, fmt, ["topic", "message"])
    [part] = parts
    assert part is not None and 0 < part.count < result.count  # (it wrote its half)
    keys = list(dict.fromkeys(["topic", "message", *store.field_keys()]))
    assert out.read_bytes() == reference(fmt, store.messages(), keys)
    assert result.count == len(store.messages())
    assert result.unreadable == len(rows) - result.count > 0  # ("null", "[1, 2]")
    assert not list((tmp_path / "temp").iterdir())  # (the helper's file is deleted)


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_a_season_in_two_processes_is_the_file_of_one(
        fmt: str, tmp_path: Path, parts: list[PartWritten | None]) -> None:
    store = season(tmp_path / "data", 600)
    two = tmp_path / f"two.{fmt}"
    export_store(store, two, fmt, ["message"])
    assert parts and parts[0] is not None and parts[0].count == 300
    assert two.read_bytes() == one_process(store, tmp_path / f"one.{fmt}", fmt,
                                           form_keys=["message"])


def test_the_first_half_all_unreadable_leaves_no_stray_comma(
        tmp_path: Path, parts: list[PartWritten | None]) -> None:
    """JSON's comma before each object but the file's first: the helper's part starts
    with one, left out when this process wrote nothing before it."""
    rows = [r for r in hostile_rows() if r[6] == "null"] * 8 + hostile_rows()[:6]
    store = _store_of(tmp_path, [(n + 1, *r[1:]) for n, r in enumerate(rows)])
    out = tmp_path / "all.json"
    result = export_store(store, out, "json")
    assert parts[0] is not None and parts[0].count == result.count > 0
    assert out.read_bytes() == reference("json", store.messages(), [])
    assert out.read_bytes().startswith(b"[\n  {")


@pytest.mark.parametrize("command", [
    ["/nonexistent/kiosk"],  # it cannot start
    [sys.executable, "-c", "import sys; sys.exit(3)"],  # it fails
    [sys.executable, "-c", "print('{\"count\": \"many\"}')"],  # it talks nonsense
    [sys.executable, "-c", "print('{\"error\": \"disk full\"}')"],  # it says it failed
], ids=["no-start", "exit", "nonsense", "error"])
@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_without_a_working_helper_this_process_writes_it_all(
        command: list[str], fmt: str, tmp_path: Path, parts: list[PartWritten | None],
        monkeypatch: pytest.MonkeyPatch) -> None:
    store = season(tmp_path / "data", 60)
    expected = one_process(store, tmp_path / f"one.{fmt}", fmt)
    monkeypatch.setattr(export_helper, "kiosk_command", lambda: command)
    result = export_store(store, tmp_path / f"two.{fmt}", fmt)
    assert parts in ([], [None])  # (no helper, or one whose answer was not taken)
    assert result.count == 60
    assert (tmp_path / f"two.{fmt}").read_bytes() == expected


def test_a_helper_that_stalls_is_stopped_and_its_half_written_here(tmp_path: Path) -> None:
    """A helper that says nothing for a while is stopped; its file is deleted."""
    hang = [sys.executable, "-c", "import sys, threading; sys.stdin.read();"
            " threading.Event().wait()"]
    helper = Helper.start({"file": "x"}, command=hang)
    assert helper is not None
    ticks: list[int] = []
    assert helper.finish(0.3, lambda: ticks.append(1)) is None
    assert ticks  # (progress went on being told while it waited)
    assert helper._process.poll() is not None  # stopped
    assert not helper.part.exists()


def test_marking_marks_the_messages_of_both_halves(tmp_path: Path,
                                                   parts: list[PartWritten | None]) -> None:
    season(tmp_path / "data", 50).close()
    store = MessageStore(tmp_path / "data", "bench")
    progress: list[tuple[int, int]] = []
    result = export_store(store, tmp_path / "all.csv", "csv", new_only=True, mark=True,
                          progress=lambda done, total: progress.append((done, total)))
    assert parts[0] is not None and len(parts[0].ids) == 25
    assert result.count == 50 == store.summary()["exported"]
    assert progress[0] == (0, 50) and progress[-1] == (50, 50)
    assert [d for d, _ in progress] == sorted(d for d, _ in progress)
    again = export_store(store, tmp_path / "again.csv", "csv", new_only=True)
    assert again.count == 0


def test_a_field_only_the_helper_meets_starts_the_file_again(
        tmp_path: Path, parts: list[PartWritten | None]) -> None:
    """The columns are guessed from the first 500 messages; a field only a later one has,
    met by the helper, starts the export again with every field's column."""
    fields: list[dict[str, Any]] = [{"message": f"m{n}"} for n in range(700)]
    fields[650]["late field"] = "x"
    fill_store(tmp_path / "data", 700, fields=fields)
    store = MessageStore(tmp_path / "data", read_only=True)
    out = tmp_path / "all.csv"
    export_store(store, out, "csv")
    assert parts[0] is not None and parts[0].other_columns
    header = out.read_bytes().split(b"\r\n")[0]
    assert header.endswith(b"message,late field")
    assert out.read_bytes() == one_process(store, tmp_path / "one.csv", "csv")


def test_the_helper_is_the_kiosk_command_itself(tmp_path: Path) -> None:
    """`kiosk --export-part` writes the rows after a row id, up to another, and answers."""
    import subprocess

    season(tmp_path / "data", 30).close()
    out = tmp_path / "part.csv"
    out.write_bytes(b"")
    order = {"file": str(tmp_path / "data" / DB_FILE), "format": "csv", "keys": ["message"],
             "check": False, "since": None, "new_only": False, "mark": True, "after": 10,
             "upto": 25, "out": str(out), "out_id": [out.stat().st_dev, out.stat().st_ino]}
    from kiosk.platform.command import kiosk_command

    done = subprocess.run([*kiosk_command(), "--export-part"],
                          input=json.dumps(order).encode(), capture_output=True, timeout=60)
    answer = json.loads(done.stdout.splitlines()[-1])
    seqs = sqlite3.connect(tmp_path / "data" / DB_FILE).execute(
        "SELECT id FROM messages WHERE seq > 10 AND seq <= 25 ORDER BY seq").fetchall()
    assert (done.returncode, answer["count"], answer["ids"]) == (0, 15, [s[0] for s in seqs])
    assert out.read_bytes().count(b"\r\n") == 15


def test_the_helpers_file_has_no_name_once_it_is_open(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A killed export leaves no copy of the messages in the temporary folder: the file
    the helper writes loses its name once the helper has it open (where the system allows:
    not Windows)."""
    if sys.platform == "win32":
        pytest.skip("an open file keeps its name on Windows")
    (tmp_path / "temp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "temp"))
    season(tmp_path / "data", 3000).close()
    helper = Helper.start({"file": str(tmp_path / "data" / DB_FILE), "format": "csv",
                           "keys": ["message"], "check": False, "since": None,
                           "new_only": False, "mark": False, "after": 0, "upto": 3000})
    assert helper is not None
    try:
        part = helper.finish()
        assert part is not None and part.count == 3000
        assert list((tmp_path / "temp").iterdir()) == []  # (its name went at its first word)
        out = io.BytesIO()
        helper.copy_into(out)
        assert out.getvalue().count(b"\r\n") == 3000
    finally:
        helper.close()


class GoneAfter(io.BytesIO):
    """The export's end of the pipe, gone after ``lines`` lines (the export was killed)."""

    def __init__(self, lines: int) -> None:
        super().__init__()
        self.lines = lines

    def write(self, data: bytes) -> int:  # type: ignore[override]
        if self.lines <= 0:
            raise BrokenPipeError("the export is gone")
        self.lines -= 1
        return super().write(data)


def helper_order(tmp_path: Path, count: int) -> dict[str, Any]:
    """A job as the export gives it: the store's later rows, into a file it made."""
    season(tmp_path / "data", count).close()
    out = tmp_path / "part.csv"
    out.write_bytes(b"")
    made = out.stat()
    return {"file": str(tmp_path / "data" / DB_FILE), "format": "csv", "keys": ["message"],
            "check": False, "since": None, "new_only": False, "mark": False, "after": 0,
            "upto": count, "out": str(out), "out_id": [made.st_dev, made.st_ino]}


def test_a_helper_whose_export_is_gone_leaves_no_message_behind(tmp_path: Path) -> None:
    """The export was killed half-way: the helper's next word fails, and it empties its
    file (whatever name it has by then) before it ends."""
    order = helper_order(tmp_path, 2500)
    said = GoneAfter(2)  # ("0", "1000", then the export is gone)
    assert store_export.serve_part(io.BytesIO(json.dumps(order).encode()), said) == 1
    assert Path(order["out"]).read_bytes() == b""


def test_a_helper_writes_only_the_file_the_export_made(tmp_path: Path) -> None:
    """In a shared temporary folder, another user could put a link (or another file) under
    the name of the export's file: the helper would have written half the messages there."""
    order = helper_order(tmp_path, 30)
    made = open(order["out"], "rb")  # noqa: SIM115  (the export holds it open, as here)
    elsewhere = tmp_path / "theirs.txt"
    elsewhere.write_bytes(b"theirs")
    Path(order["out"]).unlink()
    Path(order["out"]).symlink_to(elsewhere)
    said = io.BytesIO()
    assert store_export.serve_part(io.BytesIO(json.dumps(order).encode()), said) == 1
    assert elsewhere.read_bytes() == b"theirs" and b'"error"' in said.getvalue()
    Path(order["out"]).unlink()
    Path(order["out"]).write_bytes(b"")  # (a file of its own, not the one the export made)
    assert store_export.serve_part(io.BytesIO(json.dumps(order).encode()), io.BytesIO()) == 1
    assert Path(order["out"]).read_bytes() == b""
    made.close()


def test_the_helper_runs_this_kiosk_not_one_in_the_current_folder(tmp_path: Path) -> None:
    """`python -m kiosk` imports a `kiosk` folder in the current folder first: anyone who
    put one where an export is started would have had their code write half the file."""
    import subprocess

    from kiosk.platform.command import kiosk_command

    planted = tmp_path / "kiosk"
    planted.mkdir()
    (planted / "__init__.py").write_text("print('planted')\n")
    (planted / "__main__.py").write_text("print('planted')\n")
    done = subprocess.run([*kiosk_command(), "--version"], cwd=tmp_path, capture_output=True,
                          text=True, timeout=60)
    assert (done.returncode, done.stdout.split()[0]) == (0, "kiosk")
    assert "planted" not in done.stdout + done.stderr
