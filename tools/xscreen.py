"""A desktop of its own (Xvfb, openbox, a session bus, the accessibility bus) and a desk in
front of it: the mouse, the keyboard (xdotool) and screenshots, counted step by step."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from atspi import JourneyError, Screen, Widget, listen, until

SCREEN = (1920, 1080)
TOOLS = ("Xvfb", "openbox", "xdotool", "gtk-launch", "dbus-daemon")
LAUNCHER = ("/usr/libexec/at-spi-bus-launcher", "/usr/lib/at-spi2-core/at-spi-bus-launcher")


def missing_tools() -> list[str]:
    """The programs this needs that are not installed."""
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if not any(Path(p).exists() for p in LAUNCHER):
        missing.append("at-spi2-core (at-spi-bus-launcher)")
    return missing


class Session:
    """Xvfb, openbox, a session bus and the accessibility bus: a desktop for both PCs."""

    def __init__(self, run: Path) -> None:
        self.run = run
        self.processes: list[subprocess.Popen[bytes]] = []
        self.display = self._free_display()
        self.runtime = run / "runtime"
        self.runtime.mkdir(mode=0o700)
        self.a11y = ""  # the accessibility bus's address, once it runs

    @staticmethod
    def _free_display() -> str:
        n = 91
        while Path(f"/tmp/.X11-unix/X{n}").exists() or Path(f"/tmp/.X{n}-lock").exists():
            n += 1
        return f":{n}"

    def _start(self, args: list[str], env: dict[str, str], **kw: Any
               ) -> subprocess.Popen[bytes]:
        log = (self.run / f"{Path(args[0]).name}.log").open("ab")
        process = subprocess.Popen(args, env=env, stdout=kw.pop("stdout", log), stderr=log,
                                   **kw)
        self.processes.append(process)
        return process

    def start(self) -> dict[str, str]:
        base = {k: v for k, v in os.environ.items()
                if not k.startswith(("KIOSK_", "QT_", "XDG_", "DBUS_"))}
        base.update(DISPLAY=self.display, XDG_RUNTIME_DIR=str(self.runtime),
                    LANG="C.UTF-8", LC_ALL="C.UTF-8")
        width, height = SCREEN
        self._start(["Xvfb", self.display, "-screen", "0", f"{width}x{height}x24",
                     "-nolisten", "tcp"], base)
        until(lambda: _answers(["xdotool", "getdisplaygeometry"], base), "Xvfb", 15)
        bus = self._start(["dbus-daemon", "--session", "--nofork", "--print-address=1"],
                          base, stdout=subprocess.PIPE)
        assert bus.stdout is not None
        base["DBUS_SESSION_BUS_ADDRESS"] = bus.stdout.readline().decode().strip()
        self._start(["openbox", "--sm-disable"], base)
        # (a window manager sets the desktop's number: then it manages the windows)
        until(lambda: _answers(["xdotool", "get_desktop"], base), "openbox", 15)
        launcher = next((p for p in LAUNCHER if Path(p).exists()), None)
        if launcher is None:
            raise JourneyError("at-spi2-core's at-spi-bus-launcher is not installed")
        self._start([launcher, "--launch-immediately"], base)
        self.a11y = listen(base["DBUS_SESSION_BUS_ADDRESS"])
        return base

    def stop(self) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(5)
                except subprocess.TimeoutExpired:
                    process.kill()



def _answers(command: list[str], env: dict[str, str]) -> bool:
    return subprocess.run(command, env=env, capture_output=True).returncode == 0



@dataclass
class Tally:
    name: str
    seconds: float = 0.0
    clicks: int = 0
    keys: int = 0  # Enter, Tab, arrows, shortcuts
    typed: int = 0  # characters typed (a name, a PIN, a file's path)
    looking: float = 0.0  # of the seconds, the tool's own looking on the bus
    problem: str = ""



class Desk:
    """The X screen with a mouse and a keyboard, and what each step did on it."""

    def __init__(self, display: str, shots: Path) -> None:
        self.display, self.shots = display, shots
        self.tallies: list[Tally] = []
        self.notes: list[str] = []
        self.current = Tally("")
        self.screen: Screen | None = None

    def _xdotool(self, *args: str) -> None:
        subprocess.run(["xdotool", *args], check=True, env={**os.environ,
                                                           "DISPLAY": self.display})

    def click(self, widget: Widget) -> None:
        x, y = widget.centre
        self._xdotool("mousemove", "--sync", str(x), str(y), "click", "1")
        self.current.clicks += 1
        time.sleep(0.1)

    def hold(self, widget: Widget, seconds: float) -> None:
        """A finger held on the window's top-left corner."""
        x, y = widget.box[:2]
        self._xdotool("mousemove", "--sync", str(x + 4), str(y + 4), "mousedown", "1")
        time.sleep(seconds)
        self._xdotool("mouseup", "1")
        self.current.clicks += 1

    def key(self, *combos: str) -> None:
        for combo in combos:
            self._xdotool("key", "--clearmodifiers", combo)
            self.current.keys += 1
        time.sleep(0.1)

    def type(self, text: str) -> None:
        self._xdotool("type", "--delay", "30", "--", text)
        self.current.typed += len(text)
        time.sleep(0.1)

    def shot(self, name: str, box: tuple[int, int, int, int] | None = None) -> Path:
        from PySide6.QtGui import QGuiApplication

        picture = QGuiApplication.primaryScreen().grabWindow(0)
        if box is not None:
            picture = picture.copy(*box)
        path = self.shots / f"{name}.png"
        picture.save(str(path))
        return path

    @contextmanager
    def step(self, name: str) -> Iterator[Tally]:
        """One step of the journey, timed and counted; a failure is noted, with a
        screenshot, and the journey goes on."""
        self.current = tally = Tally(name)
        assert self.screen is not None
        looked, began = self.screen.spent, time.monotonic()
        print(f"-- {name}", flush=True)
        try:
            yield tally
        except Exception as exc:  # the journey goes on, and says what failed
            tally.problem = f"{exc}" or type(exc).__name__
            print(f"   FAILED: {exc}", flush=True)
            traceback.print_exc(limit=3)
            self.shot(f"failed-{len(self.tallies) + 1:02d}")
        finally:
            tally.seconds = time.monotonic() - began
            tally.looking = self.screen.spent - looked
            self.tallies.append(tally)
            print(f"   {tally.seconds:.1f} s, {tally.clicks} click(s), {tally.keys} key(s), "
                  f"{tally.typed} character(s) typed", flush=True)

    def note(self, words: str) -> None:
        """Something seen on the way that a volunteer would trip on (the step went on)."""
        self.notes.append(f"{self.current.name}: {words}")
        print(f"   NOTE: {words}", flush=True)
