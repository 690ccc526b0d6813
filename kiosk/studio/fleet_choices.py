"""What the studio knows of the fleet between sessions: the shared folder, where the fleet key
was saved and the group last published to, kept in a small file beside the staff PIN (never
the key itself); the fleet key and the booths' set-up as a publish needs them. Every call
reads or writes files: on a worker. No Qt here."""

from __future__ import annotations

import json
import logging
import os
import tempfile
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from kiosk.content.edit import SettingsDocument
from kiosk.content.safe_read import read_capped
from kiosk.files import write_atomically
from kiosk.fleet.layout import FleetError
from kiosk.setup.booth_setup import write_setup
from kiosk.setup.booth_words import outgoing
from kiosk.setup.config import Settings, load_settings
from kiosk.sync.alerts import Thresholds
from kiosk.sync.fleet_key import parse_key, read_key_file

log = logging.getLogger(__name__)

CHOICES_FILE = "studio-fleet.json"
#: Where ``kiosk collect --watch`` keeps what it told staff, unless the settings say.
ALERTS_FOLDER = "fleet-alerts"
MAX_CHOICES = 64 * 1024
#: Settings that make a booth itself (its name, its group): never published to every booth.
PER_BOOTH = (("kiosk_id",), ("fleet", "group"))


@dataclass(frozen=True)
class Remembered:
    """The choices of the last publish (or fleet made), as the dialogs offer them again."""

    folder: str = ""
    key_file: str = ""
    group: str = ""


@dataclass(frozen=True)
class Known:
    """What the dialogs and the Booths page start from."""

    remembered: Remembered
    settings_key: bool = False  # this computer's kiosk settings hold a fleet key
    setup_refused: str = ""  # why the booths' set-up cannot go ("" when it can)
    thresholds: Thresholds = field(default_factory=Thresholds)
    alerts: Path | None = None  # where the alerts' memory is kept


def _fleet_setting(settings: Settings, section: str, name: str, default: Any) -> Any:
    """``settings.<section>.<name>``, for settings this version may not have yet."""
    value = getattr(getattr(settings, section, None), name, None)
    return default if value in (None, "") else value


def known(config: Path, data_dir: Path) -> Known:
    """The remembered choices (the fleet folder of the kiosk settings when none is), and what
    the settings say of the fleet's key, set-up and alerts."""
    settings = load_settings(config)[0]
    remembered = recall(data_dir)
    folder = _fleet_setting(settings, "fleet", "folder", "")
    if not remembered.folder and folder:
        remembered = replace(remembered, folder=str(Path(folder).expanduser()))
    default = Thresholds()
    thresholds = Thresholds(**{f.name: float(_fleet_setting(
        settings, "fleet_alerts", f.name, getattr(default, f.name))) for f in fields(default)})
    alerts = Path(_fleet_setting(settings, "fleet_alerts", "folder",
                                 Path(data_dir) / ALERTS_FOLDER)).expanduser()
    return Known(remembered, bool(settings.sync and settings.sync.folder_key),
                 outgoing(config, data_dir).refused, thresholds, alerts)


def recall(data_dir: Path) -> Remembered:
    """The choices kept in ``data_dir`` (none when the file is missing or damaged)."""
    path = Path(data_dir) / CHOICES_FILE
    try:
        raw = json.loads(read_capped(path, MAX_CHOICES, follow_links=False))
    except FileNotFoundError:
        return Remembered()
    except (OSError, ValueError) as exc:
        log.warning("the studio's fleet choices in %s are not used: %s", path, exc)
        return Remembered()
    if not isinstance(raw, dict):
        return Remembered()
    return Remembered(**{f.name: raw[f.name] for f in fields(Remembered)
                         if isinstance(raw.get(f.name), str)})


def remember(data_dir: Path, **choices: str) -> Remembered:
    """Keep ``choices`` (folder, key_file, group) for next time, with the others as they were."""
    kept = replace(recall(data_dir), **choices)
    Path(data_dir).mkdir(parents=True, exist_ok=True)
    write_atomically(Path(data_dir) / CHOICES_FILE,
                     json.dumps(asdict(kept), ensure_ascii=False, indent=1).encode("utf-8"))
    return kept


def inside(path: Path, folder: Path) -> bool:
    """Whether ``path`` is ``folder`` or in it (links and ``..`` followed)."""
    one, other = os.path.realpath(path), os.path.realpath(folder)
    try:
        return os.path.commonpath([one, other]) == other
    except ValueError:  # on another drive
        return False


def fleet_key(key_file: str, config: Path, fleet: Path | None = None) -> bytes | None:
    """The fleet key: from ``key_file`` when one is given, else from this computer's kiosk
    settings; None when there is neither. A key file inside the shared ``fleet`` folder is
    refused: every booth, and anyone with the folder, could read it."""
    if key_file:
        path = Path(key_file).expanduser()
        if fleet is not None and inside(path, fleet):
            raise FleetError(f"the key file {path} is inside the shared folder, where anyone "
                             "with the folder can read it: move it out, then choose it again")
        try:
            return read_key_file(path)
        except (OSError, ValueError) as exc:
            why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            raise FleetError(f"the key file {path}: {why}") from None
    settings = load_settings(config)[0]
    if settings.sync and settings.sync.folder_key:
        return parse_key(settings.sync.folder_key)
    return None


def save_key(key: str, file: Path, fleet: Path) -> Path:
    """Write the fleet ``key`` into ``file`` (readable by this user only), never inside the
    shared ``fleet`` folder."""
    if inside(file, fleet):
        raise FleetError("not saved: that is inside the shared folder, where every booth and "
                         "anyone with the folder could read it. Choose a place of your own "
                         "(a password manager, a USB stick kept in the office).")
    write_atomically(file, (key + "\n").encode("ascii"))
    return file


def booths_setup(config: Path, data_dir: Path) -> bytes:
    """The booths' set-up as a package carries it: this computer's kiosk settings and the
    staff PIN's salted hash, without the passwords and without what each booth has of its
    own (:data:`PER_BOOTH`)."""
    with tempfile.TemporaryDirectory(prefix="kiosk-publish-") as folder:
        copy = SettingsDocument(config)
        for name in PER_BOOTH:
            copy.set(name, None)
        copy.path = Path(folder) / "kiosk.yaml"
        copy.save()
        return write_setup(Path(folder), copy.path, data_dir).read_bytes()
