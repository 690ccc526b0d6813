"""The volunteer's journey: from the ready-made download to a running booth, with no terminal.

Two "PCs" (two home folders) on one real X screen (Xvfb, 1920x1080, with the openbox window
manager): on the first, the ready-made folder's "Add to menu", Kiosk Studio from its menu
entry, the first run, photos, a PDF, a figure with a new source (its title and publisher
typed), the idle time, Save and Copy to USB stick; on the second, Awareness Kiosk from its
menu entry (full screen from the start), Esc and the booth's set-up loaded from the stick,
the new slides playing, the studio's PIN opening the staff panel, Restart (full screen
again) and Exit. A folder stands in for the USB stick on both (KIOSK_STICK_FOLDERS).

Only the screen is used: mouse clicks and keys through xdotool. Widgets are found where a
screen reader finds them, on the desktop's accessibility bus (AT-SPI: each widget's words,
role, object name and place on the screen), spoken to directly over D-Bus. The parts:
``dbus_wire`` (D-Bus), ``atspi`` (what is on screen), ``xscreen`` (the desktop, mouse, keys,
screenshots), ``journey_pcs`` (the two PCs, the volunteer's files), ``journey_steps`` (each
step); here, the steps in their order and the report.

Run: .venv/bin/python tools/volunteer_journey.py [--dist DIR] [--build] [--out DIR] [--docs]

--dist is the folder tools/make_bundle.py builds into (it holds the ready-made ``kiosk``
folder and its archive); when it holds none yet, or with --build, the tool builds one there
first (minutes); one older than the code is used as it is, with a warning. Each PC unpacks
the archive into its home folder, as a volunteer would. It prints a line per step as it goes
(and a NOTE for anything a volunteer would trip on), then a table: each step's seconds,
clicks, keys and characters typed. Screenshots go to OUT/shots; with --docs the chosen ones
are also written, smaller, to docs/screenshots/journey-*.png. Exit 0 when every step passed.

Needs: Xvfb, openbox, xdotool, gtk-launch (GTK 3), dbus-daemon and at-spi2-core.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from atspi import JourneyError, Screen
from dbus_wire import Bus, BusError
from journey_pcs import PC, make_files
from journey_steps import Journey
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage
from xscreen import Desk, Session, Tally, missing_tools

ROOT = Path(__file__).resolve().parent.parent
#: Screenshots worth keeping in docs/screenshots (as journey-<name>.png).
DOCS_SHOTS = ("first-run", "studio", "stick", "booth-setup", "booth-slides", "staff-panel")


def run_journey(desk: Desk, journey: Journey, pc1: PC, pc2: PC) -> None:
    """Every step in turn; one that fails is noted and the next one is tried."""
    steps: list[tuple[str, Callable[[], None]]] = [
        ("1. PC 1: Add to menu, Kiosk Studio from the menu",
         lambda: journey.studio_from_menu(pc1)),
        ("2. first run: name, PIN twice, shared folder + test, new deck", journey.first_run),
        ("3. three photos (Add a slide > Photo > Choose photo…)", journey.photos_in),
        ("4. a 4-page PDF (Slides from a PDF…)", journey.pdf_in),
        ("5. a figure with a new source: title and publisher typed on the deck tab",
         journey.figure),
        ("6. The kiosk tab: idle time 60 s", journey.idle_time),
        ("7. Save, Copy to USB stick, What goes on the stick: Copy", journey.save_and_copy),
        ("7b. close the studio (Ctrl+W)", journey.close_studio),
        ("8. PC 2: Add to menu, Awareness Kiosk from the menu (full screen)",
         lambda: journey.kiosk_from_menu(pc2)),
        ("8b. no PIN: Esc, Load the set-up from the stick, its PIN", journey.load_setup),
        ("9. the new slides play", journey.slides_play),
        ("9b. Ctrl+Alt+S, the studio's PIN: the staff panel; idle 60 s",
         lambda: journey.staff_panel(pc2)),
        ("9c. Restart, as the panel asks (full screen); the staff corner, the panel",
         journey.restart),
        ("9d. Exit kiosk", journey.close_kiosk),
    ]
    for name, do in steps:
        with desk.step(name):
            do()


def table(tallies: list[Tally]) -> str:
    """Each step's seconds, clicks, keys and characters typed, and the sums (Markdown)."""
    rows = ["| step | seconds | clicks | keys | typed | of which looking (s) | result |",
            "|---|---:|---:|---:|---:|---:|---|"]
    for t in tallies:
        rows.append(f"| {t.name} | {t.seconds:.1f} | {t.clicks} | {t.keys} | {t.typed} | "
                    f"{t.looking:.1f} | {'FAILED: ' + t.problem if t.problem else 'ok'} |")
    total = {k: sum(getattr(t, k) for t in tallies)
             for k in ("seconds", "clicks", "keys", "typed", "looking")}
    rows.append(f"| **all** | {total['seconds']:.1f} | {total['clicks']} | "
                f"{total['keys']} | {total['typed']} | {total['looking']:.1f} | |")
    return "\n".join(rows)


