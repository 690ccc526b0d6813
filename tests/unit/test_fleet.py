"""A fleet over one shared folder: booths deliver batches and keep a status file there;
`kiosk collect` merges every message once by id, reports conflicts, and names a quiet booth."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.messages.store import MessageStore
from kiosk.platform.clock import ManualClock
from kiosk.sync.fleet import collect, fleet_table, status_file
from kiosk.sync.folder import FolderTarget
from kiosk.sync.runner import SyncRunner


def booth(tmp_path: Path, shared: Path, kiosk: str, count: int, key: str = "") -> list[str]:
    store = MessageStore(tmp_path / kiosk, kiosk)
    ids = [store.add({"message": f"{kiosk} hope {i} សង្ឃឹម", "topic": "prayer"})
           for i in range(count)]
    runner = SyncRunner(store, [FolderTarget(shared, key)], kiosk, batch_size=7,
                        clock=ManualClock())
    runner.facts["deck_version"] = "2026.11-1"
    runner.run_once()
    store.close()
    return ids


def test_every_booths_messages_once_and_each_booths_status(tmp_path: Path) -> None:
    shared = tmp_path / "shared" / "messages"
    shared.mkdir(parents=True)
    ids = booth(tmp_path, shared, "booth-1", 20) + booth(tmp_path, shared, "booth-2", 15)
    first = sorted(shared.glob("booth-1-*.jsonl"))[0]
    shutil.copy(first, first.with_name(first.stem + " (conflicted copy).jsonl"))  # a sync tool's
    found = collect(shared.parent)
    assert sorted(m.id for m in found.messages) == sorted(ids) and found.conflicts == []
    status = json.loads(status_file(shared, "booth-1").read_text())
    assert status["waiting"] == 0 and status["deck_version"] == "2026.11-1"
    assert status["targets"]["folder"]["delivered"] == 20 and status["free_disk_bytes"] > 0
    assert set(found.statuses) == {"booth-1", "booth-2"}


def test_the_same_id_with_other_words_is_reported_not_merged(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    ids = booth(tmp_path, shared, "booth-1", 3)
    file = sorted(shared.glob("booth-1-*.jsonl"))[0]
    line = json.loads(file.read_text().splitlines()[0])
    line["fields"]["message"] = "changed on the way"
    (shared / "booth-1-tampered.jsonl").write_text(json.dumps(line) + "\n")
    found = collect(shared)
    assert len(found.messages) == len(ids) and len(found.conflicts) == 1
    assert ids[0] in str(found.conflicts[0])
    kept = next(m for m in found.messages if m.id == ids[0])
    assert kept.fields["message"] != "changed on the way"


def test_a_booth_not_seen_for_an_hour_is_marked(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    booth(tmp_path, shared, "booth-1", 2)
    found = collect(shared)
    later = datetime.now(UTC) + timedelta(hours=3)
    table = fleet_table(found, now=later)
    assert any(line.startswith("booth-1") and "NOT SEEN FOR" in line for line in table)
    assert not any("NOT SEEN" in line for line in fleet_table(found))


def test_collect_twice_writes_the_same_file(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    booth(tmp_path, shared, "booth-1", 12)
    booth(tmp_path, shared, "booth-2", 5)
    out = tmp_path / "office" / "all.csv"
    out.parent.mkdir()
    assert main(["collect", str(shared), "--out", str(out)]) == 0
    once = out.read_bytes()
    assert main(["collect", str(shared), "--out", str(out)]) == 0
    assert out.read_bytes() == once  # idempotent: nothing changes the second time
    printed = capsys.readouterr().out
    assert "17 message(s) from 2 booth(s)" in printed and "booth-2" in printed
    header = once.decode("utf-8-sig").splitlines()[0]
    assert "kiosk" in header  # each message says which booth it came from


def test_the_collect_benchmark_counts_every_booths_messages() -> None:
    from kiosk.sync.bench import measure_collect

    assert measure_collect(2, 120, rounds=1) > 0  # raises if a message went missing


def test_booths_share_their_days_and_collect_reports_the_fleet(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Each booth's status file carries its days at a glance (never a visit); the office's
    `kiosk collect --report` adds them up, booth by booth and day by day."""
    import sqlite3
    from datetime import date

    from kiosk.analytics.figures import shared
    from kiosk.analytics.sample import fill_days
    from kiosk.analytics.store import DB_FILE

    shared_folder = tmp_path / "messages"
    shared_folder.mkdir()
    evening = datetime(2026, 11, 21, 20).timestamp()
    for n, kiosk in enumerate(("st-marks", "city-fair")):
        data = tmp_path / kiosk
        fill_days(data, [("welcome", 8.0), ("why", 12.0)], 2, date(2026, 11, 21),
                  visits_per_day=20 + n, seed=n)
        store = MessageStore(data, kiosk)
        store.add({"message": "hope"})
        runner = SyncRunner(store, [FolderTarget(shared_folder)], kiosk, clock=ManualClock())
        runner.extras = lambda data=data: shared(data, evening)
        runner.run_once()
        status = json.loads(status_file(shared_folder, kiosk).read_text(encoding="utf-8"))
        assert sorted(status["analytics"]) == ["2026-11-20", "2026-11-21"]
        assert status["analytics"]["2026-11-21"]["visits"] == 20 + n
        with sqlite3.connect(data / DB_FILE) as db:
            ids = [row[0] for row in db.execute("SELECT id FROM visits")]
        text = json.dumps(status)
        assert not any(visit_id in text for visit_id in ids)  # figures, never a visit
    report = tmp_path / "fleet.html"
    assert main(["collect", str(shared_folder), "--out", str(tmp_path / "all.csv"),
                 "--report", str(report)]) == 0
    page = report.read_text(encoding="utf-8")
    assert "st-marks" in page and "city-fair" in page and "<svg" in page
    assert "<b>82</b>" in page  # 2 days x 20 visits + 2 days x 21 visits
    assert "2026-11-20  city-fair" in page


