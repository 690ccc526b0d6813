"""The kiosk's settings (kiosk.yaml): each declared once with its type, default and meaning.

A bad settings file never stops the kiosk: each bad value falls back to its default and the
problem is reported with its line.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from kiosk.content.problems import Problem, Problems, Where
from kiosk.content.schema import (
    INVALID,
    Choice,
    Context,
    Field,
    Flag,
    Number,
    Obj,
    Str,
    object_schema,
)
from kiosk.content.yamlpos import YamlSyntaxError, load_located

SETTINGS: dict[str, Field] = {
    "kiosk_id": Field(Str(r"[A-Za-z0-9_.-]+", "a name of letters, digits, '.', '-' and '_'"),
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
    "form_idle_seconds": Field(Number(10, 3600, " s"), "seconds without a touch on the message "
                               "form before 'Still there?'", default=60.0),
}


@dataclass(frozen=True)
class Settings:
    kiosk_id: str | None = None
    idle_seconds: float = 45.0
    warning_seconds: float = 10.0
    browse_advance: str = "pause"
    cursor_hide_seconds: float = 3.0
    message_button: bool = True
    keep_awake: bool = True
    form_idle_seconds: float = 60.0

    @property
    def name(self) -> str:
        """The kiosk's id: the setting, else this computer's name."""
        if self.kiosk_id:
            return self.kiosk_id
        import socket

        return socket.gethostname() or "kiosk"


assert {f.name for f in fields(Settings)} == set(SETTINGS), "declare each setting once in both"


def settings_schema() -> dict[str, Any]:
    return object_schema(SETTINGS, "Awareness kiosk settings (kiosk.yaml)")


def load_settings(path: Path | None) -> tuple[Settings, list[Problem]]:
    """Settings from ``path``; defaults for anything missing or wrong (see the problems)."""
    if path is None or not path.exists():
        return Settings(), []
    problems = Problems()
    shown = str(path)
    try:
        located = load_located(path.read_text(encoding="utf-8"), shown)
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
    values = Obj.check_fields(located.data, (), ctx, SETTINGS)
    good = {k: v for k, v in values.items() if v is not INVALID and v is not None}
    return Settings(**good), problems.sorted()
