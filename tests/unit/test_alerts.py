"""`kiosk collect --watch` at the office: each start of a booth's problem (silent within its
opening hours, an old version, refused messages, low disk, a status file not signed) is
e-mailed once, and its end once more, whether the rounds run in one loop or one run each."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from kiosk.sync.alert_mail import STATE_FILE, NotSent
from kiosk.sync.alerts import (
    Alert,
    IsOpen,
    Newest,
    Problem,
    Thresholds,
    assess,
    load,
    open_hours,
    watch,
    watch_once,
)
from kiosk.sync.fleet import Collected, write_status
from kiosk.sync.fleet_key import new_key, parse_key

KEY = parse_key(new_key())
T0 = datetime(2026, 3, 14, 10, 0, tzinfo=UTC)  # a Saturday
GB = 5_000_000_000


def open_nine_to_five(_kiosk: str, when: datetime) -> bool:
    return 9 <= when.astimezone(UTC).hour < 17


class Office:
    """A shared folder the booths write into, the office's memory, and the e-mails sent."""

    def __init__(self, tmp_path: Path, silent_hours: float = 6, opening: IsOpen | None = None,
                 newest: Newest | None = None, key: bytes | None = KEY) -> None:
        self.folder, self.state = tmp_path / "shared", tmp_path / "office" / "alerts"
        self.folder.mkdir(parents=True, exist_ok=True)
        self.thresholds = Thresholds(silent_hours=silent_hours)
        self.opening, self.newest, self.key = opening, newest, key
        self.sent: list[tuple[str, str]] = []

    def booth(self, kiosk: str, at: datetime, key: bytes | None = KEY, **facts: object) -> None:
        """The booth writes its status file, as it does every few minutes."""
        write_status(self.folder, kiosk, {"updated_at": at.isoformat(), "deck_version": "5",
                                          "refused": 0, "free_disk_bytes": GB, **facts}, key)

    def send(self, subject: str, body: str) -> None:
        self.sent.append((subject, body))

    def round(self, at: datetime) -> list[Alert]:
        return watch_once(self.folder, self.key, self.state, self.newest, self.opening,
                          self.thresholds, at, self.send)

    def rounds(self, start: datetime, end: datetime, every: timedelta) -> dict[datetime, str]:
        """A round every ``every``: the subject of each e-mail, by the round that sent it."""
        told: dict[datetime, str] = {}
        at = start
        while at <= end:
            before = len(self.sent)
            self.round(at)
            assert len(self.sent) - before <= 1, "one e-mail a round at most"
            if len(self.sent) > before:
                told[at] = self.sent[-1][0]
            at += every
        return told

    @property
    def subjects(self) -> list[str]:
        return [subject for subject, _ in self.sent]


def test_a_silent_booth_is_told_once_after_n_hours_and_once_when_back(tmp_path: Path) -> None:
    office = Office(tmp_path)
    office.booth("st-marks", T0)
    told = office.rounds(T0, T0 + timedelta(hours=9), timedelta(minutes=15))
    assert told == {T0 + timedelta(hours=6): "Booth st-marks: silent for 6 h"}
    assert "Last heard from: Sat 14 Mar 10:00" in office.sent[0][1]
    office.booth("st-marks", T0 + timedelta(hours=9, minutes=20))
    back = office.rounds(T0 + timedelta(hours=9, minutes=30), T0 + timedelta(hours=12),
                         timedelta(minutes=15))
    assert list(back.values()) == ["Booth st-marks is back"]
    assert "Heard from again: Sat 14 Mar 19:20" in office.sent[1][1]


def test_a_booth_whose_clock_runs_ahead_is_heard_by_the_office_clock(tmp_path: Path) -> None:
    office = Office(tmp_path)
    at = T0
    while at < T0 + timedelta(hours=1):  # its status says tomorrow; it stops at 10:45
        office.booth("st-marks", at + timedelta(days=1))
        office.round(at)
        at += timedelta(minutes=15)
    told = office.rounds(at, T0 + timedelta(hours=8), timedelta(minutes=15))
    assert told == {T0 + timedelta(hours=6, minutes=45): "Booth st-marks: silent for 6 h"}