# Provenance: with the fleet key, the copy a booth signed is kept, whatever the file names;
# every other copy is listed for staff, never silently dropped.

def read_csv(path: Path) -> list[dict[str, str]]:
    import csv
    import io

    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def key_file(tmp_path: Path, key: str) -> Path:
    path = tmp_path / "fleet.key"
    path.write_text(key + "\n", encoding="utf-8")
    return path


def lines_of(folder: Path) -> list[dict[str, object]]:
    return [json.loads(line) for f in sorted(folder.glob("*.jsonl"))
            for line in f.read_text(encoding="utf-8").splitlines()]


def test_the_signed_copy_wins_whatever_the_file_names(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from kiosk.sync.fleet_key import new_key

    key, shared = new_key(), tmp_path / "shared"
    shared.mkdir()
    ids = booth(tmp_path, shared, "booth-1", 10, key)
    genuine = lines_of(shared)
    assert all(str(line["sig"]).startswith("v1,") for line in genuine)
    later = sorted(shared.glob("booth-1-*.jsonl"))[1]  # a genuine batch only under an odd name
    (shared / "old stuff").mkdir()
    later.rename(shared / "old stuff" / "déjà vu ~ (conflicted copy 2) ✓.jsonl")
    forged = {**genuine[0], "fields": {"message": "forged words"}, "sig": "v1," + "A" * 43 + "="}
    unsigned = {k: v for k, v in genuine[1].items() if k != "sig"}
    unsigned["fields"] = {"message": "unsigned words"}
    made_up = {**unsigned, "id": "made-up", "fields": {"message": "never said"}}
    same_words = {k: v for k, v in genuine[2].items() if k != "sig"}  # nothing changed
    (shared / "0-aaa.jsonl").write_text(json.dumps(forged) + "\n", encoding="utf-8")
    (shared / "0-bbb.jsonl").write_text("\n".join(json.dumps(x) for x in (
        unsigned, made_up, same_words)) + "\n", encoding="utf-8")
    out = tmp_path / "office" / "all.csv"
    out.parent.mkdir()
    code = main(["collect", str(shared), "--out", str(out),
                 "--key-file", str(key_file(tmp_path, key))])
    printed = capsys.readouterr()
    assert code == 1  # something needs a look; the files are written
    rows = {row["id"]: row for row in read_csv(out)}
    assert sorted(rows) == sorted(ids)  # every genuine message, the odd file's too
    for line in genuine:
        assert rows[str(line["id"])]["message"] == line["fields"]["message"]  # type: ignore[index]
    conflicts = {row["id"]: row for row in read_csv(tmp_path / "office" / "all-conflicts.csv")}
    assert sorted(conflicts) == sorted([str(genuine[0]["id"]), str(genuine[1]["id"]), "made-up"])
    assert conflicts[str(genuine[0]["id"])]["message"] == "forged words"
    assert "does not match" in conflicts[str(genuine[0]["id"])]["conflict: why"]
    assert conflicts[str(genuine[0]["id"])]["conflict: found in"] == "0-aaa.jsonl line 1"
    assert "not signed" in conflicts[str(genuine[1]["id"])]["conflict: why"]
    assert "no signed copy" in conflicts["made-up"]["conflict: why"]
    assert "Checked with the fleet key" in printed.out
    assert "3 copy(ies) conflict" in printed.err and "all-conflicts.csv" in printed.err


def test_without_a_key_every_conflicting_copy_is_kept_for_staff(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An older fleet (no key): the copy found first is kept, as before, and the other is in
    the conflicts file; the output says the folder was not checked."""
    shared = tmp_path / "shared"
    shared.mkdir()
    ids = booth(tmp_path, shared, "booth-1", 3)
    line = lines_of(shared)[0]
    changed = {**line, "fields": {"message": "changed on the way"}}
    (shared / "0-first.jsonl").write_text(json.dumps(changed) + "\n", encoding="utf-8")
    out = tmp_path / "all.xlsx"
    assert main(["collect", str(shared), "--out", str(out), "--format", "xlsx"]) == 1
    printed = capsys.readouterr()
    openpyxl = pytest.importorskip("openpyxl")

    def words(path: Path) -> dict[str, str]:
        rows = list(openpyxl.load_workbook(path).active.iter_rows(values_only=True))
        column = rows[0].index("message")
        return {str(r[0]): str(r[column]) for r in rows[1:]}

    kept, other = words(out), words(tmp_path / "all-conflicts.xlsx")
    assert sorted(kept) == sorted(ids) and list(other) == [ids[0]]
    assert {kept[ids[0]], other[ids[0]]} == {"changed on the way", line["fields"]["message"]}  # type: ignore[index]
    assert "not checked (no fleet key given)" in printed.out
    assert "1 copy(ies) conflict" in printed.err
    (shared / "0-first.jsonl").unlink()  # resolved: the next run leaves no stale list
    assert main(["collect", str(shared), "--out", str(out), "--format", "xlsx"]) == 0
    assert not (tmp_path / "all-conflicts.xlsx").exists()


def test_a_status_file_the_booth_did_not_sign_is_marked_and_left_out(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from kiosk.sync.fleet import write_status
    from kiosk.sync.fleet_key import new_key, parse_key

    key, shared = new_key(), tmp_path / "shared"
    shared.mkdir()
    days = {"analytics": {"2026-11-21": {"visits": 7, "messages": 1}}}
    assert write_status(shared, "booth-1", {"waiting": 2, **days}, parse_key(key))
    write_status(shared, "booth-2", {"waiting": 5, **days})  # no key: not signed
    write_status(shared, "booth-3", {"waiting": 6, **days}, parse_key(new_key()))  # another
    status = json.loads(status_file(shared, "booth-1").read_text(encoding="utf-8"))
    status.update(waiting=99, updated_at="2099-01-01T00:00:00Z")  # newer, and forged
    (shared / "aaa.status.json").write_text(json.dumps(status), encoding="utf-8")
    report = tmp_path / "fleet.html"
    assert main(["collect", str(shared), "--out", str(tmp_path / "all.csv"), "--report",
                 str(report), "--key-file", str(key_file(tmp_path, key))]) == 1  # look at it
    table = {line.split()[0]: line for line in capsys.readouterr().out.splitlines()
             if line.startswith("booth-")}
    assert table["booth-1"].split()[2] == "2" and "STATUS" not in table["booth-1"]
    assert "STATUS FILE NOT SIGNED" in table["booth-2"]
    assert "STATUS FILE FORGED?" in table["booth-3"]
    assert "<b>7</b>" in report.read_text(encoding="utf-8")  # booth-1's visits alone


def test_the_fleet_key_setting(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from kiosk.setup.config import load_settings
    from kiosk.sync.from_settings import targets_from

    assert main(["fleet-key"]) == 0
    key = capsys.readouterr().out.strip()
    assert main(["fleet-key"]) == 0 and capsys.readouterr().out.strip() != key
    config = tmp_path / "kiosk.yaml"
    config.write_text(f"sync:\n  folder:\n    path: {tmp_path}\n    key: {key}\n")
    settings, problems = load_settings(config)
    assert problems == [] and settings.sync is not None and settings.sync.folder_key == key
    target = targets_from(settings.sync)[0]
    assert isinstance(target, FolderTarget) and target.key is not None
    damaged = key[:-8] + "secret!="
    config.write_text(f"sync:\n  folder:\n    path: {tmp_path}\n    key: {damaged}\n")
    settings, problems = load_settings(config)
    assert [p.line for p in problems] == [4] and "not a fleet key" in problems[0].message
    assert "secret" not in problems[0].message  # a secret is never repeated
    assert settings.sync is None or not settings.sync.folder  # the folder is not used half-set


def test_booths_with_the_key_sign_their_lines_and_status_files(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The runner hands the folder's key to the status file: a fleet whose booths all have
    the key shows no mark in the office's table, and every message passes the check."""
    from kiosk.sync.fleet_key import new_key

    key, shared = new_key(), tmp_path / "shared"
    shared.mkdir()
    ids = booth(tmp_path, shared, "booth-1", 9, key) + booth(tmp_path, shared, "booth-2", 4, key)
    out = tmp_path / "all.csv"
    assert main(["collect", str(shared), "--out", str(out),
                 "--key-file", str(key_file(tmp_path, key))]) == 0
    printed = capsys.readouterr()
    table = [line for line in printed.out.splitlines() if line.startswith("booth-")]
    assert len(table) == 2 and not any("STATUS" in line for line in table), table
    assert "conflict" not in printed.err and all(i in out.read_text() for i in ids)


def test_a_key_file_from_notepad_or_a_pipe(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    """A key saved by Notepad (a byte-order mark first) is read; a pipe given as the key file
    is refused at once, never waited on."""
    import os

    from kiosk.sync.fleet_key import new_key

    shared = tmp_path / "shared"
    shared.mkdir()
    key = new_key()
    booth(tmp_path, shared, "booth-1", 3, key)
    notepad = tmp_path / "fleet.key"
    notepad.write_bytes(b"\xef\xbb\xbf" + key.encode() + b"\r\n")
    assert main(["collect", str(shared), "--out", str(tmp_path / "all.csv"),
                 "--key-file", str(notepad)]) == 0
    pipe = tmp_path / "pipe.key"
    os.mkfifo(pipe)
    assert main(["collect", str(shared), "--out", str(tmp_path / "all.csv"),
                 "--key-file", str(pipe)]) == 2
    assert "not a file" in capsys.readouterr().err
