"""`kiosk bench`'s video figures: the processor time of the player showing a looping 1080p
video, and how many of its frames never reached the screen. The clip is made here with the
ffmpeg of imageio-ffmpeg (the test extra) or the system's; tools/video_peer.py plays the same
clip with mpv and ffplay for comparison."""

from __future__ import annotations

import json
import resource
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QEventLoop, QSize, QTimer

from kiosk.content import load_deck
from kiosk.ui import media
from kiosk.ui.player.player import Player
from kiosk.ui.tasks import TaskRunner

SIZE, FPS, CLIP_SECONDS = (1920, 1080), 30, 10.0


def ffmpeg() -> str | None:
    """The ffmpeg program: imageio-ffmpeg's, else the system's (None: neither)."""
    try:
        import imageio_ffmpeg
    except ImportError:
        return shutil.which("ffmpeg")
    return str(imageio_ffmpeg.get_ffmpeg_exe())


def make_clip(path: Path, program: str) -> Path:
    """A moving test picture with a little film grain (as from a camera: every frame
    changes) at about 6 Mbit/s, GOP 2 s, and a tone: like a short video made for a booth."""
    width, height = SIZE
    path.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [program, "-v", "error", "-y",
         "-f", "lavfi", "-i", f"testsrc2=size={width}x{height}:rate={FPS}:"
                              f"duration={CLIP_SECONDS},noise=alls=12:allf=t",
         "-f", "lavfi", "-i", f"sine=frequency=440:duration={CLIP_SECONDS}",
         "-c:v", "libx264", "-preset", "veryfast", "-profile:v", "high", "-pix_fmt", "yuv420p",
         "-b:v", "6M", "-maxrate", "8M", "-bufsize", "12M", "-g", str(2 * FPS),
         "-c:a", "aac", "-b:a", "128k", "-shortest", "-movflags", "+faststart", str(path)],
        check=True, timeout=600)
    return path


def _cpu_s() -> float:
    """Processor seconds of this process, every thread (the decoder's too)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _run_for(ms: int) -> None:
    """Let the application run ``ms`` milliseconds (the benchmark's own event loop)."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def measure_video(seconds: float = 30.0) -> dict[str, float]:
    """``video_1080p_cpu_s`` (processor seconds over ``seconds`` of a looping 1080p30 H.264
    video on a 1920x1080 player) and ``video_dropped_frames`` (the frames the video had in
    that time that were never painted); empty without the media extra or an ffmpeg."""
    program = ffmpeg()
    if not media.available() or program is None:
        return {}
    with tempfile.TemporaryDirectory() as folder:
        make_clip(Path(folder) / "clip.mp4", program)
        slide = {"type": "video", "id": "clip", "video": "clip.mp4", "loop": True,
                 "duration": 600}
        (Path(folder) / "deck.yaml").write_text(json.dumps(
            {"title": "Bench", "slides": [slide]}), encoding="utf-8")
        deck = load_deck(Path(folder)).deck
        assert deck is not None
        runner = TaskRunner()
        player = Player(runner)
        player.resize(QSize(*SIZE))
        player.show()
        player.set_deck(deck)
        _run_for(3000)  # the first frames, and the decoder's start
        cpu, paints, start = _cpu_s(), player.paint_count, time.monotonic()
        _run_for(round(seconds * 1000))
        cpu, paints = _cpu_s() - cpu, player.paint_count - paints
        expected = FPS * (time.monotonic() - start)
        player.set_deck(deck)  # (leaves the video)
        player.close()
        runner.wait()
    return {"video_1080p_cpu_s": cpu, "video_dropped_frames": max(0.0, expected - paints)}
