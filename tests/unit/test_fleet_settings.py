"""The settings of a booth of a fleet, its time zone and what a touch does while it is
closed: defaults, good values, and bad ones that fall back and say where."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk.fleet.layout import MESSAGES
from kiosk.setup.config import FleetSettings, Settings, load_settings
from kiosk.sync.fleet_key import new_key
from kiosk.sync.from_settings import targets_from

KEY = new_key()


def read(tmp_path: Path, text: str) -> tuple[Settings, list[str]]:
    config = tmp_path / "kiosk.yaml"
    config.write_text(text, encoding="utf-8")
    settings, problems = load_settings(config)
    return settings, [f"{p.line}: {p.message}" for p in problems]


def test_a_fleet_gives_messages_its_folder_signed_with_the_fleet_key(tmp_path: Path) -> None:
    settings, problems = read(tmp_path, f"""\
fleet:
  folder: ~/Sync/Booths
  group: north
sync:
  folder:
    key: {KEY}
""")
    assert problems == []
    assert settings.fleet == FleetSettings(folder="~/Sync/Booths", group="north", keep=2,
                                           look_seconds=30.0, screenshots=True)
    assert settings.fleet.path == Path("~/Sync/Booths").expanduser()
    assert settings.sync is not None
    assert settings.sync.folder == str(Path("~/Sync/Booths") / MESSAGES)  # the fleet's own
    assert settings.sync.folder_key == KEY
    (target,) = targets_from(settings.sync)
    assert target.path == Path.home() / "Sync" / "Booths" / "messages"  # type: ignore[attr-defined]


def test_a_fleet_without_a_sync_section_still_sends_its_messages_there(tmp_path: Path
                                                                         ) -> None:
    settings, problems = read(tmp_path, "fleet: {folder: /srv/Booths, keep: 5, "
                                        "look_seconds: 10, screenshots: false}\n")
    assert problems == []
    assert settings.fleet == FleetSettings("/srv/Booths", "", 5, 10.0, False)
    assert settings.sync is not None and settings.sync.folder == "/srv/Booths/messages"
    assert settings.sync.folder_key == ""  # (its packages cannot be checked: it says so)


def test_a_folder_set_for_messages_is_kept_with_a_fleet(tmp_path: Path) -> None:
    settings, problems = read(tmp_path, f"""\
fleet: {{folder: /srv/Booths}}
sync:
  folder: {{path: /mnt/stick, key: {KEY}}}
""")
    assert problems == []
    assert settings.sync is not None and settings.sync.folder == "/mnt/stick"


def test_without_a_fleet_a_folder_needs_its_path(tmp_path: Path) -> None:
    settings, problems = read(tmp_path, f"sync:\n  folder:\n    key: {KEY}\n")
    assert problems == ["2: missing 'path' (a synced folder, network share or USB stick), "
                        "or set fleet.folder"]
    assert settings.sync is None or settings.sync.folder is None


def test_a_folder_with_an_error_is_not_used_even_with_a_fleet(tmp_path: Path) -> None:
    """Messages wait rather than go unsigned where the folder's own settings are wrong."""
    settings, problems = read(tmp_path, "fleet: {folder: /srv/Booths}\n"
                                        "sync:\n  folder:\n    key: not-a-key\n")
    assert problems == ["4: is not a fleet key: make one with 'kiosk fleet-key' and copy it "
                        "whole"]
    assert settings.fleet is not None
    assert settings.sync is None or settings.sync.folder is None
    settings, problems = read(tmp_path, "fleet: {folder: /srv/Booths}\nsync:\n  folder: {}\n"
                                        "  folder: {}\n")
    assert any("'sync.folder' is set twice" in p for p in problems)
    assert settings.sync is None or settings.sync.folder is None


@pytest.mark.parametrize(("text", "said"), [
    ("fleet: {group: north}\n", "1: missing 'folder' (the fleet folder on this booth"),
    ("fleet: {folder: /b, keep: 2.5}\n", "1: 2.5 is not a whole number"),
    ("fleet: {folder: /b, keep: 0}\n", "1: 0 is outside 1 to 20"),
    ("fleet: {folder: /b, look_seconds: 1}\n", "1: 1 is outside 5 to 3600 s"),
    ("fleet: {folder: /b, screenshots: sometimes}\n", "1: expected yes or no"),
    ("fleet: {folder: /b, grup: north}\n", "1: unknown key 'grup' (did you mean 'group'?)"),
    ("fleet: {folder: /b, group: \"a\\nb\"}\n", "1: 'a b' is not a name of at most 100 "
                                              "characters on one line"),
    ("fleet: /srv/Booths\n", "1: expected a map of keys, found text"),
])
def test_bad_fleet_settings_are_said_with_their_line(tmp_path: Path, text: str, said: str
                                                      ) -> None:
    settings, problems = read(tmp_path, text)
    assert len(problems) == 1 and problems[0].startswith(said), problems
    if settings.fleet is not None:  # a bad detail falls back to its default
        assert settings.fleet == FleetSettings("/b")


