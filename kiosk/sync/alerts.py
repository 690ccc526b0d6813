"""Alerts for a fleet's office: ``kiosk collect --watch`` looks at the shared folder now and
then and e-mails staff once when a booth starts needing help, and once when it is well again.

A booth needs help when it has been silent for some hours of its opening hours, plays another
version than the one published for it (or refused one), holds messages a way out refused, is
low on disk, or its status file is not signed with the fleet key (then nothing it says is
believed: it can neither raise nor clear a problem). What staff were told lives in a small
JSON file in a folder the office chooses (:class:`Memory`), so one run a round or a loop
send the same e-mails. No Qt here."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from kiosk.sync.alert_mail import (
    Alert,
    Memory,
    Noticed,
    Problem,
    compose,
    iso,
    load,
    parse,
    save,
    span,
)
from kiosk.sync.fleet import Collected, collect
from kiosk.sync.fleet_status import words

log = logging.getLogger(__name__)

#: Whether a booth is open at a moment (an aware time): its deck's opening hours.
IsOpen = Callable[[str, datetime], bool]
#: Sends one e-mail (subject, body); raises when it did not go.
Send = Callable[[str, str], None]
#: The version published last for each booth (None: nothing published for it).
Newest = Mapping[str, str | None]
#: Opening hours are looked at on this grid (schedules say 09:00 or 17:30, not 09:07).
STEP_S = 300
#: Silence is counted this far back at most.
HORIZON = timedelta(days=31)

__all__ = ["Alert", "Assessment", "Finding", "IsOpen", "Memory", "Newest", "Problem", "Send",
           "Thresholds", "always_open", "assess", "load", "open_hours", "watch", "watch_once"]


def always_open(kiosk_id: str, when: datetime) -> bool:
    return True


@dataclass(frozen=True)
class Thresholds:
    silent_hours: float = 2.0  # opening hours without news
    low_disk_mb: float = 1000.0  # free disk below this
    version_grace_hours: float = 1.0  # opening hours a booth may take to play what is published
    disk_margin: float = 0.1  # well again only above low_disk_mb and this much more


@dataclass(frozen=True)
class Finding:
    """A problem a booth has now, in plain words ("silent for 6 h")."""

    kiosk_id: str
    problem: Problem
    detail: str  # short: "silent for 6 h"
    why: str = ""  # more, when the booth said why
    grace: float = 0.0  # opening hours it must last before staff hear of it
    about: str = ""  # what it is about (the version published): another one starts afresh


#: Per booth, each problem known now: a finding, or None when the booth is well on that
#: count. A problem left out is not known now (no trusted status file): it stays as it was.
Assessment = dict[str, dict[Problem, Finding | None]]


def open_hours(kiosk_id: str, start: datetime, end: datetime, is_open: IsOpen) -> float:
    """Hours between ``start`` and ``end`` (at most :data:`HORIZON`) when the booth is open,
    asked every five minutes on the clock's grid. Opening hours that cannot be read count
    as always open: better an alert too many than none."""
    moment, total = max(start, end - HORIZON), 0.0
    try:
        while moment < end:
            step = datetime.fromtimestamp((moment.timestamp() // STEP_S + 1) * STEP_S, UTC)
            piece = min(step, end)
            total += (piece - moment).total_seconds() if is_open(kiosk_id, moment) else 0
            moment = piece
    except Exception:  # someone's schedule is broken
        log.exception("the opening hours of %s could not be read", kiosk_id)
        return max(0.0, (end - max(start, end - HORIZON)).total_seconds() / 3600)
    return total / 3600


def hear(memory: Memory, found: Collected, now: datetime) -> None:
    """Note when the office heard each booth: the time it gave, but never later than now, nor
    earlier than the previous round when it is news since then (a booth's clock may be off)."""
    before = parse(memory.checked)
    for kiosk, said in found.last_seen.items():
        claimed, booth = parse(said), memory.booth(kiosk)
        known = parse(booth.claimed)
        if claimed is None or (known is not None and claimed <= known):
            continue
        heard = min(claimed, now)
        if before is not None and known is not None:
            heard = max(heard, min(before, now))
        booth.claimed, booth.heard = iso(claimed), iso(heard)
    memory.checked = iso(now)


def assess(found: Collected, newest: Newest | None, is_open: IsOpen, thresholds: Thresholds,
           now: datetime, memory: Memory | None = None) -> Assessment:
    """Each booth's problems now (the Booths page shows these; ``watch_once`` e-mails them)."""
    memory = memory if memory is not None else Memory()
    kiosks = set(found.statuses) | set(found.last_seen) | set(memory.booths)
    return {kiosk: _booth(kiosk, found, newest, is_open, thresholds, now, memory)
            for kiosk in sorted(kiosks)}


def _booth(kiosk: str, found: Collected, newest: Newest | None, is_open: IsOpen,
           thresholds: Thresholds, now: datetime, memory: Memory) -> dict[Problem, Finding | None]:
    known: dict[Problem, Finding | None] = {}
    heard = parse(memory.booths[kiosk].heard) if kiosk in memory.booths else None
    claimed = parse(found.last_seen.get(kiosk, ""))
    if heard is None and claimed is not None:  # the Booths page, without a memory
        heard = min(claimed, now)
    if heard is not None:
        hours = open_hours(kiosk, heard, now, is_open)
        known[Problem.SILENT] = (Finding(kiosk, Problem.SILENT, f"silent for {span(hours)}")
                                 if hours >= thresholds.silent_hours else None)
    if kiosk not in found.statuses:
        return known
    note = found.status_notes.get(kiosk)
    known[Problem.UNSIGNED] = None if not note else Finding(
        kiosk, Problem.UNSIGNED, "status not signed" if "NOT SIGNED" in note
        else "status signed with another key, or changed")
    if note:
        return known  # what it says is not believed: the rest stays as it was
    status, booth = found.statuses[kiosk], memory.booths.get(kiosk)
    version = _version(kiosk, status, (newest or {}).get(kiosk), thresholds)
    if newest is not None or version is not None:  # (not known while nothing says what is out)
        known[Problem.OLD_VERSION] = version
    known[Problem.REFUSED_MESSAGES] = _refused(kiosk, status)
    known[Problem.LOW_DISK] = _disk(kiosk, status, thresholds,
                                    booth is not None and Problem.LOW_DISK in booth.problems)
    return known


def _version(kiosk: str, status: Mapping[str, object], want: str | None,
             thresholds: Thresholds) -> Finding | None:
    plays = status.get("deck_version")
    refusal = refused_package(status.get("package_problem") or status.get("content_refused"))
    if want is not None and plays == want:
        return None
    if refusal:
        return Finding(kiosk, Problem.OLD_VERSION, "refused a new version", refusal,
                       about=want or "")
    if want is None:
        return None
    playing = plays if isinstance(plays, str) and plays else "unknown"
    return Finding(kiosk, Problem.OLD_VERSION, f"plays version {playing}, not {want}",
                   grace=thresholds.version_grace_hours, about=want)


def refused_package(value: object) -> str:
    """Why a booth refused a package, from its status file (words, or version and why)."""
    if isinstance(value, Mapping):
        version, why = words(value.get("version"), 80), words(value.get("why"), 300)
        return ", ".join(str(w) for w in (f"version {version}" if version else None, why) if w)
    return words(value, 300) or ""


def _refused(kiosk: str, status: Mapping[str, object]) -> Finding | None:
    refused = status.get("refused")
    if not isinstance(refused, int) or refused <= 0:
        return None
    why = status.get("last_problem")
    return Finding(kiosk, Problem.REFUSED_MESSAGES, f"{refused} message(s) refused",
                   why if isinstance(why, str) else "")


def _disk(kiosk: str, status: Mapping[str, object], thresholds: Thresholds,
          ongoing: bool) -> Finding | None:
    free = status.get("free_disk_bytes")
    if not isinstance(free, int):
        return None
    limit = thresholds.low_disk_mb * (1 + thresholds.disk_margin if ongoing else 1)
    if free >= limit * 1_000_000:
        return None
    return Finding(kiosk, Problem.LOW_DISK, f"low on disk ({free / 1_000_000:,.0f} MB free)")


def changes(memory: Memory, assessment: Assessment, is_open: IsOpen,
            now: datetime) -> list[Alert]:
    """What staff must hear of now: problems past their grace that were not told yet, and
    told problems that are over. Notes new problems in ``memory`` (not yet as told)."""
    news: list[Alert] = []
    for kiosk, known in assessment.items():
        booth = memory.booth(kiosk)
        for problem, finding in known.items():
            noticed = booth.problems.get(problem)
            if finding is None:
                if noticed is not None and noticed.told:
                    news.append(Alert(kiosk, problem, False, noticed.detail))
                elif noticed is not None:
                    del booth.problems[problem]
                continue
            if noticed is None or (not noticed.told and noticed.about != finding.about):
                noticed = booth.problems[problem] = Noticed(iso(now), "", about=finding.about)
            noticed.detail = finding.detail  # (the hours of a silence go on)
            since = parse(noticed.since) or now
            if not noticed.told and (finding.grace <= 0 or open_hours(
                    kiosk, since, now, is_open) >= finding.grace):
                news.append(Alert(kiosk, problem, True, finding.detail, finding.why))
    return news


def told(memory: Memory, news: list[Alert]) -> None:
    """Staff heard ``news``: note it so that it is not sent again."""
    for alert in news:
        booth = memory.booth(alert.kiosk_id)
        if alert.started:
            booth.problems[alert.problem].told = True
        else:
            booth.problems.pop(alert.problem, None)


def watch_once(folder: Path, key: bytes | None, state_dir: Path, newest: Newest | None,
               opening: IsOpen | None, thresholds: Thresholds, now: datetime,
               send: Send, found: Collected | None = None) -> list[Alert]:
    """One round: read the folder (unless the caller has: ``found``), decide, e-mail what
    changed (one e-mail), remember it. An e-mail that did not go is tried again at the next
    round; so is one whose memory could not be written (never an e-mail a round because the
    memory cannot be kept)."""
    now = now if now.tzinfo else now.replace(tzinfo=UTC)
    if not folder.is_dir():
        log.warning("%s is not a folder (is the shared folder synced here?)", folder)
        return []
    memory = load(state_dir)
    if memory is None:
        return []  # made by a newer version: left alone (load said so)
    is_open = opening or always_open
    found = found if found is not None else collect(folder, key)
    hear(memory, found, now)
    news = changes(memory, assess(found, newest, is_open, thresholds, now, memory), is_open,
                   now)
    memory.forget_strangers(found)
    why = save(memory, state_dir)
    if why or not news:
        return [_unsent(a, why) for a in news]
    subject, body = compose(news, memory, now)
    try:
        send(subject, body)
    except Exception as exc:  # any failure of the way out: the news waits for the next round
        log.warning("the alert e-mail was not sent: %s", exc)
        return [_unsent(a, str(exc) or type(exc).__name__) for a in news]
    told(memory, news)
    memory.note = ""  # (said in this e-mail)
    why = save(memory, state_dir)
    if why:
        log.error("the alert e-mail went, but %s: it may be sent again", why)
    return news


def _unsent(alert: Alert, why: str) -> Alert:
    return replace(alert, not_sent=why)


def watch(folder: Path, key: bytes | None, state_dir: Path,
          newest: Callable[[Collected], Newest | None], opening: IsOpen | None,
          thresholds: Thresholds,
          send: Send, every: float, clock: Callable[[], datetime],
          sleep: Callable[[float], None], rounds: int | None = None,
          each_round: Callable[[list[Alert]], None] | None = None) -> None:
    """:func:`watch_once` every ``every`` seconds (``rounds`` times, or until stopped);
    ``newest`` is asked each round, with what was found (a booth's group is in its status
    file, and a version may be published meanwhile); ``each_round`` is given the alerts."""
    done = 0
    while rounds is None or done < rounds:
        start, found = clock(), collect(folder, key)
        alerts = watch_once(folder, key, state_dir, newest(found), opening, thresholds, start,
                            send, found)
        if each_round is not None:
            each_round(alerts)
        done += 1
        if rounds is None or done < rounds:
            sleep(max(0.0, every - (clock() - start).total_seconds()))
