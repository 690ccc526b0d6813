"""`pip install .` into a fresh virtual environment, then `kiosk render` from another folder."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from tests.decks import ROOT


@pytest.mark.slow
def test_installed_kiosk_renders_the_bundled_deck(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    # The test's own environment (a virtual one, or the system's) lends PySide6 and friends,
    # so nothing is downloaded; the kiosk itself is built and installed.
    inner = subprocess.run([str(bindir / "python"), "-c",
                            "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                           capture_output=True, text=True, check=True).stdout.strip()
    lent = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (Path(inner) / "lent.pth").write_text("\n".join(sorted(lent)) + "\n", encoding="utf-8")
    subprocess.run([str(bindir / "python"), "-m", "pip", "install", "-q", str(ROOT)],
                   check=True, cwd=tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    where = subprocess.run(
        [str(bindir / "python"), "-c",
         "from kiosk.platform import paths; print(paths.bundled_content_dir())"],
        cwd=elsewhere, env=env, capture_output=True, text=True, check=True).stdout.strip()
    assert str(venv) in where, f"the installed package should carry its content, not {where}"
    words = subprocess.run(  # the word catalogs were compiled when the wheel was built
        [str(bindir / "python"), "-c",
         "from kiosk.visit import words; "
         "print(sorted(p.name for p in words.LOCALE_DIR.rglob('*.mo')),"
         " words.text('leave_message', 'km'))"],
        cwd=elsewhere, env=env, capture_output=True, text=True, check=True).stdout.strip()
    assert words.startswith("['kiosk.mo', 'kiosk.mo', 'kiosk.mo', "
                            "'staff.mo', 'staff.mo', 'staff.mo']")  # visitors' and staff's
    assert words.endswith("ទុកសារ")
    done = subprocess.run([str(bindir / "kiosk"), "render", "--out", "out", "--size", "640x360"],
                          cwd=elsewhere, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    pngs = sorted((elsewhere / "out").glob("*.png"))
    assert len(pngs) >= 12 and pngs[0].name == "01-welcome.png"
