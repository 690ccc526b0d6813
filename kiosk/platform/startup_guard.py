"""Not restarting in a tight loop: each start is recorded, and a start that follows others
too closely waits first. No Qt here."""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path

log = logging.getLogger(__name__)

STARTS_FILE = "starts.json"
MIN_GAP_S = 5.0  # never start more often than this
BURST = 5  # this many starts ...
BURST_WINDOW_S = 60.0  # ... within this long means something is wrong: wait longer
BURST_WAIT_S = 30.0


def delay_before_start(history: list[float], now: float) -> float:
    """Seconds to wait before starting, given earlier start times."""
    recent = sorted(t for t in history if now - t < BURST_WINDOW_S)
    if len(recent) >= BURST:
        return BURST_WAIT_S
    if recent and now - recent[-1] < MIN_GAP_S:
        return MIN_GAP_S - (now - recent[-1])
    return 0.0


def guard_start(data_dir: Path, now: float | None = None, sleep=time.sleep) -> float:  # type: ignore[no-untyped-def]
    """Wait if this start follows others too closely, then record it; returns the wait."""
    now = time.time() if now is None else now
    path = data_dir / STARTS_FILE
    try:
        history = [float(t) for t in json.loads(path.read_text())][-20:]
    except (OSError, ValueError, TypeError):
        history = []
    wait = delay_before_start(history, now)
    if wait > 0:
        log.warning("started %d time(s) in the last minute: waiting %.0f s before starting",
                    len([t for t in history if now - t < BURST_WINDOW_S]), wait)
        sleep(wait)
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps([*history, now + wait][-20:]))
    except OSError as exc:
        log.warning("cannot record this start in %s: %s", path, exc)
    return wait
