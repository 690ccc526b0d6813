"""A time as the store writes it (UTC), as this computer's local time, quickly: an export
writes 100,000 of them. No Qt here."""

from __future__ import annotations

import functools
import re
from datetime import datetime, timedelta

#: ``2026-11-21T10:15:02.118Z``, as the store writes a time (ASCII digits only).
UTC_TIME = re.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-5][0-9]:[0-5][0-9][.][0-9]{3}Z")
_local_hours: dict[str, str | None] = {}


def local_time(utc_iso: str) -> str:
    """``2026-11-21T10:15:02.118Z`` as this computer's local time, ``2026-11-21 11:15:02``.
    The offset is looked up once per hour of UTC time (daylight saving changes on the hour);
    where it is whole hours, a time's minutes and seconds are those of its UTC hour."""
    if utc_iso.__class__ is str and UTC_TIME.fullmatch(utc_iso):
        hour = utc_iso[:13]
        if hour not in _local_hours:
            if len(_local_hours) > 10_000:
                _local_hours.clear()
            _local_hours[hour] = _local_hour(hour)
        local = _local_hours[hour]
        if local is not None:
            return local + utc_iso[13:19]
    try:
        moment = datetime.fromisoformat(utc_iso.replace("Z", "+00:00"))
        offset = _offset(utc_iso[:13])
    except ValueError:
        return utc_iso
    return (moment + offset).strftime("%Y-%m-%d %H:%M:%S")


def _local_hour(utc_hour: str) -> str | None:
    """``2026-11-21T10`` as local ``2026-11-21 11``; None for an hour that is not one, or a
    zone whose offset is not whole hours (those are worked out a time at a time)."""
    try:
        start = datetime.fromisoformat(utc_hour + ":00:00+00:00")
        offset = _offset(utc_hour)
    except ValueError:
        return None
    if offset % timedelta(hours=1):
        return None
    return (start + offset).strftime("%Y-%m-%d %H")


@functools.lru_cache(maxsize=4096)
def _offset(utc_hour: str) -> timedelta:
    moment = datetime.fromisoformat(utc_hour + ":30:00+00:00")
    return moment.astimezone().utcoffset() or timedelta()
