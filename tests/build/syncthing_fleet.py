"""The fleet over a real sync engine: three Syncthing instances (the office and two booths)
share the fleet folder; the office publishes, each booth runs the kiosk as it starts
(:mod:`syncthing_booth`) and plays what arrives. Run ONLY inside a private network namespace
(``unshare --net``): it refuses to start when any interface but loopback exists. Prints one
JSON line: what was seen, and when (seconds since the start).

Every way Syncthing could reach beyond this machine is off (see :mod:`syncthing_pair`); the
three devices know each other only as tcp://127.0.0.1:<port>.

The steps: a deck published reaches both booths; a package whose files come one by one over
20 s (its manifest first) is not installed before its last file; a package signed with
another key and one with a changed image are refused, said in the status files, and the
deck before keeps playing; publishing the first deck again plays it again.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.build.syncthing_pair import (  # noqa: E402  (the project's folder first)
    configure,
    free_port,
    generate,
    only_loopback,
    stop_all,
)
from tests.decks import write_deck  # noqa: E402

BOOTHS = ("booth-1", "booth-2")
#: Each deck's version and background, so that a render tells which one plays.
DECKS = {"2027.1": "#8a1c1c", "2027.2": "#1c3a8a", "2027.3": "#1c6a2a", "2027.4": "#6a1c6a"}
OWN = "#404040"
#: How often the booths' folders are looked at (a short wait: Syncthing runs in real time).
POLL_S = 0.2
#: The longest wait for any one step.
DEADLINE_S = 60.0
#: The slow package's files come over this long, its manifest first.
DRIP_S = 20.0
ANOTHER_KEY = "signed by another key"
CHANGED = "is not the file that was published"
SLIDES = """\
- {type: title, id: hello, heading: Welcome, chapter: one}
- {type: image, id: team, image: images/team.png, caption: Our team, chapter: one}
- {type: image, id: well, image: images/well.png, caption: The new well, chapter: one}
- {type: image, id: school, image: images/school.png, caption: The school, chapter: one}
"""


def deck(folder: Path, version: str, colour: str) -> Path:
    """A small deck whose slides are drawn on ``colour``, its photos too (so a picture of
    any of its slides tells which deck plays)."""
    head = (f"title: Deck {version}\nversion: '{version}'\nduration: 8\ntransition: fade\n"
            f"transition_seconds: 0.3\ntheme: {{background: '{colour}', surface: '{colour}', "
            "text: '#ffffff', muted: '#dddddd', accent: '#e3a94f'}\n"
            "chapters:\n  - {id: one, title: One}\n")
    rgb = tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return write_deck(folder, SLIDES, head=head, images={
        f"images/{name}.png": rgb for name in ("team", "well", "school")})  # type: ignore[misc]


def die_with_parent() -> None:
    """In a child, before it runs: it is ended when this helper ends, however that ends
    (killed at the test's time-out too), never left running."""
    import ctypes
    import signal

    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


# ---------------------------------------------------------------- Syncthing, three of them
def add_peer(home: Path, peer: str, port: int) -> None:
    """One more device sharing the folder (:func:`configure` gives the first one)."""
    path = home / "config.xml"
    tree = ET.parse(path)
    root = tree.getroot()
    device = ET.SubElement(root, "device", id=peer, name="peer2", compression="metadata",
                           introducer="false")
    ET.SubElement(device, "address").text = f"tcp://127.0.0.1:{port}"
    shared = root.find("folder")
    assert shared is not None
    ET.SubElement(shared, "device", id=peer)
    tree.write(path)


def start_syncthing(work: Path, folders: list[Path]) -> list[subprocess.Popen[bytes]]:
    """Three instances, each sharing its folder with the two others."""
    homes = [work / f"st{i}" for i in range(3)]
    ids = [generate(home) for home in homes]
    ports = [free_port() for _ in homes]
    for i in range(3):
        first, second = [j for j in range(3) if j != i]
        configure(homes[i], ids[i], ports[i], ids[first], ports[first], folders[i])
        add_peer(homes[i], ids[second], ports[second])
    env = {**os.environ, "STNOUPGRADE": "1", "STNODEFAULTFOLDER": "1"}
    return [subprocess.Popen(["syncthing", "serve", f"--home={home}", "--no-browser",
                              "--no-restart", f"--logfile={home / 'log.txt'}"],
                             env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             preexec_fn=die_with_parent)
            for home in homes]


# ---------------------------------------------------------------- a booth, as the test sees it
class Booth:
    """A booth's kiosk (a process of its own) and what the test reads of it: its copy of
    the fleet folder, its status file there, its store, the renders of what it played."""

    def __init__(self, work: Path, kiosk_id: str, folder: Path, key: str) -> None:
        self.id, self.folder = kiosk_id, folder
        home = work / kiosk_id
        self.data, self.renders = home / "data", home / "renders"
        own = deck(home / "own" / "deck", "own", OWN)
        config = home / "kiosk.yaml"
        config.write_text(f"kiosk_id: {kiosk_id}\nkeep_awake: false\nfleet:\n"
                          f"  folder: {json.dumps(str(folder))}\n  look_seconds: 5\n"
                          f"  screenshots: false\nsync:\n  interval_seconds: 5\n"
                          f"  folder:\n    key: {key}\n", encoding="utf-8")
        self.log = (home / "kiosk.log").open("wb")
        self.process = subprocess.Popen(
            [sys.executable, str(Path(__file__).with_name("syncthing_booth.py")), str(config),
             str(own), str(self.data), str(self.renders)],
            stdout=self.log, stderr=subprocess.STDOUT, preexec_fn=die_with_parent)

    def status(self) -> dict[str, Any]:
        """The booth's status file as it wrote it ({} until it has)."""
        try:
            data = json.loads((self.folder / "messages" / f"{self.id}.status.json")
                              .read_text("utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def installed(self) -> str | None:
        """The package the booth's store holds as current."""
        from kiosk.fleet.store import current

        playing = current(self.data / "fleet")
        return playing.name if playing is not None else None

    def holds(self, name: str) -> bool:
        """Whether every file of package ``name`` has reached this booth whole."""
        package = self.folder / "packages" / name
        try:
            manifest = json.loads((package / "manifest.json").read_text("utf-8"))
            return all(_sha256(package / f["path"]) == f["sha256"] for f in manifest["files"])
        except (OSError, ValueError, KeyError, TypeError):
            return False

    def stop(self) -> None:
        self.process.terminate()  # the kiosk ends on SIGTERM
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ---------------------------------------------------------------- what was seen, and when
class Watch:
    """Looks at the booths every POLL_S and notes the first moment of each event."""

    def __init__(self, booths: list[Booth]) -> None:
        self.booths, self.start = booths, time.monotonic()
        self.seen: dict[str, float] = {}
        self.packages: list[str] = []  # the packages whose arrival is watched
        self.early: list[str] = []  # installs seen before the package's last file arrived
        self.problems: dict[str, list[str]] = {b.id: [] for b in booths}

    def now(self) -> float:
        return round(time.monotonic() - self.start, 2)

    def note(self, event: str) -> None:
        self.seen.setdefault(event, self.now())

    def poll(self) -> None:
        for booth in self.booths:
            if booth.process.poll() is not None:
                raise RuntimeError(f"{booth.id}'s kiosk ended (code {booth.process.returncode})")
            for name in self.packages:
                if f"{booth.id} holds {name}" not in self.seen and booth.holds(name):
                    self.note(f"{booth.id} holds {name}")
            installed = booth.installed()
            if installed:
                self.note(f"{booth.id} installed {installed}")
                if installed in self.packages and f"{booth.id} holds {installed}" not in self.seen:
                    self.early.append(f"{booth.id} installed {installed} at {self.now()}")
            status = booth.status()
            if status.get("fleet_package"):
                self.note(f"{booth.id} plays {status['fleet_package']}")
            problem = status.get("package_problem")
            if problem and problem not in self.problems[booth.id]:
                self.problems[booth.id].append(problem)
            if (booth.folder / "fleet.json").is_file():
                self.note(f"{booth.id} has the fleet folder")
            if status:
                self.note(f"{booth.id} wrote its status")
            for render in booth.renders.glob("[!.]*.png"):
                self.note(f"{booth.id} render {render.stem}")

    def until(self, done: Callable[[], bool], what: str, limit: float = DEADLINE_S) -> None:
        """Poll until ``done`` holds (a deadline: Syncthing works in real time)."""
        deadline = time.monotonic() + limit
        while True:
            self.poll()
            if done():
                return
            if time.monotonic() > deadline:
                raise TimeoutError(f"{what}: not within {limit:g} s (the booths said "
                                   f"{self.problems})")
            time.sleep(POLL_S)

    def during(self, seconds: float) -> None:
        """Poll for ``seconds`` (while the office drips a package's files in)."""
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            self.poll()
            time.sleep(POLL_S)

    def all_play(self, name: str) -> Callable[[], bool]:
        return lambda: all(f"{b.id} plays {name}" in self.seen
                           and f"{b.id} render {name}" in self.seen
                           and b.status().get("fleet_package") == name for b in self.booths)

    def delays(self, name: str) -> dict[str, float]:
        """For each booth: seconds from the package's last file arriving to its status file
        saying it plays it."""
        return {b.id: round(self.seen[f"{b.id} plays {name}"] - self.seen[f"{b.id} holds {name}"],
                            2) for b in self.booths}


# ---------------------------------------------------------------- the office
class Office:
    """The office's copy of the fleet folder, its key, and packages made aside (in a fleet
    folder of their own) to bring in as a sync tool might."""

    def __init__(self, work: Path, folder: Path) -> None:
        from kiosk.fleet.layout import make_fleet
        from kiosk.sync.fleet_key import parse_key

        made = make_fleet(folder, "Our booths")
        assert made.key is not None
        self.work, self.folder, self.key_text = work, folder, made.key
        self.key = parse_key(made.key)
        self.decks = {v: deck(work / "decks" / v, v, c) for v, c in DECKS.items()}

    def publish(self, version: str) -> str:
        from kiosk.fleet.office import publish

        return publish(self.folder, self.decks[version], self.key).folder.name

    def aside(self, version: str, key: bytes | None = None) -> Path:
        """A package published into a fleet folder of its own that knows the office's
        packages (so it takes the next serial), ready to be brought in."""
        from kiosk.fleet.layout import make_fleet
        from kiosk.fleet.office import publish

        scratch = self.work / "aside" / f"{len(os.listdir(self.folder / 'packages'))}"
        scratch.parent.mkdir(exist_ok=True)
        make_fleet(scratch, "aside")
        for name in os.listdir(self.folder / "packages"):
            (scratch / "packages" / name).mkdir()
        return publish(scratch, self.decks[version], key or self.key).folder

    def bring(self, package: Path) -> str:
        """The whole package into the office's folder at once."""
        os.replace(package, self.folder / "packages" / package.name)
        return package.name

    def drip(self, package: Path, watch: Watch) -> str:
        """The package's files into the office's folder one by one over DRIP_S, its
        manifest first, each whole (as a sync tool brings files)."""
        manifest = json.loads((package / "manifest.json").read_text("utf-8"))
        order = ["manifest.json", *(f["path"] for f in manifest["files"])]
        target = self.folder / "packages" / package.name
        watch.packages.append(package.name)
        for i, path in enumerate(order):
            (target / path).parent.mkdir(parents=True, exist_ok=True)
            os.replace(package / path, target / path)
            watch.note(f"office brought {package.name} {i + 1}/{len(order)}")
            if i < len(order) - 1:
                watch.during(DRIP_S / (len(order) - 1))
        return package.name


def change_image(package: Path) -> None:
    """An image of the package changed after it was published (its size kept)."""
    image = package / "deck" / "images" / "well.png"
    data = bytearray(image.read_bytes())
    data[-20] ^= 0xFF
    image.write_bytes(bytes(data))


def run(work: Path) -> dict[str, Any]:
    folders = [work / "office" / "Booths", *(work / b / "Booths" for b in BOOTHS)]
    for folder in folders:
        folder.mkdir(parents=True)
    office = Office(work, folders[0])
    running = start_syncthing(work, folders)
    booths = [Booth(work, b, f, office.key_text) for b, f in zip(BOOTHS, folders[1:],
                                                                  strict=True)]
    watch = Watch(booths)
    try:
        return steps(office, booths, watch)
    finally:
        for booth in booths:
            booth.stop()
        stop_all(running)  # stopped by their process ids


def steps(office: Office, booths: list[Booth], watch: Watch) -> dict[str, Any]:
    """Each step in turn; one that does not happen in time is said, and the next is tried."""
    watch.until(lambda: all((b.folder / "fleet.json").is_file() for b in booths),
                "the fleet folder reaching both booths")
    watch.note("fleet reached both booths")
    result: dict[str, Any] = {}
    for name, step in (("first", first_deck), ("slow", slow_package),
                       ("refused", refused_packages), ("rollback", rollback)):
        try:
            result[name] = step(office, booths, watch)
        except TimeoutError as exc:
            result[name] = {"failed": str(exc)}
    result.update(seen=watch.seen, early=watch.early, problems=watch.problems,
                  renders={b.id: str(b.renders) for b in booths}, colours=DECKS, own=OWN,
                  seconds=watch.now())
    return result


def first_deck(office: Office, booths: list[Booth], watch: Watch) -> dict[str, Any]:
    """A deck published reaches both booths, and plays there."""
    first = office.publish("2027.1")
    watch.packages.append(first)
    watch.note(f"office published {first}")
    watch.until(watch.all_play(first), f"both booths playing {first}")
    return {"package": first, "after_arrival_s": watch.delays(first)}


def slow_package(office: Office, booths: list[Booth], watch: Watch) -> dict[str, Any]:
    """A package whose files come one by one over 20 s, its manifest first."""
    slow = office.drip(office.aside("2027.2"), watch)
    watch.until(watch.all_play(slow), f"both booths playing {slow}")
    return {"package": slow, "after_arrival_s": watch.delays(slow),
            "waiting_said": {b.id: any("arriving" in p for p in watch.problems[b.id])
                             for b in booths}}


def refused_packages(office: Office, booths: list[Booth], watch: Watch) -> dict[str, Any]:
    """One package with a changed image, one signed with another key: refused, said in the
    status files, not played."""
    from kiosk.sync.fleet_key import new_key, parse_key

    # (the forged one last: a booth passes over forged packages newer than the office's)
    changed_aside = office.aside("2027.3")
    change_image(changed_aside)
    changed = office.bring(changed_aside)
    forged = office.bring(office.aside("2027.4", key=parse_key(new_key())))
    watch.note(f"office brought {changed} and {forged}")

    def both_refused() -> bool:
        problems = [b.status().get("package_problem") or "" for b in booths]
        return all(ANOTHER_KEY in p and CHANGED in p for p in problems)

    watch.until(both_refused, "both booths refusing the forged and the changed package")
    watch.note("both refused")
    return {"problems": {b.id: b.status().get("package_problem") for b in booths},
            "playing": {b.id: b.status().get("fleet_package") for b in booths},
            "installed": {b.id: b.installed() for b in booths},
            "renders": {b.id: sorted(p.stem for p in b.renders.glob("[!.]*.png"))
                        for b in booths}}


def rollback(office: Office, booths: list[Booth], watch: Watch) -> dict[str, Any]:
    """The first deck published again: the booths go back to it, and the office hears it
    from their status files, signed, as `kiosk collect` reads them."""
    from kiosk.sync.fleet import collect

    back = office.publish("2027.1")
    watch.packages.append(back)
    watch.note(f"office published {back}")
    watch.until(watch.all_play(back), f"both booths playing {back}")
    result = {"package": back, "after_arrival_s": watch.delays(back),
              "status": {b.id: {k: b.status().get(k) for k in (
                  "fleet_package", "deck_version", "package_problem")} for b in booths}}

    def office_hears() -> bool:
        found = collect(office.folder / "messages", office.key).statuses
        return all(found.get(b.id, {}).get("fleet_package") == back for b in booths)

    watch.until(office_hears, "the office hearing both booths play the first deck again")
    watch.note("office heard")
    return result


def main(work: Path) -> int:
    if not only_loopback():
        print(json.dumps({"refused": "not in a private network namespace"}))
        return 2
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    try:
        result = run(work)
    except (TimeoutError, RuntimeError) as exc:
        result = {"failed": str(exc)}
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
