"""Starting the kiosk with the computer, and again if it exits abnormally. No Qt here.

Linux: a systemd user service (restarts on failure), plus an XDG autostart entry with a
restart loop for desktops without a systemd user session. Windows: a command file in the
Startup folder, with the same loop.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

SERVICE = "awareness-kiosk.service"
DESKTOP = "awareness-kiosk.desktop"
WINDOWS_CMD = "Awareness kiosk.cmd"


def kiosk_command() -> list[str]:
    """How to start this kiosk: the frozen program, the installed script, or python -m."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    script = shutil.which("kiosk")
    return [script] if script else [sys.executable, "-m", "kiosk"]


def systemd_unit(command: list[str]) -> str:
    return f"""[Unit]
Description=Awareness kiosk (slides and visitor messages)
After=graphical-session.target
PartOf=graphical-session.target
# Never give up restarting; the kiosk itself waits when it restarts too often.
StartLimitIntervalSec=0

[Service]
Type=simple
ExecStart={shlex.join(command)}
Restart=on-failure
RestartSec=5

[Install]
WantedBy=graphical-session.target
"""


def desktop_entry(command: list[str]) -> str:
    loop = (f"while true; do {shlex.join(command)} && break; sleep 5; done")
    return f"""[Desktop Entry]
Type=Application
Name=Awareness kiosk
Comment=Slides and visitor messages; started again if it stops abnormally
Exec=sh -c {shlex.quote(loop)}
X-GNOME-Autostart-enabled=true
NoDisplay=true
"""


def windows_cmd(command: list[str]) -> str:
    quoted = " ".join(f'"{part}"' for part in command)
    return f"""@echo off
rem Awareness kiosk: start with the session, and again after an abnormal exit.
:again
{quoted}
if errorlevel 1 (
  timeout /t 5 /nobreak > nul
  goto again
)
"""


def _home(home: Path | None) -> Path:
    return home or Path.home()


def _systemd_user_available() -> bool:
    if shutil.which("systemctl") is None:
        return False
    probe = subprocess.run(["systemctl", "--user", "show-environment"], capture_output=True,
                           timeout=10)
    return probe.returncode == 0


def install(home: Path | None = None, command: list[str] | None = None,
            platform: str = sys.platform, use_systemctl: bool = True) -> list[str]:
    """Set the kiosk to start with the session; returns what was done, for people."""
    command = command or kiosk_command()
    done: list[str] = []
    if platform == "win32":
        appdata = Path(os.environ.get("APPDATA", _home(home) / "AppData" / "Roaming"))
        startup = appdata / "Microsoft" / "Windows" / "Start Menu" / "Programs" / "Startup"
        startup.mkdir(parents=True, exist_ok=True)
        (startup / WINDOWS_CMD).write_text(windows_cmd(command), encoding="utf-8")
        return [f"wrote {startup / WINDOWS_CMD}"]
    config = _home(home) / ".config"
    unit = config / "systemd" / "user" / SERVICE
    unit.parent.mkdir(parents=True, exist_ok=True)
    unit.write_text(systemd_unit(command), encoding="utf-8")
    done.append(f"wrote {unit}")
    if use_systemctl and _systemd_user_available():
        subprocess.run(["systemctl", "--user", "daemon-reload"], check=False)
        subprocess.run(["systemctl", "--user", "enable", SERVICE], check=False)
        done.append(f"enabled {SERVICE} (systemctl --user)")
    else:
        entry = config / "autostart" / DESKTOP
        entry.parent.mkdir(parents=True, exist_ok=True)
        entry.write_text(desktop_entry(command), encoding="utf-8")
        done.append(f"wrote {entry} (no systemd user session here)")
    return done


def remove(home: Path | None = None, platform: str = sys.platform,
           use_systemctl: bool = True) -> list[str]:
    done: list[str] = []
    if platform == "win32":
        appdata = Path(os.environ.get("APPDATA", _home(home) / "AppData" / "Roaming"))
        target = appdata / "Microsoft" / "Windows" / "Start Menu" / "Programs" / "Startup"
        paths = [target / WINDOWS_CMD]
    else:
        config = _home(home) / ".config"
        if use_systemctl and _systemd_user_available():
            subprocess.run(["systemctl", "--user", "disable", SERVICE], check=False)
            done.append(f"disabled {SERVICE}")
        paths = [config / "systemd" / "user" / SERVICE, config / "autostart" / DESKTOP]
    for path in paths:
        if path.exists():
            path.unlink()
            done.append(f"removed {path}")
    return done or ["nothing to remove"]
