"""One plain sentence per sync target, the same for `kiosk sync` and the staff panel."""

from __future__ import annotations

import time
from datetime import datetime

from kiosk.sync.runner import TargetState


def describe(state: TargetState, now: float | None = None) -> str:
    when = _when(state.last_success, time.time() if now is None else now)
    line = (f"{state.name}: {state.delivered} delivered, {state.pending} waiting; "
            f"last success {when}")
    if state.busy_elsewhere:
        line += "; another sync on this kiosk is sending now"
    if state.offline:
        line += "; offline (not plugged in?)"
    elif state.last_error and state.last_error != state.last_refusal:
        line += f"; last try: {state.last_error}"
    if state.rejected:
        line += f"; {state.rejected} refused ({state.last_refusal or 'see the log'})"
    if state.held:
        line += "; nothing more is sent there until staff send the refused messages again"
    return line


def _when(wall: float | None, now: float) -> str:
    """The time of day for today, the date too for an earlier day."""
    if wall is None:
        return "never"
    then = datetime.fromtimestamp(wall)
    same_day = then.date() == datetime.fromtimestamp(now).date()
    return then.strftime("%H:%M" if same_day else "%Y-%m-%d %H:%M")
