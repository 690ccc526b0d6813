"""`kiosk collect FOLDER --watch` (or `--once`, for cron or the Task Scheduler): look at the
booths' status files now and then and e-mail staff, through the e-mail way out of the
settings file, once when a booth starts needing help and once when it is well again
(:mod:`kiosk.sync.alerts` decides). With the fleet folder (``--fleet``) it also knows the
version published for each booth and the opening hours of that version's deck, counted in
the booth's own time zone (its status file names it). No Qt here."""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo

from kiosk.schedule.rules import Opening, is_open
from kiosk.sync.alert_mail import Alert, email_sender, headline, when
from kiosk.sync.alerts import Newest, Send, Thresholds, watch
from kiosk.sync.collect_command import key_from_file
from kiosk.sync.fleet import Collected

log = logging.getLogger(__name__)


def now() -> datetime:
    """The office's clock, local and aware (the e-mails say times in its zone). Tests put a
    clock of their own in its place."""
    return datetime.now().astimezone()


#: How the loop waits between rounds (tests put their own in its place).
sleep: Callable[[float], None] = time.sleep


@dataclass(frozen=True)
class Watch:
    """What ``kiosk collect --watch`` was asked to do."""

    folder: Path  # where the booths deliver their messages and status files
    key_file: str | None
    state_dir: Path  # the alerts' memory
    thresholds: Thresholds
    every: float  # seconds between rounds
    fleet: Path | None  # the fleet folder: what is published for each booth
    once: bool


def alert_command(job: Watch, config: Path) -> int:
    """0 when every e-mail went (or none was due), 1 when one did not (it is tried again
    at the next round), 2 when nothing could be done (no folder, key or e-mail way out)."""
    if not job.folder.is_dir():
        print(f"{job.folder} is not a folder (is the shared folder synced here?)",
              file=sys.stderr)
        return 2
    try:
        key = key_from_file(job.key_file) if job.key_file else None
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    send, to = _email(config)
    if send is None:
        return 2
    if key is None:
        print("No fleet key given (--key-file): every status file is believed, even one "
              "anyone with access to the folder could have written.", file=sys.stderr)
    booths = Booths(job.fleet, key)
    if not job.once:
        print(f"Watching {job.folder} every {job.every / 60:g} min; e-mails go to {to}. "
              "Stop with Ctrl+C. Run one watcher per office: two would send each e-mail "
              "twice.", flush=True)
    unsent: list[Alert] = []

    def tell(alerts: list[Alert]) -> None:
        unsent.extend(a for a in alerts if a.not_sent)
        for line in round_lines(alerts, now()):
            print(line, flush=True)

    try:
        watch(job.folder, key, job.state_dir, booths.newest, booths.is_open, job.thresholds,
              send, job.every, now, sleep, rounds=1 if job.once else None, each_round=tell)
    except KeyboardInterrupt:
        print("stopped")
        return 0
    return 1 if unsent else 0


def _email(config: Path) -> tuple[Send | None, str]:
    """The alerts' way out (the settings' e-mail) and whom it reaches; None (said) when the
    settings have none."""
    from kiosk.setup.config import load_settings
    from kiosk.sync.from_settings import email_targets

    settings, problems = load_settings(config)
    section = settings.sync.email if settings.sync else None
    targets = email_targets(section) if section else []
    if not targets:
        for problem in problems:
            print(problem, file=sys.stderr)
        if _written(config, "email"):
            print(f"The e-mail way out in {config} cannot be used as written (see above), and "
                  "the alerts go by e-mail. Put it right, then run this again.",
                  file=sys.stderr)
        else:
            print(f"No e-mail way out is set in {config}, and the alerts go by e-mail. Set it "
                  "up (sync: email: the mail server, from and to), then run this again.",
                  file=sys.stderr)
        return None, ""
    return email_sender(targets), ", ".join(t.recipient for t in targets)


def _written(config: Path, section: str) -> bool:
    """Whether the settings file has a ``section:`` line at all (set, if not usable)."""
    try:
        text = config.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return False
    return any(line.strip().startswith(f"{section}:") for line in text.splitlines())


def round_lines(alerts: list[Alert], at: datetime) -> list[str]:
    """One line an alert: "Sat 14 Mar 10:02 e-mailed: Booth st-marks: silent for 6 h"."""
    stamp = when(at, at)
    return [f"{stamp} e-mailed: {headline(a)}" if not a.not_sent else
            f"{stamp} not e-mailed ({a.not_sent}; tried again next round): {headline(a)}"
            for a in alerts]


class Booths:
    """What the fleet folder says each round of each booth: the version published for it
    (``newest``) and whether it is open (``is_open``), by the opening hours of the deck
    published for it, in the time zone its status file names. A booth without a zone, or
    whose deck has no opening hours, is always open."""

    def __init__(self, fleet: Path | None, key: bytes | None) -> None:
        self.fleet, self.key = fleet, key
        self.hours: dict[str, tuple[Opening, tzinfo]] = {}
        self._decks: dict[Path, Opening | None] = {}  # per package folder: read once

    def newest(self, found: Collected) -> Newest | None:
        """The version published for each booth with a status file; None when the fleet
        folder is not known or its packages cannot be looked at (then nothing changes)."""
        from kiosk.fleet.booth import newest_for
        from kiosk.fleet.layout import FleetError, read_fleet

        self.hours = {}
        if self.fleet is None:
            return None
        try:
            packages = read_fleet(self.fleet).packages
        except FleetError as exc:
            log.warning("what is published is not known: %s", exc)
            return None
        if not packages.is_dir():
            log.warning("what is published is not known: %s is not there", packages)
            return None
        newest: dict[str, str | None] = {}
        for kiosk, status in found.statuses.items():
            group = status.get("fleet_group")
            package = newest_for(self.fleet, kiosk, group if isinstance(group, str) else "",
                                 self.key)
            newest[kiosk] = package.version if package else None
            zone = _zone(status) if not found.status_notes.get(kiosk) else None
            opening = self._opening(package.folder) if package and zone else None
            if opening is not None and zone is not None:
                self.hours[kiosk] = (opening, zone)
        return newest

    def is_open(self, kiosk: str, moment: datetime) -> bool:
        hours = self.hours.get(kiosk)
        return hours is None or is_open(hours[0], moment, hours[1])

    def _opening(self, package: Path) -> Opening | None:
        if package not in self._decks:
            self._decks[package] = deck_opening(package / "deck")
        return self._decks[package]


def _zone(status: Mapping[str, object]) -> tzinfo | None:
    name = status.get("time_zone")
    if not isinstance(name, str) or not name:
        return None
    try:
        return ZoneInfo(name)
    except (ValueError, OSError, KeyError):  # (ZoneInfoNotFoundError is a KeyError)
        log.warning("the time zone %r in a status file is not known: always open", name)
        return None


def deck_opening(deck: Path) -> Opening | None:
    """The opening hours a deck's ``deck.yaml`` gives (None: none, or not readable, which is
    logged: then the booth counts as always open, an alert too many rather than none)."""
    from kiosk.content.yamlpos import YamlSyntaxError, load_located, read_yaml_text
    from kiosk.schedule.words import parse_opening

    try:
        data = load_located(read_yaml_text(deck / "deck.yaml", "deck.yaml"), "deck.yaml").data
    except (OSError, UnicodeDecodeError, YamlSyntaxError) as exc:
        log.warning("the opening hours in %s cannot be read (%s): always open", deck, exc)
        return None
    raw = data.get("opening_hours") if isinstance(data, dict) else None
    if raw is None:
        return None
    opening = parse_opening(raw)
    if isinstance(opening, list):
        log.warning("the opening hours in %s cannot be read (%s): always open", deck,
                    "; ".join(map(str, opening)))
        return None
    return opening
