"""A booth set-up's passwords and keys, sealed with a key made from the staff PIN (scrypt,
then AES-GCM), so that only someone who types that PIN can open them. No Qt here.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import secrets
from typing import Any

from kiosk.content.install import SETUP_FILE
from kiosk.setup.carried import SECRETS, SetupError
from kiosk.staff import pin as staff

#: The sealed secrets, at most (a few passwords and keys).
MAX_SEALED = 16 * 1024
_SEALING = "scrypt+aes-256-gcm"


def _aad(names: list[str]) -> bytes:
    return ("awareness-kiosk booth-setup 1 " + ",".join(names)).encode("utf-8")


def _key(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(pin.encode("utf-8"), salt=salt, n=n, r=r, p=p,
                          maxmem=staff.MAXMEM, dklen=32)


def seal(found: dict[str, str], pin: str) -> dict[str, Any]:
    """The secrets ``found`` (by name), sealed with ``pin``, as the set-up keeps them."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    names = sorted(found)
    cost = {"n": staff.SCRYPT["n"], "r": staff.SCRYPT["r"], "p": staff.SCRYPT["p"]}
    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    sealed = AESGCM(_key(pin, salt, **cost)).encrypt(
        nonce, json.dumps(found).encode("utf-8"), _aad(names))
    return {"alg": _SEALING, **cost, "salt": salt.hex(), "nonce": nonce.hex(), "names": names,
            "sealed": base64.b64encode(sealed).decode("ascii")}


def open_sealed(sealed: dict[str, Any], pin: str) -> dict[str, str]:
    """The secrets, opened with ``pin``; :class:`SetupError` if they were changed."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    key = _key(pin, bytes.fromhex(sealed["salt"]), sealed["n"], sealed["r"], sealed["p"])
    try:
        plain = AESGCM(key).decrypt(bytes.fromhex(sealed["nonce"]),
                                    base64.b64decode(sealed["sealed"]), _aad(sealed["names"]))
        found = json.loads(plain.decode("utf-8"))
    except (InvalidTag, ValueError):
        raise SetupError("the passwords on the stick were changed after they were sealed: "
                         "nothing was changed") from None
    if not isinstance(found, dict) or sorted(found) != sealed["names"] or not all(
            isinstance(value, str) for value in found.values()):
        raise SetupError("the passwords on the stick are damaged: nothing was changed")
    return found


def check_sealed(value: Any) -> dict[str, Any] | None:
    """The sealed secrets of a set-up read from a stick, checked; None when there are none."""
    if value is None:
        return None
    if not isinstance(value, dict) or value.get("alg") != _SEALING:
        raise SetupError(f"{SETUP_FILE}: the passwords are not sealed in a way a kiosk opens")
    try:
        n, r, p = staff.check_cost(value)
        salt, nonce = bytes.fromhex(value["salt"]), bytes.fromhex(value["nonce"])
        sealed = base64.b64decode(value["sealed"], validate=True)
    except (staff.PinError, KeyError, TypeError, ValueError, binascii.Error):
        raise SetupError(f"{SETUP_FILE}: the sealed passwords are damaged") from None
    if not 8 <= len(salt) <= 64 or len(nonce) != 12 or not 16 < len(sealed) <= MAX_SEALED:
        raise SetupError(f"{SETUP_FILE}: the sealed passwords are damaged")
    return {"alg": _SEALING, "n": n, "r": r, "p": p, "salt": salt.hex(), "nonce": nonce.hex(),
            "names": list(secret_names(value.get("names"))), "sealed": value["sealed"]}


def secret_names(value: Any) -> tuple[str, ...]:
    """The names of secrets a set-up lists (sealed or left out), checked and sorted."""
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v in SECRETS
                                              for v in value):
        raise SetupError(f"{SETUP_FILE}: it names passwords a kiosk does not have")
    return tuple(sorted(set(value)))
