"""`kiosk bench`: start-up, transition frame times, photo decoding and memory, as figures.

It draws offscreen (the raster engine a kiosk uses, without the final copy to the screen), so
the figures measure the kiosk's own work on this machine. This module gathers them and
prints them against their targets; the measures live beside it (bench_player, bench_messages,
bench_live, bench_video, bench_fleet) and in the features they measure.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QColor, QImage, QPainter

from kiosk.analytics.bench import measure_events, measure_report
from kiosk.content import Deck, load_deck
from kiosk.platform import paths
from kiosk.sync.bench import measure_collect
from kiosk.ui.app import application
from kiosk.ui.common.images import decode
from kiosk.ui.tools import bench_fleet
from kiosk.ui.tools.bench_live import measure_peak_4k, measure_still
from kiosk.ui.tools.bench_messages import (
    measure_export,
    measure_open_100k,
    measure_saves,
    measure_sync,
)
from kiosk.ui.tools.bench_player import measure_frames, measure_memory, measure_touch
from kiosk.ui.tools.bench_video import measure_video

TARGETS = {
    "startup_s": ("<", 1.0), "frame_ms_p99_1080p": ("<", 16.7), "frame_ms_p99_4k": ("<", 33.0),
    "rss_growth_mb": ("<", 5.0), "touch_ms_p99": ("<", 50.0), "frozen_startup_s": ("<", 1.0),
    "export_100k_s": ("<", 2.0), "export_peak_mb": ("<", 100.0),
    "export_json_100k_s": ("<", 2.0), "export_json_peak_mb": ("<", 100.0),
    "export_xlsx_100k_s": ("<", 6.0), "export_xlsx_peak_mb": ("<", 100.0),
    "studio_key_to_preview_ms_p95": ("<", 33.0), "studio_open_150_s": ("<", 1.0),
    "studio_drop_50_max_gap_ms": ("<", 100.0),
    "event_ms_p99": ("<", 0.1), "still_cpu_s": ("<", 0.05),
}


def _progress(what: str) -> None:
    print(f"bench: {what}…", file=sys.stderr, flush=True)


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def measure_startup(runs: int, command: list[str] | None = None) -> float:
    """Median seconds from launching the kiosk (``python -m kiosk`` unless ``command``) to
    its first slide painted."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KIOSK_FIRST_FRAME_PROBE": "1"}
    command = command or [sys.executable, "-m", "kiosk"]
    times = []
    for _ in range(runs):
        start = time.time()
        done = subprocess.run([*command, "--windowed", "--size", "1920x1080"], env=env,
                              capture_output=True, text=True, timeout=60)
        line = next((x for x in done.stdout.splitlines() if x.startswith("first-frame ")), None)
        if line is None:
            raise RuntimeError(f"the kiosk did not paint a slide: {done.stderr[-500:]}")
        times.append(float(line.split()[1]) - start)
    return statistics.median(times)


def frozen_program() -> Path | None:
    """The one-folder build to time: ``KIOSK_FROZEN``, else ``dist/kiosk/kiosk`` here."""
    given = os.environ.get("KIOSK_FROZEN")
    candidates = [Path(given)] if given else [
        Path.cwd() / "dist" / "kiosk" / ("kiosk.exe" if os.name == "nt" else "kiosk")]
    return next((c for c in candidates if c.is_file()), None)


