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
Lister = Callable[[Path], str]


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


def missing_libraries(plugin: Path, load: Loader = ctypes.CDLL,
                      ldd: Lister | None = None) -> list[str]:
    """The file names of the libraries ``plugin`` needs that will not load (all of them, if
    ``ldd`` can list them; else the first), or none. Qt's own are left to Qt (a bundled
    build finds them its own way)."""
    try:
        load(str(plugin))
    except OSError as exc:
        found = re.match(r"\s*([^:]+):", str(exc))
        first = Path(found.group(1)).name if found else ""
        listed = re.findall(r"^\s*(\S+) => not found", (ldd or _ldd)(plugin), re.MULTILINE)
        names = [n for n in dict.fromkeys([*listed, first])
                 if n and not n.startswith("libQt") and n != plugin.name]
        return names
    return []


def _ldd(plugin: Path) -> str:
    """What the system's ``ldd`` says of ``plugin`` (nothing if there is no ldd)."""
    import shutil  # (only when the plugin will not load: not at every start)
    import subprocess

    if shutil.which("ldd") is None:
        return ""
    try:
        return subprocess.run(["ldd", str(plugin)], capture_output=True, text=True,
                              timeout=20).stdout
    except (OSError, subprocess.SubprocessError):
        return ""


def _plugins_dir() -> Path:
    from PySide6.QtCore import QLibraryInfo

    return Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath))


def xcb_problem(plugins: Path | None = None, load: Loader = ctypes.CDLL,
                ldd: Lister | None = None) -> str | None:
    """What stops Qt's X11 plugin from loading, as one line for a person, or None."""
    plugin = (plugins or _plugins_dir()) / "platforms" / "libqxcb.so"
    if not plugin.exists():
        return None
    missing = missing_libraries(plugin, load, ldd)
    if not missing:
        return None
    packages = [PACKAGES[name] for name in missing if name in PACKAGES]
    unknown = [name for name in missing if name not in PACKAGES]
    said = (f"the system librar{'ies' if len(missing) > 1 else 'y'} {', '.join(missing)} "
            f"{'are' if len(missing) > 1 else 'is'} missing")
    if packages and not unknown:
        return (f"the screen cannot be used: {said}; install with: sudo apt install "
                f"{' '.join(packages)}")
    return (f"the screen cannot be used: {said} (Qt needs them to open a window on X11); "
            "install the packages that have them"
            + (f", starting with: sudo apt install {' '.join(packages)}" if packages else ""))


def check_screen(env: Mapping[str, str] | None = None, system: str | None = None,
                 plugins: Path | None = None, load: Loader = ctypes.CDLL,
                 ldd: Lister | None = None) -> None:
    """Raise :class:`ScreenUnavailable` with a plain answer if Qt could not open a window."""
    env = os.environ if env is None else env
    if platform_wanted(env, system) != "xcb":
        return
    problem = xcb_problem(plugins, load, ldd)
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
