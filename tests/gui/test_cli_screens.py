"""The command line's rough edges that need Qt: `kiosk render --screens` says only what it
drew, `kiosk bench` tells how far it has got, and `kiosk export --help` names every format."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from PySide6.QtCore import QSize

from kiosk.content import load_deck
from kiosk.platform import paths


def test_drawing_the_screens_logs_no_saved_message(kiosk_app, tmp_path: Path,
                                                   caplog: pytest.LogCaptureFixture) -> None:
    from kiosk.ui.tools.screens import render_screens

    deck = load_deck(paths.bundled_content_dir()).deck
    assert deck is not None
    with caplog.at_level(logging.DEBUG):
        written = render_screens(deck, tmp_path, QSize(640, 360))
    assert written and all(path.exists() for path in written)
    said = [r.getMessage() for r in caplog.records]
    assert not [line for line in said if "saved" in line], said


def test_the_benchmark_says_how_far_it_has_got(kiosk_app, monkeypatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    from kiosk.ui.tools import bench

    monkeypatch.setattr(bench, "_player_figures", lambda _deck, _quick: {"startup_s": 0.4})
    monkeypatch.setattr(bench, "_message_figures", lambda _quick: {"save_ms_p50": 1.0})
    monkeypatch.setattr(bench, "measure_still", lambda _seconds: 0.1)
    monkeypatch.setattr(bench, "measure_peak_4k", lambda _seconds, _photo: 200.0)
    monkeypatch.setattr(bench, "measure_video", lambda _seconds: {"video_1080p_cpu_s": 3.0})
    monkeypatch.setattr(bench, "measure_memory", lambda _deck, _a, _b: (100.0, 0.5))
    monkeypatch.setattr("kiosk.ui.tools.bench_fleet.measure_publish_to_play",
                        lambda _runs, _photo: 0.2)
    studio = {"studio_key_to_preview_ms_p95": 12.0, "studio_drop_50_max_gap_ms": 140.0}
    assert bench.run_bench(quick=True, studio=lambda _quick: studio) == 0
    out, err = capsys.readouterr()
    assert "bench: a still slide's CPU" in err and "bench: memory over many" in err
    assert "bench: Kiosk Studio" in err
    assert "bench:" not in out and "startup_s" in out  # the figures alone on stdout
    assert "publish_to_play_s" in out
    lines = {line.split()[0]: line for line in out.splitlines() if line.strip()}
    assert lines["studio_key_to_preview_ms_p95"].endswith("< 33  ok")
    assert lines["studio_drop_50_max_gap_ms"].endswith("< 100  MISSED")


def test_export_help_names_every_format(capsys: pytest.CaptureFixture[str]) -> None:
    from kiosk.cli import main

    with pytest.raises(SystemExit):
        main(["export", "--help"])
    said = " ".join(capsys.readouterr().out.split())
    assert "csv (opens in Excel), xlsx (Excel) or json" in said
