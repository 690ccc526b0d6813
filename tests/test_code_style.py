"""The code stays ruff clean."""

import shutil
import subprocess
from pathlib import Path

import pytest


def test_ruff_is_clean() -> None:
    ruff = shutil.which("ruff")
    if ruff is None:
        pytest.skip("ruff is not installed")
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run([ruff, "check", "."], cwd=root, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout
