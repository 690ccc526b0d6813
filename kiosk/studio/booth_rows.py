"""What the Booths page shows, gathered on a worker: each booth's status file in the fleet's
shared folder (checked with the fleet key), the problems ``kiosk collect --watch`` would
e-mail about (and whether it did), the version published for it and its latest screenshot,
decoded small. Nothing here touches a widget."""

from __future__ import annotations

import logging
import re
import stat
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QImage

from kiosk.fleet.booth import Package, newest_for
from kiosk.fleet.layout import Fleet, read_fleet
from kiosk.sync.alert_mail import Memory, parse, span, when
from kiosk.sync.alerts import (
    Finding,
    IsOpen,
    Problem,
    Thresholds,
    always_open,
    assess,
    load,
)
from kiosk.sync.fleet import Collected, collect
from kiosk.ui.common.images import ImageError, decode

log = logging.getLogger(__name__)

#: A booth's screenshot in the list.
PICTURE = QSize(192, 108)
#: A screenshot is a small JPEG: a larger file is not one.
PICTURE_BYTES = 8 * 1024 * 1024
#: A kiosk id that can name a file in ``screens/`` (as kiosk.yaml allows them).
_FILE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
#: Problems in the order a person reads them: is it believed, is it there, then the rest.
_ORDER = (Problem.UNSIGNED, Problem.SILENT, Problem.OLD_VERSION, Problem.REFUSED_MESSAGES,
          Problem.LOW_DISK)


@dataclass(frozen=True)
class Trouble:
    detail: str  # "silent for 6 h"
    why: str = ""  # what the booth said about it
    told: bool = False  # staff were e-mailed about it


@dataclass(frozen=True)
class BoothRow:
    kiosk_id: str
    seen: str  # "Sat 14 Mar 10:02 (3 h ago)", or "never"
    plays: str  # the version it plays
    coming: str  # "" or "2027.2 is on its way (published 10 min ago)"
    waiting: str  # "3 waiting · 1 refused"
    troubles: tuple[Trouble, ...]
    trusted: bool  # its status file is there and signed with the key
    picture: QImage | None
    picture_note: str  # when it was taken, or why there is none


@dataclass(frozen=True)
class Gathered:
    fleet: Fleet
    rows: list[BoothRow]
    notes: list[str]  # about the whole page: no key, a damaged memory
    looked: datetime


def gather(folder: Path, key: bytes | None, alerts: Path | None, thresholds: Thresholds,
           now: datetime, is_open: IsOpen = always_open) -> Gathered:
    """The fleet in ``folder`` as the Booths page shows it (``now``: aware, local), with the
    thresholds of the alerts and their memory in ``alerts`` (only read, never mended)."""
    fleet = read_fleet(folder)
    found = collect(fleet.messages, key)
    memory = (load(alerts, mend=False) if alerts is not None else None) or Memory()
    published = _published(fleet, found, key)
    newest = None if published is None else {k: p.version for k, p in published.items() if p}
    assessment = assess(found, newest, is_open, thresholds, now, memory)
    looked = _Round(fleet, found, memory, published or {}, thresholds.version_grace_hours, now)
    notes = [] if key is not None else [
        "Without the fleet key, every status file is believed: choose the key file."]
    notes += [memory.note] if memory.note else []
    return Gathered(fleet, [looked.row(k, known) for k, known in assessment.items()], notes,
                    now)


def _published(fleet: Fleet, found: Collected, key: bytes | None
               ) -> dict[str, Package | None] | None:
    """The newest package published for each booth (None: the packages cannot be read)."""
    try:
        return {kiosk: newest_for(fleet.folder, kiosk, str(status.get("fleet_group") or ""), key)
                for kiosk, status in found.statuses.items()}
    except OSError as exc:
        log.warning("the packages in %s cannot be read: %s", fleet.packages, exc)
        return None


@dataclass(frozen=True)
class _Round:
    """What one look at the fleet found, made into rows."""

    fleet: Fleet
    found: Collected
    memory: Memory
    published: dict[str, Package | None]
    grace_hours: float
    now: datetime

    def row(self, kiosk: str, known: dict[Problem, Finding | None]) -> BoothRow:
        status = self.found.statuses.get(kiosk, {})
        trusted = kiosk in self.found.statuses and not self.found.status_notes.get(kiosk)
        booth = self.memory.booths.get(kiosk)
        troubles, coming = [], ""
        for problem in _ORDER:
            finding = known.get(problem)
            if finding is None:
                continue
            told = booth is not None and problem in booth.problems and \
                booth.problems[problem].told
            on_its_way = _on_its_way(finding, self.published.get(kiosk), self.grace_hours,
                                     self.now)
            if on_its_way and not told:
                coming = on_its_way
            else:
                troubles.append(Trouble(finding.detail, finding.why, told))
        heard = self.found.last_seen.get(kiosk) or (booth.heard if booth else "")
        picture, note = picture_of(self.fleet, kiosk, self.now) if trusted else (None, "")
        return BoothRow(kiosk, _seen(heard, self.now),
                        str(status.get("deck_version") or "unknown") if trusted else "not known",
                        coming, _messages(status) if trusted else "", tuple(troubles), trusted,
                        picture, note)


def _on_its_way(finding: Finding, package: Package | None, grace_hours: float,
                now: datetime) -> str:
    """A version published for the booth less than its grace ago: on its way, no problem."""
    if finding.problem is not Problem.OLD_VERSION or not finding.grace or package is None:
        return ""
    at = parse(str((package.raw or {}).get("published_at") or ""))
    if at is None or (now - at).total_seconds() > grace_hours * 3600:
        return ""
    ago = span(max(0.0, (now - at).total_seconds()) / 3600)
    return f"{package.version} is on its way (published {ago} ago)"


def _seen(heard: str, now: datetime) -> str:
    moment = parse(heard) if heard else None
    if moment is None:
        return "never"
    hours = (now - moment).total_seconds() / 3600
    return when(moment, now) + (f" ({span(hours)} ago)" if hours > 0 else "")


def _messages(status: dict[str, object]) -> str:
    said = [f"{status[name]} {name}" for name in ("waiting", "refused")
            if status.get(name) is not None]
    return " · ".join(said) or "not said"


def picture_of(fleet: Fleet, kiosk: str, now: datetime) -> tuple[QImage | None, str]:
    """The booth's latest screenshot, small, and when it was taken (or why there is none).
    Only a plain file of a few MB named after a plain kiosk id is read."""
    if not _FILE_ID.fullmatch(kiosk):
        return None, ""
    path = fleet.screens / f"{kiosk}.jpg"
    try:
        facts = path.lstat()
    except FileNotFoundError:
        return None, "no picture yet"
    except OSError as exc:
        return None, f"the picture cannot be read ({exc.strerror or exc})"
    if not stat.S_ISREG(facts.st_mode):
        return None, "the picture is not a plain file"
    if facts.st_size > PICTURE_BYTES:
        return None, "the picture is too large to be a screenshot"
    try:
        image = decode(path, PICTURE, "fit")
    except ImageError as exc:
        return None, f"the picture cannot be shown ({exc})"
    taken = datetime.fromtimestamp(facts.st_mtime, now.tzinfo)
    return image, f"taken {when(taken, now)}"
