"""A booth's set-up in plain words, a line each: what "Copy to USB stick" would put beside the
slides (for the volunteer at the studio) and what applying a set-up would change on a kiosk
(for staff at the booth). No Qt here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from kiosk.content.kinds import Number
from kiosk.messages.message import one_line
from kiosk.setup.carried import (
    SECRETS,
    BoothSetup,
    SetupError,
    kept_secrets,
    own_settings,
    pop_secrets,
    raw_settings,
    walk,
)
from kiosk.setup.config import SETTINGS, FleetSettings, Settings, load_settings
from kiosk.setup.sync_settings import SyncSettings
from kiosk.staff import pin as staff

#: Each setting in a change line, in staff words.
LABELS = {
    "kiosk_id": "kiosk name",
    "idle_seconds": "idle time",
    "warning_seconds": "'Still there?' countdown",
    "browse_advance": "while a visitor browses, slides",
    "cursor_hide_seconds": "pointer hides after",
    "message_button": "'Leave a message' button",
    "keep_awake": "screen kept awake",
    "renderer": "slides drawn by",
    "form_idle_seconds": "idle time on the message form",
    "staff_corner": "staff corner",
    "staff_hold_seconds": "staff corner held for",
    "staff_lock_seconds": "staff panel locks after",
    "analytics": "visits counted",
    "analytics_keep_days": "visits kept for",
    "fleet": "fleet",
    "timezone": "time zone",
    "asleep_touch": "a touch while closed shows",
    "high_contrast": "high-contrast colours",
}
_WORDS = {"pause": "pause", "slow": "advance slowly", "cpu": "the processor",
          "gpu": "the graphics chip", "notice_and_form": "when it opens, and the message form",
          "notice": "when it opens", "nothing": "nothing"}


# ---------------------------------------------------------------- the studio's side
@dataclass(frozen=True)
class Outgoing:
    """What "Copy to USB stick" would put beside the slides, for the volunteer to read."""

    lines: list[str]  # the set-up, a plain line each
    secrets: list[str]  # the passwords and keys there are, in words (they go only if ticked)
    refused: str = ""  # why no set-up can go (then only the slides do)


def outgoing(config_path: Path, data_dir: Path) -> Outgoing:
    """:class:`Outgoing` for the studio's kiosk.yaml and PIN. Reads files: off the GUI
    thread."""
    if staff.StaffAuth(data_dir).pin_record is None:
        return Outgoing([], [], "no staff PIN is set yet (set one on “The kiosk” tab), so the "
                                "booth's set-up cannot go")
    try:
        settings = own_settings(Path(config_path))
    except SetupError as exc:
        return Outgoing([], [], str(exc))
    found = pop_secrets(settings)
    new = load_settings(Path(config_path))[0]
    places = _places(new.sync)
    lines = ([f"this booth's name: {_shown('kiosk_id', new.kiosk_id)}",
              f"idle time: {_shown('idle_seconds', new.idle_seconds)}"]
             + ([f"messages go {place}" for place in places] if places
                else ["messages wait on the booth for an export"])
             + ["the staff PIN (only its salted hash: the PIN itself never goes)"])
    return Outgoing(lines, [SECRETS[name] for name in found])


# ---------------------------------------------------------------- the booth's side
def describe_changes(setup: BoothSetup, config_path: Path, data_dir: Path) -> list[str]:
    """What applying ``setup`` would change on this kiosk, a plain line each, such as
    'idle time 60 s (now 90 s)'. Reads files: call it off the GUI thread."""
    now = load_settings(Path(config_path))[0]
    own = raw_settings(Path(config_path))
    return (_setting_lines(setup.new, now) + _way_out_lines(setup.new.sync, now.sync)
            + _secret_lines(setup, own) + _pin_line(setup, Path(data_dir)))


def _shown(name: str, value: Any) -> str:
    """A setting's value in staff words: '60 s', 'on', 'the processor'."""
    kind = SETTINGS[name].kind
    if name == "fleet":
        return _fleet_words(value)
    if name == "timezone" and not value:
        return "this computer's own"
    if isinstance(kind, Number):
        return f"{value:g}{kind.unit}"
    if isinstance(value, bool):
        return "on" if value else "off"
    if value is None:
        return "this computer's name"  # (the only setting without a default)
    return _WORDS.get(str(value)) or one_line(value, 60)


def _fleet_words(fleet: FleetSettings | None) -> str:
    """A fleet in staff words: 'the folder ~/Sync/Booths, group north', or 'none'."""
    if fleet is None:
        return "none"
    group = f", group {one_line(fleet.group, 40)}" if fleet.group else ""
    return f"the folder {one_line(fleet.folder, 60)}{group}"


def _setting_lines(new: Settings, now: Settings) -> list[str]:
    lines = []
    for name, label in LABELS.items():
        after, before = getattr(new, name), getattr(now, name)
        if after != before:
            lines.append(f"{label} {_shown(name, after)} (now {_shown(name, before)})")
    return lines


def _public(sync: SyncSettings | None) -> SyncSettings | None:
    """The way out without its secrets."""
    if sync is None:
        return None
    email = {k: v for k, v in sync.email.items() if k != "password"} if sync.email else None
    return replace(sync, webhook_token="", webhook_secret="", folder_key="", email=email)


def _places(sync: SyncSettings | None) -> list[str]:
    if sync is None:
        return []
    places = []
    if sync.email:
        places.append("by e-mail to " + ", ".join(one_line(a, 80) for a in sync.email["to"]))
    if sync.webhook_url:
        places.append(f"to {one_line(sync.webhook_url, 80)}")
    if sync.folder:
        places.append(f"to the folder {one_line(sync.folder, 80)}")
    return places


def _way_out_lines(new: SyncSettings | None, now: SyncSettings | None) -> list[str]:
    if _public(new) == _public(now):
        return []
    after, before = _places(new), _places(now)
    if not after:
        return ["messages no longer go out by themselves: they wait for an export"]
    if after == before:
        return ["how messages go out changes (to the same places)"]
    return [f"messages go {place}" for place in after]


def _secret_lines(setup: BoothSetup, own: Mapping[str, Any]) -> list[str]:
    if setup.sealed is not None:
        return [f"{SECRETS[name]}, sealed with the staff PIN" for name in setup.sealed["names"]]
    kept = kept_secrets(setup, own)
    return [f"{SECRETS[name]} is not on the stick: this kiosk keeps its own"
            if name in kept and walk(own, name) is not None else
            f"{SECRETS[name]} is not on the stick: copy it again with the passwords"
            for name in setup.left_out]


def _pin_line(setup: BoothSetup, data_dir: Path) -> list[str]:
    own = staff.StaffAuth(data_dir).pin_record
    if own is None:
        return ["a staff PIN (none is set here yet)"]
    same = all(own.get(key) == setup.pin[key] for key in ("salt", "hash"))
    return [] if same else ["a new staff PIN"]