def test_hours_outside_opening_hours_do_not_count(tmp_path: Path) -> None:
    office = Office(tmp_path, silent_hours=2, opening=open_nine_to_five)
    office.booth("st-marks", T0.replace(hour=16))  # one hour before closing on Saturday
    told = office.rounds(T0.replace(hour=16), T0 + timedelta(days=1, hours=3),
                         timedelta(minutes=30))
    assert told == {T0 + timedelta(days=1): "Booth st-marks: silent for 2 h"}  # Sunday 10:00


def test_open_hours_across_a_daylight_saving_change() -> None:
    london = ZoneInfo("Europe/London")

    def is_open(_kiosk: str, when: datetime) -> bool:
        return 9 <= when.astimezone(london).hour < 17

    start = datetime(2026, 3, 28, 12, 0, tzinfo=london)  # the clocks go forward on Sunday
    end = datetime(2026, 3, 30, 12, 0, tzinfo=london)
    assert open_hours("st-marks", start, end, is_open) == 5 + 8 + 3
    assert open_hours("st-marks", end, start, is_open) == 0


def test_opening_hours_that_cannot_be_read_count_as_open() -> None:
    def broken(_kiosk: str, _when: datetime) -> bool:
        raise KeyError("sunday")

    assert open_hours("st-marks", T0, T0 + timedelta(hours=3), broken) == 3


def test_a_booth_on_an_old_version_is_told_after_its_grace(tmp_path: Path) -> None:
    office = Office(tmp_path, newest={"st-marks": "6", "chapel": "6"})
    office.booth("st-marks", T0, deck_version="5")
    office.booth("chapel", T0, deck_version="5")
    office.round(T0)
    office.booth("chapel", T0 + timedelta(minutes=40), deck_version="6")  # took it in time
    office.booth("st-marks", T0 + timedelta(minutes=40), deck_version="5")
    told = office.rounds(T0 + timedelta(minutes=45), T0 + timedelta(hours=2),
                         timedelta(minutes=15))
    assert told == {T0 + timedelta(hours=1): "Booth st-marks: plays version 5, not 6"}
    office.newest = None  # what is published cannot be read now: nothing changes
    office.round(T0 + timedelta(hours=2))
    assert len(office.sent) == 1
    office.newest = {"st-marks": "6"}
    office.booth("st-marks", T0 + timedelta(hours=2), deck_version="6")
    office.round(T0 + timedelta(hours=2, minutes=15))
    assert office.subjects[1:] == ["Booth st-marks plays the version published for it"]


@pytest.mark.parametrize("said", [{"content_refused": {"version": "6",
                                                       "why": "signed by another key"}},
                                  {"package_problem": "version 6, signed by another key"}])
def test_a_refused_package_is_a_problem_at_once(said: dict[str, object]) -> None:
    status = {"deck_version": "5", "refused": 0, "free_disk_bytes": GB, **said}
    found = Collected(statuses={"st-marks": status}, status_notes={"st-marks": ""},
                      last_seen={"st-marks": T0.isoformat()})
    finding = assess(found, {"st-marks": "6"}, lambda _k, _w: True, Thresholds(), T0)
    refused = finding["st-marks"][Problem.OLD_VERSION]
    assert refused is not None and refused.grace == 0
    assert (refused.detail, refused.why) == ("refused a new version",
                                             "version 6, signed by another key")
    playing = assess(found, {"st-marks": "5"}, lambda _k, _w: True, Thresholds(), T0)
    assert playing["st-marks"][Problem.OLD_VERSION] is None  # a rollback to what it plays


def test_refused_messages_are_told_once_with_the_reason(tmp_path: Path) -> None:
    office = Office(tmp_path)
    office.booth("st-marks", T0, refused=3,
                 last_problem="email to a@example.org: the mail server refused a@example.org")
    office.round(T0)
    office.round(T0 + timedelta(minutes=15))
    assert office.subjects == ["Booth st-marks: 3 message(s) refused"]
    assert "It says: email to a@example.org: the mail server refused" in office.sent[0][1]
    assert "Send refused messages again" in office.sent[0][1]
    office.booth("st-marks", T0 + timedelta(minutes=20), refused=0)
    office.round(T0 + timedelta(minutes=30))
    assert office.subjects[1:] == ["Booth st-marks: no refused messages now"]


