"""What the booth's status file says about its fleet and its clock. No Qt here."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.setup.config import zone_of

if TYPE_CHECKING:  # (the fleet is loaded only on a booth that has one)
    from kiosk.fleet.store import Installed

#: The fields the fleet adds to the status file, and ``time_zone``: each is there from the
#: start (the sync thread reads the facts while the GUI thread changes their values).
FLEET_FIELDS = ("fleet_group", "fleet_package", "fleet_serial", "playing_since",
                "package_problem")
ZONE_FIELD = "time_zone"
#: Where the zone files are; /etc/localtime links into them on most systems.
_ZONEINFO = "zoneinfo"


def fleet_facts(playing: Installed | None, since: str | None, problem: str, group: str
                ) -> dict[str, Any]:
    """The status file's fleet fields: the version on screen (None: not one from the fleet),
    since when it plays, and why the newest package waits or was refused; with a version
    from the fleet, its deck's version too (the same file then says both at once)."""
    from kiosk.fleet.store import status_facts

    facts = status_facts(playing, problem, group)
    facts["playing_since"] = since if playing is not None else None
    names = (*FLEET_FIELDS, "deck_version") if playing is not None else FLEET_FIELDS
    return {name: facts[name] for name in names}


def zone_name(setting: str = "") -> str | None:
    """The booth's time zone as the world's time zone database names it (Europe/London):
    the setting, else the computer's (TZ, /etc/localtime); None where it has no such name.
    Reads a link: off the GUI thread."""
    if setting:
        return setting
    given = os.environ.get("TZ", "").lstrip(":")
    if given:
        return given if zone_of(given) is not None else None
    try:
        target = Path(os.readlink("/etc/localtime"))
    except OSError:
        return None
    parts = target.parts
    if _ZONEINFO not in parts:
        return None
    name = "/".join(parts[len(parts) - parts[::-1].index(_ZONEINFO):])
    for variant in ("posix/", "right/"):
        name = name.removeprefix(variant)
    return name if zone_of(name) is not None else None
