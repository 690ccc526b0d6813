"""`kiosk bench`: start-up, transition frame times, photo decoding and memory, as figures.

It draws offscreen (the raster engine a kiosk uses, without the final copy to the screen), so
the figures measure the kiosk's own work on this machine.
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
from kiosk.ui.player.player import Player
from kiosk.ui.tasks import TaskRunner
from kiosk.ui.tools.bench_live import measure_peak_4k, measure_still
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


def rss_mb() -> float:
    """Resident memory of this process now (Linux), else its peak."""
    try:
        with open("/proc/self/statm") as handle:
            pages = int(handle.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, AttributeError):
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak / (2**20 if sys.platform == "darwin" else 1024)


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


def _wait(condition: Callable[[], bool], timeout_s: float = 30) -> None:
    """Run the application's event loop until ``condition`` holds (benchmark only)."""
    app = application()
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("benchmark step timed out")
        app.processEvents()
        time.sleep(0.001)


def _player(deck: Deck, size: QSize, speed: float = 1.0) -> tuple[Player, TaskRunner]:
    runner = TaskRunner()
    player = Player(runner, speed=speed)
    player.resize(size)
    player.show()
    player.set_deck(deck)
    _wait(lambda: player.index == 0)
    return player, runner


def _dispose(player: Player, runner: TaskRunner) -> None:
    """Let frames still being painted arrive before the player goes away."""
    player.set_autoplay(False)
    runner.wait()
    application().processEvents()
    player.close()


