"""The fleet layout with a real sync engine: two Syncthing instances in a private network
namespace share a folder; a kiosk delivers into one side, `kiosk collect` on the other sees
every message once and the booth's status file."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HELPER = Path(__file__).with_name("syncthing_pair.py")


def _namespace_refusal() -> str | None:
    """Why a private network namespace cannot be made here (None: it can)."""
    if shutil.which("unshare") is None or shutil.which("ip") is None:
        return "unshare or ip is not installed"
    done = subprocess.run(["unshare", "--net", "true"], capture_output=True, text=True)
    return None if done.returncode == 0 else f"unshare --net failed: {done.stderr.strip()}"


@pytest.mark.slow
def test_two_syncthing_booths_deliver_every_message_once(tmp_path: Path) -> None:
    if shutil.which("syncthing") is None:
        pytest.skip("syncthing is not installed (.ci/run installs Debian's package)")
    why = _namespace_refusal()
    if why:
        pytest.skip(f"no private network namespace, so Syncthing is not started: {why}")
    done = subprocess.run(["unshare", "--net", sys.executable, str(HELPER), str(tmp_path)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["same"] and result["once"] and result["collected"] == result["sent"] == 40
    assert result["status"]
    print(f"Syncthing end to end: {result['seconds']} s")
