"""The fleet: one synced folder shared by the office and every booth. The office publishes
signed, versioned packages of a deck into it (:mod:`kiosk.fleet.office`); each booth finds
the newest one meant for it, waits until every file has arrived whole, checks it
(:mod:`kiosk.fleet.booth`) and installs it into its own store (:mod:`kiosk.fleet.store`).
No Qt here."""

from kiosk.fleet.booth import (
    Checked,
    Look,
    Package,
    Ready,
    Refused,
    Waiting,
    check,
    look,
    newest_for,
)
from kiosk.fleet.layout import Fleet, FleetError, MadeFleet, make_fleet, read_fleet
from kiosk.fleet.manifest import LIMITS, Limits
from kiosk.fleet.office import Published, PublishError, publish
from kiosk.fleet.store import Installed, Outcome, current, install, previous, status_facts

__all__ = [
    "LIMITS", "Checked", "Fleet", "FleetError", "Installed", "Limits", "Look", "MadeFleet",
    "Outcome", "Package", "PublishError", "Published", "Ready", "Refused", "Waiting", "check",
    "current", "install", "look", "make_fleet", "newest_for", "previous", "publish",
    "read_fleet", "status_facts",
]
