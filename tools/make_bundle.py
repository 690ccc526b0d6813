"""Build the ready-made folder (kiosk.spec) and pack it to download, with a README-FIRST.txt
for volunteers: dist/awareness-kiosk-<version>-<platform>.tar.gz (a .zip on Windows).

Run: python tools/make_bundle.py [--dist DIR] [--work DIR]

Build on each platform for that platform (PyInstaller does not cross-build): the archive from
Linux x86-64 runs on Linux x86-64, the one from Windows on Windows.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kiosk import __version__  # noqa: E402
from kiosk.platform.menu_entries import KIOSK, STUDIO, installer  # noqa: E402
from kiosk.platform.paths import APP_NAME  # noqa: E402

FOLDER = "kiosk"  # kiosk.spec's COLLECT name: the folder a volunteer unpacks
README = "README-FIRST.txt"
SYSTEMS = {"windows": "windows", "darwin": "macos", "linux": "linux"}
MACHINES = {"amd64": "x86_64", "aarch64": "arm64"}


def platform_tag() -> str:
    """``linux-x86_64``, ``windows-x86_64``, ``linux-arm64``, ``macos-arm64``..."""
    system = platform.system().lower()
    machine = platform.machine().lower()
    return f"{SYSTEMS.get(system, system)}-{MACHINES.get(machine, machine)}"


def archive_name(tag: str) -> str:
    suffix = ".zip" if tag.startswith("windows") else ".tar.gz"
    return f"{APP_NAME}-{__version__}-{tag}{suffix}"


#: What to type in the folder, where double-clicking is not enough: (Windows, others).
TYPED = {"remove": ("kiosk.exe menu remove", "./kiosk menu remove"),
         "check": ("kiosk.exe --self-test", "./kiosk --self-test")}


def readme(system: str) -> str:
    """What a volunteer reads first: what to double-click, the PIN, where the rest is."""
    windows = system == "win32"
    adding = installer(system)
    typed = {key: pair[0 if windows else 1] for key, pair in TYPED.items()}
    lines = [f"{KIOSK.name} {__version__}", "",
             "Everything the kiosk needs is in this folder: there is nothing else to install,",
             "and it needs no internet. Keep the whole folder together, for example as "
             + (r"C:\Kiosk." if windows else "~/kiosk."), "", "Double-click:", "",
             f"  {STUDIO.name:<18}  to make or change the slides, with a mouse.",
             f"  {KIOSK.name:<18}  to play the slides full screen, as at the booth."]
    if adding:  # Windows hides the .cmd of its name
        shown = adding[0].removesuffix(".cmd")
        lines += [f"  {shown:<18}  to put both in this computer's menu (once)."]
    lines += ["", f"{STUDIO.name} asks for a staff PIN the first time it opens. Until a PIN is",
              f"set on the booth, Esc in {KIOSK.name} offers to choose one, to load the booth's",
              "set-up from a USB stick, or to close it. With a PIN, visitors cannot close it:",
              "staff hold the top-left corner of the screen for three seconds (or press",
              'Ctrl+Alt+S), type the PIN and choose "Exit kiosk".', ""]
    if windows:
        lines += ['If Windows says it protected your PC, choose "More info", then "Run anyway".']
    elif adding:
        lines += ["If a double-click only shows the text of a file, right-click it and choose",
                  '"Run as a Program" (or "Run", "Execute"); or open a terminal in this folder',
                  "and type: ./kiosk menu install"]
    if adding:
        lines += [f"To take both out of the menu again, type in this folder: {typed['remove']}"]
    lines += [f"To check this computer, type in this folder: {typed['check']}",
              "(it names anything missing, and how to install it).", "",
              "Starting with the computer, touchscreens, sending messages on, the end-of-day",
              "export: see docs/booth-setup.md in the kiosk's project.", ""]
    return "\n".join(lines)


def build(dist: Path, work: Path) -> Path:
    """Run PyInstaller on kiosk.spec; returns the ready-made folder."""
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
                    "--distpath", str(dist), "--workpath", str(work), str(ROOT / "kiosk.spec")],
                   check=True, cwd=ROOT)
    return dist / FOLDER


def _owned_by_nobody(info: tarfile.TarInfo) -> tarfile.TarInfo:
    """Files unpack as whoever unpacks them, not as the builder's account."""
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    return info


def pack(folder: Path, out: Path) -> Path:
    """``folder`` (itself, not only what is in it) into ``out``: a .zip or a .tar.gz."""
    partial = out.with_name(out.name + ".part")
    if out.name.endswith(".zip"):
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
            for path in sorted(folder.rglob("*")):
                archive.write(path, path.relative_to(folder.parent).as_posix())
    else:
        with tarfile.open(partial, "w:gz", compresslevel=6) as archive:
            archive.add(folder, arcname=folder.name, filter=_owned_by_nobody)
    os.replace(partial, out)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist",
                        help="where the folder and the archive go (default: dist)")
    parser.add_argument("--work", type=Path, default=ROOT / "build",
                        help="PyInstaller's working folder (default: build)")
    args = parser.parse_args(argv)
    folder = build(args.dist.resolve(), args.work.resolve())
    newline = "\r\n" if sys.platform == "win32" else "\n"
    (folder / README).write_text(readme(sys.platform), encoding="utf-8", newline=newline)
    out = pack(folder, args.dist.resolve() / archive_name(platform_tag()))
    print(f"{out} ({out.stat().st_size / 2**20:.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
