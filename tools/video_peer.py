"""What other players spend to play the same video: a yardstick for the kiosk's own figure.

A 1080p, 30 frames a second H.264 video of 10 s (with AAC sound, as a real one has) plays in a
loop for 30 s in mpv (its x11 and xv outputs) and in ffplay (SDL's OpenGL and software
renderers), each drawing to a real X screen, three times each; the table gives, for each
player, the median of the processor seconds it used (user + system, all its threads) and of the
frames it dropped, where it says. The sound is decoded and thrown away (no sound card is
needed), as the kiosk's attract loop plays muted.

Run: python tools/video_peer.py [--video FILE] [--seconds 30] [--runs 3] [--kiosk-json FILE]

  --video FILE       play this file; made there first when it does not exist (by default the
                     video is made in a temporary folder and removed afterwards)
  --kiosk-json FILE  the output of `kiosk bench --json`: its video_1080p_cpu_s and
                     video_dropped_frames are shown beside the players' figures

Needs: mpv and ffplay (Debian: sudo apt install mpv ffmpeg), and Xvfb when DISPLAY is not set
(it is then started for the run and stopped after it). The video is encoded with the ffmpeg
program of imageio-ffmpeg (a test dependency), else the one on PATH. Where an output is not
available (Xvfb has no XVideo, so mpv's xv output does not start there), its row says so.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from kiosk.ui.tools.bench_video import CLIP_SECONDS, FPS, SIZE, ffmpeg
from kiosk.ui.tools.bench_video import make_clip as make_bench_clip


def make_clip(path: Path) -> Path:
    """The clip `kiosk bench` plays (its video figures are of the same file)."""
    program = ffmpeg()
    if program is None:
        sys.exit("needs imageio-ffmpeg (pip install imageio-ffmpeg) or ffmpeg on PATH")
    return make_bench_clip(path, program)


def cpu_seconds(pid: int) -> float:
    """User + system processor seconds of a running process (all its threads)."""
    try:
        import psutil
    except ImportError:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    times = psutil.Process(pid).cpu_times()
    return float(times.user + times.system)


@dataclass
class Run:
    cpu_s: float | None  # None: the player did not play
    dropped: int | None  # None: the player does not say
    note: str = ""


class Player:
    """One way of playing: the command, and how to read the frames it dropped."""

    name = ""

    def command(self, video: Path, work: Path) -> list[str]:
        raise NotImplementedError

    def env(self) -> dict[str, str]:
        return {}

    def dropped(self, work: Path) -> int | None:
        """Asked while the player still plays (mpv answers on its socket)."""
        return None

    def dropped_after(self, log: Path) -> int | None:
        """Read once the player has ended (ffplay writes it in its status line)."""
        return None


class Mpv(Player):
    def __init__(self, output: str) -> None:
        self.output = output
        self.name = f"mpv --vo={output}"

    def command(self, video: Path, work: Path) -> list[str]:
        return ["mpv", "--no-config", f"--vo={self.output}", "--ao=null", "--hwdec=no",
                "--loop-file=inf", "--no-osc", "--osd-level=0", "--geometry=0:0",
                "--no-input-default-bindings", f"--input-ipc-server={work / 'mpv.sock'}",
                str(video)]

    def dropped(self, work: Path) -> int | None:
        counts = [_mpv_property(work / "mpv.sock", p)
                  for p in ("frame-drop-count", "decoder-frame-drop-count")]
        return None if None in counts else sum(c for c in counts if c is not None)


class Ffplay(Player):
    def __init__(self, renderer: str) -> None:
        self.renderer = renderer  # SDL's: opengl (Mesa's, in software on Xvfb) or software
        self.name = f"ffplay ({renderer})"

    def command(self, video: Path, work: Path) -> list[str]:
        return ["ffplay", "-hide_banner", "-loglevel", "info", "-stats", "-loop", "0",
                "-autoexit", "-left", "0", "-top", "0", "-noborder", str(video)]

    def env(self) -> dict[str, str]:
        return {"SDL_AUDIODRIVER": "dummy",  # decodes the sound at its pace, plays none
                "SDL_RENDER_DRIVER": self.renderer}

    def dropped_after(self, log: Path) -> int | None:
        """The last status line's ``fd=`` (frames dropped, early and late)."""
        text = log.read_text(errors="replace").replace("\r", "\n")
        counts = [line.split("fd=")[1].split()[0] for line in text.splitlines()
                  if "fd=" in line]
        return int(counts[-1]) if counts and counts[-1].isdigit() else None


def _mpv_property(sock: Path, name: str) -> int | None:
    try:
        with socket.socket(socket.AF_UNIX) as s:
            s.settimeout(5)
            s.connect(str(sock))
            s.sendall(json.dumps({"command": ["get_property", name],
                                  "request_id": 1}).encode() + b"\n")
            for line in s.makefile(encoding="utf-8"):
                answer = json.loads(line)
                if answer.get("request_id") == 1:
                    data = answer.get("data")
                    return int(data) if answer.get("error") == "success" else None
    except (OSError, ValueError):
        return None
    return None


