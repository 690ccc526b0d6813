"""The PyInstaller build: kiosk.spec makes a program whose self-test passes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.decks import ROOT


@pytest.mark.slow
def test_spec_builds_a_program_that_passes_its_self_test(tmp_path: Path) -> None:
    if shutil.which("pyinstaller") is None and not (Path(sys.executable).parent /
                                                   "pyinstaller").exists():
        pytest.skip("pyinstaller is not installed")
    if sys.platform.startswith("linux") and shutil.which("objdump") is None:
        if os.environ.get("CI"):  # .ci/run installs it: there a missing tool is a failure
            pytest.fail("objdump is missing on CI")
        pytest.skip("PyInstaller needs objdump on Linux: sudo apt install binutils "
                    "(.ci/run installs it)")
    build = subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "ERROR",
         "--distpath", str(tmp_path / "dist"), "--workpath", str(tmp_path / "build"),
         str(ROOT / "kiosk.spec")], capture_output=True, text=True, timeout=1200)
    assert build.returncode == 0, build.stderr[-3000:]
    analysis = (tmp_path / "build" / "kiosk" / "Analysis-00.toc").read_text(errors="replace")
    assert "pyi_rth_pkgres" not in analysis  # it imports pkg_resources at every start
    program = tmp_path / "dist" / "kiosk" / ("kiosk.exe" if os.name == "nt" else "kiosk")
    # modules as files, read as the installed kiosk reads them (an archive starts slower)
    assert list((tmp_path / "dist" / "kiosk").rglob("kiosk/ui/main.pyc"))
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "KIOSK_DATA_DIR": str(tmp_path / "data"), "KIOSK_CONFIG": str(tmp_path / "k.yaml")}
    env.pop("KIOSK_CONTENT", None)
    done = subprocess.run([str(program), "--self-test"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "self-test passed" in done.stdout and "_bundled" in done.stdout
    size = sum(f.stat().st_size for f in (tmp_path / "dist" / "kiosk").rglob("*")
               if f.is_file() and not f.is_symlink())
    print(f"frozen folder: {size / 2**20:.0f} MB")
