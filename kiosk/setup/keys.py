"""The shapes of the secrets a booth's settings hold, checked where they are set: a webhook's
signing secret and a fleet key. What signs with them lives in :mod:`kiosk.sync`. No Qt here."""

from __future__ import annotations

import base64
import re

PREFIX = "fleet_"
#: A key as `kiosk fleet-key` writes it: the prefix, then 32 random bytes in base64.
KEY_PATTERN = r"fleet_[A-Za-z0-9+/]{43}="


def is_key(text: str) -> bool:
    """Whether ``text`` is a fleet key, whole."""
    return re.fullmatch(KEY_PATTERN, text) is not None


#: The shortest whsec_ key taken (the Standard Webhooks libraries make 24 to 64 bytes; a
#: shorter one is a paste cut short, or a key anyone could guess).
MIN_SECRET_BYTES = 16


def standard_key(secret: str) -> bytes:
    """The HMAC key of a secret as the Standard Webhooks libraries read it: a ``whsec_``
    secret is base64 after its prefix; any other secret is used as its UTF-8 bytes.
    ValueError (in words for staff) for a ``whsec_`` secret that is not that."""
    if not secret.startswith("whsec_"):
        return secret.encode("utf-8")
    text = secret[len("whsec_"):].rstrip("=")
    try:
        key = base64.b64decode(text + "=" * (-len(text) % 4), validate=True)
    except ValueError:
        key = b""
    if not key:
        raise ValueError("a secret starting with whsec_ must go on with the key in base64 (as "
                         "'kiosk sync --new-secret' prints one)")
    if len(key) < MIN_SECRET_BYTES:
        raise ValueError(f"the secret is too short to sign with ({len(key)} bytes; at least "
                         f"{MIN_SECRET_BYTES}): copy it whole, or make one with 'kiosk sync "
                         "--new-secret'")
    return key
