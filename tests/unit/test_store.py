"""The message store: durable, clean, and honest about faults. No Qt here."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

from kiosk.messages.schema import _MIGRATIONS
from kiosk.messages.store import (
    DB_FILE,
    MessageRejected,
    MessageStore,
    StoreError,
    clean_text,
)
from kiosk.sync.outbox import Outbox
from tests.decks import ROOT


def test_add_returns_an_id_and_keeps_everything(tmp_path: Path) -> None:
    store = MessageStore(tmp_path, kiosk_id="booth-1")
    message_id = store.add({"message": "Praying for you", "name": "Ana", "contact_ok": False},
                           language="en", content_version="2026.11-1")
    saved = store.get(message_id)
    assert saved is not None
    assert saved.fields == {"message": "Praying for you", "name": "Ana", "contact_ok": False}
    assert (saved.kiosk_id, saved.language, saved.content_version, saved.sync_state) == (
        "booth-1", "en", "2026.11-1", "pending")
    assert saved.created_at.endswith("Z") and "T" in saved.created_at
    assert len(message_id) == 36 and store.count() == 1


def test_settings_are_durable(tmp_path: Path) -> None:
    store = MessageStore(tmp_path)
    db = sqlite3.connect(tmp_path / DB_FILE)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.read("PRAGMA synchronous")[0][0] == 2  # FULL
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(_MIGRATIONS)


def test_messages_survive_reopening(tmp_path: Path) -> None:
    ids = [MessageStore(tmp_path).add({"message": f"m{i}"}) for i in range(3)]
    assert [m.id for m in MessageStore(tmp_path).messages()] == ids


def test_text_is_kept_as_typed_less_control_characters() -> None:
    typed = "សួស្តី 👩‍👧 مرحبا\r\nline two\x00\x07\x1b end\u200d"
    assert clean_text(typed) == "សួស្តី 👩‍👧 مرحبا\nline two end\u200d"


def test_empty_and_too_long_messages_are_rejected(tmp_path: Path) -> None:
    store = MessageStore(tmp_path)
    with pytest.raises(MessageRejected):
        store.add({"message": "   \n\t "})
    with pytest.raises(MessageRejected):
        store.add({"message": "x" * 1001}, limits={"message": 1000})
    assert store.add({"message": "x" * 1000}, limits={"message": 1000})
    assert store.count() == 1


def test_a_read_only_data_disk_is_a_store_error(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    if subprocess.run(["unshare", "--mount", "true"], capture_output=True).returncode != 0:
        pytest.skip("this machine cannot make a private mount namespace (unshare --mount)")
    store = MessageStore(tmp_path)
    store.add({"message": "first"})
    store.close()
    code = ("import sys; from pathlib import Path; from kiosk.messages.store import MessageStore, "
            "StoreError\ntry:\n    MessageStore(Path(sys.argv[1])).add({'message': 'second'})"
            "\nexcept StoreError as exc:\n    print('refused:', exc)")
    script = 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && shift && exec "$@"'
    done = subprocess.run(["unshare", "--mount", "sh", "-c", script, "sh", str(tmp_path),
                           sys.executable, "-c", code, str(tmp_path)], capture_output=True,
                          text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=60)
    assert done.returncode == 0 and done.stdout.startswith("refused:"), done.stdout + done.stderr
    assert MessageStore(tmp_path).count() == 1


def test_full_disk_raises_store_error_and_loses_nothing(tmp_path: Path) -> None:
    store = MessageStore(tmp_path)
    store.add({"message": "kept"})
    pages = store.read("PRAGMA page_count")[0][0]
    store.read(f"PRAGMA max_page_count={pages}")  # the disk is now full
    with pytest.raises(StoreError, match="full"):
        store.add({"message": "x" * 9000})
    store.read("PRAGMA max_page_count=1073741823")
    assert [m.fields["message"] for m in store.messages()] == ["kept"]
    store.add({"message": "after"})  # and the store goes on once space is back
    assert store.count() == 2


def test_a_corrupt_database_is_moved_aside_not_deleted(tmp_path: Path,
                                                       caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / DB_FILE).write_bytes(b"this is not a database at all" * 100)
    store = MessageStore(tmp_path)
    damaged = list(tmp_path.glob("messages.damaged-*.sqlite3"))
    assert len(damaged) == 1 and damaged[0].read_bytes().startswith(b"this is not")
    assert store.problems and "moved" in store.problems[0]
    assert any("damaged" in r.getMessage() for r in caplog.records)
    assert store.add({"message": "fresh start"}) and store.count() == 1


def test_an_unwritable_data_folder_is_a_store_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(StoreError):
        MessageStore(blocker / "data")


def test_json_export_has_the_fields(tmp_path: Path) -> None:
    from kiosk.messages.export import export

    store = MessageStore(tmp_path / "data", kiosk_id="booth-2")
    store.add({"message": "Hope", "topic": "prayer"}, language="km")
    out = tmp_path / "out.json"
    assert export(store.messages(), out, "json") == 1
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data[0]["fields"] == {"message": "Hope", "topic": "prayer"}
    assert data[0]["kiosk_id"] == "booth-2" and data[0]["language"] == "km"
    assert not list(tmp_path.glob("*.part"))


def test_csv_export_is_excel_safe(tmp_path: Path) -> None:
    import csv
    import io

    from kiosk.messages.export import export

    store = MessageStore(tmp_path / "data")
    store.add({"message": '=HYPERLINK("http://x")', "name": "Ann, \"Jo\"\nline"})
    out = tmp_path / "out.csv"
    export(store.messages(), out, "csv", ["message", "name"])
    raw = out.read_bytes()
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0][-2:] == ["message", "name"]
    assert rows[1][-2:] == ["'=HYPERLINK(\"http://x\")", "Ann, \"Jo\"\nline"]


def test_export_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from kiosk.cli import main

    MessageStore(tmp_path / "data").add({"message": "from the booth"})
    out = tmp_path / "messages.json"
    assert main(["export", "--format", "json", "--out", str(out), "--data-dir",
                 str(tmp_path / "data")]) == 0
    assert json.loads(out.read_text())[0]["fields"]["message"] == "from the booth"
    # a quiet booth: a file with only the column names, and success
    assert main(["--data-dir", str(tmp_path / "none"), "export", "--out", str(out)]) == 0
    assert "no messages yet" in capsys.readouterr().out
    assert out.read_bytes().decode("utf-8-sig").splitlines()[0].startswith("id,time (local)")
    assert not (tmp_path / "none").exists()  # reading never creates the data folder


def test_two_threads_adding_at_once(tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    store = MessageStore(tmp_path)
    with ThreadPoolExecutor(4) as pool:
        ids = list(pool.map(lambda i: store.add({"message": f"m{i}"}), range(40)))
    assert len(set(ids)) == 40 and store.count() == 40


def test_store_file_is_in_the_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kiosk.platform import paths

    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path / "d"))
    assert paths.data_dir() == (tmp_path / "d").resolve()
    assert paths.data_dir(str(tmp_path / "e")) == (tmp_path / "e").resolve()
    assert os.fspath(paths.data_dir())


def test_an_older_database_is_migrated_and_keeps_its_messages(tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / DB_FILE)
    db.executescript(_MIGRATIONS[0])
    db.execute("INSERT INTO messages (id, created_at, kiosk_id, language, content_version,"
               " fields) VALUES ('old-1', '2026-01-01T00:00:00.000Z', 'k', 'en', '1',"
               " '{\"message\": \"from version one\"}')")
    db.execute("PRAGMA user_version=1")
    db.commit()
    db.close()
    store = MessageStore(tmp_path)
    assert store.get("old-1").fields["message"] == "from version one"
    assert Outbox(store).next_batch("webhook", 10).messages[0].id == "old-1"  # the new tables work


def test_batches_are_stable_until_answered(tmp_path: Path) -> None:
    store = MessageStore(tmp_path)
    ids = [store.add({"message": f"m{i}"}) for i in range(5)]
    first = Outbox(store).next_batch("webhook", 3)
    assert [m.id for m in first.messages] == ids[:3]
    again = Outbox(store).next_batch("webhook", 3)  # not answered yet: the same batch again
    assert again.id == first.id and [m.id for m in again.messages] == ids[:3]
    Outbox(store).failed(first.id, "503")
    assert Outbox(store).next_batch("webhook", 3).attempts == 1
    Outbox(store).delivered(first.id)
    second = Outbox(store).next_batch("webhook", 3)
    assert [m.id for m in second.messages] == ids[3:]
    Outbox(store).rejected(second.id, "400 bad field")
    assert Outbox(store).next_batch("webhook", 3) is None
    assert Outbox(store).counts("webhook") == {"delivered": 3, "rejected": 2, "pending": 0}
    assert Outbox(store).rejected_batches("webhook") == [(second.id, "400 bad field")]
    assert store.count("rejected") == 2 and store.count("synced") == 3
    assert Outbox(store).retry_rejected("webhook") == 1
    assert Outbox(store).next_batch("webhook", 3).id == second.id
    # Another target keeps its own batches.
    assert [m.id for m in Outbox(store).next_batch("folder", 10).messages] == ids


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


@pytest.fixture
def loosest_umask() -> object:
    old = os.umask(0)
    yield
    os.umask(old)


@pytest.mark.skipif(os.name == "nt", reason="Windows has no owner/group/other modes: there "
                                            "os.chmod only sets read-only, left off")
@pytest.mark.usefixtures("loosest_umask")
def test_the_messages_are_for_this_account_only_on_every_open(tmp_path: Path) -> None:
    data = tmp_path / "data"
    store = MessageStore(data)
    store.add({"message": "Ana, ana@example.org"})
    files = [data / DB_FILE, data / f"{DB_FILE}-wal", data / f"{DB_FILE}-shm"]
    assert (mode(data), [mode(f) for f in files]) == (0o700, [0o600] * 3)
    store.close()
    for path in [data, data / "exports", *(f for f in files if f.exists())]:
        os.chmod(path, 0o755 if path.is_dir() else 0o644)  # as an older version left them
    store = MessageStore(data)
    store.add({"message": "again"})
    assert mode(data) == mode(data / "exports") == 0o700
    assert [mode(f) for f in files] == [0o600] * 3
    store.close()
    for extra in files[1:]:
        extra.unlink(missing_ok=True)
    other = sqlite3.connect(data / DB_FILE)  # a later log made by SQLite itself
    other.execute("INSERT INTO sync_leases VALUES ('t', 'h', 0)")
    other.commit()
    assert [mode(f) for f in files] == [0o600] * 3
    other.close()


def test_a_failed_write_never_stops_the_next_one(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    store = MessageStore(tmp_path)
    first = store.add({"message": "one"})
    monkeypatch.setattr("kiosk.messages.store.uuid.uuid4", lambda: first)  # the same id: refused
    with pytest.raises(StoreError, match="UNIQUE"):
        store.add({"message": "two"})
    monkeypatch.undo()
    with pytest.raises(StoreError), store.transaction() as db:  # a write of another kind
        db.execute("INSERT INTO sync_leases VALUES ('t', 'h', 0)")
        raise StoreError("the receiver said no")
    third = store.add({"message": "three"})  # the failed writes left nothing half-open
    assert [m.id for m in store.messages()] == [first, third]
    assert store.read("SELECT COUNT(*) FROM sync_leases") == [(0,)]  # rolled back
    other = MessageStore(tmp_path)  # nor do they hold the lock against other processes
    assert other.add({"message": "four"}) and other.count() == 3