def test_low_disk_is_told_once_and_well_again_only_clear_of_the_line(tmp_path: Path) -> None:
    office = Office(tmp_path)
    told = []
    for minutes, free in ((0, 300), (15, 990), (30, 1050), (45, 1200), (60, 1050)):
        office.booth("st-marks", T0 + timedelta(minutes=minutes),
                     free_disk_bytes=free * 1_000_000)
        told.append([a.detail for a in office.round(T0 + timedelta(minutes=minutes))])
    assert told == [["low on disk (300 MB free)"], [], [], ["low on disk (1,050 MB free)"], []]
    assert office.subjects == ["Booth st-marks: low on disk (300 MB free)",
                               "Booth st-marks: enough disk space again"]


def test_several_booths_news_goes_in_one_email(tmp_path: Path) -> None:
    office = Office(tmp_path)
    for kiosk in ("st-marks", "chapel", "hall"):
        office.booth(kiosk, T0)
    office.round(T0)
    office.booth("hall", T0 + timedelta(hours=6), free_disk_bytes=100_000_000)
    office.round(T0 + timedelta(hours=6))
    assert len(office.sent) == 1
    subject, body = office.sent[0]
    assert subject == ("Booth chapel: silent for 6 h; Booth hall: low on disk (100 MB free); "
                       "Booth st-marks: silent for 6 h")
    assert body.count("Booth ") == 3 and "No booth has been heard from" not in body
    office.round(T0 + timedelta(hours=7))
    assert len(office.sent) == 1


def test_every_booth_silent_asks_whether_the_office_still_syncs(tmp_path: Path) -> None:
    office = Office(tmp_path)
    office.booth("st-marks", T0)
    office.round(T0)
    office.booth("chapel", T0 + timedelta(hours=1))
    office.rounds(T0 + timedelta(hours=1), T0 + timedelta(hours=8), timedelta(hours=1))
    assert office.subjects == ["Booth st-marks: silent for 6 h", "Booth chapel: silent for 6 h"]
    assert "No booth has been heard from" in office.sent[1][1]
    assert "Still needing help:\n- st-marks: silent for 7 h" in office.sent[1][1]


@pytest.mark.parametrize("damage", [b"\x00\xffnot json", b"[1, 2]", b'{"format": 1}',
                                    b'{"format": 1, "booths": {"a": {"problems": '
                                    b'{"haunted": {"since": "", "told": true}}}}}',
                                    b'{"format": 1, "booths": {"a": {"claimed": 7, '
                                    b'"problems": {}}}}'])
def test_a_damaged_memory_is_kept_aside_and_started_afresh(tmp_path: Path,
                                                           damage: bytes) -> None:
    office = Office(tmp_path)
    office.booth("st-marks", T0, refused=2)
    office.state.mkdir(parents=True)
    (office.state / STATE_FILE).write_bytes(damage)
    looked = load(office.state, mend=False)  # the Booths page only looks
    assert looked is not None and looked.booths == {} and "damaged" in looked.note
    assert (office.state / STATE_FILE).read_bytes() == damage
    office.round(T0)
    assert office.subjects == ["Booth st-marks: 2 message(s) refused"]
    assert "the file before was damaged" in office.sent[0][1]
    assert (office.state / "booth-alerts.damaged.json").read_bytes() == damage
    memory = json.loads((office.state / STATE_FILE).read_text())
    assert memory["booths"]["st-marks"]["problems"]["refused_messages"]["told"] is True
    office.round(T0 + timedelta(minutes=15))
    office.booth("st-marks", T0 + timedelta(minutes=20), refused=0)
    office.round(T0 + timedelta(minutes=30))
    assert office.subjects[1:] == ["Booth st-marks: no refused messages now"]
    assert "damaged" not in office.sent[1][1]  # said once


def test_a_memory_from_a_newer_version_is_left_alone(tmp_path: Path) -> None:
    office = Office(tmp_path)
    office.booth("st-marks", T0, refused=2)
    office.state.mkdir(parents=True)
    newer = b'{"format": 2, "booths": "elsewhere"}'
    (office.state / STATE_FILE).write_bytes(newer)
    assert office.round(T0) == [] and office.sent == []
    assert (office.state / STATE_FILE).read_bytes() == newer


