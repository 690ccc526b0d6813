"""`kiosk report` on a made-up busy day: one self-contained HTML file with its charts."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from kiosk import paths
from kiosk.analytics.sample import fill_days
from kiosk.cli import main
from kiosk.content import load_deck


def test_a_days_report_is_one_self_contained_file(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    deck = load_deck(paths.bundled_content_dir()).deck
    assert deck is not None
    assert fill_days(tmp_path, [(s.id, s.duration) for s in deck.slides], 3,
                     date(2026, 11, 21)) == 900
    out = tmp_path / "report.html"
    assert main(["report", "--out", str(out), "--data-dir", str(tmp_path)]) == 0
    assert "event report with 300 visit(s)" in capsys.readouterr().out  # the latest day
    page = out.read_text(encoding="utf-8")
    assert page.count("<svg") == 6 and "<script" not in page
    links = re.findall(r"(?:src|href)\s*=\s*[\"']?(https?:[^\"' >]+)", page)
    assert links == []  # nothing to fetch: it opens the same with no network
    assert "21 Nov 2026" in page and "Why trafficking grew" in page  # titles, not ids
    assert "@page { size: A4" in page
    assert main(["report", "--out", str(out), "--data-dir", str(tmp_path),
                 "--since", "2026-11-19", "--until", "2026-11-21"]) == 0
    assert "event report with 900 visit(s)" in capsys.readouterr().out


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
