"""A fleet over one shared folder: booths deliver batches and keep a status file there;
`kiosk collect` merges every message once by id, reports conflicts, and names a quiet booth."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.clock import ManualClock
from kiosk.store import MessageStore
from kiosk.sync.fleet import collect, fleet_table, status_file
from kiosk.sync.folder import FolderTarget
from kiosk.sync.runner import SyncRunner


def booth(tmp_path: Path, shared: Path, kiosk: str, count: int) -> list[str]:
    store = MessageStore(tmp_path / kiosk, kiosk)
    ids = [store.add({"message": f"{kiosk} hope {i} សង្ឃឹម", "topic": "prayer"})
           for i in range(count)]
    runner = SyncRunner(store, [FolderTarget(shared)], kiosk, batch_size=7,
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
    assert ids[0] in found.conflicts[0]
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
    from kiosk.benchdata import measure_collect

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
