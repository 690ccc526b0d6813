"""The store after a write that failed half-way, a lock held elsewhere, a damaged or garbled
file read row by row, and the exact line of a purge. No Qt here."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.messages.schema import _MIGRATIONS
from kiosk.messages.store import DB_FILE, MessageStore, StoreError
from kiosk.messages.store_files import retry_while_locked

CUT = "2026-11-21T10:00:00.000Z"


def damaged_store(folder: Path, count: int = 300) -> None:
    """A store of ``count`` messages, one page of its messages table wrecked."""
    store = MessageStore(folder)
    store.write([("INSERT INTO messages (id, created_at, kiosk_id, language, content_version,"
                  " fields) VALUES (?, ?, 'k', 'en', '1', ?)",
                  (f"id-{i:04d}", CUT, json.dumps({"message": f"note {i:04d} " + "hope " * 20})))
                 for i in range(count)])
    store.close()
    raw = bytearray((folder / DB_FILE).read_bytes())
    start = raw.index(b"note 0150 ") // 4096 * 4096
    raw[start:start + 64] = b"\xff" * 64  # the page's header and cell pointers: garbage
    (folder / DB_FILE).write_bytes(bytes(raw))


def test_a_copy_out_of_a_damaged_file_that_fails_leaves_a_store_that_works(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    damaged_store(tmp_path)
    start = MessageStore._migrate

    def start_then_refuse_copies(db: sqlite3.Connection) -> None:
        start(db)  # then every row copied into the new file fails half-way through the copy
        db.execute("CREATE TEMP TRIGGER refuse BEFORE INSERT ON main.messages"
                   " BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END")

    monkeypatch.setattr(MessageStore, "_migrate", staticmethod(start_then_refuse_copies))
    store = MessageStore(tmp_path)
    assert "0 message(s) that could be read" in store.problems[0]
    assert len(list(tmp_path.glob("messages.damaged-*.sqlite3"))) == 1  # kept, not lost
    store.read("DROP TRIGGER temp.refuse")
    assert store.add({"message": "after the damage"})  # the failed copy left nothing open
    assert store.count() == 1


def test_a_failed_upgrade_leaves_the_file_unlocked_and_as_it_was(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = MessageStore(tmp_path)
    first.add({"message": "kept"})
    first.close()
    monkeypatch.setattr("kiosk.messages.schema._MIGRATIONS",
                        [*_MIGRATIONS, "CREATE TABLE notes (x); CREATE TABLE messages (y)"])
    with pytest.raises(StoreError, match="already exists") as failed:
        MessageStore(tmp_path)
    other = sqlite3.connect(tmp_path / DB_FILE, timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")  # 'database is locked' if the failed open held on
        other.execute("ROLLBACK")
    finally:
        other.close()
    assert failed.value is not None  # (what failed is still alive up to here)
    monkeypatch.undo()
    again = MessageStore(tmp_path)
    assert [m.fields["message"] for m in again.messages()] == ["kept"]
    assert again.read("SELECT name FROM sqlite_master WHERE name = 'notes'") == []
    again.close()


def exported_at(store: MessageStore, times: list[str], monkeypatch: pytest.MonkeyPatch,
                state: str = "pending") -> list[str]:
    """One message created at each of ``times``, all exported (or synced); their ids."""
    ids = []
    for moment in times:
        monkeypatch.setattr("kiosk.messages.store.utc_now", lambda moment=moment: moment)
        ids.append(store.add({"message": f"at {moment}"}))
    if state == "synced":
        store.write([("UPDATE messages SET sync_state = 'synced'", ())])
    else:
        store.mark_exported(ids)
    return ids


@pytest.mark.parametrize("state", ["exported", "synced"])
def test_a_purge_deletes_what_was_created_before_the_cut_and_keeps_the_cut_itself(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, state: str) -> None:
    store = MessageStore(tmp_path)
    ids = exported_at(store, ["2026-11-21T09:59:59.999Z", CUT, "2026-11-21T10:00:00.001Z"],
                      monkeypatch, state)
    assert store.purgeable(CUT) == 1
    assert store.purge(CUT) == 1
    assert [m.id for m in store.messages()] == ids[1:]
    assert store.purgeable(CUT) == 0 and store.purge(CUT) == 0


def test_a_purge_never_deletes_what_is_only_on_this_kiosk(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = MessageStore(tmp_path)
    monkeypatch.setattr("kiosk.messages.store.utc_now", lambda: "2020-01-01T00:00:00.000Z")
    waiting = store.add({"message": "not yet sent anywhere"})
    assert store.purgeable(CUT) == 0 and store.purge(CUT) == 0
    assert [m.id for m in store.messages()] == [waiting]


def test_reading_a_damaged_file_counts_each_row_it_cannot_read_and_says_so_once(
        tmp_path: Path) -> None:
    damaged_store(tmp_path)
    for chunk in (500, 7):
        store = MessageStore(tmp_path, read_only=True)
        read = list(store.iter_messages(chunk=chunk))
        assert 250 < len(read) < 300 and len(read) + store.unreadable == 300
        assert store.damaged and len(store.problems) == 1, store.problems
        assert "damaged" in store.problems[0]
        store.close()


def test_a_garbled_row_is_stepped_over_counted_and_said(tmp_path: Path) -> None:
    store = MessageStore(tmp_path)
    ids = [store.add({"message": f"hope {i}"}) for i in range(3)]
    store.write([("UPDATE messages SET fields = 'not JSON' WHERE id = ?", (ids[1],))])
    store.close()
    reader = MessageStore(tmp_path, read_only=True)
    assert [m.id for m in reader.messages()] == [ids[0], ids[2]]
    assert reader.unreadable == 1 and reader.damaged and len(reader.problems) == 1
    reader.close()


def test_a_sound_store_is_read_whole_a_chunk_at_a_time_with_nothing_unreadable(
        tmp_path: Path) -> None:
    store = MessageStore(tmp_path)
    ids = [store.add({"message": f"hope {i}"}) for i in range(25)]
    assert [m.id for m in store.iter_messages(chunk=10)] == ids
    assert store.unreadable == 0 and not store.damaged and store.problems == []


class Clock:
    """Stands in for the time module in kiosk.messages.store_files: a pause moves it on at once."""

    def __init__(self) -> None:
        self.now = 0.0
        self.pauses: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.pauses.append(seconds)
        self.now += seconds


def failing(errors: list[str]) -> tuple[list[str], Callable[[], str]]:
    """An action that raises each of ``errors`` in turn, then answers "done"."""
    tried: list[str] = []

    def action() -> str:
        tried.append("try")
        if len(tried) <= len(errors):
            raise sqlite3.OperationalError(errors[len(tried) - 1])
        return "done"

    return tried, action


def test_a_lock_held_elsewhere_is_waited_for_a_little_longer_each_time(
        monkeypatch: pytest.MonkeyPatch) -> None:
    clock = Clock()
    monkeypatch.setattr("kiosk.messages.store_files.time", clock)
    tried, action = failing(["database is locked", "database is busy", "database is locked"])
    assert retry_while_locked(action) == "done" and len(tried) == 4
    assert clock.pauses == [0.01, 0.02, 0.04]


def test_a_lock_never_given_up_is_an_error_after_the_wait(
        monkeypatch: pytest.MonkeyPatch) -> None:
    clock = Clock()
    monkeypatch.setattr("kiosk.messages.store_files.time", clock)
    _, action = failing(["database is locked"] * 1000)
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        retry_while_locked(action, seconds=10)
    assert 10 <= clock.now <= 10.5 and max(clock.pauses) == 0.25


def test_any_other_error_is_raised_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = Clock()
    monkeypatch.setattr("kiosk.messages.store_files.time", clock)
    tried, action = failing(["disk I/O error"])
    with pytest.raises(sqlite3.OperationalError, match="disk I/O"):
        retry_while_locked(action)
    assert len(tried) == 1 and clock.pauses == []


def test_the_files_check_runs_beside_an_export_and_its_verdict_is_in_the_result(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The check (PRAGMA quick_check, a second of a season's file) is not waited for before
    the first row is written; what it finds (here: damage only the check sees, such as a
    broken index) is waited for and said at the end."""
    import threading

    from kiosk.messages.store_export import export_store

    store = MessageStore(tmp_path)
    for i in range(25):
        store.add({"message": f"hope {i}"})
    store.close()
    begun = threading.Event()

    def after_the_export_began(store: MessageStore) -> None:
        assert begun.wait(30), "the export waited for the file's check"
        store._check_failed = True  # (what the check of a broken index says)

    monkeypatch.setattr(MessageStore, "_quick_check", after_the_export_began)
    reader = MessageStore(tmp_path, read_only=True)
    result = export_store(reader, tmp_path / "out.csv", "csv",
                          progress=lambda done, total: begun.set())
    assert result.damaged and result.count == 25 and result.unreadable == 0
    assert len(reader.problems) == 1 and "damaged" in reader.problems[0]
    reader.close()