def _end(process: subprocess.Popen[bytes]) -> None:
    """End a process started here, by its PID: asked first, then told."""
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def play(player: Player, video: Path, seconds: float, env: dict[str, str]) -> Run:
    """Play for ``seconds`` of wall time; the processor seconds used by then."""
    with tempfile.TemporaryDirectory(prefix="video-peer-") as folder:
        work = Path(folder)
        log = work / "player.log"
        with log.open("wb") as out:
            process = subprocess.Popen(player.command(video, work), stdin=subprocess.DEVNULL,
                                       stdout=out, stderr=subprocess.STDOUT,
                                       env={**env, **player.env()})
            try:
                end = time.monotonic() + seconds
                while time.monotonic() < end and process.poll() is None:
                    time.sleep(0.2)
                if process.poll() is not None:
                    return Run(None, None, f"did not play: {_why(log)}")
                cpu = cpu_seconds(process.pid)
                dropped = player.dropped(work)
            finally:
                _end(process)
        return Run(cpu, dropped if dropped is not None else player.dropped_after(log))


def _why(log: Path) -> str:
    """The player's first complaint (mpv: "[vo/xv] No Xvideo support found.")."""
    lines = log.read_text(errors="replace").replace("\r", "\n").splitlines()
    said = [line for line in lines if any(w in line.lower() for w in ("error", "no ", "fail"))]
    return (said or lines[-1:] or ["no word"])[0].strip()[:60]


@contextmanager
def x_screen() -> Iterator[dict[str, str]]:
    """The environment to draw in: this one when it has a screen, else a private Xvfb."""
    env = {k: v for k, v in os.environ.items() if k != "WAYLAND_DISPLAY"}
    if os.environ.get("DISPLAY"):
        yield env
        return
    if shutil.which("Xvfb") is None:
        sys.exit("DISPLAY is not set and Xvfb is not installed (sudo apt install xvfb)")
    read, write = os.pipe()
    width, height = SIZE
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0",
                             f"{width}x{height}x24", "-nolisten", "tcp", "-noreset"],
                            pass_fds=(write,), stderr=subprocess.DEVNULL)
    os.close(write)
    try:
        with os.fdopen(read) as fd:
            number = fd.readline().strip()
        if not number:
            sys.exit("Xvfb did not start")
        yield {**env, "DISPLAY": f":{number}"}
    finally:
        _end(xvfb)


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def table(rows: list[tuple[str, list[Run]]], seconds: float,
          kiosk: dict[str, float] | None) -> str:
    """Median processor seconds, share of one core and frames dropped, one row a player."""
    lines = [f"{'player':<18} {'CPU s':>7} {'% core':>7} {'dropped':>8}  runs / note",
             "-" * 64]
    for name, runs in rows:
        played = [r for r in runs if r.cpu_s is not None]
        cpu = _median([r.cpu_s for r in played if r.cpu_s is not None])
        drops = _median([r.dropped for r in played if r.dropped is not None])
        notes = sorted({r.note for r in runs if r.note})
        each = " ".join(f"{r.cpu_s:.1f}" for r in played if r.cpu_s is not None)
        lines.append(f"{name:<18} {_cell(cpu, '.1f'):>7} "
                     f"{_cell(None if cpu is None else 100 * cpu / seconds, '.0f'):>7} "
                     f"{_cell(drops, '.0f'):>8}  {'; '.join([each, *notes]).strip('; ')}")
    if kiosk is not None:
        cpu, drops = kiosk.get("video_1080p_cpu_s"), kiosk.get("video_dropped_frames")
        lines.append(f"{'kiosk (bench)':<18} {_cell(cpu, '.1f'):>7} {'':>7} "
                     f"{_cell(drops, '.0f'):>8}  from kiosk bench --json")
    lines.append(f"(median of each player's runs; {seconds:g} s of a {SIZE[1]}p "
                 f"{FPS} fps H.264 video of {CLIP_SECONDS:g} s in a loop)")
    return "\n".join(lines)


def _cell(value: float | None, spec: str) -> str:
    return "-" if value is None else format(value, spec)


PLAYERS: list[Callable[[], Player]] = [lambda: Mpv("x11"), lambda: Mpv("xv"),
                                       lambda: Ffplay("opengl"), lambda: Ffplay("software")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--video", type=Path, help="the video to play (made there if absent)")
    parser.add_argument("--seconds", type=float, default=30.0, help="playing time of a run")
    parser.add_argument("--runs", type=int, default=3, help="runs of each player")
    parser.add_argument("--kiosk-json", type=Path, help="the output of kiosk bench --json")
    args = parser.parse_args(argv)
    kiosk = (json.loads(args.kiosk_json.read_text(encoding="utf-8"))
             if args.kiosk_json else None)
    missing = [p for p in ("mpv", "ffplay") if shutil.which(p) is None]
    if missing:
        sys.exit(f"needs {' and '.join(missing)} (Debian: sudo apt install mpv ffmpeg)")
    with tempfile.TemporaryDirectory(prefix="video-peer-clip-") as folder:
        video = args.video or Path(folder) / "clip-1080p30.mp4"
        if not video.exists():
            print(f"making {video} ...", flush=True)
            make_clip(video)
        rows = []
        with x_screen() as env:
            for make in PLAYERS:
                player = make()
                runs = []
                for n in range(args.runs):
                    print(f"{player.name}: run {n + 1} of {args.runs} ...", flush=True)
                    runs.append(play(player, video, args.seconds, env))
                rows.append((player.name, runs))
        print(table(rows, args.seconds, kiosk))
    return 0


if __name__ == "__main__":
    sys.exit(main())
