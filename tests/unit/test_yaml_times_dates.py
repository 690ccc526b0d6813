"""What an author writes as a time or a date reads as they meant it: 13:00 is a time, not the
base-60 number 780, and a date that does not exist (30 February) gets a plain message from
the check that reads it, never a traceback."""

from __future__ import annotations

from kiosk.content.yamlpos import load_located


def test_a_time_stays_a_time_and_an_impossible_date_stays_text() -> None:
    located = load_located('show: {from: 9:30, to: 13:00}\nclosed: [2027-02-30, 2027-03-01]\n'
                           '2027-02-31: a key\n', "deck.yaml")
    data = located.data
    assert data["show"] == {"from": "9:30", "to": "13:00"}
    assert data["closed"][0] == "2027-02-30" and str(data["closed"][1]) == "2027-03-01"
    assert data["2027-02-31"] == "a key"
