"""When to try again: exponential backoff with full jitter, and the server's Retry-After."""

from __future__ import annotations

import random
from email.utils import parsedate_to_datetime


def backoff_delay(attempt: int, cap: float, base: float = 2.0,
                  rng: random.Random | None = None) -> float:
    """Seconds to wait before try ``attempt + 1``: uniform in [0, min(cap, base * 2**attempt)]
    (the "full jitter" of the AWS architecture blog), so many kiosks do not retry in step."""
    ceiling = min(cap, base * 2 ** min(attempt, 30))
    return (rng or random).uniform(0, ceiling)


def parse_retry_after(value: str | None, now: float) -> float | None:
    """Seconds from a Retry-After header: a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, moment.timestamp() - now)