def measure_decode(runs: int) -> float:
    """Median milliseconds to decode a 24-megapixel JPEG to 1920x1080."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "photo-24mp.jpg"
        _make_photo(path, QSize(6000, 4000))
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            decode(path, QSize(1920, 1080), "fill")
            times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _make_photo(path: Path, size: QSize) -> None:
    """A detailed 24 MP test photo (shapes and noise, so the JPEG is not trivially small)."""
    import random

    rng = random.Random(24)
    image = QImage(size, QImage.Format.Format_RGB32)
    image.fill(QColor("#5a7080"))
    painter = QPainter(image)
    for _ in range(4000):
        painter.setOpacity(rng.uniform(0.2, 0.9))
        painter.fillRect(QRectF(rng.uniform(0, size.width()), rng.uniform(0, size.height()),
                                rng.uniform(4, 400), rng.uniform(4, 400)),
                         QColor(rng.randrange(256), rng.randrange(256), rng.randrange(256)))
    painter.end()
    image.save(str(path), "JPG", 92)  # type: ignore[call-overload]  # stubs: bytes


def _player_figures(deck: Deck, quick: bool) -> dict[str, float]:
    """Start-up, transition frames, touch to frame, decoding, memory."""
    figures: dict[str, float] = {}
    _progress("start-up")
    figures["startup_s"] = measure_startup(2 if quick else 7)
    frozen = frozen_program()
    if frozen is not None:
        figures["frozen_startup_s"] = measure_startup(2 if quick else 7, [str(frozen)])
    _progress("transition frames")
    for name, size, count in (("1080p", QSize(1920, 1080), 600), ("4k", QSize(3840, 2160), 360)):
        frames = measure_frames(deck, size, 120 if quick else count)
        figures[f"frame_ms_p50_{name}"] = statistics.median(frames)
        figures[f"frame_ms_p99_{name}"] = _percentile(frames, 99)
    _progress("touch to frame")
    touches = measure_touch(deck, QSize(1920, 1080), 60 if quick else 400)
    figures["touch_ms_p50"] = statistics.median(touches)
    figures["touch_ms_p99"] = _percentile(touches, 99)
    _progress("photo decoding")
    figures["decode_ms"] = measure_decode(3 if quick else 7)
    return figures


def _message_figures(quick: bool) -> dict[str, float]:
    """Saving, opening a big store, sync and exports."""
    figures: dict[str, float] = {}
    _progress("message saves")
    saves = measure_saves(30 if quick else 300)
    figures["save_ms_p50"] = statistics.median(saves)
    figures["save_ms_p99"] = _percentile(saves, 99)
    figures["open_100k_s"] = measure_open_100k()
    _progress("sync")
    figures["sync_10k_s"] = measure_sync(2_000 if quick else 10_000)
    _progress("analytics")
    events = measure_events(2_000 if quick else 20_000)
    figures["event_ms_p50"] = statistics.median(events)
    figures["event_ms_p99"] = _percentile(events, 99)
    figures["report_s"] = measure_report(30 if quick else 180)
    _progress("kiosk collect, 10 booths")
    figures["collect_10x10k_s"] = measure_collect(10, 1_000 if quick else 10_000)
    _progress("exports of 100,000 messages")
    for fmt, (seconds, peak) in measure_export(10_000 if quick else 100_000).items():
        prefix = "export" if fmt == "csv" else f"export_{fmt}"
        figures[f"{prefix}_100k_s"], figures[f"{prefix}_peak_mb"] = seconds, peak
    return figures


def run_bench(as_json: bool = False, quick: bool = False,
              studio: Callable[[bool], dict[str, float]] | None = None) -> int:
    """Every figure; ``studio`` measures Kiosk Studio (which the kiosk does not import)."""
    import logging

    logging.getLogger().setLevel(logging.WARNING)  # figures only, not a line per batch
    application(headless=True)
    deck = load_deck(paths.bundled_content_dir()).deck
    if deck is None:
        print("the bundled deck cannot be loaded", file=sys.stderr)
        return 1
    figures = {**_player_figures(deck, quick), **_message_figures(quick)}
    _progress("a 50-photo deck from publishing to its first frame on a booth")
    figures["publish_to_play_s"] = bench_fleet.measure_publish_to_play(2 if quick else 5,
                                                                       _make_photo)
    _progress("a still slide's CPU, and the peak memory at 4K (kiosks of their own)")
    figures["still_cpu_s"] = measure_still(10 if quick else 30)
    _progress("a looping 1080p video (needs the media extra and an ffmpeg to make it)")
    figures.update(measure_video(10 if quick else 30))
    figures["peak_rss_4k_mb"] = measure_peak_4k(10 if quick else 30, _make_photo)
    if studio is not None:
        _progress("Kiosk Studio: typing, opening 150 slides, dropping 50 photos")
        figures.update(studio(quick))
    _progress("memory over many transitions")  # last, as the figures before it were taken
    first, second = (20, 60) if quick else (200, 2000)
    figures["rss_mb"], figures["rss_growth_mb"] = measure_memory(deck, first, second)
    figures = {k: round(v, 3) for k, v in figures.items()}
    if as_json:
        print(json.dumps(figures, indent=2))
        return 0
    print(f"{'figure':<30}{'value':>10}  target")
    for key, value in figures.items():
        op, limit = TARGETS.get(key, ("", None))
        verdict = "" if limit is None else (
            f"{op} {limit:g}  {'ok' if value < limit else 'MISSED'}")
        print(f"{key:<30}{value:>10.3f}  {verdict}")
    if "frozen_startup_s" not in figures:
        print("(no frozen build: build with 'pyinstaller kiosk.spec' or set KIOSK_FROZEN)")
    if quick:
        print("(quick run: fewer rounds, memory over 20 and 60 transitions, sync of 2,000, "
              "exports of 10,000)")
    return 0