def test_a_status_not_signed_is_not_believed_and_is_told(tmp_path: Path) -> None:
    office = Office(tmp_path)
    office.booth("st-marks", T0, free_disk_bytes=200_000_000)
    office.round(T0)
    assert office.subjects == ["Booth st-marks: low on disk (200 MB free)"]
    later = T0 + timedelta(hours=1)
    office.booth("st-marks", later, key=None)  # says all is well, and fresh: not signed
    office.booth("intruder", later, key=parse_key(new_key()), refused=9)
    told = office.rounds(later, T0 + timedelta(hours=7), timedelta(hours=1))
    assert told == {later: "Booth intruder: status signed with another key, or changed; "
                           "Booth st-marks: status not signed",
                    T0 + timedelta(hours=6): "Booth st-marks: silent for 6 h"}
    assert "not believed" in office.sent[1][1]
    office.booth("st-marks", T0 + timedelta(hours=7))  # signed again, and well
    office.round(T0 + timedelta(hours=7))
    assert set(office.sent[-1][0].split("; ")) == {
        "Booth st-marks is back", "Booth st-marks: enough disk space again",
        "Booth st-marks: its status file is signed again"}


def test_an_email_that_did_not_go_goes_at_the_next_round_once(tmp_path: Path) -> None:
    office = Office(tmp_path)
    office.booth("st-marks", T0, refused=1)
    tries: list[str] = []

    def failing(subject: str, _body: str) -> None:
        tries.append(subject)
        raise NotSent("the mail server took too long to answer")

    alerts = watch_once(office.folder, KEY, office.state, None, None, office.thresholds, T0,
                        failing)
    assert [a.not_sent for a in alerts] == ["the mail server took too long to answer"]
    office.round(T0 + timedelta(minutes=15))
    office.round(T0 + timedelta(minutes=30))
    assert tries == office.subjects == ["Booth st-marks: 1 message(s) refused"]


def test_no_email_while_the_memory_cannot_be_written(tmp_path: Path) -> None:
    office = Office(tmp_path)
    office.state.parent.mkdir()
    office.state.write_text("a file where the folder should be")
    office.booth("st-marks", T0, refused=1)
    for minutes in (0, 15, 30):
        alerts = office.round(T0 + timedelta(minutes=minutes))
        assert alerts and "cannot be written" in alerts[0].not_sent
    assert office.sent == []


def world(office: Office, at: datetime) -> None:
    """What the booths write by ``at``: st-marks every 15 min except 11:00-19:00, hall on low
    disk from 13:00 to 15:00, chapel playing an old version until 14:00."""
    quarter = at.minute % 15 == 0
    if quarter and not T0 + timedelta(hours=1) <= at < T0 + timedelta(hours=9):
        office.booth("st-marks", at)
    if quarter:
        low = T0 + timedelta(hours=3) <= at < T0 + timedelta(hours=5)
        office.booth("hall", at, free_disk_bytes=(100 if low else 5000) * 1_000_000)
        office.booth("chapel", at, deck_version="6" if at >= T0 + timedelta(hours=4) else "5")


def test_a_loop_sends_what_one_run_a_round_sends(tmp_path: Path) -> None:
    newest = {"chapel": "6"}
    runs = Office(tmp_path / "runs", newest=newest)
    at = T0
    while at <= T0 + timedelta(hours=12):
        world(runs, at)
        runs.round(at)
        at += timedelta(minutes=15)
    loop = Office(tmp_path / "loop", newest=newest)
    now = [T0]

    def sleep(seconds: float) -> None:
        now[0] += timedelta(seconds=seconds)
        world(loop, now[0])

    world(loop, T0)
    watch(loop.folder, KEY, loop.state, lambda _found: newest, None, loop.thresholds, loop.send,
          every=900, clock=lambda: now[0], sleep=sleep, rounds=49)
    assert now[0] == T0 + timedelta(hours=12)
    assert loop.subjects == runs.subjects == [
        "Booth chapel: plays version 5, not 6", "Booth hall: low on disk (100 MB free)",
        "Booth chapel plays the version published for it",
        "Booth hall: enough disk space again", "Booth st-marks: silent for 6 h",
        "Booth st-marks is back"]
