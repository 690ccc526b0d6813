"""The office's fleet on the command line: `kiosk make-fleet` makes the shared folder's layout
and says the key once (never writing it into the folder), `kiosk publish` sends a deck to
the booths as a signed package, and refuses a deck with errors, naming them as `kiosk
validate` does."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.fleet.booth import newest_for
from kiosk.fleet.layout import read_fleet
from kiosk.setup.booth_setup import write_setup
from kiosk.setup.keys import KEY_PATTERN, is_key
from kiosk.staff import pin as staff
from kiosk.sync.fleet_key import read_key_file
from tests.decks import HEAD, write_deck

SLIDES = """\
- {type: title, id: s1, heading: Hello, chapter: one}
- {type: image, id: s2, image: images/a.png}
"""


def deck(folder: Path, version: str = "2027.1", slides: str = SLIDES) -> Path:
    return write_deck(folder, slides, head=HEAD + f"version: '{version}'\n",
                      images={"images/a.png": (200, 30, 30)})


def make(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, Path]:
    """A fleet folder and its key file at the office, made through the command line."""
    fleet, key = tmp_path / "Booths", tmp_path / "office" / "fleet.key"
    key.parent.mkdir()
    assert main(["make-fleet", str(fleet), "--name", "Our booths", "--key-file", str(key)]) == 0
    capsys.readouterr()
    return fleet, key


def everything_in(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


def test_make_fleet_prints_the_key_once_and_the_folder_never_holds_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import re

    fleet = tmp_path / "Booths"
    assert main(["make-fleet", str(fleet), "--name", "Our booths"]) == 0
    said = capsys.readouterr().out
    keys = re.findall(KEY_PATTERN, said)
    assert len(keys) == 1 and is_key(keys[0])
    assert keys[0].encode() not in everything_in(fleet)
    assert keys[0][6:30].encode() not in everything_in(fleet)
    assert read_fleet(fleet).name == "Our booths"
    assert all((fleet / part).is_dir() for part in ("packages", "messages", "screens"))
    assert "every booth's set-up" in said and "kiosk publish" in said
    # Made again: nothing changes, and no new key is said (it would not match the booths').
    before = everything_in(fleet)
    assert main(["make-fleet", str(fleet)]) == 0
    again = capsys.readouterr().out
    assert "already the fleet" in again and re.search(KEY_PATTERN, again) is None
    assert everything_in(fleet) == before


def test_make_fleet_writes_the_key_to_a_file_at_the_office_only(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fleet, key = make(tmp_path, capsys)
    assert read_key_file(key)  # a key a command can read back
    if os.name == "posix":
        assert key.stat().st_mode & 0o077 == 0  # for this account only
    assert key.read_text().strip().encode() not in everything_in(fleet)
    inside = tmp_path / "Other"
    code = main(["make-fleet", str(inside), "--key-file", str(inside / "fleet.key")])
    said = capsys.readouterr()
    assert code == 2 and "inside the fleet folder" in said.err
    assert not inside.exists()  # nothing made
    again = main(["make-fleet", str(inside), "--key-file", str(key)])
    assert again == 2 and "already exists" in capsys.readouterr().err
    assert not inside.exists()  # the key there is never written over


def test_make_fleet_refuses_a_folder_with_other_files(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    photos = tmp_path / "Photos"
    photos.mkdir()
    (photos / "holiday.jpg").write_bytes(b"jpeg")
    assert main(["make-fleet", str(photos), "--name", "Booths"]) == 1
    said = capsys.readouterr()
    assert "Photos already holds other files (holiday.jpg)" in said.err
    assert "choose an empty folder" in said.err and "fleet_" not in said.out
    assert sorted(p.name for p in photos.iterdir()) == ["holiday.jpg"]


def test_publish_makes_a_signed_package_for_every_booth_or_a_group(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    fleet, key = make(tmp_path, capsys)
    folder = deck(tmp_path / "deck")
    (folder / "notes.txt~").write_text("an editor's backup")
    (folder / "CON.png").write_bytes(b"x")  # a name a Windows booth could not use
    assert main(["publish", str(fleet), str(folder), "--key-file", str(key)]) == 0
    said = capsys.readouterr().out
    assert 'to the fleet "Our booths", for every booth' in said
    assert "Package 1-2027.1: serial 1, version 2027.1, 2 file(s)" in said
    assert "Left out (1, not published):\n  CON.png" in said
    package = newest_for(fleet, "st-marks", "", read_key_file(key))
    assert package is not None and package.version == "2027.1" and package.serial == 1
    # For one group only: the booths of another do not take it.
    deck(folder, "2027.2")
    monkeypatch.setattr(staff, "SCRYPT", {"n": 2**10, "r": 8, "p": 1})
    (tmp_path / "office" / "kiosk.yaml").write_text("idle_seconds: 60\n", encoding="utf-8")
    staff.StaffAuth(tmp_path / "data").set_pin("482916")
    setup = write_setup(tmp_path / "office", tmp_path / "office" / "kiosk.yaml",
                        tmp_path / "data")
    assert main(["publish", str(fleet), str(folder), "--key-file", str(key),
                 "--group", "north", "--setup", str(setup)]) == 0
    said = capsys.readouterr().out
    assert 'for the group "north" only' in said and "with the booths' set-up" in said
    assert "serial 2, version 2027.2" in said
    north = newest_for(fleet, "st-marks", "north", read_key_file(key))
    south = newest_for(fleet, "st-johns", "south", read_key_file(key))
    assert north is not None and north.version == "2027.2"
    assert south is not None and south.version == "2027.1"
    manifest = json.loads((north.folder / "manifest.json").read_text())
    assert manifest["group"] == "north" and manifest["setup"] == "booth-setup.yaml"


def test_publish_the_deck_the_kiosk_plays_when_none_is_named(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fleet, key = make(tmp_path, capsys)
    folder = deck(tmp_path / "playing", "2027.5")
    assert main(["publish", str(fleet), "--key-file", str(key), "--content", str(folder)]) == 0
    assert "version 2027.5" in capsys.readouterr().out


def test_a_deck_with_errors_is_not_published_and_its_problems_are_named(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fleet, key = make(tmp_path, capsys)
    broken = deck(tmp_path / "deck", slides=SLIDES + "- {type: image, id: s3, "
                                                     "image: images/missing.png}\n")
    code = main(["publish", str(fleet), str(broken), "--key-file", str(key)])
    said = capsys.readouterr()
    assert code == 1
    lines = said.err.splitlines()
    assert any(line.startswith(f"{broken / 'deck.yaml'}:") and ": error: " in line
               and "missing.png" in line for line in lines)  # as `kiosk validate` says it
    assert lines[-1].endswith("not published: the deck has 1 problem to fix before it is "
                              "published")
    assert list((fleet / "packages").iterdir()) == []
    assert "Published" not in said.out


def test_publish_says_plainly_when_the_key_or_the_fleet_is_wrong(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fleet, key = make(tmp_path, capsys)
    folder = deck(tmp_path / "deck")
    code = main(["publish", str(fleet), str(folder), "--key-file", str(tmp_path / "nokey")])
    assert code == 2 and "the fleet key file" in capsys.readouterr().err
    code = main(["publish", str(tmp_path), str(folder), "--key-file", str(key)])
    assert code == 2 and "is not a fleet folder" in capsys.readouterr().err
