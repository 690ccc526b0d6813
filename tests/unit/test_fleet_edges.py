"""`kiosk collect` at its edges: the newest of two status files for one booth, the table's
quiet hours and times, blank lines in a batch file, the most it reads, a report it cannot
write. No Qt here."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.sync.fleet import Collected, collect, fleet_table
from kiosk.sync.fleet_files import Limits

NOW = datetime(2026, 11, 21, 15, 0, tzinfo=UTC)


def message_line(ident: str) -> str:
    return json.dumps({"id": ident, "created_at": "2026-11-21T10:00:00.000Z",
                       "kiosk_id": "booth-1", "language": "en", "content_version": "",
                       "fields": {"message": f"words of {ident}"}})


def status(folder: Path, updated_at: str, waiting: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "booth-1.status.json").write_text(json.dumps(
        {"kiosk_id": "booth-1", "updated_at": updated_at, "waiting": waiting}))


@pytest.mark.parametrize("newest", ["here", "in a folder below"])
def test_of_two_status_files_for_one_booth_the_newest_speaks(tmp_path: Path,
                                                            newest: str) -> None:
    below = tmp_path / "older copies"
    new, old = (tmp_path, below) if newest == "here" else (below, tmp_path)
    status(new, "2026-11-21T12:00:00Z", waiting=1)
    status(old, "2026-11-20T12:00:00Z", waiting=99)
    found = collect(tmp_path)
    assert found.statuses["booth-1"]["waiting"] == 1


def test_a_quiet_booth_says_for_how_many_hours_and_when_it_was_last_seen() -> None:
    found = Collected(last_seen={"booth-1": "2026-11-21T09:30:00.000Z",
                                 "booth-2": "2026-11-21T14:30:00.000Z"})
    quiet, awake = fleet_table(found, now=NOW)[1:]
    assert quiet.split() == ["booth-1", "2026-11-21T09:30:00", "-", "-", "-", "NOT", "SEEN",
                             "FOR", "5.5", "h"]
    assert awake.split() == ["booth-2", "2026-11-21T14:30:00", "-", "-", "-"]


def test_blank_lines_in_a_batch_file_are_no_trouble(tmp_path: Path) -> None:
    (tmp_path / "booth-1-1.jsonl").write_text(
        "\n" + message_line("a") + "\n\n  \n" + message_line("b") + "\n\n")
    found = collect(tmp_path)
    assert sorted(m.id for m in found.messages) == ["a", "b"]
    assert found.unreadable == [] and found.skipped == []


def test_batch_files_up_to_the_most_one_collect_reads_are_all_read(tmp_path: Path) -> None:
    for name in ("a", "b"):
        (tmp_path / f"booth-1-{name}.jsonl").write_text(message_line(name) + "\n")
    both = sum(p.stat().st_size for p in tmp_path.glob("*.jsonl"))
    found = collect(tmp_path, limits=Limits(total_bytes=both))
    assert len(found.messages) == 2 and found.skipped == []
    found = collect(tmp_path, limits=Limits(total_bytes=both - 1))
    assert len(found.messages) == 1 and len(found.skipped) == 1
    assert "the most one collect reads" in found.skipped[0]


def test_a_report_that_cannot_be_written_fails_the_collect(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "booth-1-1.jsonl").write_text(message_line("a") + "\n")
    report = tmp_path / "no such folder" / "fleet.html"
    assert main(["collect", str(shared), "--out", str(tmp_path / "all.csv"),
                 "--report", str(report)]) == 1
    assert f"{report} could not be written" in capsys.readouterr().err
    assert (tmp_path / "all.csv").exists()  # the messages were written all the same
