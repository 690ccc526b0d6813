"""Can Qt open a window here? Asked before Qt starts: on a Linux desktop that lacks one of the
libraries Qt's X11 plugin needs, Qt itself aborts with "Reinstalling the application may fix
this problem"; the kiosk instead says in one line which package to install."""

from __future__ import annotations

import ctypes
import os
import re
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

#: The exit code of `kiosk` when it cannot use the screen (a library missing, no display).
NO_SCREEN = 4

#: Libraries Qt's xcb plugin loads, and the Debian/Ubuntu package that brings each.
PACKAGES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-xinput.so.0": "libxcb-xinput0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libOpenGL.so.0": "libopengl0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
}

Loader = Callable[[str], object]


class ScreenUnavailable(RuntimeError):
    """The kiosk cannot open a window here; the message says what to do about it."""


def platform_wanted(env: Mapping[str, str] | None = None, system: str | None = None) -> str:
    """The platform plugin Qt will load: ``QT_QPA_PLATFORM`` if set, else Qt's own choice."""
    env = os.environ if env is None else env
    system = sys.platform if system is None else system
    chosen = re.split(r"[:;]", env.get("QT_QPA_PLATFORM", ""))[0].strip()
    if chosen:
        return chosen
    if system.startswith("linux"):
        wayland = env.get("XDG_SESSION_TYPE") == "wayland" and env.get("WAYLAND_DISPLAY")
        return "wayland" if wayland else "xcb"
    return {"win32": "windows", "darwin": "cocoa"}.get(system, "")


def missing_library(plugin: Path, load: Loader = ctypes.CDLL) -> str | None:
    """The file name of the first library ``plugin`` needs that will not load, or None.
    Qt's own libraries are left to Qt (a bundled build finds them its own way)."""
    try:
        load(str(plugin))
    except OSError as exc:
        found = re.match(r"\s*([^:]+):", str(exc))
        name = Path(found.group(1)).name if found else ""
        if not name or name.startswith("libQt") or name == plugin.name:
            return None
        return name
    return None


def _plugins_dir() -> Path:
    from PySide6.QtCore import QLibraryInfo

    return Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath))


def xcb_problem(plugins: Path | None = None, load: Loader = ctypes.CDLL) -> str | None:
    """What stops Qt's X11 plugin from loading, as one line for a person, or None."""
    plugin = (plugins or _plugins_dir()) / "platforms" / "libqxcb.so"
    if not plugin.exists():
        return None
    missing = missing_library(plugin, load)
    if missing is None:
        return None
    package = PACKAGES.get(missing)
    if package:
        return (f"the screen cannot be used: the system library {missing} is missing; "
                f"install it with: sudo apt install {package}")
    return (f"the screen cannot be used: the system library {missing} is missing "
            "(Qt needs it to open a window on X11); install the package that has it")


def check_screen(env: Mapping[str, str] | None = None, system: str | None = None,
                 plugins: Path | None = None, load: Loader = ctypes.CDLL) -> None:
    """Raise :class:`ScreenUnavailable` with a plain answer if Qt could not open a window."""
    env = os.environ if env is None else env
    if platform_wanted(env, system) != "xcb":
        return
    problem = xcb_problem(plugins, load)
    if problem:
        raise ScreenUnavailable(problem)
    if not env.get("DISPLAY"):
        raise ScreenUnavailable(
            "the screen cannot be used: there is no X display here (DISPLAY is not set); "
            "start the kiosk from the desktop session, as its autostart does")


def probe() -> int:
    """Open the real platform plugin, as the kiosk will, and say what it found (run by the
    self-test in a process of its own: a plugin that fails may abort the process)."""
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication(sys.argv[:1])
    screen = app.primaryScreen()
    size = screen.size() if screen is not None else None
    where = f"{size.width()}x{size.height()} screen" if size is not None else "no screen"
    print(f"{app.platformName()} {where}")
    return 0
