"""The kiosk's settings (kiosk.yaml): each declared once with its type, default and meaning.

A bad settings file never stops the kiosk: each bad value falls back to its default and the
problem is reported with its line. A file of an older format is upgraded as it is read; one
newer than this kiosk reads is not used at all (every setting its default), and said so.
Where messages go (the ``sync:`` section) is declared in sync_settings.py.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import tzinfo
from pathlib import Path
from typing import Any

from kiosk.content.formats import FORMAT_KEY, FormatNumber
from kiosk.content.kinds import (
    INVALID,
    Choice,
    Context,
    Field,
    Flag,
    Kind,
    Number,
    Obj,
    Str,
    default_of,
    did_you_mean,
    object_schema,
)
from kiosk.content.problems import Problem, Problems, Where
from kiosk.content.yamlpos import (
    Located,
    Path_,
    YamlSyntaxError,
    load_located,
    read_yaml_text,
)
from kiosk.setup.config_formats import SETTINGS_FORMAT
from kiosk.setup.sync_settings import SYNC, SyncSettings


class Whole(Number):
    """A whole number (a count), such as 2."""

    def check(self, value: Any, path: Path_, ctx: Context) -> Any:
        number = super().check(value, path, ctx)
        if number is INVALID or float(number).is_integer():
            return number
        return ctx.error(path, f"{value} is not a whole number")

    def schema(self) -> dict[str, Any]:
        return {**super().schema(), "type": "integer"}


class TimeZone(Kind):
    """A time zone's name as the world's time zone database has it (Europe/London), or
    empty text for the computer's own."""

    def check(self, value: Any, path: Path_, ctx: Context) -> Any:
        if not isinstance(value, str):
            return ctx.error(path, "expected a time zone's name such as Europe/London")
        name = value.strip()
        if not name or zone_of(name) is not None:
            return name
        from zoneinfo import available_timezones  # (only for a mistake)

        known = sorted(available_timezones())
        if not known:
            return ctx.error(path, f"'{name}' cannot be looked up: this computer has no list "
                                   "of time zones (tzdata); leave it empty for its own")
        hint = did_you_mean(name, known) or " (such as Europe/London or America/New_York)"
        return ctx.error(path, f"'{name}' is not a time zone's name{hint}; leave it empty "
                               "for this computer's own")

    def schema(self) -> dict[str, Any]:
        return {"type": "string"}


def zone_of(name: str) -> tzinfo | None:
    """The time zone ``name`` (an IANA name such as Europe/London); None if there is none."""
    from zoneinfo import ZoneInfo

    if not name or name.startswith(("/", ".")) or "\\" in name or ".." in name:
        return None  # (a path, never a name: ZoneInfo would look outside its folders)
    try:
        return ZoneInfo(name)
    except (KeyError, ValueError, OSError):
        return None


#: The fleet folder's folder for the booths' messages and status files (kiosk.fleet.layout's
#: MESSAGES: the fleet is not imported on the way to the first slide).
FLEET_MESSAGES = "messages"

FLEET = Obj({
    "folder": Field(Str(), "the fleet folder on this booth, shared with the office (such as "
                    "~/Sync/Booths): slides published there play here, and this booth's "
                    "messages and status go to its messages folder", required=True),
    "group": Field(Str(r"[^\x00-\x1f\x7f]{1,100}", "a name of at most 100 characters on "
                       "one line"), "this booth's group (such as north): slides published "
                   "for another group are not for it"),
    "keep": Field(Whole(1, 20), "versions of the slides kept besides the one playing, to go "
                  "back to", default=2.0),
    "look_seconds": Field(Number(5, 3600, " s"), "how often to look for newly published "
                          "slides", default=30.0),
    "screenshots": Field(Flag(), "put a small picture of the screen in the fleet folder "
                         "(screens), at most every 15 minutes and only while the slides play "
                         "by themselves: never a visitor's screen", default=True),
}, "a fleet: a folder shared with the office (Syncthing, Nextcloud, a network drive) that "
   "brings published slides to this booth; the fleet key is sync.folder.key")

