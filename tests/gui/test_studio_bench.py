"""The studio's benchmark runs, at its smallest: a 5-slide deck, 3 keys, 2 photos dropped."""

from __future__ import annotations

from pathlib import Path

from kiosk.studio.bench import Sizes, run_figures

TINY = Sizes(slides=5, keys=3, pace_s=0.03, open_slides=4, drop_deck=3, drop_photos=2,
             photo=(400, 300), distinct=2)


def test_the_studio_bench_gives_every_figure(kiosk_app: object, tmp_path: Path) -> None:
    figures = run_figures(TINY, profile=tmp_path / "profile")
    assert set(figures) == {
        "studio_key_to_preview_ms_p50", "studio_key_to_preview_ms_p95",
        "studio_key_to_preview_ms_max", "studio_typing_max_gap_ms", "studio_open_150_s",
        "studio_open_150_thumbs_s", "studio_drop_50_max_gap_ms", "studio_drop_50_s"}
    assert all(value > 0 for value in figures.values()), figures
    assert figures["studio_key_to_preview_ms_p50"] <= figures["studio_key_to_preview_ms_max"]
    assert {p.name for p in (tmp_path / "profile").iterdir()} == {"gui.pstats",
                                                                  "worker.pstats"}
