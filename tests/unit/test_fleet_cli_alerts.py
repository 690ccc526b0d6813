"""`kiosk collect --once` / `--watch` at the office, through a real mail server on this
computer and the office's clock set by the test: a booth silent for N hours of its opening
hours gets exactly one e-mail, and one more when it is back; a booth that plays another
version than the one published for it gets one after its grace; an e-mail that could not
go is tried again; without an e-mail way out nothing is watched."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from kiosk.cli import main
from kiosk.sync import alert_command
from kiosk.sync.fleet import write_status
from kiosk.sync.fleet_key import new_key, parse_key
from tests.unit.test_alert_smtp import Inbox, free_port

T0 = datetime(2027, 1, 15, 9, 0, tzinfo=UTC)  # a Friday
PLENTY = 50_000_000_000  # bytes of free disk


@dataclass
class Office:
    shared: Path  # where the booths write
    config: Path
    key_file: Path
    alerts: Path
    box: Inbox
    port: int
    monkeypatch: pytest.MonkeyPatch

    def booth(self, kiosk: str, at: datetime, **facts: Any) -> None:
        """The booth writes its status file (signed with the fleet key) at ``at``."""
        facts = {"updated_at": at.isoformat(), "free_disk_bytes": PLENTY,
                 "deck_version": "2027.1", **facts}
        assert write_status(self.shared, kiosk, facts, parse_key(self.key_file.read_text()))

    def once(self, at: datetime, *more: str) -> int:
        """`kiosk collect --once` with the office's clock at ``at``."""
        self.monkeypatch.setattr(alert_command, "now", lambda: at)
        return main(["collect", str(self.shared), "--once", "--config", str(self.config),
                     "--key-file", str(self.key_file), "--alerts-folder", str(self.alerts),
                     *more])

    def subjects(self) -> list[str]:
        return [str(mail["Subject"]) for _, mail in self.box.got]


def settings(path: Path, port: int) -> Path:
    path.write_text(f"sync:\n  email:\n    host: 127.0.0.1\n    port: {port}\n"
                    "    security: plain\n    from: booths@example.org\n"
                    "    to: [ann@example.org, bob@example.org]\n", encoding="utf-8")
    return path


@pytest.fixture
def office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Office]:
    port, box = free_port(), Inbox()
    server = Controller(box, hostname="127.0.0.1", port=port)
    server.start()
    try:
        shared = tmp_path / "Booths" / "messages"
        shared.mkdir(parents=True)
        key = tmp_path / "fleet.key"
        key.write_text(new_key() + "\n")
        yield Office(shared, settings(tmp_path / "kiosk.yaml", port), key,
                     tmp_path / "alerts", box, port, monkeypatch)
    finally:
        server.stop()


def test_a_silent_booth_gets_one_email_after_n_hours_and_one_when_it_is_back(
        office: Office, capsys: pytest.CaptureFixture[str]) -> None:
    office.booth("st-marks", T0)
    office.booth("st-johns", T0)
    at, printed = T0, []
    while at <= T0 + timedelta(hours=8):  # cron runs it every 15 minutes
        if at >= T0 + timedelta(hours=7) and at.minute == 0:
            office.booth("st-marks", at)  # back
        office.booth("st-johns", at)  # (always well)
        assert office.once(at, "--silent-hours", "3") == 0
        printed += capsys.readouterr().out.splitlines()
        at += timedelta(minutes=15)
    assert office.subjects() == ["Booth st-marks: silent for 3 h", "Booth st-marks is back"]
    assert office.box.got[0][0] == ["ann@example.org", "bob@example.org"]
    assert printed == ["Fri 15 Jan 12:00 e-mailed: Booth st-marks: silent for 3 h",
                       "Fri 15 Jan 16:00 e-mailed: Booth st-marks is back"]
    assert (office.alerts / "booth-alerts.json").is_file()


