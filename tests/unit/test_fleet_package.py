"""The fleet folder and its packages: the office makes a fleet once and publishes a deck as a
signed package; a booth waits until every file has arrived whole, then installs it into its
own store, keeping the previous version; publishing an older deck rolls the booths back; a
package for one group is not for the others."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kiosk.content.install import SETUP_FILE
from kiosk.fleet.booth import Ready, Waiting, look, newest_for
from kiosk.fleet.layout import FleetError, make_fleet
from kiosk.fleet.office import PublishError, publish
from kiosk.fleet.store import STATE, current, install, previous
from kiosk.platform.clock import ManualClock
from kiosk.setup.booth_setup import read_setup, write_setup
from kiosk.setup.keys import is_key
from kiosk.staff import pin as staff
from kiosk.staff.pin import StaffAuth
from kiosk.sync.fleet_key import parse_key, verify
from tests.decks import HEAD, write_deck

NOW = 1_800_000_000.0  # 2027-01-15 08:00 UTC
SLIDES = """\
- {type: title, id: s1, heading: Hello, chapter: one}
- {type: image, id: s2, image: images/a.png}
- {type: image, id: s3, image: images/b.png}
"""


def deck(folder: Path, version: str, colour: tuple[int, int, int] = (200, 30, 30)) -> Path:
    return write_deck(folder, SLIDES, head=HEAD + f"version: '{version}'\n",
                      images={"images/a.png": colour, "images/b.png": (10, 90, 10)})


@pytest.fixture
def fleet(tmp_path: Path) -> tuple[Path, bytes]:
    made = make_fleet(tmp_path / "Booths", "Our booths", clock=ManualClock(NOW))
    assert made.key is not None
    return made.fleet.folder, parse_key(made.key)


def test_a_fleet_is_made_once_with_its_parts_and_never_holds_the_key(tmp_path: Path) -> None:
    folder = tmp_path / "Booths"
    folder.mkdir()
    (folder / ".stfolder").mkdir()  # Syncthing's marker in a freshly shared folder
    made = make_fleet(folder, "Our booths", clock=ManualClock(NOW))
    assert made.key is not None and is_key(made.key)
    assert all((folder / part).is_dir() for part in ("packages", "messages", "screens"))
    about = (folder / "fleet.json").read_text(encoding="utf-8")
    info = json.loads(about)
    assert info.pop("sig").startswith("v1,")  # signed with the key: the office checks it
    assert info == {"kind": "kiosk-fleet", "format": 1, "name": "Our booths",
                    "made_at": "2027-01-15T08:00:00Z"}
    assert made.key[6:20] not in about
    (folder / "screens").rmdir()
    again = make_fleet(folder, "Another name")
    assert again.key is None and again.fleet.name == "Our booths"  # nothing overwritten
    assert (folder / "fleet.json").read_text(encoding="utf-8") == about
    assert (folder / "screens").is_dir()  # the missing part made again


def test_a_folder_with_other_files_is_not_made_a_fleet(tmp_path: Path) -> None:
    folder = tmp_path / "Photos"
    folder.mkdir()
    (folder / "holiday.jpg").write_bytes(b"jpeg")
    with pytest.raises(FleetError, match=r"already holds other files \(holiday.jpg\)"):
        make_fleet(folder, "Booths")
    assert sorted(p.name for p in folder.iterdir()) == ["holiday.jpg"]
    with pytest.raises(FleetError, match="not a fleet folder"):
        publish(folder, deck(tmp_path / "deck", "1"), b"k" * 32)


def test_publish_then_check_and_install(tmp_path: Path, fleet: tuple[Path, bytes]) -> None:
    shared, key = fleet
    source = deck(tmp_path / "deck", "2027.1")
    (source / "deck.yaml.bak").write_text("old", encoding="utf-8")
    (source / ".deck.yaml.recovery").write_text("unsaved", encoding="utf-8")
    published = publish(shared, source, key, clock=ManualClock(NOW))
    manifest = json.loads((published.folder / "manifest.json").read_text(encoding="utf-8"))
    assert published.folder.name == "1-2027.1" and manifest["serial"] == 1
    assert manifest["deck_version"] == "2027.1" and manifest["group"] is None
    assert manifest["published_at"] == "2027-01-15T08:00:00Z"
    assert sorted(f["path"] for f in manifest["files"]) == [
        "deck/deck.yaml", "deck/images/a.png", "deck/images/b.png"]
    assert verify(key, "kiosk-package.1", manifest)

    found = look(shared, "booth-1", "", key)
    assert isinstance(found.checked, Ready) and found.note == ""
    store = tmp_path / "booth" / "fleet"
    outcome = install(found.checked, store, clock=ManualClock(NOW + 90))
    assert outcome.refused == "" and outcome.playing == current(store)
    assert outcome.status("north") == {
        "fleet_group": "north", "deck_version": "2027.1", "fleet_package": "1-2027.1",
        "fleet_serial": 1, "playing_since": "2027-01-15T08:01:30Z", "package_problem": None}
    playing = current(store)
    assert playing is not None
    assert (playing.deck / "images" / "a.png").read_bytes() == (
        source / "images" / "a.png").read_bytes()
    assert not (playing.deck / "deck.yaml.bak").exists() and previous(store) is None
    assert look(shared, "booth-1", "", key, after=playing.serial).checked is None


def test_files_arriving_one_by_one_wait_until_the_last_one(
        tmp_path: Path, fleet: tuple[Path, bytes]) -> None:
    shared, key = fleet
    published = publish(shared, deck(tmp_path / "deck", "2"), key, clock=ManualClock(NOW))
    booth_side = tmp_path / "booth-side"  # the fleet folder as the sync tool fills it
    shutil.copytree(shared, booth_side, ignore=shutil.ignore_patterns("1-*"))
    arriving = booth_side / "packages" / published.folder.name
    arriving.mkdir()
    shutil.copy(published.folder / "manifest.json", arriving)  # the manifest came first
    files = ["deck/images/b.png", "deck/deck.yaml", "deck/images/a.png"]
    for number, name in enumerate(files):
        state = look(booth_side, "booth-1", "", key).checked
        assert isinstance(state, Waiting) and (state.arrived, state.total) == (number, 3)
        assert str(state).startswith(f"package 1 (version 2) is arriving: {number} of 3 files")
        data = (published.folder / name).read_bytes()
        (arriving / name).parent.mkdir(parents=True, exist_ok=True)
        (arriving / name).write_bytes(data[:len(data) // 2])  # partly written
        half = look(booth_side, "booth-1", "", key).checked
        assert isinstance(half, Waiting) and half.arrived == number
        assert name.removeprefix("deck/") in half.missing
        (arriving / name).write_bytes(data)
    ready = look(booth_side, "booth-1", "", key).checked
    assert isinstance(ready, Ready)
    assert install(ready, tmp_path / "store").playing is not None


def test_a_deck_with_errors_is_not_published(tmp_path: Path,
                                             fleet: tuple[Path, bytes]) -> None:
    shared, key = fleet
    source = write_deck(tmp_path / "deck", "- {type: image, id: s1, image: images/gone.png}\n")
    with pytest.raises(PublishError, match="1 problem to fix") as raised:
        publish(shared, source, key)
    assert "image not found: images/gone.png" in raised.value.problems[0].message
    assert list((shared / "packages").iterdir()) == []


def test_publishing_an_older_deck_again_rolls_the_booths_back(
        tmp_path: Path, fleet: tuple[Path, bytes]) -> None:
    shared, key = fleet
    store, clock = tmp_path / "store", ManualClock(NOW)
    old = deck(tmp_path / "old", "1", (200, 30, 30))
    new = deck(tmp_path / "new", "2", (30, 30, 200))
    for source in (old, new, old):
        publish(shared, source, key, clock=clock)
        playing = current(store)
        found = look(shared, "booth-1", "", key, after=playing.serial if playing else 0)
        assert isinstance(found.checked, Ready)
        install(found.checked, store, clock=clock)
        clock.advance(60)
    playing, before = current(store), previous(store)
    assert playing is not None and before is not None
    assert (playing.name, playing.version, before.version) == ("3-1", "1", "2")
    assert (playing.deck / "images" / "a.png").read_bytes() == (
        old / "images" / "a.png").read_bytes()
    newest = newest_for(shared, "booth-1", "", key)
    assert newest is not None and newest.serial == 3


def test_a_package_for_one_group_is_not_for_the_others(
        tmp_path: Path, fleet: tuple[Path, bytes]) -> None:
    shared, key = fleet
    publish(shared, deck(tmp_path / "all", "1"), key)
    publish(shared, deck(tmp_path / "north", "2-north"), key, group="north")
    publish(shared, deck(tmp_path / "one", "3-hall"), key, group="church-hall")
    south = newest_for(shared, "booth-s", "south", key)
    north = newest_for(shared, "booth-n", " North", key)
    by_name = newest_for(shared, "church-hall", "south", key)
    assert south is not None and south.version == "1"
    assert north is not None and north.version == "2-north"
    assert by_name is not None and by_name.version == "3-hall"
    assert look(shared, "booth-s", "south", key, after=1).checked is None


def test_install_keeps_the_previous_version_and_only_so_many_older(
        tmp_path: Path, fleet: tuple[Path, bytes]) -> None:
    shared, key = fleet
    store = tmp_path / "store"
    for version in "1234":
        publish(shared, deck(tmp_path / version, version), key)
        found = look(shared, "booth-1", "", key, after=int(version) - 1)
        assert isinstance(found.checked, Ready)
        assert install(found.checked, store, keep=1, in_use={"1-1"}).refused == ""
    kept = sorted(p.name for p in store.iterdir())
    assert kept == ["1-1", "3-3", "4-4", STATE]  # what the screen still shows is kept too
    playing, before = current(store), previous(store)
    assert playing is not None and before is not None
    assert (playing.name, before.name) == ("4-4", "3-3")


def test_the_booths_set_up_travels_with_the_deck(
        tmp_path: Path, fleet: tuple[Path, bytes], monkeypatch: pytest.MonkeyPatch) -> None:
    shared, key = fleet
    monkeypatch.setattr(staff, "SCRYPT", {"n": 2**10, "r": 8, "p": 1})
    office = tmp_path / "office"
    office.mkdir()
    (office / "kiosk.yaml").write_text("idle_seconds: 60\n", encoding="utf-8")
    StaffAuth(office / "data").set_pin("482916")
    setup = write_setup(office, office / "kiosk.yaml", office / "data").read_bytes()
    with pytest.raises(PublishError, match="set-up is not published"):
        publish(shared, deck(tmp_path / "d", "1"), key, setup=b"format: 1\nsettings: 7\n")
    assert list((shared / "packages").iterdir()) == []
    source = deck(tmp_path / "deck", "1")
    (source / SETUP_FILE).write_text("left beside the deck", encoding="utf-8")
    published = publish(shared, source, key, setup=setup)
    assert not (published.folder / "deck" / SETUP_FILE).exists()  # never sent by mistake
    found = look(shared, "booth-1", "", key)
    assert isinstance(found.checked, Ready) and found.checked.manifest.setup
    playing = install(found.checked, tmp_path / "store").playing
    assert playing is not None and playing.setup is not None
    read = read_setup(playing.folder)
    assert read is not None and read.settings["idle_seconds"] == 60
