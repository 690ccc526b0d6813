"""Ctrl+C in the terminal (SIGINT) or `kill` (SIGTERM) ends a running kiosk at once, with its
usual goodbye, even while its event loop is idle."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.decks import ROOT


@pytest.mark.parametrize("number", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_ends_the_kiosk_cleanly(tmp_path: Path, number: int) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT),
           "KIOSK_DATA_DIR": str(tmp_path / "data"), "KIOSK_CONFIG": str(tmp_path / "k.yaml")}
    env.pop("KIOSK_CONTENT", None)
    kiosk = subprocess.Popen([sys.executable, "-m", "kiosk"], env=env, text=True,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert kiosk.stderr is not None
    said = []
    for line in kiosk.stderr:  # until the store is open: the kiosk has settled, its loop idle
        said.append(line)
        if "messages are kept in" in line:
            break
    kiosk.send_signal(number)
    try:
        code = kiosk.wait(30)
    except subprocess.TimeoutExpired:
        kiosk.kill()
        kiosk.wait()
        kiosk.stderr.close()
        pytest.fail("the kiosk did not end on the signal")
    rest = kiosk.stderr.read()
    kiosk.stderr.close()
    assert code == 0, "".join(said) + rest
    assert "kiosk stopped (exit code 0)" in rest and "Traceback" not in rest
