"""Kiosk Studio and Awareness Kiosk in this computer's menu, for this user. No Qt here.

Linux and other free desktops: one ``.desktop`` file each in ``$XDG_DATA_HOME/applications``
(``~/.local/share/applications``), as the Desktop Entry Specification says. Windows: one
shortcut each in the Start menu's Programs folder, written by Windows' own WScript.Shell through
PowerShell (no Python package needed). The entries start the programs of the ready-made folder
when this runs from it, else this Python's ``-m kiosk`` (a virtual environment's install).
``kiosk menu install`` and ``kiosk menu remove`` run :func:`menu_command`.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from kiosk.files import write_atomically
from kiosk.platform import paths

Runner = Callable[..., "subprocess.CompletedProcess[str]"]


@dataclass(frozen=True)
class Program:
    """One of the two programs a volunteer starts."""

    name: str  # in the menu, and the file's name in the ready-made folder
    entry_id: str  # the .desktop file's name (Qt names the kiosk's windows after it)
    comment: str
    icon: str  # assets/<icon>.png, .ico on Windows
    module: tuple[str, ...]  # how an install runs it: python -m <module ...>


KIOSK = Program("Awareness Kiosk", paths.APP_NAME,
                "Play the slides full screen and take visitors' messages", "icon",
                ("kiosk.entry_kiosk",))
STUDIO = Program("Kiosk Studio", f"{paths.APP_NAME}-studio",
                 "Make and change the kiosk's slides with a mouse", "icon-studio",
                 ("kiosk", "studio"))
PROGRAMS = (KIOSK, STUDIO)
CATEGORIES = "Office;Presentation;"
KEYWORDS = "slides;booth;kiosk;deck;"


class MenuError(Exception):
    """The menu cannot be changed (a plain sentence for the person who asked)."""


@dataclass(frozen=True)
class Here:
    """How this installation runs: the platform, this program or Python, and whether it is the
    ready-made (frozen) folder."""

    platform: str
    executable: Path
    frozen: bool

    @classmethod
    def now(cls) -> Here:
        return cls(sys.platform, Path(sys.executable), bool(getattr(sys, "frozen", False)))

    @property
    def windows(self) -> bool:
        return self.platform == "win32"


def program_file(program: Program, platform: str) -> str:
    """The program's file name in the ready-made folder."""
    return program.name + (".exe" if platform == "win32" else "")


def command(program: Program, here: Here) -> list[str]:
    """The command line that starts ``program``: the ready-made folder's program beside this
    one, else this Python (its windowless twin on Windows) with ``-m``."""
    if here.frozen:
        return [str(here.executable.parent / program_file(program, here.platform))]
    python = here.executable
    if here.windows and (python.parent / "pythonw.exe").exists():
        python = python.parent / "pythonw.exe"
    return [str(python), "-m", *program.module]


# ------------------------------------------------------------------------- Linux: .desktop
#: Characters that oblige an Exec argument to be quoted (Desktop Entry Specification).
RESERVED = frozenset(" \t\n\"'\\><~|&;$*?#()`")


def exec_argument(argument: str) -> str:
    """One argument of an Exec line: quoted if it must be, ``%`` doubled."""
    if argument and not RESERVED & set(argument):
        return argument.replace("%", "%%")
    escaped = "".join("\\" + c if c in '"`$\\' else c for c in argument)
    return '"' + escaped.replace("%", "%%") + '"'


def string_value(text: str) -> str:
    """A value of type string: backslashes, line breaks and tabs escaped (after quoting)."""
    out = text.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")
    out = out.replace("\r", "\\r")
    return "\\s" + out[1:] if out.startswith(" ") else out


def desktop_entry(program: Program, line: list[str], icon: Path) -> str:
    """The .desktop file that starts ``line``; TryExec hides it once the program is gone."""
    keys = {
        "Type": "Application", "Version": "1.4", "Name": program.name,
        "Comment": program.comment, "Exec": " ".join(exec_argument(a) for a in line),
        "TryExec": line[0], "Icon": str(icon), "Terminal": "false",
        "Categories": CATEGORIES, "Keywords": KEYWORDS, "StartupNotify": "true",
    }
    return "[Desktop Entry]\n" + "".join(f"{k}={string_value(v)}\n" for k, v in keys.items())


def applications_dir(home: Path, env: Mapping[str, str]) -> Path:
    """``$XDG_DATA_HOME/applications`` (an absolute XDG_DATA_HOME only, as the spec says)."""
    data = env.get("XDG_DATA_HOME", "")
    return (Path(data) if os.path.isabs(data) else home / ".local" / "share") / "applications"


def _desktop_files(home: Path, env: Mapping[str, str]) -> dict[Program, Path]:
    folder = applications_dir(home, env)
    return {p: folder / f"{p.entry_id}.desktop" for p in PROGRAMS}


# ------------------------------------------------------------------------- Windows: .lnk
#: Makes each shortcut described in the JSON list in KIOSK_SHORTCUTS.
POWERSHELL = """$ErrorActionPreference = 'Stop'
$shell = New-Object -ComObject WScript.Shell
foreach ($item in (ConvertFrom-Json $env:KIOSK_SHORTCUTS)) {
  $link = $shell.CreateShortcut($item.path)
  $link.TargetPath = $item.target
  $link.Arguments = $item.arguments
  $link.WorkingDirectory = $item.folder
  $link.IconLocation = $item.icon
  $link.Description = $item.comment
  $link.Save()
}
"""


def start_menu_dir(home: Path, env: Mapping[str, str]) -> Path:
    appdata = env.get("APPDATA") or str(home / "AppData" / "Roaming")
    return Path(appdata) / "Microsoft" / "Windows" / "Start Menu" / "Programs"


