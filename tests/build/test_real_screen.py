"""The installed `kiosk` on a real X screen (Xvfb with a window manager, Qt's xcb plugin, not
the offscreen one every other test uses): its window shows, a drag changes the slide, Esc
and the window's close leave it running, and the staff shortcut opens the PIN pad."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

TOOLS = ("Xvfb", "openbox", "xdotool", "wmctrl")
W, H = 1280, 720

#: Grabs the whole X screen with Qt's xcb plugin and saves it as a PNG (argv[1]).
GRAB = ("import sys\nfrom PySide6.QtGui import QGuiApplication\n"
        "app = QGuiApplication(sys.argv[:1])\n"
        "app.primaryScreen().grabWindow(0).save(sys.argv[1])\n")


def _needed() -> None:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        if os.environ.get("CI"):  # .ci/run installs them: there a missing tool is a failure
            pytest.fail(f"missing on CI: {', '.join(missing)}")
        pytest.skip(f"needs {', '.join(missing)} (.ci/run installs them)")


def _until(what: str, check: Callable[[], bool], seconds: float = 30.0) -> None:
    """Look again until ``check()`` holds (another process is being watched: no signal to
    wait on); fail with ``what`` once ``seconds`` have passed."""
    end = time.monotonic() + seconds
    while not check():
        if time.monotonic() > end:
            pytest.fail(f"timed out waiting until {what}")
        time.sleep(0.05)


@pytest.fixture
def screen(tmp_path: Path) -> Iterator[dict[str, str]]:
    """A private X display with a window manager; everything started is ended by PID."""
    _needed()
    read, write = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", f"{W}x{H}x24",
                             "-nolisten", "tcp", "-noreset"], pass_fds=(write,),
                            stderr=subprocess.DEVNULL)
    os.close(write)
    started = [xvfb]
    try:
        with os.fdopen(read) as fd:
            number = fd.readline().strip()
        assert number, "Xvfb did not start"
        env = {k: v for k, v in os.environ.items()
               if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY", "KIOSK_CONTENT")}
        env.update(DISPLAY=f":{number}", QT_QPA_PLATFORM="xcb",
                   KIOSK_DATA_DIR=str(tmp_path / "data"), KIOSK_CONFIG=str(tmp_path / "k.yaml"),
                   HOME=str(tmp_path))
        started.append(subprocess.Popen(["openbox"], env=env, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL))
        _until("the window manager runs", lambda: _run(env, "wmctrl", "-m").returncode == 0)
        yield env
    finally:
        for process in reversed(started):
            _end(process)


def _end(process: subprocess.Popen[str] | subprocess.Popen[bytes], seconds: float = 20) -> None:
    """End a process this test started, by its PID: asked first, then told."""
    process.terminate()
    try:
        process.wait(seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _run(env: dict[str, str], *command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)


def _grab(env: dict[str, str], path: Path) -> list[int]:
    """The screen's pixels on a coarse grid (enough to tell one slide from another)."""
    from PySide6.QtGui import QImage

    done = subprocess.run([sys.executable, "-c", GRAB, str(path)], env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    image = QImage(str(path))
    return [image.pixel(x, y) for x in range(8, image.width(), 32)
            for y in range(8, image.height(), 32)]


def _settled(env: dict[str, str], path: Path) -> list[int]:
    """The screen once two grabs in a row are the same (nothing moving on it)."""
    grabs = [_grab(env, path)]

    def still() -> bool:
        grabs.append(_grab(env, path))
        return grabs[-1] == grabs[-2]

    _until("the screen is still", still)
    return grabs[-1]


def _differs(a: list[int], b: list[int]) -> float:
    return sum(1 for p, q in zip(a, b, strict=True) if p != q) / len(a)


def _kiosk_command() -> list[str]:
    installed = Path(sys.executable).parent / ("kiosk.exe" if os.name == "nt" else "kiosk")
    return [str(installed)] if installed.exists() else [sys.executable, "-m", "kiosk"]


def test_the_kiosk_on_a_real_x_screen(screen: dict[str, str], tmp_path: Path) -> None:
    from kiosk.staff.pin import StaffAuth

    env = screen
    StaffAuth(Path(env["KIOSK_DATA_DIR"])).set_pin("2468")  # a booth set up: locked down
    log = (tmp_path / "kiosk.err").open("w+")
    kiosk = subprocess.Popen(_kiosk_command(), env=env, stdout=subprocess.DEVNULL, stderr=log)
    try:
        def windows() -> list[str]:
            found = _run(env, "xdotool", "search", "--onlyvisible", "--pid", str(kiosk.pid))
            return found.stdout.split()

        _until("the kiosk's window is visible", lambda: bool(windows()) or
               kiosk.poll() is not None)
        assert kiosk.poll() is None, f"the kiosk ended ({kiosk.returncode}): {_said(log)}"
        window = windows()[0]
        _until("the first slide is painted", lambda: len(set(_grab(env, tmp_path / "a.png")))
               > 20)

        # A touch wakes it (the attract loop stops), then a long drag moves to the next slide.
        _run(env, "xdotool", "mousemove", str(W // 2), str(H // 2), "click", "1")
        before = _settled(env, tmp_path / "before.png")  # the controls have faded in
        _run(env, "xdotool", "mousemove", "1100", "360", "mousedown", "1",
             *[arg for x in range(1000, 150, -100) for arg in ("mousemove", str(x), "360")],
             "mouseup", "1")
        _until("the slide changes", lambda: _differs(before, _grab(env, tmp_path / "b.png"))
               > 0.3)

        # Esc and the window manager's close are refused: the kiosk runs on, still shown.
        _run(env, "xdotool", "key", "--window", window, "Escape")
        _run(env, "wmctrl", "-i", "-c", window)
        # The staff shortcut, after them in the same queue: once the PIN pad is open, the
        # two before it have been handled.
        _run(env, "xdotool", "key", "ctrl+alt+s")
        _until("the staff PIN pad opens", lambda: "staff PIN pad opened" in _said(log))
        assert kiosk.poll() is None, _said(log)
        assert window in windows()
        kiosk.terminate()  # as a booth PC shutting down does: the kiosk says goodbye
        assert kiosk.wait(30) == 0 and "kiosk stopped (exit code 0)" in _said(log)
    finally:
        _end(kiosk)
        log.close()


def _said(log) -> str:  # type: ignore[no-untyped-def]
    log.flush()
    log.seek(0)
    return str(log.read())


#: A player drawing through OpenGL (Mesa's software renderer here: correctness, not speed):
#: a fade from red to blue held halfway, read back from the surface's own framebuffer.
GPU_FADE = """\
import json, sys, time
from pathlib import Path
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
from kiosk.content import load_deck
from kiosk.ui.player.player import Player
from kiosk.ui.tasks import TaskRunner

def until(check):
    end = time.monotonic() + 30
    while not check() and time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)

player = Player(TaskRunner(), speed=0.001)
player.resize(320, 180)
player.use_gpu()
player.show()
player.set_autoplay(False)
player.set_deck(load_deck(Path(sys.argv[1])).deck)
until(lambda: player.index == 0 and player.frames.get(1) is not None)
surface = player.surface
red = QColor(surface.grabFramebuffer().pixel(160, 90)).getRgb()[:3] if surface else None
player.go_to(1, "fade")
until(lambda: player.transitioning)
player.hold_transition(0.5)
mid = QColor(surface.grabFramebuffer().pixel(160, 90)).getRgb()[:3] if surface else None
print(json.dumps({"valid": bool(surface and surface.isValid()), "red": red, "mid": mid}))
player.wait_for_workers()
"""


def test_the_gpu_path_blends_a_fade_through_opengl(screen: dict[str, str],
                                                    tmp_path: Path) -> None:
    from tests.decks import write_deck

    deck = write_deck(tmp_path / "deck", "- {type: image, id: red, image: red.png}\n"
                      "- {type: image, id: blue, image: blue.png}\n",
                      images={"red.png": (220, 20, 20), "blue.png": (20, 20, 220)})
    done = subprocess.run([sys.executable, "-c", GPU_FADE, str(deck)], env=screen,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["valid"], done.stderr  # an OpenGL context, and the surface kept
    assert seen["red"][0] > 180 and seen["red"][2] < 60, seen
    r, g, b = seen["mid"]
    assert 90 < r < 150 and 90 < b < 150 and g < 50, seen  # red and blue, half and half
