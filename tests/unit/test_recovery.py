"""Start-up and recovery: autostart files, the restart-loop guard, errors logged and survived."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.platform import autostart
from kiosk.platform.startup_guard import (
    BURST_WAIT_S,
    MIN_GAP_S,
    delay_before_start,
    guard_start,
)


def test_systemd_unit_restarts_on_failure(tmp_path: Path) -> None:
    done = autostart.install(home=tmp_path, command=[sys.executable, "-m", "kiosk"],
                             platform="linux", use_systemctl=False)
    unit = tmp_path / ".config" / "systemd" / "user" / autostart.SERVICE
    text = unit.read_text()
    assert f"ExecStart={sys.executable} -m kiosk" in text
    assert "Restart=on-failure" in text and "RestartSec=5" in text
    assert "WantedBy=graphical-session.target" in text
    entry = tmp_path / ".config" / "autostart" / autostart.DESKTOP
    assert entry.exists() and "sleep 5" in entry.read_text() and len(done) == 2
    if shutil.which("systemd-analyze"):
        check = subprocess.run(["systemd-analyze", "verify", str(unit)], capture_output=True,
                               text=True, timeout=60)
        problems = [line for line in (check.stdout + check.stderr).splitlines()
                    if autostart.SERVICE in line and "graphical-session" not in line]
        assert not problems, problems
    removed = autostart.remove(home=tmp_path, platform="linux", use_systemctl=False)
    assert not unit.exists() and not entry.exists() and len(removed) == 2


def test_windows_startup_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("APPDATA", str(tmp_path / "Roaming"))
    autostart.install(command=["C:\\Kiosk\\kiosk.exe"], platform="win32")
    cmd = (tmp_path / "Roaming" / "Microsoft" / "Windows" / "Start Menu" / "Programs" /
           "Startup" / autostart.WINDOWS_CMD)
    assert '"C:\\Kiosk\\kiosk.exe"' in cmd.read_text() and "goto again" in cmd.read_text()
    autostart.remove(platform="win32")
    assert not cmd.exists()


def test_restart_loop_guard() -> None:
    assert delay_before_start([], 1000.0) == 0
    assert delay_before_start([998.0], 1000.0) == pytest.approx(MIN_GAP_S - 2)
    assert delay_before_start([900.0], 1000.0) == 0
    assert delay_before_start([960.0, 970.0, 980.0, 990.0, 994.0], 1000.0) == BURST_WAIT_S


def test_guard_start_waits_and_records(tmp_path: Path) -> None:
    waits: list[float] = []
    assert guard_start(tmp_path, now=1000.0, sleep=waits.append) == 0
    assert guard_start(tmp_path, now=1001.0, sleep=waits.append) == pytest.approx(4.0)
    assert waits == [pytest.approx(4.0)]


