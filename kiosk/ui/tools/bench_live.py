"""`kiosk bench`'s measures of a whole running kiosk, in a process of its own: the CPU of a
still slide, and the peak memory while a deck cycles at 4K (offscreen, Linux's /proc)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QSize

from kiosk.ui.main import FIRST_FRAME_PROBE

#: The probe's value that reports the first frame and lets the kiosk run on.
KEEP_RUNNING = "keep"
#: Seconds after the first slide by which start-up's one-off work is over.
START_UP_DONE_S = 8.0


def _deck(folder: Path, slides: list[dict[str, object]], duration: float) -> Path:
    """A deck in ``folder`` (JSON is YAML) on a plain dark theme."""
    deck = {"title": "Bench", "languages": ["en"], "duration": duration, "transition": "fade",
            "transition_seconds": 0.4, "slides": slides,
            "theme": {"background": "#123456", "surface": "#123456", "text": "#ffffff",
                      "muted": "#dddddd", "accent": "#e3a94f"}}
    (folder / "deck.yaml").write_text(json.dumps(deck), encoding="utf-8")
    return folder


def _text(i: int) -> dict[str, object]:
    return {"type": "text", "id": f"t{i}", "heading": f"Slide {i}",
            "body": "Words a visitor reads at a booth, sixty of them or so, in two lines. " * 4}


def _cpu_s(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _status_mb(pid: int, key: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _run(content: Path, size: QSize, then: float, settle: float = 2.0) -> tuple[float, float]:
    """Start the kiosk on ``content`` at ``size``; ``then`` seconds after its first slide
    (and ``settle`` seconds more): its CPU seconds over that time, and its peak resident MB."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", FIRST_FRAME_PROBE: KEEP_RUNNING}
    with tempfile.TemporaryDirectory() as data:
        config = Path(data) / "kiosk.yaml"
        config.write_text("keep_awake: false\n", encoding="utf-8")
        kiosk = subprocess.Popen(
            [sys.executable, "-m", "kiosk", "--windowed", "--size",
             f"{size.width()}x{size.height()}", "--content", str(content), "--data-dir", data,
             "--config", str(config)], env=env, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, text=True)
        try:
            assert kiosk.stdout is not None
            if not kiosk.stdout.readline().startswith("first-frame"):
                raise RuntimeError("the kiosk did not paint a slide")
            time.sleep(settle)
            start = _cpu_s(kiosk.pid)
            time.sleep(then)
            return _cpu_s(kiosk.pid) - start, _status_mb(kiosk.pid, "VmHWM")
        finally:
            kiosk.terminate()
            kiosk.wait(10)


def measure_still(seconds: float = 30.0) -> float:
    """CPU seconds a still slide costs over ``seconds`` (the attract loop, one long slide),
    once start-up's one-off work is done (the heap handed back 5 s after the first slide)."""
    with tempfile.TemporaryDirectory() as folder:
        cpu, _peak = _run(_deck(Path(folder), [_text(1)], 600), QSize(1920, 1080), seconds,
                          settle=START_UP_DONE_S)
    return cpu


def measure_peak_4k(seconds: float, make_photo: object) -> float:
    """Peak resident MB of the kiosk cycling five text slides and five photos a second,
    with 0.4-s fades, at 3840x2160. ``make_photo(path, size)`` writes a test photo."""
    with tempfile.TemporaryDirectory() as folder:
        slides: list[dict[str, object]] = []
        for i in range(5):
            photo = Path(folder) / f"p{i}.jpg"
            make_photo(photo, QSize(3840, 2160))  # type: ignore[operator]
            slides += [_text(i), {"type": "image", "id": f"p{i}", "image": photo.name,
                                  "fit": "fit", "credit": "bench",
                                  "alt": "a test pattern"}]
        _cpu, peak = _run(_deck(Path(folder), slides, 1), QSize(3840, 2160), seconds)
    return peak
