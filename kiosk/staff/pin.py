"""The staff PIN: kept only as a salted scrypt hash, with a lockout that survives restarts.

No Qt here. The file lives in the data folder (``staff.json``), beside the messages. When
that folder cannot be written (a read-only or full disk), the lockout is kept in a spare
file in the temporary folder, which a restart of the kiosk keeps. A start that can write the
lockout nowhere cannot know what lockout ran before it: the pad first waits a full lockout.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import logging
import math
import os
import re
import secrets
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.files import write_atomically

log = logging.getLogger(__name__)

#: Writes the spare file: another folder, often another disk, than the data folder's.
write_spare = write_atomically

STAFF_FILE = "staff.json"
SCRYPT = {"n": 2**17, "r": 8, "p": 1}
MAXMEM = 256 * 1024 * 1024
FREE_TRIES = 5  # wrong PINs before the first lockout
FIRST_LOCKOUT_S = 30.0
MAX_LOCKOUT_S = 3600.0  # a lockout never lasts longer than an hour
_PIN = re.compile(r"[0-9]{4,12}")


class PinError(ValueError):
    """A PIN that cannot be used (too short, not digits)."""


def check_pin_shape(pin: str) -> None:
    """Only the digits 0 to 9 the pad can type (not other scripts' digits, not ²)."""
    if not _PIN.fullmatch(pin):
        raise PinError("the PIN must be 4 to 12 digits, each 0 to 9")


def _hash(pin: str, salt: bytes, n: int, r: int, p: int, dklen: int = 64) -> bytes:
    return hashlib.scrypt(pin.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=MAXMEM,
                          dklen=dklen)


#: The most work one check of a PIN from elsewhere (a set-up on a stick) may ask: twice the
#: kiosk's own (a hostile file must not hold the pad for minutes).
MAX_COST = 2 * SCRYPT["n"] * SCRYPT["r"] * SCRYPT["p"]


def _whole(record: dict[str, Any], key: str, low: int, high: int) -> int:
    value = record.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise PinError(f"the PIN's {key} is not a whole number from {low} to {high}")
    return value


def _hex(record: dict[str, Any], key: str, low: int, high: int) -> str:
    value = record.get(key)
    try:
        found = bytes.fromhex(value) if isinstance(value, str) else b""
    except ValueError:
        found = b""
    if not low <= len(found) <= high:
        raise PinError(f"the PIN's {key} is not {low} to {high} bytes in hexadecimal")
    return found.hex()


def check_cost(record: dict[str, Any]) -> tuple[int, int, int]:
    """The scrypt costs (n, r, p) of ``record``, within what the kiosk can afford, else
    :class:`PinError`."""
    n = _whole(record, "n", 2, 2**20)
    r, p = _whole(record, "r", 1, 32), _whole(record, "p", 1, 4)
    if n & (n - 1) or 128 * n * r > MAXMEM or n * r * p > MAX_COST:
        raise PinError("the PIN's hash asks for more work or memory than a kiosk gives")
    return n, r, p


def check_record(record: Any) -> dict[str, Any]:
    """``record`` (a PIN's salted hash, as ``staff.json`` keeps it) in a shape the kiosk can
    check, else :class:`PinError`. For a record from elsewhere: a stick, a shared folder."""
    if not isinstance(record, dict) or record.get("alg") != "scrypt":
        raise PinError("the PIN is not kept as a salted scrypt hash")
    n, r, p = check_cost(record)
    return {"alg": "scrypt", "n": n, "r": r, "p": p, "salt": _hex(record, "salt", 8, 64),
            "hash": _hex(record, "hash", 16, 128)}


def matches(record: dict[str, Any], pin: str) -> bool:
    """Whether ``pin`` is the PIN ``record`` holds the hash of (slow on purpose)."""
    expected = bytes.fromhex(record["hash"])
    digest = _hash(pin, bytes.fromhex(record["salt"]), record["n"], record["r"], record["p"],
                   len(expected))
    return hmac.compare_digest(digest, expected)


@dataclass
class Verdict:
    ok: bool
    locked_for: float = 0.0  # seconds left in a lockout (then the PIN was not even checked)
    tries_left: int = 0
    problem: str = ""  # the lockout state could not be saved (a full or read-only disk)


def spare_path(data_dir: Path) -> Path:
    """Where the lockout is kept while the data folder cannot be written."""
    key = hashlib.sha256(str(Path(data_dir).resolve()).encode("utf-8")).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"kiosk-staff-lockout-{key}.json"


class StaffAuth:
    """Set and check the staff PIN. ``clock`` is wall time (lockouts span restarts);
    ``spare`` is where the lockout goes when the data folder refuses it."""

    def __init__(self, data_dir: Path, clock: Callable[[], float] = time.time,
                 spare: Path | None = None) -> None:
        self.path = Path(data_dir) / STAFF_FILE
        self.spare = spare or spare_path(Path(data_dir))
        self.clock = clock
        self._unsaved: dict[str, Any] | None = None
        self._started = False  # the first use since this start has been looked at
        self._kept_nowhere = False  # the last change fitted neither the file nor the spare
        self._blind = ""  # why the pad waits a full lockout after this start

    # ---------------------------------------------------------------- the file
    def _load(self) -> dict[str, Any]:
        if self._unsaved is not None:  # the disk refused the last change: it still counts
            copy: dict[str, Any] = json.loads(json.dumps(self._unsaved))
            return copy
        data: dict[str, Any] = {}
        try:
            found: Any = json.loads(self.path.read_text(encoding="utf-8"))
            data = found if isinstance(found, dict) else {}
        except FileNotFoundError:
            pass
        except (OSError, ValueError) as exc:
            log.error("staff file %s unreadable (%s): the panel stays closed", self.path, exc)
            return {"broken": True}
        # kept in the spare file while the data folder refused it: the stricter one counts
        data["lockout"] = _stricter(data.get("lockout"), self._read_spare())
        return data

    def _read_spare(self) -> dict[str, Any]:
        try:
            found: Any = json.loads(self.spare.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return found if isinstance(found, dict) else {}

    def _save(self, data: dict[str, Any]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(self.path, json.dumps(data, indent=2).encode("utf-8"))
        with contextlib.suppress(OSError):
            os.chmod(self.path, 0o600)
        self._unsaved = None
        self._started = True  # written since this start: nothing before it can be lost
        with contextlib.suppress(OSError):
            self.spare.unlink(missing_ok=True)  # the data folder holds the lockout again

    def _keep(self, data: dict[str, Any]) -> str:
        """Save the lockout state; if the disk refuses, keep it in the spare file and in
        memory, and say why."""
        self._kept_nowhere = False
        try:
            self._save(data)
        except OSError as exc:
            self._unsaved = data
            log.error("staff file %s cannot be written: %s", self.path, exc)
            try:
                write_spare(self.spare, json.dumps(data.get("lockout", {})).encode())
            except OSError as again:
                self._kept_nowhere = True
                log.error("nor can the PIN lockout be kept in %s: %s", self.spare, again)
            return f"the kiosk's disk cannot be written ({exc.strerror or exc})"
        return ""

    def _current(self) -> dict[str, Any]:
        """The state. At the first use since a start, when neither the data folder nor the
        spare file takes the lockout, one running before the start could not have been kept:
        the pad waits a full lockout (the next one's length) before any try."""
        data = self._load()
        if self._started or "pin" not in data:
            return data
        self._started = True
        problem = self._keep(data)
        if problem and self._kept_nowhere:
            lock = data["lockout"]
            seconds = _length(int(lock["level"]))
            if self._wait(data) < seconds:
                lock.update(until=self.clock() + seconds, seconds=seconds, failures=0)
                self._keep(data)
            self._blind = (f"{problem}, nor can the temporary folder, so a lockout from "
                           "before the kiosk started cannot be known: a full lockout runs "
                           "first")
            log.warning("staff PIN: %s", self._blind)
        return data

    @property
    def has_pin(self) -> bool:
        return "pin" in self._load()

    # ---------------------------------------------------------------- setting
    def set_pin(self, pin: str) -> None:
        check_pin_shape(pin)
        salt = secrets.token_bytes(16)
        digest = _hash(pin, salt, **SCRYPT)
        data = self._load()
        data.pop("broken", None)
        data["pin"] = {"alg": "scrypt", **SCRYPT, "salt": salt.hex(), "hash": digest.hex()}
        data["lockout"] = _no_lockout()
        self._save(data)
        log.info("staff PIN set")

    @property
    def pin_record(self) -> dict[str, Any] | None:
        """The PIN's salted hash as kept (never the PIN), or None when none is set."""
        record = self._load().get("pin")
        return dict(record) if isinstance(record, dict) else None

    def install_record(self, record: dict[str, Any]) -> None:
        """Take a PIN's salted hash made elsewhere (the booth's set-up on a stick): that PIN
        opens the panel from now on. Raises :class:`PinError` for a record it cannot check,
        OSError when the data folder cannot be written."""
        checked = check_record(record)
        data = self._load()
        data.pop("broken", None)
        data["pin"] = checked
        data["lockout"] = _no_lockout()
        self._save(data)
        log.info("staff PIN set from a booth set-up")

    # ---------------------------------------------------------------- checking
    def _wait(self, data: dict[str, Any]) -> float:
        """Seconds left in the lockout, never more than the lockout's own length: a clock
        set back (a Pi without a clock battery starts in 1970) cannot stretch it."""
        lock = data.setdefault("lockout", _no_lockout())
        try:
            until, seconds = float(lock.get("until", 0)), float(lock.get("seconds",
                                                                          MAX_LOCKOUT_S))
        except (TypeError, ValueError):
            return 0.0
        seconds = min(max(seconds, 0.0), MAX_LOCKOUT_S)
        wait = until - self.clock()
        if wait > seconds:  # the clock went back: the lockout starts again from now
            lock["until"] = self.clock() + seconds
            self._keep(data)
            wait = seconds
        return max(0.0, wait)

    def locked_for(self) -> float:
        return self._wait(self._current())

    def check(self, pin: str) -> Verdict:
        """Check a PIN (slow on purpose: run it off the GUI thread). A right PIN opens the
        panel even when the lockout state cannot be saved (``problem`` says why)."""
        data = self._current()
        record = data.get("pin")
        if not record:
            return Verdict(False)
        wait = self._wait(data)
        if wait > 0:
            return Verdict(False, locked_for=wait, problem=self._blind)
        if matches(record, pin):
            data["lockout"] = _no_lockout()
            log.info("staff panel opened")
            return Verdict(True, problem=self._keep(data))
        lock = data["lockout"]
        lock["failures"] = int(lock.get("failures", 0)) + 1
        verdict = Verdict(False, tries_left=max(0, FREE_TRIES - lock["failures"]))
        if lock["failures"] >= FREE_TRIES:
            level = min(int(lock.get("level", 0)), 16)
            seconds = _length(level)
            lock.update(until=self.clock() + seconds, seconds=seconds, level=level + 1,
                        failures=0)
            verdict.locked_for = seconds
            log.warning("staff PIN: %d wrong tries; locked for %.0f s", FREE_TRIES, seconds)
        else:
            log.warning("staff PIN: wrong PIN (%d before a lockout)", verdict.tries_left)
        verdict.problem = self._keep(data)
        return verdict


def _no_lockout() -> dict[str, float]:
    return {"failures": 0, "level": 0, "until": 0, "seconds": 0}


def _length(level: int) -> float:
    """How long the lockout at ``level`` (0: the first) lasts."""
    return min(FIRST_LOCKOUT_S * 2.0 ** min(max(level, 0), 16), MAX_LOCKOUT_S)


def _stricter(one: Any, other: Any) -> dict[str, float]:
    """Each number of two lockout records at its highest (what is not a number counts 0);
    tries and levels are whole numbers."""
    def number(record: Any, key: str) -> float:
        value = record.get(key, 0) if isinstance(record, dict) else 0
        try:
            found = float(value)
        except (TypeError, ValueError, OverflowError):
            return 0.0
        return min(found, 1e12) if math.isfinite(found) else 0.0
    high = {key: max(number(one, key), number(other, key)) for key in _no_lockout()}
    return {key: int(value) if key in ("failures", "level") else value
            for key, value in high.items()}