def _shortcuts(home: Path, env: Mapping[str, str]) -> dict[Program, Path]:
    folder = start_menu_dir(home, env)
    return {p: folder / f"{p.name}.lnk" for p in PROGRAMS}


def shortcut(program: Program, line: list[str], link: Path, home: Path,
             here: Here) -> dict[str, str]:
    """What WScript.Shell is told about one shortcut: the ready-made program shows its own
    icon, an install the .ico of the assets."""
    icon = line[0] if here.frozen else str(paths.assets_dir() / f"{program.icon}.ico")
    return {"path": str(link), "target": line[0],
            "arguments": subprocess.list2cmdline(line[1:]), "folder": str(home),
            "icon": f"{icon},0", "comment": program.comment}


def powershell(script: str, env: Mapping[str, str], run: Runner) -> None:
    """Run ``script`` in Windows PowerShell, passed encoded (no quoting to get wrong)."""
    encoded = base64.b64encode(script.encode("utf-16-le")).decode("ascii")
    try:
        done = run(["powershell.exe", "-NoProfile", "-NonInteractive", "-ExecutionPolicy",
                    "Bypass", "-EncodedCommand", encoded], env=dict(env), capture_output=True,
                   text=True, timeout=120,
                   creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0))
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise MenuError(f"Windows PowerShell could not make the shortcuts ({exc})") from exc
    if done.returncode != 0:
        why = (done.stderr or done.stdout or "").strip().splitlines()[-1:] or ["no reason given"]
        raise MenuError(f"Windows PowerShell could not make the shortcuts: {why[0]}")


# ------------------------------------------------------------------------- both
def _menu_files(here: Here, home: Path, env: Mapping[str, str]) -> dict[Program, Path]:
    if here.windows:
        return _shortcuts(home, env)
    if here.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return _desktop_files(home, env)
    raise MenuError("This computer's menu cannot be changed from here: start the programs "
                    "from their folder.")


def install(here: Here | None = None, home: Path | None = None,
            env: Mapping[str, str] | None = None, run: Runner = subprocess.run) -> list[str]:
    """Put both programs in the menu; returns what was done, for people."""
    here, home = here or Here.now(), home or Path.home()
    env = os.environ if env is None else env
    files = _menu_files(here, home, env)
    lines = {p: command(p, here) for p in PROGRAMS}
    missing = [line[0] for line in lines.values() if here.frozen and not Path(line[0]).exists()]
    if missing:
        raise MenuError(f"{missing[0]} is missing: copy the whole ready-made folder again.")
    files[KIOSK].parent.mkdir(parents=True, exist_ok=True)
    if here.windows:
        made = [shortcut(p, lines[p], files[p], home, here) for p in PROGRAMS]
        powershell(POWERSHELL, {**env, "KIOSK_SHORTCUTS": json.dumps(made)}, run)
        if not all(path.is_file() for path in files.values()):
            raise MenuError("Windows PowerShell ran, but made no shortcut in "
                            f"{files[KIOSK].parent}.")
        return [f"{p.name} is in the Start menu ({files[p]})" for p in PROGRAMS]
    for p in PROGRAMS:
        icon = paths.assets_dir() / f"{p.icon}.png"
        write_atomically(files[p], desktop_entry(p, lines[p], icon).encode("utf-8"))
        files[p].chmod(0o644)  # as other menu entries (a temporary file is the owner's only)
    return [f"{p.name} is in the menu ({files[p]})" for p in PROGRAMS]


def remove(here: Here | None = None, home: Path | None = None,
           env: Mapping[str, str] | None = None) -> list[str]:
    """Take both programs out of the menu again."""
    here, home = here or Here.now(), home or Path.home()
    files = _menu_files(here, home, os.environ if env is None else env)
    done = []
    for program, path in files.items():
        if path.exists():
            path.unlink()
            done.append(f"{program.name} is no longer in the menu ({path})")
    return done or ["Neither program was in the menu: nothing to remove."]


def menu_command(action: str) -> int:
    """`kiosk menu install|remove`: say what was done; exit 1 with one line if it failed."""
    try:
        lines = install() if action == "install" else remove()
    except (MenuError, OSError) as exc:
        print(f"menu {action} failed: {exc}", file=sys.stderr)
        return 1
    for line in lines:
        print(line)
    return 0


# ------------------------------------------------------------------------- ready-made folder
#: What a volunteer double-clicks in the ready-made folder to add both programs to the menu.
INSTALLERS = {
    "win32": ("Add to Start menu.cmd", """@echo off
rem Puts Kiosk Studio and Awareness Kiosk in the Start menu, for this user.
rem To take them out again: kiosk.exe menu remove
"%~dp0kiosk.exe" menu install
pause
"""),
    "other": ("Add to menu.sh", """#!/bin/sh
# Puts Kiosk Studio and Awareness Kiosk in this computer's menu, for this user.
# To take them out again: ./kiosk menu remove
cd "$(dirname "$0")" || exit 1
said=$(./kiosk menu install 2>&1)
code=$?
echo "$said"
if command -v notify-send >/dev/null 2>&1; then
  notify-send "Awareness Kiosk" "$said"
fi
exit $code
"""),
}


def installer(platform: str) -> tuple[str, str] | None:
    """The name and text of the ready-made folder's "add to menu" file for ``platform`` (none
    where :func:`install` cannot change the menu)."""
    if platform == "darwin":
        return None
    return INSTALLERS["win32" if platform == "win32" else "other"]