def measure_frames(deck: Deck, size: QSize, frames: int) -> list[float]:
    """Milliseconds to paint each transition frame, fades and slides alternating."""
    player, runner = _player(deck, size)
    player.autoplay = False
    times: list[float] = []
    count = len(deck.slides)
    for round_ in range(max(1, frames // 60)):
        target = (player.index + 1) % count
        player.frames.request(target)
        _wait(lambda: player.frames.get(target) is not None)  # noqa: B023 (used at once)
        player.go_to(target, "fade" if round_ % 2 == 0 else "slide")
        for step in range(60):
            player.hold_transition(step / 60)
            start = time.perf_counter()
            player.repaint()
            times.append((time.perf_counter() - start) * 1000)
        player.hold_transition(1.0)
        _wait(lambda: player.index == target and not player.transitioning)  # noqa: B023
    _dispose(player, runner)
    return times


def measure_touch(deck: Deck, size: QSize, moves: int) -> list[float]:
    """Milliseconds from a finger's move event arriving to the frame that follows it painted."""
    from PySide6.QtCore import QEvent, QPointF, Qt
    from PySide6.QtGui import QMouseEvent

    from kiosk.ui.visit.touch import SwipeInput

    player, runner = _player(deck, size)
    player.autoplay = False
    swipe = SwipeInput(player)
    player.set_browsing(True)  # a visitor: the slides on both sides are kept ready
    count = len(deck.slides)
    _wait(lambda: all(player.frames.get(i % count) is not None for i in (1, -1)))
    app = application()
    left, none = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier

    def send(kind: QEvent.Type, x: float, buttons: Qt.MouseButton) -> None:
        pos = QPointF(x, size.height() / 2)
        app.sendEvent(player, QMouseEvent(kind, pos, pos, left, buttons, none))

    times: list[float] = []
    middle = size.width() / 2
    send(QEvent.Type.MouseButtonPress, middle, left)
    send(QEvent.Type.MouseMove, middle - 40, left)  # past the slop: the slide follows now
    for i in range(moves):
        painted = player.paint_count
        start = time.perf_counter()
        send(QEvent.Type.MouseMove, middle - 40 - (i % 20) * 8, left)
        while player.paint_count == painted:
            app.processEvents()
        times.append((time.perf_counter() - start) * 1000)
    send(QEvent.Type.MouseButtonRelease, middle - 40, Qt.MouseButton.NoButton)
    del swipe
    _dispose(player, runner)
    return times


def measure_saves(count: int) -> list[float]:
    """Milliseconds for each durable save of a typical message."""
    from kiosk.messages.store import MessageStore

    with tempfile.TemporaryDirectory() as folder:
        store = MessageStore(Path(folder), "bench")
        times = []
        for i in range(count):
            start = time.perf_counter()
            store.add({"message": f"Praying for you all, message {i}. " * 6, "name": "Ana",
                       "email": None, "contact_ok": False, "topic": "prayer"})
            times.append((time.perf_counter() - start) * 1000)
        store.close()
    return times


def measure_open_100k() -> float:
    """Seconds to open a store that holds 100,000 messages (with its start-up check)."""
    from kiosk.messages.store import MessageStore

    with tempfile.TemporaryDirectory() as folder:
        from kiosk.messages.benchdata import fill_store

        fill_store(Path(folder), 100_000)
        start = time.perf_counter()
        store = MessageStore(Path(folder), "bench")
        assert store.count() == 100_000
        elapsed = time.perf_counter() - start
        store.close()
    return elapsed


def measure_sync(count: int) -> float:
    """Seconds to deliver ``count`` messages to a webhook on this machine (batches of 100):
    a sink that only counts what it is sent, so the kiosk's side is what is measured."""
    import json
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from kiosk.messages.store import MessageStore
    from kiosk.sync.runner import SyncRunner
    from kiosk.sync.targets import WebhookTarget

    received: set[str] = set()

    class Sink(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.update(m["id"] for m in json.loads(body)["messages"])
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *_args: object) -> None:
            pass

    with tempfile.TemporaryDirectory() as folder:
        from kiosk.messages.benchdata import fill_store

        fill_store(Path(folder), count)
        server = ThreadingHTTPServer(("127.0.0.1", 0), Sink)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        store = MessageStore(Path(folder), "bench")
        target = WebhookTarget(f"http://127.0.0.1:{server.server_port}/", "token", "secret")
        runner = SyncRunner(store, [target], "bench", batch_size=100)
        start = time.perf_counter()
        runner.run_once(force=True)
        elapsed = time.perf_counter() - start
        server.shutdown()
        server.server_close()
        store.close()
        if len(received) != count:
            raise RuntimeError(f"sync delivered {len(received)} of {count}")
    return elapsed


def measure_export(count: int) -> dict[str, tuple[float, float]]:
    """For each format: seconds and peak resident MB of `kiosk export` in its own process
    (the peak of that process alone: /proc's VmHWM, not the parent it was forked from) for
    ``count`` messages of 1,000 characters in several scripts, as a season gathers them."""
    from kiosk.messages.benchdata import fill_store, run_measured, season_fields

    results = {}
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "data"
        data.mkdir()
        fill_store(data, count, fields=season_fields(count), season_days=120)
        if hasattr(os, "sync"):
            os.sync()  # the store on the disk first: no export waits for its writing
        for fmt in ("csv", "json", "xlsx"):
            start = time.perf_counter()
            done, peak = run_measured(["export", "--data-dir", str(data), "--format", fmt,
                                       "--out", str(Path(folder) / f"out.{fmt}")])
            if done.returncode != 0:
                raise RuntimeError(f"kiosk export --format {fmt} failed: {done.stderr}")
            results[fmt] = (time.perf_counter() - start, peak)
    return results


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


def measure_memory(deck: Deck, first: int, second: int) -> tuple[float, float]:
    """Resident MB after ``first`` transitions, and its growth by ``second`` transitions."""
    player, runner = _player(deck, QSize(1280, 720), speed=500.0)
    changes = [0]
    player.slide_changed.connect(lambda _i: changes.__setitem__(0, changes[0] + 1))
    _wait(lambda: changes[0] >= first, timeout_s=600)
    after_first = rss_mb()
    _wait(lambda: changes[0] >= second, timeout_s=1800)
    after_second = rss_mb()
    _dispose(player, runner)
    return after_first, after_second - after_first


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
    from kiosk.ui.tools.bench_fleet import measure_publish_to_play  # (it imports this module)

    figures["publish_to_play_s"] = measure_publish_to_play(2 if quick else 5, _make_photo)
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
