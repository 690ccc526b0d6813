"""The staff PIN: kept only as a salted scrypt hash, with a lockout that survives restarts.

No Qt here. The file lives in the data folder (``staff.json``), beside the messages.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import logging
import os
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kiosk.export import write_atomically

log = logging.getLogger(__name__)

STAFF_FILE = "staff.json"
SCRYPT = {"n": 2**17, "r": 8, "p": 1}
MAXMEM = 256 * 1024 * 1024
FREE_TRIES = 5  # wrong PINs before the first lockout
FIRST_LOCKOUT_S = 30.0


class PinError(ValueError):
    """A PIN that cannot be used (too short, not digits)."""


def check_pin_shape(pin: str) -> None:
    if not pin.isdigit() or not 4 <= len(pin) <= 12:
        raise PinError("the PIN must be 4 to 12 digits")


def _hash(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(pin.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=MAXMEM)


@dataclass
class Verdict:
    ok: bool
    locked_for: float = 0.0  # seconds left in a lockout (then the PIN was not even checked)
    tries_left: int = 0


class StaffAuth:
    """Set and check the staff PIN. ``clock`` is wall time (lockouts span restarts)."""

    def __init__(self, data_dir: Path, clock: Callable[[], float] = time.time) -> None:
        self.path = Path(data_dir) / STAFF_FILE
        self.clock = clock

    # ---------------------------------------------------------------- the file
    def _load(self) -> dict:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return data if isinstance(data, dict) else {}
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            log.error("staff file %s unreadable (%s): the panel stays closed", self.path, exc)
            return {"broken": True}

    def _save(self, data: dict) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(self.path, json.dumps(data, indent=2).encode("utf-8"))
        with contextlib.suppress(OSError):
            os.chmod(self.path, 0o600)

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
        data["lockout"] = {"failures": 0, "level": 0, "until": 0}
        self._save(data)
        log.info("staff PIN set")

    # ---------------------------------------------------------------- checking
    def locked_for(self) -> float:
        lock = self._load().get("lockout", {})
        return max(0.0, float(lock.get("until", 0)) - self.clock())

    def check(self, pin: str) -> Verdict:
        """Check a PIN (slow on purpose: run it off the GUI thread)."""
        data = self._load()
        record = data.get("pin")
        if not record:
            return Verdict(False)
        lock = data.setdefault("lockout", {"failures": 0, "level": 0, "until": 0})
        wait = float(lock.get("until", 0)) - self.clock()
        if wait > 0:
            return Verdict(False, locked_for=wait)
        digest = _hash(pin, bytes.fromhex(record["salt"]), record["n"], record["r"],
                       record["p"])
        if hmac.compare_digest(digest, bytes.fromhex(record["hash"])):
            data["lockout"] = {"failures": 0, "level": 0, "until": 0}
            self._save(data)
            log.info("staff panel opened")
            return Verdict(True)
        lock["failures"] = int(lock.get("failures", 0)) + 1
        verdict = Verdict(False, tries_left=max(0, FREE_TRIES - lock["failures"]))
        if lock["failures"] >= FREE_TRIES:
            seconds = FIRST_LOCKOUT_S * 2 ** int(lock.get("level", 0))
            lock["until"] = self.clock() + seconds
            lock["level"] = int(lock.get("level", 0)) + 1
            lock["failures"] = 0
            verdict.locked_for = seconds
            log.warning("staff PIN: %d wrong tries; locked for %.0f s", FREE_TRIES, seconds)
        else:
            log.warning("staff PIN: wrong PIN (%d before a lockout)", verdict.tries_left)
        self._save(data)
        return verdict