def test_the_time_zone_is_a_name_from_the_time_zone_database(tmp_path: Path) -> None:
    assert Settings().timezone == ""  # the computer's own
    for good in ("Europe/London", "America/New_York", "Asia/Phnom_Penh", "UTC", ""):
        settings, problems = read(tmp_path, f"timezone: {json.dumps(good)}\n")
        assert problems == [] and settings.timezone == good
    settings, problems = read(tmp_path, "idle_seconds: 30\ntimezone: Europe/Londn\n")
    assert problems == ["2: 'Europe/Londn' is not a time zone's name (did you mean "
                        "'Europe/London'?); leave it empty for this computer's own"]
    assert settings.timezone == ""
    for bad in ("../../../etc/passwd", "/etc/localtime", "Mars/Olympus", "Europe\\\\London"):
        settings, problems = read(tmp_path, f"timezone: {json.dumps(bad)}\n")
        assert len(problems) == 1 and "is not a time zone's name" in problems[0], bad
    settings, problems = read(tmp_path, "timezone: 5\n")
    assert problems == ["1: expected a time zone's name such as Europe/London"]


def test_a_computer_without_a_list_of_time_zones_says_so(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    """Windows has no time zone list of its own: without the tzdata package none is known."""
    import zoneinfo

    def no_zone(name: str) -> None:
        raise zoneinfo.ZoneInfoNotFoundError(f"No time zone found with key {name}")

    monkeypatch.setattr(zoneinfo, "ZoneInfo", no_zone)
    monkeypatch.setattr(zoneinfo, "available_timezones", lambda: set())
    settings, problems = read(tmp_path, "timezone: Europe/London\n")
    assert problems == ["1: 'Europe/London' cannot be looked up: this computer has no list of "
                        "time zones (tzdata); leave it empty for its own"]
    assert settings.timezone == ""


def test_what_a_touch_shows_while_the_booth_is_closed(tmp_path: Path) -> None:
    assert Settings().asleep_touch == "notice_and_form"
    for good in ("notice_and_form", "notice", "nothing"):
        settings, problems = read(tmp_path, f"asleep_touch: {good}\n")
        assert problems == [] and settings.asleep_touch == good
    settings, problems = read(tmp_path, "asleep_touch: notise\n")
    assert problems == ["1: 'notise' is not one of notice_and_form, notice, nothing (did you "
                        "mean 'notice'?)"]
    assert settings.asleep_touch == "notice_and_form"


def test_the_schema_describes_each_new_setting() -> None:
    from kiosk.setup.config import settings_schema

    props = settings_schema()["properties"]
    assert props["fleet"]["required"] == ["folder"]
    assert props["fleet"]["properties"]["keep"]["default"] == 2
    assert "Europe/London" in props["timezone"]["description"]
    assert props["asleep_touch"]["enum"] == ["notice_and_form", "notice", "nothing"]
    assert "required" not in props["sync"]["properties"]["folder"]  # a fleet gives the path


def test_a_booth_set_up_may_carry_a_fleet(tmp_path: Path) -> None:
    """A set-up from a stick with the fleet and its key, and no messages folder of its own."""
    from kiosk.setup.carried import SetupError, check_plain

    settings = check_plain({"fleet": {"folder": "/srv/Booths", "group": "south"},
                            "sync": {"folder": {"key": KEY}}, "timezone": "Asia/Phnom_Penh",
                            "asleep_touch": "notice"}, "booth-setup.yaml")
    assert settings.fleet == FleetSettings("/srv/Booths", "south")
    assert settings.sync is not None and settings.sync.folder == "/srv/Booths/messages"
    assert (settings.timezone, settings.asleep_touch) == ("Asia/Phnom_Penh", "notice")
    with pytest.raises(SetupError, match=r"sync\.folder: missing 'path'"):
        check_plain({"sync": {"folder": {"key": KEY}}}, "booth-setup.yaml")
    with pytest.raises(SetupError, match="timezone: 'Mars/Base' is not a time zone"):
        check_plain({"timezone": "Mars/Base"}, "booth-setup.yaml")


def test_the_booths_time_zone_for_its_status_file(monkeypatch: pytest.MonkeyPatch) -> None:
    from kiosk.ui.fleet.facts import zone_name

    monkeypatch.setenv("TZ", "America/New_York")
    assert zone_name("Europe/London") == "Europe/London"  # the setting first
    assert zone_name() == "America/New_York"
    monkeypatch.setenv("TZ", "EST5EDT,M3.2.0,M11.1.0")  # a rule, not a name
    assert zone_name() is None
