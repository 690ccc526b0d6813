"""What a booth's status file may say, checked field by field (anyone with access to the
shared folder may have written it), and text made safe to print on a terminal or in a
report: no control characters, escape sequences or direction overrides. No Qt here."""

from __future__ import annotations

import math
import re
from datetime import datetime
from typing import Any

from kiosk.messages.message import one_line as clean  # (the name its callers know)

#: Shown where a status file holds something that is not a sane value.
INVALID = "invalid"
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
#: The largest count or figure a status file may give (a petabyte of free disk fits).
BIGGEST = 10.0 ** 16


def count(value: object) -> int | str | None:
    """A whole number of things: None when absent, ``INVALID`` when not a sane one."""
    if value is None:
        return None
    number = figure(value)
    if number is None or number < 0 or number != int(number):
        return INVALID
    return int(number)


def figure(value: object) -> float | None:
    """A finite real number within reason, or None (text, a list, NaN, infinity, a bool)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        number = float(value)
    except OverflowError:  # an integer too big for a float
        return None
    return number if math.isfinite(number) and abs(number) <= BIGGEST else None


def moment(value: object) -> str | None:
    """An ISO 8601 time as the booths write it, or None."""
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return value


def words(value: object, limit: int = 200) -> str | None:
    """Text to show: None when absent, ``INVALID`` when not text."""
    if value is None:
        return None
    return clean(value, limit) if isinstance(value, str) else INVALID


def checked(raw: dict[str, Any], fallback_id: str) -> dict[str, Any]:
    """The fields ``kiosk collect`` uses from a status file, each checked (nothing else is
    kept): counts are whole numbers or ``INVALID``, texts are clean, times are times."""
    kiosk = raw.get("kiosk_id")
    kiosk_id = clean(kiosk, 64).strip() if isinstance(kiosk, str) else ""
    return {
        "kiosk_id": kiosk_id or clean(fallback_id, 64),
        "updated_at": moment(raw.get("updated_at")),
        "waiting": count(raw.get("waiting")),
        "refused": count(raw.get("refused")),
        "free_disk_bytes": count(raw.get("free_disk_bytes")),
        "last_problem": words(raw.get("last_problem"), 300),
        "app_version": words(raw.get("app_version"), 40),
        "deck_version": words(raw.get("deck_version"), 80),
        "running_since": moment(raw.get("running_since")),
        "last_message_at": moment(raw.get("last_message_at")),
        "analytics": _days(raw.get("analytics")),
        # the fleet's packages: which one plays, since when, or why one was refused
        "fleet_group": words(raw.get("fleet_group"), 80),
        "fleet_package": words(raw.get("fleet_package"), 80),
        "fleet_serial": count(raw.get("fleet_serial")),
        "playing_since": moment(raw.get("playing_since")),
        "package_problem": words(raw.get("package_problem"), 300),
        "time_zone": words(raw.get("time_zone"), 64),
    }


def _days(value: object) -> dict[str, dict[str, float]] | None:
    """Daily figures: days as ``YYYY-MM-DD``, each figure a sane number (others left out)."""
    if not isinstance(value, dict):
        return None
    days: dict[str, dict[str, float]] = {}
    for day, figures in list(value.items())[:4000]:  # ten years of days
        if not isinstance(day, str) or not _DAY.fullmatch(day) or not isinstance(figures, dict):
            continue
        numbers = {clean(k, 40): figure(v) for k, v in list(figures.items())[:100]}
        days[day] = {k: n for k, n in numbers.items() if n is not None}
    return days