def test_watch_loops_with_its_own_sleep_and_sends_the_same(
        office: Office, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    clock = {"now": T0}
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        clock["now"] += timedelta(seconds=seconds)
        if clock["now"] == T0 + timedelta(hours=5):
            office.booth("st-marks", clock["now"])
        if len(waits) == 6 * 6:
            raise KeyboardInterrupt  # Ctrl+C

    monkeypatch.setattr(alert_command, "now", lambda: clock["now"])
    monkeypatch.setattr(alert_command, "sleep", sleep)
    office.booth("st-marks", T0)
    code = main(["collect", str(office.shared), "--watch", "--every", "10",
                 "--silent-hours", "2", "--config", str(office.config),
                 "--key-file", str(office.key_file), "--alerts-folder", str(office.alerts)])
    assert code == 0
    assert set(waits) == {600.0}  # every 10 minutes
    assert office.subjects() == ["Booth st-marks: silent for 2 h", "Booth st-marks is back"]
    out = capsys.readouterr().out
    assert "every 10 min" in out and "ann@example.org, bob@example.org" in out
    assert "Fri 15 Jan 11:00 e-mailed: Booth st-marks: silent for 2 h" in out
    assert out.rstrip().endswith("stopped")


def test_a_booth_playing_another_version_than_published_for_it(
        office: Office, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    fleet = office.shared.parent
    deck = publish_two_versions(fleet, office.key_file, tmp_path)
    assert deck.is_dir()
    office.booth("st-marks", T0, fleet_group="north")  # 2027.2 is published for north
    office.booth("st-johns", T0, fleet_group="south")  # 2027.1 is for every booth
    hours = [T0 + timedelta(minutes=30 * n) for n in range(5)]
    for at in hours[:4]:
        office.booth("st-marks", at, fleet_group="north")
        office.booth("st-johns", at, fleet_group="south")
        assert office.once(at, "--fleet", str(fleet)) == 0
    office.booth("st-marks", hours[4], fleet_group="north", deck_version="2027.2")
    office.booth("st-johns", hours[4], fleet_group="south")
    assert office.once(hours[4], "--fleet", str(fleet)) == 0
    assert office.subjects() == ["Booth st-marks: plays version 2027.1, not 2027.2",
                                 "Booth st-marks plays the version published for it"]
    capsys.readouterr()
    # Without the fleet folder, nothing is known of versions: no e-mail either way.
    later = hours[4] + timedelta(hours=3)
    office.booth("st-marks", later, fleet_group="north", deck_version="2027.0")
    office.booth("st-johns", later, fleet_group="south")
    assert office.once(later) == 0
    assert len(office.subjects()) == 2


def publish_two_versions(fleet: Path, key_file: Path, tmp_path: Path) -> Path:
    from tests.unit.test_fleet_cli import deck

    # (its messages/ already there, the booths signing with their key: the fleet keeps it)
    assert main(["make-fleet", str(fleet), "--use-key", str(key_file)]) == 0
    folder = deck(tmp_path / "deck", "2027.1")
    assert main(["publish", str(fleet), str(folder), "--key-file", str(key_file)]) == 0
    deck(folder, "2027.2")
    assert main(["publish", str(fleet), str(folder), "--key-file", str(key_file),
                 "--group", "north"]) == 0
    return folder


def test_silence_counts_only_the_opening_hours_of_the_deck_published_for_the_booth(
        office: Office, tmp_path: Path) -> None:
    """Open Monday to Friday 9-17 in Phnom Penh (UTC+7): heard on Friday at 16:00 there,
    the booth has been silent for two opening hours only on Monday at 10:00 there."""
    fleet = office.shared.parent
    publish_two_versions(fleet, office.key_file, tmp_path)
    for package in (fleet / "packages").iterdir():  # the deck published says its hours
        with (package / "deck" / "deck.yaml").open("a", encoding="utf-8") as file:
            file.write("opening_hours: {days: [mon, tue, wed, thu, fri], from: '09:00', "
                       "to: '17:00'}\n")
    office.booth("st-marks", T0, time_zone="Asia/Phnom_Penh")  # Fri 16:00 there
    sent_at = []
    at = T0
    while at <= T0 + timedelta(days=3):
        assert office.once(at, "--fleet", str(fleet), "--silent-hours", "2") == 0
        if len(office.subjects()) > len(sent_at):
            sent_at.append(at)
        at += timedelta(hours=1)
    assert office.subjects() == ["Booth st-marks: silent for 2 h"]
    assert sent_at == [datetime(2027, 1, 18, 3, 0, tzinfo=UTC)]  # Mon 10:00 in Phnom Penh


def test_an_email_that_did_not_go_is_tried_again(
        office: Office, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    office.booth("st-marks", T0)
    working = office.config.read_text()
    settings(office.config, free_port())  # a mail server that is not there
    assert office.once(T0 + timedelta(hours=3)) == 1
    said = capsys.readouterr().out
    assert "not e-mailed (" in said and "tried again next round): Booth st-marks: silent" in said
    office.config.write_text(working)
    assert office.once(T0 + timedelta(hours=3, minutes=15)) == 0
    assert office.subjects() == ["Booth st-marks: silent for 3 h"]


def test_without_an_email_way_out_nothing_is_watched(
        office: Office, capsys: pytest.CaptureFixture[str]) -> None:
    office.booth("st-marks", T0)
    office.config.write_text("idle_seconds: 60\n", encoding="utf-8")
    assert office.once(T0 + timedelta(hours=5)) == 2
    said = capsys.readouterr()
    assert "No e-mail way out is set in" in said.err and "sync: email:" in said.err
    assert not office.alerts.exists() and office.subjects() == []
    office.config.unlink()  # no settings file at all: the same
    assert office.once(T0 + timedelta(hours=5)) == 2
    assert "No e-mail way out" in capsys.readouterr().err


def test_watching_does_not_also_write_the_messages(
        office: Office, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code = office.once(T0, "--out", str(tmp_path / "all.csv"))
    assert code == 2 and "without them to write the messages" in capsys.readouterr().err
    assert not (tmp_path / "all.csv").exists()


def test_an_email_way_out_written_wrongly_is_not_called_missing(
        office: Office, capsys: pytest.CaptureFixture[str]) -> None:
    office.booth("st-marks", T0)
    office.config.write_text("sync:\n  email:\n    host: 127.0.0.1\n    from: a@example.org\n"
                             "    to: office@example.org\n    port: many\n", encoding="utf-8")
    assert office.once(T0 + timedelta(hours=5)) == 2
    said = capsys.readouterr().err
    assert "cannot be used as written" in said and "No e-mail way out is set" not in said
