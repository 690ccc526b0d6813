"""`kiosk report` on a made-up busy day: one self-contained HTML file with its charts."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from kiosk.analytics.sample import fill_days
from kiosk.analytics.store import AnalyticsStore
from kiosk.analytics.visits import Visit
from kiosk.cli import main
from kiosk.content import load_deck
from kiosk.platform import paths


def test_a_days_report_is_one_self_contained_file(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    deck = load_deck(paths.bundled_content_dir()).deck
    assert deck is not None
    assert fill_days(tmp_path, [(s.id, s.duration) for s in deck.slides], 3,
                     date(2026, 11, 21)) == 900
    out = tmp_path / "report.html"
    assert main(["report", "--out", str(out), "--data-dir", str(tmp_path), "--since",
                 "2026-11-21"]) == 0
    assert "event report for 21 Nov 2026: 300 visit(s)" in capsys.readouterr().out
    page = out.read_text(encoding="utf-8")
    assert page.count("<svg") == 6 and "<script" not in page
    links = re.findall(r"(?:src|href)\s*=\s*[\"']?(https?:[^\"' >]+)", page)
    assert links == []  # nothing to fetch: it opens the same with no network
    assert "21 Nov 2026" in page and "Why trafficking grew" in page  # titles, not ids
    assert "@page { size: A4" in page
    assert main(["report", "--out", str(out), "--data-dir", str(tmp_path),
                 "--since", "2026-11-19", "--until", "2026-11-20"]) == 0
    assert "event report for 19 Nov 2026 – 20 Nov 2026: 600 visit(s)" in (
        capsys.readouterr().out)


def test_no_data_or_a_wrong_date_is_said(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    out = str(tmp_path / "r.html")
    assert main(["report", "--out", out, "--data-dir", str(tmp_path / "none")]) == 1
    assert "nothing has been recorded" in capsys.readouterr().err
    fill_days(tmp_path, [("a", 8.0)], 1, date(2026, 11, 21), visits_per_day=5)
    assert main(["report", "--out", out, "--data-dir", str(tmp_path), "--since",
                 "21/11/2026"]) == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err
    assert not Path(out).exists()


def test_a_damaged_database_is_said_not_a_traceback(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    from kiosk.analytics.store import DB_FILE

    (tmp_path / DB_FILE).write_bytes(b"this is not a database" * 100)
    assert main(["report", "--out", str(tmp_path / "r.html"), "--data-dir",
                 str(tmp_path)]) == 1
    assert "cannot be read" in capsys.readouterr().err


def visits_at(folder: Path, *moments: datetime) -> None:
    store = AnalyticsStore(folder)
    for n, at in enumerate(moments):
        store.add_visit(Visit(f"v{n}", at.timestamp(), "en", 30.0, [("a", 30.0)]))
    store.commit()
    store.close()


def test_without_dates_the_report_covers_the_whole_event_past_midnight(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    earlier_event = [datetime(2026, 11, 14, 15, 0)]  # a week before: another event
    evening = [datetime(2026, 11, 21, 18, 0) + timedelta(minutes=5 * n) for n in range(70)]
    after_midnight = [datetime(2026, 11, 22, 0, 0) + timedelta(minutes=5 * n)
                      for n in range(34)]
    visits_at(tmp_path, *earlier_event, *evening, *after_midnight)
    out = tmp_path / "report.html"
    assert main(["report", "--out", str(out), "--data-dir", str(tmp_path)]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith("event report for 21 Nov 2026 – 22 Nov 2026 (the latest event")
    assert ": 104 visit(s), written to " in first
    page = out.read_text(encoding="utf-8")
    heading = re.search(r"<h1>(.*?)</h1>", page)
    assert heading and "21 Nov 2026 – 22 Nov 2026" in heading.group(1)
    assert "<title>Event report: " in page and "21 Nov 2026 – 22 Nov 2026</title>" in page
    assert main(["report", "--out", str(out), "--data-dir", str(tmp_path), "--until",
                 "2026-11-20"]) == 0  # the event that ended by then
    assert "event report for 14 Nov 2026 – 20 Nov 2026: 1 visit(s)" in capsys.readouterr().out
