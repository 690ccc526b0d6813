"""What a booth's set-up carries, for the modules that write, seal, read and describe it: the
set-up as read, its errors, its settings checked the way a kiosk checks kiosk.yaml, and the
passwords and keys among those settings, taken out and put back. No Qt here.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from kiosk.content.install import InstallError
from kiosk.content.kinds import Context
from kiosk.content.problems import Problems
from kiosk.content.yamlpos import Located, YamlSyntaxError, load_located, read_yaml_text
from kiosk.setup.config import Settings, check_settings, settings_from

#: Each setting that opens a door, in plain words. Only these are sealed; nothing else in
#: kiosk.yaml is secret.
SECRETS: dict[str, str] = {
    "sync.webhook.token": "the web address's token",
    "sync.webhook.secret": "the web address's signing secret",
    "sync.email.password": "the e-mail password",
    "sync.folder.key": "the fleet key",
}
#: What names a way out. A booth keeps its own secrets for a way out that did not change.
_WHERE = {"webhook": ("url",), "email": ("host", "user"), "folder": ("path",)}


class SetupError(InstallError):
    """A set-up that cannot be written, read or applied; the message is for staff."""


class WrongPin(SetupError):
    """The PIN typed is not the one the set-up carries: nothing was changed."""


@dataclass(frozen=True)
class BoothSetup:
    """A set-up as read from a stick, checked."""

    settings: dict[str, Any]  # kiosk.yaml's settings, without the secrets
    pin: dict[str, Any]  # the staff PIN's salted hash, as StaffAuth keeps it
    new: Settings  # the settings it gives (the secrets left aside)
    sealed: dict[str, Any] | None = None  # the secrets, sealed with the PIN
    left_out: tuple[str, ...] = ()  # secrets the studio has and did not put on the stick


# ---------------------------------------------------------------- checking settings
def checked(located: Located, data: Any, path: tuple[str, ...]) -> tuple[Settings, list[str]]:
    """The settings ``data`` (at ``path`` in ``located``) give, and their errors as lines."""
    problems = Problems()
    ctx = Context(located=located, problems=problems, root=Path())
    if not isinstance(data, dict):
        problems.error(located.at(path), "the settings must be a map of setting: value")
        data = {}
    values = check_settings(data, path, ctx)
    for doubled, where in located.duplicate_keys:
        problems.error(where, f"'{'.'.join(map(str, doubled))}' is set twice")
    settings = settings_from(values, ctx, path)
    errors = [f"{_named(located, p.line, len(path))}{p.message}" for p in problems.sorted()
              if p.is_error]
    return settings, errors


def _named(located: Located, line: int, skip: int) -> str:
    """The setting on ``line`` as staff know it ('sync.email.to: '), else the line."""
    keys = ([key for key, where in located.keys.items() if where.line == line]
            or [key for key, where in located.values.items() if where.line == line])
    names = [part for part in max(keys, key=len, default=())[skip:] if isinstance(part, str)]
    return ".".join(names) + ": " if names else f"line {line}: "


def refuse(what: str, errors: list[str]) -> SetupError:
    """A :class:`SetupError` naming ``what`` and the first few ``errors``."""
    more = f" (and {len(errors) - 3} more)" if len(errors) > 3 else ""
    return SetupError(f"{what}: {'; '.join(errors[:3])}{more}")


def check_plain(data: dict[str, Any], what: str) -> Settings:
    """The settings ``data`` give; :class:`SetupError` naming ``what`` if any is wrong."""
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    settings, errors = checked(load_located(text, what), data, ())
    if errors:
        raise refuse(f"{what} has settings a kiosk cannot use", errors)
    return settings


def own_settings(config_path: Path) -> dict[str, Any]:
    """The settings in ``config_path`` as plain data; refused if any is wrong."""
    if not config_path.exists():
        return {}
    try:
        located = load_located(read_yaml_text(config_path, config_path.name), config_path.name)
    except YamlSyntaxError as exc:
        raise SetupError(f"{config_path.name} line {exc.where.line}: {exc.message}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SetupError(f"{config_path.name} cannot be read ({exc})") from None
    data = {} if located.data is None else located.data
    errors = checked(located, data, ())[1]
    if errors:
        raise refuse(f"fix {config_path.name} first", errors)
    return dict(data)


def raw_settings(config_path: Path) -> dict[str, Any]:
    """The booth's own kiosk.yaml as plain data ({} when missing or unreadable)."""
    try:
        data = load_located(read_yaml_text(config_path, config_path.name), "kiosk.yaml").data
    except (OSError, UnicodeDecodeError, YamlSyntaxError):
        return {}
    return data if isinstance(data, dict) else {}


# ---------------------------------------------------------------- the secrets among them
def walk(data: Mapping[str, Any], name: str) -> Any:
    """The value at the dotted ``name`` in ``data`` (None when it is not there)."""
    node: Any = data
    for key in name.split("."):
        node = node.get(key) if isinstance(node, Mapping) else None
    return node


def pop_secrets(settings: dict[str, Any]) -> dict[str, str]:
    """Take the secrets out of ``settings``; returns them by name."""
    found: dict[str, str] = {}
    for name in SECRETS:
        *section, key = name.split(".")
        holder = walk(settings, ".".join(section))
        if isinstance(holder, dict) and holder.get(key) is not None:
            found[name] = str(holder.pop(key))
    return found


def put_secrets(settings: dict[str, Any], found: Mapping[str, str]) -> dict[str, Any]:
    """A copy of ``settings`` with the secrets ``found`` in their places."""
    full: dict[str, Any] = json.loads(json.dumps(settings))
    for name, value in found.items():
        *section, key = name.split(".")
        node = full
        for part in section:
            node = node.setdefault(part, {})
        node[key] = value
    return full


def kept_secrets(setup: BoothSetup, own: Mapping[str, Any]) -> set[str]:
    """The booth's own secrets that stay: only without secrets on the stick, and only for a
    way out that goes where it went (a token never follows a new address)."""
    if setup.sealed is not None:
        return set()
    kept = set()
    for name in SECRETS:
        section = name.rsplit(".", 1)[0]
        there, here = walk(setup.settings, section), walk(own, section)
        if isinstance(there, dict) and isinstance(here, dict) and all(
                _place(setup.settings, section, key) == _place(own, section, key)
                for key in _WHERE[section.split(".")[1]]):
            kept.add(name)
    return kept


def _place(settings: Mapping[str, Any], section: str, key: str) -> Any:
    """Where a way out goes, by ``key``: a folder without a path goes into the fleet's."""
    found = walk(settings, f"{section}.{key}")
    if found is None and (section, key) == ("sync.folder", "path"):
        return walk(settings, "fleet.folder")
    return found