SETTINGS: dict[str, Field] = {
    # It starts each file the booth writes into a shared folder: a leading dot would hide
    # them (and the office's collect passes hidden files over).
    "kiosk_id": Field(Str(r"[A-Za-z0-9][A-Za-z0-9_.-]*", "a name of letters, digits, '.', '-'"
                          " and '_', starting with a letter or a digit"),
                      "this kiosk's name, recorded with each message (default: the computer's "
                      "name)"),
    "idle_seconds": Field(Number(5, 3600, " s"), "seconds without a touch before the kiosk "
                          "asks 'Still there?'", default=45.0),
    "warning_seconds": Field(Number(3, 120, " s"), "length of the 'Still there?' countdown",
                             default=10.0),
    "browse_advance": Field(Choice("pause", "slow"), "while a visitor browses, slides stay "
                            "(pause) or advance three times slower (slow)", default="pause"),
    "cursor_hide_seconds": Field(Number(0.5, 600, " s"), "hide the mouse pointer after this "
                                 "long without movement", default=3.0),
    "message_button": Field(Flag(), "show the 'Leave a message' button", default=True),
    "keep_awake": Field(Flag(), "keep the screen from sleeping while the kiosk runs",
                        default=True),
    "high_contrast": Field(Flag(), "show the slides and the kiosk's own screens in "
                           "high-contrast colours instead of the deck's (light words on "
                           "black, every word at least 7:1)", default=False),
    "renderer": Field(Choice("cpu", "gpu"), "who draws the slides: the processor (cpu) or "
                      "the graphics chip through OpenGL (gpu: try it on a Raspberry Pi; where "
                      "OpenGL is missing the processor draws)", default="cpu"),
    "form_idle_seconds": Field(Number(10, 3600, " s"), "seconds without a touch on the message "
                               "form before 'Still there?'", default=60.0),
    "staff_corner": Field(Choice("top-left", "top-right", "bottom-left", "bottom-right"),
                          "the corner to hold to open the staff PIN pad", default="top-left"),
    "staff_hold_seconds": Field(Number(1, 30, " s"), "how long to hold that corner",
                                default=3.0),
    "staff_lock_seconds": Field(Number(10, 3600, " s"), "the staff panel locks itself after "
                                "this long without a touch", default=120.0),
    "sync": Field(SYNC, "where messages go when a network is there (none: they wait for "
                  "export)"),
    "analytics": Field(Flag(), "record visits, proof of play and health on this kiosk (no "
                       "personal data; off: nothing at all is recorded)", default=True),
    "analytics_keep_days": Field(Number(1, 3650, " days"), "forget analytics older than this",
                                 default=180.0),
    "fleet": Field(FLEET, "a fleet folder shared with the office: published slides play here "
                   "(none: slides come from this computer's content folder or a USB stick)"),
    "timezone": Field(TimeZone(), "the booth's time zone, for the slides' and the opening "
                      "hours' times, such as Europe/London (empty: this computer's own)",
                      default=""),
    "asleep_touch": Field(Choice("notice_and_form", "notice", "nothing"), "what a touch "
                          "shows outside opening hours: when the booth opens and the message "
                          "form (notice_and_form), only when it opens (notice), or nothing",
                          default="notice_and_form"),
}


@dataclass(frozen=True)
class FleetSettings:
    """The fleet this booth belongs to (its key is the sync folder's: ``SyncSettings``)."""

    folder: str
    group: str = ""
    keep: int = int(default_of(FLEET.fields, "keep"))
    look_seconds: float = default_of(FLEET.fields, "look_seconds")
    screenshots: bool = default_of(FLEET.fields, "screenshots")

    @property
    def path(self) -> Path:
        return Path(self.folder).expanduser()

    @classmethod
    def from_checked(cls, value: object) -> FleetSettings | None:
        """From the checked ``fleet`` section: None without a usable folder (no fleet)."""
        if not isinstance(value, dict) or not isinstance(value.get("folder"), str):
            return None
        found = {k: v for k, v in value.items() if v is not INVALID and v is not None}
        if "keep" in found:
            found["keep"] = int(found["keep"])
        return cls(**found)


@dataclass(frozen=True)
class Settings:
    """The settings in force; each default is the one declared in SETTINGS."""

    kiosk_id: str | None = None
    idle_seconds: float = default_of(SETTINGS, "idle_seconds")
    warning_seconds: float = default_of(SETTINGS, "warning_seconds")
    browse_advance: str = default_of(SETTINGS, "browse_advance")
    cursor_hide_seconds: float = default_of(SETTINGS, "cursor_hide_seconds")
    message_button: bool = default_of(SETTINGS, "message_button")
    keep_awake: bool = default_of(SETTINGS, "keep_awake")
    high_contrast: bool = default_of(SETTINGS, "high_contrast")
    renderer: str = default_of(SETTINGS, "renderer")
    form_idle_seconds: float = default_of(SETTINGS, "form_idle_seconds")
    staff_corner: str = default_of(SETTINGS, "staff_corner")
    staff_hold_seconds: float = default_of(SETTINGS, "staff_hold_seconds")
    staff_lock_seconds: float = default_of(SETTINGS, "staff_lock_seconds")
    sync: SyncSettings | None = None
    analytics: bool = default_of(SETTINGS, "analytics")
    analytics_keep_days: float = default_of(SETTINGS, "analytics_keep_days")
    fleet: FleetSettings | None = None
    timezone: str = default_of(SETTINGS, "timezone")  # "": the computer's own
    asleep_touch: str = default_of(SETTINGS, "asleep_touch")

    @property
    def name(self) -> str:
        """The kiosk's id: the setting, else this computer's name."""
        if self.kiosk_id:
            return self.kiosk_id
        import socket

        return socket.gethostname() or "kiosk"


