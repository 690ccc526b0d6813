"""The office reads from a booth's status file which fleet package it plays, since when, its
group and time zone, and why it refused a package (the alerts and the Booths page need them);
each field checked as the others are."""

from __future__ import annotations

from kiosk.sync.fleet_status import INVALID, checked


def test_the_fleet_fields_of_a_status_file_are_kept_and_checked() -> None:
    raw = {"kiosk_id": "st-marks", "fleet_group": "north", "fleet_package": "7-2026.12-1",
           "fleet_serial": 7, "playing_since": "2026-12-07T09:00:00+00:00",
           "package_problem": "package 8: signed by another key\x1b[31m",
           "time_zone": "Europe/London"}
    facts = checked(raw, "fallback")
    assert facts["fleet_group"] == "north" and facts["fleet_package"] == "7-2026.12-1"
    assert facts["fleet_serial"] == 7 and facts["time_zone"] == "Europe/London"
    assert facts["playing_since"] is not None
    assert "\x1b" not in facts["package_problem"]
    assert "signed by another key" in facts["package_problem"]
    assert checked({"fleet_serial": "seven"}, "x")["fleet_serial"] == INVALID
