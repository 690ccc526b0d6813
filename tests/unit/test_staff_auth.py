"""The staff PIN: hashed, never plain; lockouts double and survive a restart. No Qt here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import kiosk.staff.pin as staff
from kiosk.platform.clock import ManualClock
from kiosk.staff.pin import PinError, StaffAuth
from tests.decks import ROOT


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


# ---------------------------------------------------------------- a hostile disk and clock
def test_a_right_pin_opens_even_when_the_disk_refuses(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    auth = StaffAuth(tmp_path)
    auth.set_pin("2468")

    def full(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(staff, "write_atomically", full)
    verdict = auth.check("2468")
    assert verdict.ok and "No space left" in verdict.problem
    for _ in range(5):  # wrong PINs still lock out, in memory, while the disk is full
        wrong = auth.check("0000")
    assert wrong.locked_for == 30 and wrong.problem


READ_ONLY_START = """
import sys, time, kiosk.staff.pin as s
from pathlib import Path
s.SCRYPT.update(n=2**10)
now = time.time() + float(sys.argv[3])
auth = s.StaffAuth(Path(sys.argv[1]), lambda: now, spare=Path(sys.argv[2]))
for pin in sys.argv[4:]:
    v = auth.check(pin)
    print(v.ok, round(v.locked_for), v.problem)
"""


def test_a_right_pin_opens_on_a_read_only_data_disk_and_a_lockout_survives_a_restart(
        tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    """On a real read-only mount: the right PIN opens (and says why nothing is saved); five
    wrong ones lock the pad, and the restarted kiosk still keeps it locked (the lockout was
    kept in the spare file), until the lockout is over."""
    import os
    import subprocess
    import sys

    if subprocess.run(["unshare", "--mount", "true"], capture_output=True).returncode != 0:
        pytest.skip("this machine cannot make a private mount namespace (unshare --mount)")
    StaffAuth(tmp_path).set_pin("2468")
    spare = tmp_path_factory.mktemp("spare") / "lockout.json"
    script = 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && shift && exec "$@"'
    root = ROOT

    def start(later: float, *pins: str) -> list[str]:
        result = subprocess.run(["unshare", "--mount", "sh", "-c", script, "sh",
                                 str(tmp_path), sys.executable, "-c", READ_ONLY_START,
                                 str(tmp_path), str(spare), str(later), *pins],
                                capture_output=True, text=True,
                                env={**os.environ, "PYTHONPATH": str(root)}, timeout=60)
        assert result.returncode == 0, result.stderr
        return result.stdout.splitlines()

    opened, *wrong = start(0, "2468", *["0000"] * 5)
    assert opened.startswith("True 0 the kiosk's disk cannot be written (Read-only")
    assert wrong[-1].startswith("False 30 ")
    restarted = start(0, "2468")[0].split()  # the kiosk restarted: still locked
    assert restarted[0] == "False" and 20 < int(restarted[1]) <= 30
    assert start(31, "2468")[0].startswith("True 0 ")


def refusing(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """From now on, nothing under ``folder`` can be written (a read-only or full disk)."""
    real = staff.write_atomically

    def writer(path: Path, data: bytes) -> None:
        if folder in Path(path).parents:
            raise OSError(30, "Read-only file system")
        real(path, data)

    monkeypatch.setattr(staff, "write_atomically", writer)  # the data folder's
    monkeypatch.setattr(staff, "write_spare", writer)  # the spare file's


def locked_out(data: Path, spare: Path, clock: ManualClock, refused: Path,
               monkeypatch: pytest.MonkeyPatch) -> None:
    """The PIN is set; then the disk refuses writes under ``refused`` and five wrong PINs
    lock the pad for 30 s."""
    auth = StaffAuth(data, clock, spare=spare)
    auth.set_pin("2468")
    refusing(refused, monkeypatch)
    for _ in range(5):
        last = auth.check("0000")
    assert last.locked_for == 30 and "Read-only" in last.problem


def test_a_lockout_on_a_read_only_data_disk_survives_a_restart(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    clock, data, spare = ManualClock(1_000_000.0), tmp_path / "data", tmp_path / "spare.json"
    locked_out(data, spare, clock, data, monkeypatch)
    clock.advance(10)
    restarted = StaffAuth(data, clock, spare=spare)  # the kiosk restarted
    assert restarted.check("2468").locked_for == pytest.approx(20)  # what was left of it
    clock.advance(21)
    for _ in range(5):
        last = restarted.check("0000")
    assert last.locked_for == 60  # and it goes on doubling
    clock.advance(61)
    assert StaffAuth(data, clock, spare=spare).check("2468").ok


def test_with_nowhere_to_keep_a_lockout_a_restart_waits_a_full_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    clock, data, spare = ManualClock(1_000_000.0), tmp_path / "data", tmp_path / "spare.json"
    locked_out(data, spare, clock, tmp_path, monkeypatch)  # no spare file either
    clock.advance(25)
    restarted = StaffAuth(data, clock, spare=spare)  # the kiosk restarted
    verdict = restarted.check("2468")
    assert verdict.locked_for == 30 and "lockout from before the kiosk started" in (
        verdict.problem)
    clock.advance(29)
    assert restarted.check("2468").locked_for == pytest.approx(1)
    clock.advance(2)
    opened = restarted.check("2468")
    assert opened.ok and "Read-only" in opened.problem


def test_a_clock_set_back_cannot_stretch_a_lockout(tmp_path: Path) -> None:
    clock = ManualClock(1_795_000_000.0)  # November 2026
    auth = StaffAuth(tmp_path, clock)
    auth.set_pin("2468")
    for _ in range(5):
        auth.check("0000")
    assert auth.locked_for() == 30
    clock.now = 5.0  # a Pi without a clock battery starts again in 1970
    assert auth.locked_for() == 30  # not 56.9 years
    clock.advance(31)
    assert auth.check("2468").ok


def test_lockouts_stop_growing_at_an_hour(tmp_path: Path) -> None:
    clock = ManualClock(1_000_000.0)
    auth = StaffAuth(tmp_path, clock)
    auth.set_pin("2468")
    lengths = []
    for _ in range(12):
        for _ in range(5):
            last = auth.check("0000")
        lengths.append(last.locked_for)
        clock.advance(last.locked_for + 1)
    assert lengths[:4] == [30, 60, 120, 240] and max(lengths) == 3600
    assert lengths[-1] == 3600


@pytest.mark.parametrize("pin", ["١٢٣٤", "²³⁴⁵", "１２３４", "12 34", "1234\n5"])
def test_set_pin_takes_only_the_digits_the_pad_can_type(pin: str, tmp_path: Path) -> None:
    with pytest.raises(PinError, match="0 to 9"):
        StaffAuth(tmp_path).set_pin(pin)