# ====================================================================== the command
def ready_made(dist: Path, build: bool) -> Path:
    """The built folder: built first when there is none (or when asked); one older than the
    code is used as it is, and said to be older."""
    built = dist / "kiosk" / "Kiosk Studio"
    if build or not built.exists():
        print(f"building the ready-made folder into {dist} (a few minutes)…", flush=True)
        subprocess.run([sys.executable, str(ROOT / "tools" / "make_bundle.py"), "--dist",
                        str(dist), "--work", str(dist.parent / "build")], check=True)
        return dist
    sources = [ROOT / "kiosk.spec", *(ROOT / "kiosk").rglob("*.py")]
    newer = max(sources, key=lambda path: path.stat().st_mtime)
    if newer.stat().st_mtime > built.stat().st_mtime:
        print(f"warning: the ready-made folder in {dist} is older than "
              f"{newer.relative_to(ROOT)}: --build makes it again", flush=True)
    return dist


def fresh(out: Path) -> Path:
    """OUT emptied (only if this tool made it) and made again."""
    marker = out / ".volunteer-journey"
    if out.exists() and any(out.iterdir()):
        if not marker.exists():
            raise SystemExit(f"{out} has files this tool did not make: choose another --out")
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)
    marker.touch()
    return out


def for_docs(shots: Path, docs: Path) -> list[Path]:
    """The chosen screenshots, at most 1280 wide and ~300 KB, as docs/screenshots/journey-*."""
    written = []
    for name in DOCS_SHOTS:
        source = shots / f"{name}.png"
        if not source.exists():
            continue
        image = QImage(str(source))
        if image.width() > 1280:
            image = image.scaledToWidth(1280, Qt.TransformationMode.SmoothTransformation)
        target = docs / f"journey-{name}.png"
        image.save(str(target))
        if target.stat().st_size > 300_000:  # photos: 256 colours are plenty at this size
            image.convertToFormat(QImage.Format.Format_Indexed8).save(str(target))
        written.append(target)
    return written


def travel(dist: Path, run: Path) -> Desk:
    """The journey on a desktop of its own; what each step took."""
    shots, stick, shared = run / "shots", run / "USB-STICK", run / "shared-folder"
    for folder in (shots, stick, shared):
        folder.mkdir()
    session = Session(run)
    try:
        desktop = session.start()
        os.environ.update(DISPLAY=session.display, QT_QPA_PLATFORM="xcb")
        app = QGuiApplication([sys.argv[0]])  # noqa: F841 (the screenshots' and drawing's)
        files = make_files(run / "files")
        pc1, pc2 = PC(run / "home1"), PC(run / "home2")
        began = time.monotonic()
        for pc in (pc1, pc2):
            pc.set_up(desktop, stick)
            pc.unpack(dist)
        print(f"the download unpacked into both homes in {time.monotonic() - began:.1f} s")
        desk = Desk(session.display, shots)
        screen = desk.screen = Screen(Bus(session.a11y))
        run_journey(desk, Journey(desk, screen, stick, shared, files), pc1, pc2)
        for pid in screen.app_pids():  # a program the journey could not close
            print(f"ending process {pid}, left running by a failed step")
            os.kill(pid, 15)
        return desk
    finally:
        session.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=Path("/tmp/journey/dist"),
                        help="where make_bundle.py built (or builds) the ready-made folder")
    parser.add_argument("--build", action="store_true",
                        help="build the ready-made folder again first (minutes)")
    parser.add_argument("--out", type=Path, default=Path("/tmp/journey/run"),
                        help="the two PCs' homes, the stick, screenshots (emptied first)")
    parser.add_argument("--docs", action="store_true",
                        help="also write the chosen screenshots to docs/screenshots")
    args = parser.parse_args(argv)
    missing = missing_tools()
    if missing:
        print("missing: " + ", ".join(missing), file=sys.stderr)
        return 2
    run = fresh(args.out.resolve())
    try:
        desk = travel(ready_made(args.dist.resolve(), args.build), run)
    except (JourneyError, BusError, OSError, subprocess.CalledProcessError) as exc:
        print(f"the desktop could not be set up: {exc}", file=sys.stderr)
        return 2
    print("\n" + table(desk.tallies))
    for line in desk.notes:
        print(f"\nNOTE {line}")
    print(f"\nscreenshots: {run / 'shots'}")
    if args.docs:
        for path in for_docs(run / "shots", ROOT / "docs" / "screenshots"):
            print(f"  {path.relative_to(ROOT)} ({path.stat().st_size // 1024} KB)")
    return 1 if any(t.problem for t in desk.tallies) else 0


if __name__ == "__main__":
    sys.exit(main())
