"""The booths' set-up published with the slides: signed with the fleet key, it goes into the
booth's kiosk.yaml as the slides are installed (no PIN is typed: the signature stands in for
it). The booth keeps its own name, fleet folder and group, and its fleet key; the set-up's
staff PIN becomes the booth's. A set-up the booth cannot take changes nothing, and the new
slides play all the same."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

import kiosk.staff.pin as staff_module
from kiosk.fleet.office import publish
from kiosk.fleet.store import current
from kiosk.setup.booth_setup import apply_signed_setup, read_setup
from kiosk.setup.config import load_settings
from kiosk.staff.pin import STAFF_FILE, StaffAuth
from kiosk.ui.compose import FLEET_STORE, Kiosk
from tests.gui.test_fleet_booth import (
    BOOTH,
    Fleet,
    booth,
    deck,
    fleet,
    look,
    playing,
)

__all__ = ["booth", "fleet"]  # the fleet and its booth, used here too

OFFICE_PIN, BOOTH_PIN = "482916", "1357"
OFFICE_SETTINGS = """\
kiosk_id: office-pc
idle_seconds: 75
fleet:
  folder: /somewhere/at/the/office
"""


@pytest.fixture(autouse=True)
def quick_hash(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(staff_module, "SCRYPT", {"n": 2**10, "r": 8, "p": 1})


def with_setup(fleet: Fleet, title: str, version: str) -> None:
    """The office publishes slides with the booths' set-up: its own settings and PIN."""
    from kiosk.studio.fleet_choices import booths_setup

    office = fleet.root / "office-pc"
    office.mkdir(parents=True, exist_ok=True)
    (office / "kiosk.yaml").write_text(OFFICE_SETTINGS, encoding="utf-8")
    StaffAuth(office / "data").set_pin(OFFICE_PIN)
    setup = booths_setup(office / "kiosk.yaml", office / "data")
    publish(fleet.folder, deck(fleet.root / "decks" / version, title, version), fleet.key,
            setup=setup)


def a_booth(booth: Callable[..., Kiosk], tmp_path: Path) -> Kiosk:
    """A booth of the fleet started as the app starts it, knowing where its kiosk.yaml is."""
    kiosk = booth()
    assert kiosk.fleet is not None
    kiosk.fleet.config_path = tmp_path / "kiosk.yaml"
    StaffAuth(tmp_path / "data").set_pin(BOOTH_PIN)
    return kiosk


def test_the_set_up_published_with_the_slides_goes_into_the_booths_kiosk_yaml(
        booth: Callable[..., Kiosk], fleet: Fleet, qtbot: QtBot, tmp_path: Path) -> None:
    kiosk = a_booth(booth, tmp_path)
    config = tmp_path / "kiosk.yaml"
    before = config.read_text("utf-8")
    with_setup(fleet, "Spring appeal", "2027.1")
    look(kiosk, qtbot)
    qtbot.waitUntil(lambda: playing(kiosk) == "Spring appeal", timeout=10_000)
    settings, problems = load_settings(config)
    assert problems == [] and settings.idle_seconds == 75
    assert settings.name == BOOTH  # its own name, fleet folder and group, and fleet key
    assert settings.fleet is not None and settings.fleet.path == fleet.folder
    assert settings.fleet.group == "north"
    assert settings.sync is not None and settings.sync.folder_key == fleet.key_text
    assert (tmp_path / "kiosk.yaml.bak").read_text("utf-8") == before
    auth = StaffAuth(tmp_path / "data")
    assert auth.check(OFFICE_PIN).ok  # the office's PIN opens the panel now


def test_a_set_up_without_a_pin_keeps_the_booths_pin(
        fleet: Fleet, tmp_path: Path) -> None:
    with_setup(fleet, "Spring appeal", "2027.1")
    package = next((fleet.folder / "packages").iterdir())
    setup = read_setup(package)
    assert setup is not None
    config = tmp_path / "kiosk.yaml"
    config.write_text(f"kiosk_id: {BOOTH}\nidle_seconds: 90\nfleet:\n  folder: {fleet.folder}\n"
                      f"sync:\n  folder:\n    key: {fleet.key_text}\n", encoding="utf-8")
    StaffAuth(tmp_path / "data").set_pin(BOOTH_PIN)
    apply_signed_setup(dataclasses.replace(setup, pin={}), config, tmp_path / "data")
    settings = load_settings(config)[0]
    assert settings.idle_seconds == 75 and settings.name == BOOTH
    assert settings.sync is not None and settings.sync.folder_key == fleet.key_text
    assert StaffAuth(tmp_path / "data").check(BOOTH_PIN).ok


def test_a_set_up_the_booth_cannot_take_changes_nothing_and_the_slides_play(
        booth: Callable[..., Kiosk], fleet: Fleet, qtbot: QtBot, tmp_path: Path,
        caplog: pytest.LogCaptureFixture) -> None:
    kiosk = a_booth(booth, tmp_path)
    config = tmp_path / "kiosk.yaml"
    before = config.read_text("utf-8")
    (tmp_path / "data" / STAFF_FILE).unlink()
    (tmp_path / "data" / STAFF_FILE).mkdir()  # the PIN cannot be saved there
    with_setup(fleet, "Spring appeal", "2027.1")
    with caplog.at_level(logging.WARNING):
        look(kiosk, qtbot)
        qtbot.waitUntil(lambda: playing(kiosk) == "Spring appeal", timeout=10_000)
    assert "the booths' set-up in package 1-2027.1 was not applied" in caplog.text
    assert config.read_text("utf-8") == before
    installed = current(tmp_path / "data" / FLEET_STORE)
    assert installed is not None and installed.name == "1-2027.1"
