"""The fleet key: one secret shared by every booth of a fleet and the office, so that
`kiosk collect` can tell what a booth wrote into the shared folder from what anyone else with
access to the folder put there. Each batch line and each status file carries its signature,
Standard Webhooks style: ``"sig": "v1,<base64 HMAC-SHA256>"`` over a label (the message's
id) and the object's canonical JSON (sorted keys, no spaces, ASCII). No Qt here."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
import secrets
import stat
from pathlib import Path
from typing import Any

from kiosk.setup.keys import PREFIX, is_key

#: The field of a batch line or a status file that holds its signature.
SIG = "sig"
#: The label a status file is signed under (a message is signed under its id).
STATUS_LABEL = "kiosk-status"
#: A key file is a line of text: anything longer is not one.
KEY_FILE_BYTES = 4096


def new_key() -> str:
    """A new fleet key: ``fleet_<base64 of 32 random bytes>``."""
    return PREFIX + base64.b64encode(secrets.token_bytes(32)).decode("ascii")


def parse_key(text: str) -> bytes:
    """The HMAC key inside a fleet key; ValueError (which never repeats the text: it is a
    secret) for anything else."""
    text = text.strip()
    if not is_key(text):
        raise ValueError("is not a fleet key (make one with 'kiosk fleet-key' and copy it whole)")
    try:
        return base64.b64decode(text[len(PREFIX):], validate=True)
    except binascii.Error:
        raise ValueError("is not a fleet key (its letters are damaged)") from None


def read_key_file(path: Path) -> bytes:
    """The key in a file of one line; OSError or ValueError in plain words."""
    handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))  # a pipe: no wait
    try:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            raise ValueError("is not a file (a pipe or a device?)")
        data = os.read(handle, KEY_FILE_BYTES + 1)
    finally:
        os.close(handle)
    if len(data) > KEY_FILE_BYTES:
        raise ValueError("is too long to be a fleet key file")
    return parse_key(data.decode("utf-8", "replace").lstrip("\ufeff"))  # Notepad's BOM


def canonical(obj: Any) -> bytes:
    """The one byte form of a JSON value that signing uses (the same on every computer)."""
    return json.dumps(obj, ensure_ascii=True, sort_keys=True, separators=(",", ":")).encode()


def sign(key: bytes, label: str, obj: dict[str, Any]) -> str:
    """``v1,<base64>``: HMAC-SHA256 of ``<label>.<canonical JSON>``, the object without any
    signature of its own."""
    body = {k: v for k, v in obj.items() if k != SIG}
    digest = hmac.new(key, label.encode("utf-8", "surrogatepass") + b"." + canonical(body),
                      hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode("ascii")


def verify(key: bytes, label: str, obj: dict[str, Any]) -> bool:
    """Whether ``obj`` carries a signature ``sign`` made with ``key`` (any of several,
    separated by spaces, as Standard Webhooks allows while a key is changed)."""
    given = obj.get(SIG)
    if not isinstance(given, str):
        return False
    try:
        expected = sign(key, label, obj)
    except (TypeError, ValueError):  # not a JSON value (NaN is fine; a cycle is not)
        return False
    return any(hmac.compare_digest(expected.encode(), part.encode("utf-8", "replace"))
               for part in given.split(" ") if part)


def signed(key: bytes | None, label: str, obj: dict[str, Any]) -> dict[str, Any]:
    """``obj`` with its signature added (unchanged without a key)."""
    if key is None:
        return obj
    return {**obj, SIG: sign(key, label, obj)}


def status_label(kiosk_id: str) -> str:
    return f"{STATUS_LABEL}.{kiosk_id}"
