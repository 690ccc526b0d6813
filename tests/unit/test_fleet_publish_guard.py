"""The office cannot publish what every booth would refuse: a package signed with another
fleet's key, or with a key kept in the shared folder; and an empty group is not taken to
mean every booth."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.fleet.layout import read_fleet
from kiosk.fleet.office import publish
from kiosk.sync.fleet_key import new_key, parse_key, read_key_file
from tests.unit.test_fleet_cli import deck, make


def test_another_fleets_key_is_refused_at_the_office(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    fleet, key = make(tmp_path, capsys)
    other = tmp_path / "office" / "other.key"
    other.write_text(new_key() + "\n", encoding="ascii")
    folder = deck(tmp_path / "deck")
    assert main(["publish", str(fleet), str(folder), "--key-file", str(other)]) == 2
    assert 'this is not the key of the fleet "Our booths"' in capsys.readouterr().err
    assert not any((fleet / "packages").iterdir())
    assert read_fleet(fleet).has_key(read_key_file(key)) is True
    assert "fleet_" not in (fleet / "fleet.json").read_text(encoding="utf-8")  # (no key)
    assert main(["publish", str(fleet), str(folder), "--key-file", str(key)]) == 0


def test_a_fleet_made_before_fleet_json_was_signed_takes_any_key(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fleet, _key = make(tmp_path, capsys)
    info = json.loads((fleet / "fleet.json").read_text(encoding="utf-8"))
    info.pop("sig")
    (fleet / "fleet.json").write_text(json.dumps(info), encoding="utf-8")
    assert read_fleet(fleet).has_key(parse_key(new_key())) is None
    publish(fleet, deck(tmp_path / "deck"), parse_key(new_key()))  # (the booths will say)
    assert read_fleet(fleet).key_refused(parse_key(new_key())) == ""


def test_a_key_file_in_the_shared_folder_and_an_empty_group_are_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fleet, key = make(tmp_path, capsys)
    folder = deck(tmp_path / "deck")
    shared_key = fleet / "messages" / "oops.key"
    shutil.copy(key, shared_key)
    assert main(["publish", str(fleet), str(folder), "--key-file", str(shared_key)]) == 2
    assert "is inside the fleet folder" in capsys.readouterr().err
    for empty in ("", "   "):
        assert main(["publish", str(fleet), str(folder), "--key-file", str(key),
                     "--group", empty]) == 2
        assert "--group is empty" in capsys.readouterr().err
    assert not any((fleet / "packages").iterdir())


def test_a_shared_folder_whose_booths_sign_with_a_key_becomes_a_fleet_with_that_key(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shared = tmp_path / "Booths"
    (shared / "messages").mkdir(parents=True)
    key = tmp_path / "fleet.key"
    key.write_text(new_key() + "\n", encoding="ascii")
    assert main(["make-fleet", str(shared), "--use-key", str(key)]) == 0
    said = capsys.readouterr().out
    assert "with the key in" in said and "fleet_" not in said  # (never shown again)
    assert read_fleet(shared).has_key(read_key_file(key)) is True
    assert main(["publish", str(shared), str(deck(tmp_path / "deck")), "--key-file",
                 str(key)]) == 0
    not_a_key = tmp_path / "notes.txt"
    not_a_key.write_text("hello", encoding="ascii")
    assert main(["make-fleet", str(tmp_path / "Other"), "--use-key", str(not_a_key)]) == 1
    assert "holds no fleet key" in capsys.readouterr().err
