"""The alerts' e-mails and the office's memory of them: what staff were told of each booth
(a small JSON file, written whole or not at all, so that ``kiosk collect --watch`` tells each
start and each end of a problem once, across runs), the e-mail's plain words, and a way to
send it through the e-mail way out's server. No Qt here."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from kiosk.files import write_atomically
from kiosk.messages.message import one_line

if TYPE_CHECKING:
    from kiosk.sync.fleet import Collected
    from kiosk.sync.targets import Outcome

log = logging.getLogger(__name__)

#: The memory's file in the folder the office chose, where a damaged one is kept, its format.
STATE_FILE, DAMAGED_FILE, FORMAT = "booth-alerts.json", "booth-alerts.damaged.json", 1
#: A memory file larger than this is not one this program wrote.
STATE_BYTES = 16 << 20


class Problem(StrEnum):
    SILENT = "silent"
    OLD_VERSION = "old_version"  # or it refused the version published for it
    REFUSED_MESSAGES = "refused_messages"
    LOW_DISK = "low_disk"
    UNSIGNED = "unsigned"  # its status file is not signed with the fleet key


@dataclass(frozen=True)
class Alert:
    """News for staff: a problem started (or ended) at a booth."""

    kiosk_id: str
    problem: Problem
    started: bool
    detail: str  # short: "silent for 6 h"
    why: str = ""  # more, when the booth said why ("the mail server refused ...")
    not_sent: str = ""  # why the e-mail did not go (it is tried again at the next round)


@dataclass
class Noticed:
    """A problem seen at a booth: since when, in what words, whether staff were told."""

    since: str
    detail: str
    told: bool = False
    about: str = ""


@dataclass
class BoothMemory:
    claimed: str = ""  # the newest time the booth gave (in its status, its messages)
    heard: str = ""  # when the office heard from it (see :func:`hear`)
    problems: dict[Problem, Noticed] = field(default_factory=dict)


@dataclass
class Memory:
    """What the office remembers between rounds: the state file."""

    booths: dict[str, BoothMemory] = field(default_factory=dict)
    checked: str = ""  # the previous round
    note: str = ""  # why it started afresh, if it did

    def booth(self, kiosk: str) -> BoothMemory:
        return self.booths.setdefault(kiosk, BoothMemory())

    def told(self) -> list[tuple[str, Problem, Noticed]]:
        """The problems staff were told of and that are not over."""
        return [(k, p, n) for k, b in sorted(self.booths.items())
                for p, n in b.problems.items() if n.told]

    def forget_strangers(self, found: Collected) -> None:
        """Booths never heard from whose status file is gone (a forged one, removed)."""
        for kiosk in [k for k, b in self.booths.items()
                      if not b.heard and k not in found.statuses]:
            del self.booths[kiosk]

    def as_json(self) -> dict[str, Any]:
        return {"format": FORMAT, "checked": self.checked, "note": self.note, "booths": {
            k: {"claimed": b.claimed, "heard": b.heard,
                "problems": {p.value: vars(n) for p, n in sorted(b.problems.items())}}
            for k, b in sorted(self.booths.items())}}


def iso(when: datetime) -> str:
    return when.astimezone(UTC).isoformat().replace("+00:00", "Z")


def parse(text: str) -> datetime | None:
    """An ISO 8601 time, aware (one without a zone is UTC), or None."""
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def load(state_dir: Path, mend: bool = True) -> Memory | None:
    """The memory in ``state_dir``: a fresh one when there is none, or (with a note) when it
    is damaged, which is then kept beside it (``mend``; a reader that only looks, as the
    Booths page, leaves it); None when it cannot be read or a newer version of the program
    wrote it (it is left alone, and the round skipped)."""
    path = state_dir / STATE_FILE
    try:
        with path.open("rb") as file:
            data = file.read(STATE_BYTES + 1)
    except (FileNotFoundError, NotADirectoryError):  # (then saving it says what is wrong)
        return Memory()
    except OSError as exc:
        log.error("the alerts' memory %s cannot be read: %s", path, exc.strerror or exc)
        return None
    try:
        raw = json.loads(data.decode("utf-8")) if len(data) <= STATE_BYTES else None
        if isinstance(raw, dict) and isinstance(raw.get("format"), int) and raw["format"] > FORMAT:
            log.error("the alerts' memory %s was written by a newer version: left alone", path)
            return None
        return _memory(raw)
    except (ValueError, TypeError, RecursionError) as exc:
        return _afresh(path, str(exc) or type(exc).__name__, mend)


def _memory(raw: object) -> Memory:
    """The memory in a file's JSON; ValueError for anything this program does not write."""
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise ValueError("not a memory of booth alerts")
    booths = raw.get("booths")
    if not isinstance(booths, dict):
        raise ValueError("no booths")
    memory = Memory(checked=_text(raw.get("checked")), note=_text(raw.get("note")))
    for kiosk, booth in booths.items():
        problems = booth.get("problems") if isinstance(booth, dict) else None
        if not isinstance(booth, dict) or not isinstance(problems, dict):
            raise ValueError(f"booth {kiosk}: not a booth")
        memory.booths[kiosk] = BoothMemory(_text(booth.get("claimed")),
                                           _text(booth.get("heard")),
                                           {Problem(p): _noticed(n) for p, n in problems.items()})
    return memory


