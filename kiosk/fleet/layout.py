"""The fleet folder: one synced folder (Syncthing, Nextcloud, Drive) shared by the office and
every booth, made once by the studio. It says what it is in ``fleet.json`` (never the key),
the office publishes signed packages into ``packages/``, booths write their batch files and
status files into ``messages/`` and small screenshots into ``screens/``. No Qt here."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kiosk.content import safe_read
from kiosk.files import write_atomically
from kiosk.messages.message import one_line
from kiosk.sync.fleet_key import SIG, new_key, parse_key, signed, verify

#: The label fleet.json is signed with (the fleet key's own check).
FLEET_LABEL = "kiosk-fleet"
FLEET_FILE = "fleet.json"
PACKAGES = "packages"
MESSAGES = "messages"
SCREENS = "screens"
#: What ``fleet.json`` says it is, and the layout's format (a newer one is refused in words).
KIND = "kiosk-fleet"
FORMAT = 1
#: ``fleet.json`` is a few lines; more is not one.
FLEET_FILE_BYTES = 64 * 1024
#: Found in a folder a person or a sync tool just made: it is still "empty".
_HARMLESS = frozenset({"desktop.ini", "Thumbs.db", "Icon\r"})

Clock = Callable[[], float]


class FleetError(Exception):
    """Something about a fleet folder, in words for the person at the office or the booth."""


@dataclass(frozen=True)
class Fleet:
    """A fleet folder as ``fleet.json`` describes it."""

    folder: Path
    name: str
    format: int
    #: fleet.json as read: signed with the fleet's key when made (``sig``), so that a
    #: publish with another fleet's key is refused at the office, not only at the booths.
    info: dict[str, Any] = field(default_factory=dict, compare=False)

    def has_key(self, key: bytes) -> bool | None:
        """Whether ``key`` is this fleet's (None: a fleet made before fleet.json was signed)."""
        if SIG not in self.info:
            return None
        return verify(key, FLEET_LABEL, self.info)

    def key_refused(self, key: bytes) -> str:
        """Why the office may not publish with ``key`` ('' when it may): every booth would
        refuse what another fleet's key signs."""
        if self.has_key(key) is False:
            return (f"this is not the key of the fleet \"{self.name}\": every booth would "
                    "refuse what it signs. Use the key made with the fleet.")
        return ""

    @property
    def packages(self) -> Path:
        return self.folder / PACKAGES

    @property
    def messages(self) -> Path:
        return self.folder / MESSAGES

    @property
    def screens(self) -> Path:
        return self.folder / SCREENS


@dataclass(frozen=True)
class MadeFleet:
    """What ``make_fleet`` did: ``key`` is the new fleet key, or None when the folder was a
    fleet already (its key is the one made then: a new one would not match the booths')."""

    fleet: Fleet
    key: str | None


def iso(seconds: float) -> str:
    """A moment as the fleet writes it: UTC, to the second (``2026-11-02T09:00:00Z``)."""
    moment = datetime.fromtimestamp(seconds, UTC).isoformat(timespec="seconds")
    return moment.replace("+00:00", "Z")


def make_fleet(folder: Path, name: str, clock: Clock = time.time,
               key: str | None = None) -> MadeFleet:
    """Make ``folder`` a fleet folder (it may be new, or empty but for a sync tool's hidden
    files) and a new fleet key for it. On a fleet folder already, only its missing parts are
    made and nothing is overwritten. A folder holding other files is refused. With ``key``
    (the one the booths already sign with), no new key is made: ``MadeFleet.key`` is None."""
    folder = Path(folder)
    if (folder / FLEET_FILE).exists() or (folder / FLEET_FILE).is_symlink():
        fleet = read_fleet(folder)
        _make_parts(folder)
        return MadeFleet(fleet, None)
    if not folder.parent.is_dir():
        raise FleetError(f"the folder {folder.parent} is not there (is the drive plugged in?)")
    _refuse_others(folder)
    folder.mkdir(exist_ok=True)
    _make_parts(folder)
    made, key = key is None, key or new_key()  # (booths that sign with a key keep it)
    info = {"kind": KIND, "format": FORMAT, "name": one_line(name, 100).strip() or folder.name,
            "made_at": iso(clock())}
    info = signed(parse_key(key), FLEET_LABEL, info)  # (tells the key; never holds it)
    write_atomically(folder / FLEET_FILE, (json.dumps(info, ensure_ascii=False, indent=1)
                                           + "\n").encode("utf-8"))
    return MadeFleet(read_fleet(folder), key if made else None)


def _refuse_others(folder: Path) -> None:
    """A folder with files of its own is not made a fleet: they would be shared with every
    booth. A folder of a fleet's own parts (``messages/`` of the shared folder before) is."""
    if not folder.is_dir():
        if folder.exists() or folder.is_symlink():
            raise FleetError(f"{folder} is a file, not a folder: choose an empty folder")
        return
    own = {PACKAGES, MESSAGES, SCREENS}
    others = sorted(entry.name for entry in folder.iterdir()
                    if not entry.name.startswith(".") and entry.name not in _HARMLESS
                    and not (entry.name in own and entry.is_dir() and not entry.is_symlink()))
    if others:
        shown = ", ".join(one_line(n, 60) for n in others[:3]) + (" …" if len(others) > 3 else "")
        raise FleetError(f"{folder} already holds other files ({shown}) and is not a fleet "
                         "folder: choose an empty folder")


def _make_parts(folder: Path) -> None:
    for part in (PACKAGES, MESSAGES, SCREENS):
        path = folder / part
        if path.is_symlink() or (path.exists() and not path.is_dir()):
            raise FleetError(f"{path} should be a folder of the fleet but is not")
        path.mkdir(exist_ok=True)


def read_fleet(folder: Path) -> Fleet:
    """The fleet in ``folder``; :class:`FleetError` in words when it is not one."""
    folder = Path(folder)
    file = folder / FLEET_FILE
    try:
        data = json.loads(safe_read.read_capped(file, FLEET_FILE_BYTES, follow_links=False))
    except FileNotFoundError:
        raise FleetError(f"{folder} is not a fleet folder (it has no {FLEET_FILE}); make one "
                         "with \"Make a fleet\" in Kiosk Studio") from None
    except safe_read.Refused as exc:
        raise FleetError(exc.naming(FLEET_FILE)) from None
    except OSError as exc:
        raise FleetError(f"{file} cannot be read ({exc.strerror or exc})") from None
    except (ValueError, RecursionError):
        raise FleetError(f"{FLEET_FILE} in {folder} is damaged (not JSON)") from None
    if not isinstance(data, dict) or data.get("kind") != KIND:
        raise FleetError(f"{FLEET_FILE} in {folder} does not describe a fleet")
    version = data.get("format")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise FleetError(f"{FLEET_FILE} in {folder} is damaged (no format)")
    if version > FORMAT:
        raise FleetError(f"the fleet in {folder} was made by a newer version of the kiosk "
                         f"(format {version}): update this computer")
    name = data.get("name")
    return Fleet(folder, one_line(name, 100) if isinstance(name, str) else folder.name, version,
                 data)
