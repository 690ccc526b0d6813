"""The staff PIN: hashed, never plain; lockouts double and survive a restart. No Qt here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import kiosk.staff as staff
from kiosk.session import ManualClock
from kiosk.staff import PinError, StaffAuth


@pytest.fixture(autouse=True)
def quick_hash(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(staff, "SCRYPT", {"n": 2**10, "r": 8, "p": 1})  # tests need no 0.6 s


def test_pin_is_stored_only_as_a_salted_hash(tmp_path: Path) -> None:
    auth = StaffAuth(tmp_path)
    assert not auth.has_pin and not auth.check("1234").ok
    auth.set_pin("482913")
    text = (tmp_path / "staff.json").read_text()
    assert "482913" not in text
    record = json.loads(text)["pin"]
    assert record["alg"] == "scrypt" and len(record["salt"]) == 32 and len(record["hash"]) == 128
    assert auth.check("482913").ok and not auth.check("482914").ok


def test_pin_shape(tmp_path: Path) -> None:
    for bad in ("12", "abcd", "12 34", "1234567890123"):
        with pytest.raises(PinError):
            StaffAuth(tmp_path).set_pin(bad)


def test_lockout_doubles_and_survives_a_restart(tmp_path: Path) -> None:
    clock = ManualClock(1_000_000.0)
    StaffAuth(tmp_path, clock).set_pin("2468")
    auth = StaffAuth(tmp_path, clock)
    for left in (4, 3, 2, 1):
        assert auth.check("0000").tries_left == left
    fifth = auth.check("0000")
    assert fifth.locked_for == 30
    restarted = StaffAuth(tmp_path, clock)  # the kiosk restarted
    assert restarted.check("2468").locked_for == pytest.approx(30)  # even the right PIN waits
    clock.advance(31)
    for _ in range(5):
        last = restarted.check("0000")
    assert last.locked_for == 60  # doubled
    clock.advance(61)
    assert restarted.check("2468").ok
    for _ in range(5):
        last = restarted.check("0000")
    assert last.locked_for == 30  # a right PIN starts the doubling again


def test_set_pin_command_reads_stdin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    import io

    from kiosk.cli import main

    monkeypatch.setattr("sys.stdin", io.StringIO("975310\n"))
    assert main(["set-pin", "--data-dir", str(tmp_path)]) == 0
    assert StaffAuth(tmp_path).check("975310").ok
    monkeypatch.setattr("sys.stdin", io.StringIO("12\n"))
    assert main(["set-pin", "--data-dir", str(tmp_path)]) == 1
    assert "4 to 12 digits" in capsys.readouterr().err
    assert StaffAuth(tmp_path).check("975310").ok  # unchanged
