"""Before Qt starts: a desktop that lacks a library Qt's X11 plugin needs gets one plain line
(which package to install), and the self-test loads the platform plugin the kiosk will use."""

from __future__ import annotations

import ctypes.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.ui.platform.display import (
    NO_SCREEN,
    ScreenUnavailable,
    check_screen,
    missing_libraries,
    platform_wanted,
)
from tests.decks import ROOT


def _refuse(name: str):  # type: ignore[no-untyped-def]
    def load(_path: str) -> object:
        raise OSError(f"{name}: cannot open shared object file: No such file or directory")
    return load


def _plugins(tmp_path: Path) -> Path:
    (tmp_path / "platforms").mkdir(parents=True)
    (tmp_path / "platforms" / "libqxcb.so").write_bytes(b"")
    return tmp_path


def test_the_platform_qt_will_load() -> None:
    assert platform_wanted({"QT_QPA_PLATFORM": "offscreen"}, "linux") == "offscreen"
    assert platform_wanted({"QT_QPA_PLATFORM": "xcb:dpi=96"}, "linux") == "xcb"
    assert platform_wanted({"DISPLAY": ":0"}, "linux") == "xcb"
    assert platform_wanted({"XDG_SESSION_TYPE": "wayland", "WAYLAND_DISPLAY": "wayland-0"},
                           "linux") == "wayland"
    assert platform_wanted({}, "win32") == "windows"


LDD = """\
\tlinux-vdso.so.1 (0x00007ffc)
\tlibQt6XcbQpa.so.6 => /opt/Qt/lib/libQt6XcbQpa.so.6 (0x00007f5e)
\tlibxcb-cursor.so.0 => not found
\tlibxcb-icccm.so.4 => not found
\tlibxcb.so.1 => /lib/x86_64-linux-gnu/libxcb.so.1 (0x00007f5d)
"""


def _no_ldd(_plugin: Path) -> str:
    return ""


def test_a_missing_xcb_library_names_the_package(tmp_path: Path) -> None:
    plugins = _plugins(tmp_path)
    with pytest.raises(ScreenUnavailable, match=r"sudo apt install libxcb-cursor0$"):
        check_screen({"DISPLAY": ":0"}, "linux", plugins, _refuse("libxcb-cursor.so.0"),
                     _no_ldd)
    with pytest.raises(ScreenUnavailable, match=r"libxcb-made-up\.so\.9 is missing"):
        check_screen({"DISPLAY": ":0"}, "linux", plugins,
                     _refuse("/usr/lib/libxcb-made-up.so.9"), _no_ldd)
    with pytest.raises(ScreenUnavailable, match="DISPLAY is not set"):
        check_screen({}, "linux", plugins, lambda _path: None, _no_ldd)
    # Not asked on Windows, offscreen or Wayland; Qt's own libraries are left to Qt.
    for env, system in (({}, "win32"), ({"QT_QPA_PLATFORM": "offscreen"}, "linux"),
                        ({"XDG_SESSION_TYPE": "wayland", "WAYLAND_DISPLAY": "w"}, "linux")):
        check_screen(env, system, plugins, _refuse("libxcb-cursor.so.0"), _no_ldd)
    assert missing_libraries(plugins / "platforms" / "libqxcb.so",
                             _refuse("libQt6XcbQpa.so.6"), _no_ldd) == []


def test_every_missing_library_is_named_at_once(tmp_path: Path) -> None:
    """A minimal system lacks several: one line names every package, not one per try."""
    with pytest.raises(ScreenUnavailable,
                       match=r"install with: sudo apt install libxcb-cursor0 libxcb-icccm4$"):
        check_screen({"DISPLAY": ":0"}, "linux", _plugins(tmp_path),
                     _refuse("libxcb-cursor.so.0"), lambda _plugin: LDD)


def _hidden_cursor_library() -> Path | None:
    """Where this machine's libxcb-cursor is, if it has one to hide."""
    if ctypes.util.find_library("xcb-cursor") is None:
        return None
    for folder in ("/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64",
                   "/usr/lib"):
        path = Path(folder) / "libxcb-cursor.so.0"
        if path.exists():
            return path.resolve()
    return None


def _without_cursor_library(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run `kiosk ARGS` on X11 with libxcb-cursor hidden (an empty file mounted over it, in a
    mount namespace of the child's own), as on a desktop that never installed it."""
    library = _hidden_cursor_library()
    if library is None:
        pytest.skip("libxcb-cursor0 is not installed here: nothing to hide")
    if subprocess.run(["unshare", "--mount", "true"], capture_output=True).returncode != 0:
        pytest.skip("this machine cannot make a private mount namespace (unshare --mount)")
    empty = tmp_path / "empty"
    empty.write_bytes(b"")
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    env.update(DISPLAY=":99", PYTHONPATH=str(ROOT), KIOSK_DATA_DIR=str(tmp_path / "data"))
    script = 'mount --bind "$1" "$2" && shift 2 && exec "$@"'
    return subprocess.run(["unshare", "--mount", "sh", "-c", script, "sh", str(empty),
                           str(library), sys.executable, "-m", "kiosk", *args],
                          capture_output=True, text=True, env=env, timeout=120)


def test_the_kiosk_says_which_package_is_missing_instead_of_aborting(tmp_path: Path) -> None:
    done = _without_cursor_library(tmp_path, "--windowed")
    assert done.returncode == NO_SCREEN, done.stderr
    last = done.stderr.strip().splitlines()[-1]
    assert last.endswith("install with: sudo apt install libxcb-cursor0"), done.stderr
    assert "Reinstalling" not in done.stderr and "Traceback" not in done.stderr


def test_the_self_test_fails_without_the_library_the_screen_needs(tmp_path: Path) -> None:
    done = _without_cursor_library(tmp_path, "--self-test")
    assert done.returncode == 1, done.stdout + done.stderr
    screen = next(line for line in done.stdout.splitlines() if "screen" in line)
    assert "FAIL" in screen and "sudo apt install libxcb-cursor0" in screen
    assert done.stdout.strip().endswith("self-test failed: 1 problem(s)")