def _noticed(raw: object) -> Noticed:
    if not isinstance(raw, dict) or not isinstance(raw.get("told"), bool):
        raise ValueError("not a problem")
    return Noticed(_text(raw.get("since")), _text(raw.get("detail")), raw["told"],
                   _text(raw.get("about")))


def _text(value: object) -> str:
    if value is None or isinstance(value, str):
        return value or ""
    raise ValueError(f"{value!r} is not text")


def _afresh(path: Path, why: str, mend: bool) -> Memory:
    kept = path.with_name(DAMAGED_FILE)
    try:
        if mend:
            path.replace(kept)
        where = f"kept as {kept.name}" if mend else "left as it is"
    except OSError as exc:
        where = f"not kept ({exc.strerror or exc})"
    note = (f"started afresh: the file before was damaged ({one_line(why)}) and {where}; a "
            "problem already e-mailed may be e-mailed again")
    log.warning("the alerts' memory %s: %s", path, note)
    return Memory(note=note)


def save(memory: Memory, state_dir: Path) -> str:
    """Write the memory whole or not at all: why not, in words ('' when written)."""
    path = state_dir / STATE_FILE
    try:
        state_dir.mkdir(parents=True, exist_ok=True)
        write_atomically(path, json.dumps(memory.as_json(), ensure_ascii=False,
                                          indent=1).encode("utf-8"))
    except OSError as exc:
        return f"the alerts' memory {path} cannot be written ({exc.strerror or exc})"
    return ""


def span(hours: float) -> str:
    """A length of time in plain words: 45 min, 1.5 h, 6 h."""
    if hours < 1:
        return f"{max(1, round(hours * 60))} min"
    return f"{hours:.1f}".removesuffix(".0") + " h" if hours < 2 else f"{hours:.0f} h"


#: What staff may do, for each problem that starts.
ADVICE = {
    Problem.SILENT: "Is it switched on, and does its shared folder still sync?",
    Problem.OLD_VERSION: "It does not play the version published for it. Is it on and "
                         "syncing? If it refused the version, fix what it says and publish "
                         "again.",
    Problem.REFUSED_MESSAGES: "A way out (e-mail, web address) refused them: they wait at the "
                              "booth. Fix the cause, then choose 'Send refused messages again' "
                              "in the booth's staff menu.",
    Problem.LOW_DISK: "Free some space on the booth's disk, or it cannot take new versions.",
    Problem.UNSIGNED: "Its status file is not signed with the fleet key, so what it says is "
                      "not believed. Was the booth set up with the fleet key? If it was, "
                      "someone else may be writing in the shared folder.",
}
#: What the e-mail says when a problem is over.
ENDED = {
    Problem.SILENT: "Booth {} is back",
    Problem.OLD_VERSION: "Booth {} plays the version published for it",
    Problem.REFUSED_MESSAGES: "Booth {}: no refused messages now",
    Problem.LOW_DISK: "Booth {}: enough disk space again",
    Problem.UNSIGNED: "Booth {}: its status file is signed again",
}
#: The most news one e-mail lists (a folder full of forged status files is not a book).
LISTED = 50
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def headline(alert: Alert) -> str:
    """One line: "Booth st-marks: silent for 6 h", "Booth st-marks is back"."""
    if alert.started:
        return f"Booth {alert.kiosk_id}: {alert.detail}"
    return ENDED[alert.problem].format(alert.kiosk_id)


