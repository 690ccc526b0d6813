"""The menu entries as the desktop reads them: valid by desktop-file-validate, and started by
GLib (`gio launch`, and `gtk-launch` finding them by name in the user's applications folder)
with the program's path intact, however odd the folder's name."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kiosk.platform.menu_entries import KIOSK, STUDIO, Here, install

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux menus")

#: A folder name with the characters the Exec line must quote or escape (but %: GLib looks for
#: the program before it reads %% as %, and finds no folder named with two).
ODD = "my kiosk's \"ready\" $HOME `folder` \\ (a;b) ~ |&<>*?#"


def needs(*tools: str) -> None:
    missing = [tool for tool in tools if shutil.which(tool) is None]
    if missing:
        if os.environ.get("CI"):  # .ci/run installs them: there a missing tool is a failure
            pytest.fail(f"missing on CI: {', '.join(missing)}")
        pytest.skip(f"needs {', '.join(missing)} (apt install desktop-file-utils "
                    "libglib2.0-bin libgtk-3-bin xvfb)")


def ready_made(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A ready-made folder whose programs write down how they were started, its entries in
    the menu of a home of its own; returns the folder and the environment."""
    folder = tmp_path / ODD
    folder.mkdir()
    for name in ("kiosk", STUDIO.name, KIOSK.name):
        program = folder / name
        program.write_text('#!/bin/sh\nprintf "%s\\n" "$0" "$@" > "$KIOSK_STARTED.part"\n'
                           'mv "$KIOSK_STARTED.part" "$KIOSK_STARTED"\n', encoding="utf-8")
        program.chmod(0o755)
    env = {**os.environ, "HOME": str(tmp_path / "home"),
           "XDG_DATA_HOME": str(tmp_path / "home" / "data"),
           "XDG_DATA_DIRS": str(tmp_path / "none"), "KIOSK_STARTED": str(tmp_path / "started")}
    install(Here("linux", folder / "kiosk", frozen=True), home=tmp_path / "home", env=env)
    return folder, env


def started(env: dict[str, str]) -> list[str]:
    """How the program was started: it runs on its own, once the launcher has returned."""
    marker = Path(env["KIOSK_STARTED"])
    end = time.monotonic() + 30
    while not marker.exists():
        if time.monotonic() > end:
            pytest.fail("the program was not started")
        time.sleep(0.05)
    return marker.read_text(encoding="utf-8").splitlines()


def test_the_entries_are_valid_desktop_entries(tmp_path: Path) -> None:
    needs("desktop-file-validate")
    _folder, env = ready_made(tmp_path)
    entries = sorted((Path(env["XDG_DATA_HOME"]) / "applications").glob("*.desktop"))
    assert len(entries) == 2
    done = subprocess.run(["desktop-file-validate", *map(str, entries)], capture_output=True,
                          text=True, timeout=60)
    assert (done.returncode, done.stdout + done.stderr) == (0, "")


def test_gio_starts_the_program_the_entry_names(tmp_path: Path) -> None:
    needs("gio")
    folder, env = ready_made(tmp_path)
    entry = Path(env["XDG_DATA_HOME"]) / "applications" / f"{STUDIO.entry_id}.desktop"
    done = subprocess.run(["gio", "launch", str(entry)], env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert started(env) == [str(folder / STUDIO.name)]


def test_gtk_launch_finds_the_entry_by_its_name(tmp_path: Path) -> None:
    needs("gtk-launch", "xvfb-run")  # gtk-launch opens the display before it starts anything
    folder, env = ready_made(tmp_path)
    done = subprocess.run(["xvfb-run", "-a", "gtk-launch", KIOSK.entry_id], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert started(env) == [str(folder / KIOSK.name)]
