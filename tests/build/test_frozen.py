"""The ready-made folder, built by kiosk.spec and packed to download by tools/make_bundle.py,
once for all the tests here: its console program passes its self-test, Kiosk Studio and
Awareness Kiosk start, the folder adds both to the menu, opens video and sound when built with
the media extra, and the archive holds it all with the volunteers' README-FIRST.txt."""

from __future__ import annotations

import importlib.metadata
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from kiosk import __version__
from kiosk.platform.menu_entries import KIOSK, STUDIO, installer, program_file
from tests.decks import ROOT
from tests.media_files import video_deck

EXE = ".exe" if os.name == "nt" else ""


@dataclass
class Bundle:
    folder: Path  # the ready-made folder, dist/kiosk
    archive: Path  # what a volunteer downloads
    work: Path  # PyInstaller's working folder


def _tools_needed() -> None:
    if shutil.which("pyinstaller") is None and not (Path(sys.executable).parent /
                                                   "pyinstaller").exists():
        pytest.skip("pyinstaller is not installed")
    if sys.platform.startswith("linux") and shutil.which("objdump") is None:
        if os.environ.get("CI"):  # .ci/run installs it: there a missing tool is a failure
            pytest.fail("objdump is missing on CI")
        pytest.skip("PyInstaller needs objdump on Linux: sudo apt install binutils "
                    "(.ci/run installs it)")


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Bundle:
    """One build for the module: PyInstaller takes minutes."""
    _tools_needed()
    root = tmp_path_factory.mktemp("bundle")
    made = subprocess.run([sys.executable, str(ROOT / "tools" / "make_bundle.py"),
                           "--dist", str(root / "dist"), "--work", str(root / "build")],
                          capture_output=True, text=True, timeout=1800)
    assert made.returncode == 0, made.stdout[-2000:] + made.stderr[-3000:]
    archives = list((root / "dist").glob(f"awareness-kiosk-{__version__}-*"))
    assert len(archives) == 1, made.stdout
    return Bundle(root / "dist" / "kiosk", archives[0], root / "build")


def _env(tmp_path: Path) -> dict[str, str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path / "home"),
           "KIOSK_DATA_DIR": str(tmp_path / "data"), "KIOSK_CONFIG": str(tmp_path / "k.yaml"),
           "KIOSK_LOG_DIR": str(tmp_path / "logs"), "XDG_DATA_HOME": str(tmp_path / "share")}
    env.pop("KIOSK_CONTENT", None)
    return env


def _run(program: Path, *args: str, env: dict[str, str],
         timeout: float = 180) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(program), *args], cwd=program.parent.parent, env=env,
                          capture_output=True, text=True, timeout=timeout)


@pytest.mark.slow
def test_spec_builds_a_program_that_passes_its_self_test(bundle: Bundle,
                                                         tmp_path: Path) -> None:
    analysis = (bundle.work / "kiosk" / "Analysis-00.toc").read_text(errors="replace")
    assert "pyi_rth_pkgres" not in analysis  # it imports pkg_resources at every start
    # modules as files, read as the installed kiosk reads them (an archive starts slower)
    assert list(bundle.folder.rglob("kiosk/ui/main.pyc"))
    done = _run(bundle.folder / f"kiosk{EXE}", "--self-test", env=_env(tmp_path))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "self-test passed" in done.stdout and "_bundled" in done.stdout
    size = sum(f.stat().st_size for f in bundle.folder.rglob("*")
               if f.is_file() and not f.is_symlink())
    print(f"frozen folder: {size / 2**20:.0f} MB")


@pytest.mark.slow
def test_kiosk_studio_starts_with_the_libraries_it_needs(bundle: Bundle,
                                                         tmp_path: Path) -> None:
    studio = bundle.folder / program_file(STUDIO, sys.platform)
    assert list(bundle.folder.rglob("ruamel/yaml/main.pyc"))  # saves keeping comments
    assert list(bundle.folder.rglob("pypdfium2_raw/*pdfium*"))  # PDF pages into slides
    env = _env(tmp_path)
    assert _run(studio, "--version", env=env).stdout == f"Kiosk Studio {__version__}\n"
    done = _run(studio, "--self-test", env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "a PDF page read" in done.stdout and "studio self-test passed" in done.stdout


@pytest.mark.slow
def test_awareness_kiosk_starts_the_kiosk(bundle: Bundle, tmp_path: Path) -> None:
    kiosk = bundle.folder / program_file(KIOSK, sys.platform)
    done = _run(kiosk, "--self-test", env=_env(tmp_path))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "self-test passed" in done.stdout


@pytest.mark.slow
def test_the_folder_has_video_and_sound_when_built_with_the_media_extra(bundle: Bundle,
                                                                        tmp_path: Path) -> None:
    """Built where the media extra is installed, the folder's own Qt Multimedia, FFmpeg plugin
    and FFmpeg libraries (unharmed by strip) open a deck's video and recorded voices."""
    try:
        importlib.metadata.version("PySide6-Addons")
    except importlib.metadata.PackageNotFoundError:
        pytest.skip("built without the media extra: the folder's video slides show posters")
    deck = video_deck(tmp_path / "deck")
    done = _run(bundle.folder / f"kiosk{EXE}", "validate", str(deck), env=_env(tmp_path))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 error(s)" in done.stdout and "media extra" not in done.stdout, done.stdout


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux menu")
def test_the_folder_adds_both_programs_to_the_menu(bundle: Bundle, tmp_path: Path) -> None:
    adding = installer(sys.platform)
    assert adding is not None
    env = _env(tmp_path)
    done = _run(bundle.folder / adding[0], env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    entries = tmp_path / "share" / "applications"
    for program in (KIOSK, STUDIO):
        text = (entries / f"{program.entry_id}.desktop").read_text(encoding="utf-8")
        assert f'Exec="{bundle.folder / program.name}"\n' in text
        assert f"Icon={bundle.folder}" in text
    assert _run(bundle.folder / "kiosk", "menu", "remove", env=env).returncode == 0
    assert list(entries.iterdir()) == []


@pytest.mark.slow
def test_the_download_holds_the_folder_and_what_to_double_click(bundle: Bundle,
                                                                tmp_path: Path) -> None:
    assert bundle.archive.name.startswith(f"awareness-kiosk-{__version__}-")
    unpacked = tmp_path / "unpacked"
    if bundle.archive.suffix == ".zip":
        with zipfile.ZipFile(bundle.archive) as archive:
            archive.extractall(unpacked)
    else:
        assert bundle.archive.name.endswith(".tar.gz")
        with tarfile.open(bundle.archive) as archive:
            archive.extractall(unpacked, filter="tar")
    assert [p.name for p in unpacked.iterdir()] == ["kiosk"]
    folder = unpacked / "kiosk"
    readme = (folder / "README-FIRST.txt").read_text(encoding="utf-8")
    for name in (STUDIO.name, KIOSK.name, "staff PIN"):
        assert name in readme
    adding = installer(sys.platform)
    if adding:
        assert (folder / adding[0]).is_file()
        assert Path(adding[0]).stem in readme
    # unpacked as downloaded, the programs still run (modes and links kept)
    done = _run(folder / program_file(STUDIO, sys.platform), "--version", env=_env(tmp_path))
    assert done.stdout == f"Kiosk Studio {__version__}\n", done.stderr