assert {f.name for f in fields(Settings)} == set(SETTINGS), "declare each setting once in both"


#: The settings file's format number: not a setting (``Settings`` has no such field), read
#: and upgraded before the settings are checked (:func:`check_settings`).
FORMAT_FIELD = Field(FormatNumber(SETTINGS_FORMAT), "the settings file's format: which "
                     "kiosks can read it (the kiosk and Kiosk Studio write it)", default=1)


def settings_schema() -> dict[str, Any]:
    return object_schema({FORMAT_KEY: FORMAT_FIELD, **SETTINGS},
                         "Awareness kiosk settings (kiosk.yaml)")


def check_settings(data: dict[str, Any], at: Path_, ctx: Context) -> dict[str, Any]:
    """The settings ``data`` (at ``at`` in the file) checked, once upgraded from an older
    format; a newer format than this kiosk reads is an error, and every setting its
    default."""
    upgraded = SETTINGS_FORMAT.read(data, ctx.located, at, ctx.problems)
    settings = ({k: v for k, v in upgraded.items() if k != FORMAT_KEY}
                if isinstance(upgraded, dict) else {})
    return Obj.check_fields(settings, at, ctx, SETTINGS)


def _drop_doubled(located: Located, problems: Problems, values: dict[str, Any]) -> None:
    """A key set twice is an error (YAML would quietly keep the second); a way out set twice,
    or with a key of its own set twice, is not used, as a way out with any error is not:
    which recipients were meant cannot be known."""
    ways = ("webhook", "folder", "email")
    for path, where in located.duplicate_keys:
        problems.error(where, f"'{'.'.join(map(str, path))}' is set twice: keep one"
                       + (" (this way out is not used until then)" if path[0] == "sync" else ""))
        sync = values.get("sync")
        if path == ("sync",):
            values.pop("sync", None)
        elif path[0] == "sync" and len(path) > 1 and path[1] in ways and isinstance(sync, dict):
            sync[path[1]] = INVALID


def load_settings(path: Path | None) -> tuple[Settings, list[Problem]]:
    """Settings from ``path``; defaults for anything missing or wrong (see the problems)."""
    if path is None or not path.exists():
        return Settings(), []
    problems = Problems()
    shown = str(path)
    try:
        located = load_located(read_yaml_text(path, shown), shown)
    except (OSError, UnicodeDecodeError) as exc:
        problems.error(Where(shown), f"cannot read the settings file: {exc}")
        return Settings(), problems.sorted()
    except YamlSyntaxError as exc:
        problems.error(exc.where, exc.message)
        return Settings(), problems.sorted()
    if located.data is None:
        return Settings(), []
    ctx = Context(located=located, problems=problems, root=path.parent)
    if not isinstance(located.data, dict):
        problems.error(located.at(()), "the settings file must be a map of setting: value")
        return Settings(), problems.sorted()
    values = check_settings(located.data, (), ctx)
    _drop_doubled(located, problems, values)
    return settings_from(values, ctx), problems.sorted()


def settings_from(values: dict[str, Any], ctx: Context, at: Path_ = ()) -> Settings:
    """The settings that ``values`` (checked at ``at``) give: a value that failed its check
    is left to its default, a fleet gives messages its folder (see :func:`_fleet_way_out`).
    A ``sync`` taken out of ``values`` (set twice) is not used at all."""
    fleet = FleetSettings.from_checked(values.get("fleet"))
    if "sync" in values:
        values = {**values, "sync": _fleet_way_out(values["sync"], fleet, ctx, (*at, "sync"))}
    good = {k: v for k, v in values.items() if v is not INVALID and v is not None}
    good["fleet"] = fleet
    if "sync" in good:
        good["sync"] = SyncSettings.from_checked(good["sync"])
    return Settings(**good)


def _fleet_way_out(sync: Any, fleet: FleetSettings | None, ctx: Context, at: Path_) -> Any:
    """The checked ``sync`` section, where a folder without a path has one: with a fleet,
    messages go to its messages folder (signed with ``sync.folder.key``); without one, a
    folder without a path is an error and the folder is not used."""
    if sync is INVALID or (isinstance(sync, dict) and sync.get("folder") is INVALID):
        return sync  # a way out with an error is not used: its messages wait
    sync = dict(sync) if isinstance(sync, dict) else {}
    folder = sync.get("folder")
    if isinstance(folder, dict) and folder.get("path") is not None:
        return sync
    if fleet is None:
        if folder is not None:
            ctx.problems.error(ctx.located.key_at((*at, "folder")), "missing 'path' (a synced "
                               "folder, network share or USB stick), or set fleet.folder")
            sync["folder"] = INVALID
        return sync or None
    messages = str(Path(fleet.folder) / FLEET_MESSAGES)
    sync["folder"] = {"key": None, **(folder or {}), "path": messages}
    return sync
