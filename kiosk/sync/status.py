"""One plain sentence per sync target, the same for `kiosk sync` and the staff panel."""

from __future__ import annotations

from datetime import datetime

from kiosk.sync.runner import TargetState


def describe(state: TargetState) -> str:
    when = (datetime.fromtimestamp(state.last_success).strftime("%H:%M")
            if state.last_success else "never")
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
    return line