def compose(news: list[Alert], memory: Memory, now: datetime) -> tuple[str, str]:
    """The subject and plain-text body of one e-mail carrying every piece of ``news``."""
    lines = [headline(a) for a in news]
    subject = "; ".join(lines)
    if len(news) > 1 and len(subject) > 120:
        subject = f"{lines[0]} (and {len(news) - 1} more)"
    blocks = [_block(a, memory, now) for a in news[:LISTED]]
    if len(news) > LISTED:
        blocks.append(f"... and {len(news) - LISTED} more.")
    said = {(a.kiosk_id, a.problem) for a in news}
    ongoing = [f"- {k}: {n.detail}" for k, p, n in memory.told() if (k, p) not in said]
    if ongoing:
        more = ["- and more"] if len(ongoing) > LISTED else []
        blocks.append("\n".join(["Still needing help:", *ongoing[:LISTED], *more]))
    if _all_silent(news, memory):
        blocks.append("No booth has been heard from: is the shared folder still syncing on "
                      "this computer?")
    if memory.note:
        blocks.append(f"Note: the memory of alerts {memory.note}.")
    body = (f"News from the booths, {when(now, now)}.\n\n" + "\n\n".join(blocks)
            + "\n\n-- \nSent by 'kiosk collect --watch'.\n")
    return subject, body


def _block(alert: Alert, memory: Memory, now: datetime) -> str:
    lines = [headline(alert)]
    heard = memory.booths[alert.kiosk_id].heard if alert.kiosk_id in memory.booths else ""
    if alert.problem is Problem.SILENT and heard:
        verb = "Last heard from" if alert.started else "Heard from again"
        lines.append(f"{verb}: {when(parse(heard) or now, now)}.")
    if alert.why:
        lines.append(f"It says: {alert.why}")
    lines.append(ADVICE[alert.problem] if alert.started else f"Before: {alert.detail}.")
    return "\n".join(lines)


def _all_silent(news: list[Alert], memory: Memory) -> bool:
    """Every booth ever heard from is silent, and the last of them fell silent now."""
    heard = [k for k, b in memory.booths.items() if b.heard]
    silent = {k for k, p, _n in memory.told() if p is Problem.SILENT}
    silent |= {a.kiosk_id for a in news if a.problem is Problem.SILENT and a.started}
    starts = any(a.problem is Problem.SILENT and a.started for a in news)
    return starts and len(heard) > 1 and set(heard) <= silent


def when(moment: datetime, now: datetime) -> str:
    """"Sat 14 Mar 10:02" in ``now``'s time zone (with the year when it is not this one)."""
    local = moment.astimezone(now.tzinfo)
    year = f" {local.year}" if local.year != now.year else ""
    return (f"{_DAYS[local.weekday()]} {local.day} {_MONTHS[local.month - 1]}{year} "
            f"{local:%H:%M}")


class MailOut(Protocol):
    """The e-mail way out, as ``kiosk.sync.email.EmailTarget`` is: its server's settings."""

    sender: str
    recipient: str

    def send_mail(self, mail: EmailMessage, recipients: list[str]) -> Outcome: ...


class NotSent(Exception):
    """The mail server did not take the e-mail (its words, or why it could not be reached)."""


def email_sender(outs: Sequence[MailOut]) -> Callable[[str, str], None]:
    """``send(subject, body)``: one plain-text e-mail to every recipient of the e-mail way
    out (they share one server), in one exchange; :class:`NotSent` when it did not go."""
    if not outs:
        raise ValueError("no e-mail is set up (sync: email: in the settings)")
    out, recipients = outs[0], [o.recipient for o in outs]

    def send(subject: str, body: str) -> None:
        from kiosk.sync.targets import Result

        mail = EmailMessage()
        mail["Subject"], mail["From"], mail["To"] = subject, out.sender, ", ".join(recipients)
        mail["Date"] = formatdate(localtime=True)
        mail["Message-ID"] = make_msgid(domain="awareness-kiosk.invalid")
        mail["Auto-Submitted"] = "auto-generated"
        mail.set_content(body)
        outcome = out.send_mail(mail, recipients)
        if outcome.result is not Result.DELIVERED:
            raise NotSent(outcome.detail)

    return send
