"""The booth's set-up on a USB stick, beside the slides (``booth-setup.yaml``). No Qt here.

Kiosk Studio writes it: the settings of its kiosk.yaml, the staff PIN's salted hash (never
the PIN) and, only when asked, the passwords and keys, sealed with a key made from the PIN
(scrypt, then AES-GCM), so that only someone who types that PIN can open them. A kiosk reads
it when staff load those slides, says what would change and, once that PIN is typed on its
pad, writes its kiosk.yaml (keeping its comments) and takes the PIN.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import json
import os
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml.error import YAMLError as EditedYamlError

from kiosk import staff
from kiosk.config import SETTINGS, Settings, SyncSettings, load_settings
from kiosk.content.edit import SettingsDocument
from kiosk.content.install import SETUP_FILE, InstallError
from kiosk.content.kinds import INVALID, Context, Field, Number, Obj
from kiosk.content.problems import Problems
from kiosk.content.safe_read import Refused, read_capped
from kiosk.content.yamlpos import Located, YamlSyntaxError, load_located, read_yaml_text
from kiosk.export import write_atomically
from kiosk.messages import one_line

#: The set-up's format; a kiosk refuses, in words, a newer one.
FORMAT = 1
#: A set-up is a few hundred bytes; more is no set-up.
MAX_BYTES = 256 * 1024
#: The sealed secrets, at most (a few passwords and keys).
MAX_SEALED = 16 * 1024

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
_SEALING = "scrypt+aes-256-gcm"
_KEYS = ("format", "settings", "staff_pin", "secrets", "left_out")

#: Settings a running kiosk takes at once (its idle rules); the others at its next start.
LIVE = frozenset({"idle_seconds", "warning_seconds", "browse_advance", "form_idle_seconds",
                  "staff_lock_seconds"})

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
}
_WORDS = {"pause": "pause", "slow": "advance slowly", "cpu": "the processor",
          "gpu": "the graphics chip"}

_HEADER = ("# The booth's set-up, written by Kiosk Studio beside the slides. A kiosk applies "
           "it\n# when staff load these slides and type the staff PIN. Do not edit it.\n")


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


@dataclass(frozen=True)
class Applied:
    settings: Settings  # now in force in kiosk.yaml
    restart: bool  # some of it (a way out, the staff corner) waits for the next start


# ---------------------------------------------------------------- checking settings
def _checked(located: Located, data: Any, path: tuple[str, ...]) -> tuple[Settings, list[str]]:
    """The settings ``data`` (at ``path`` in ``located``) give, and their errors as lines."""
    problems = Problems()
    ctx = Context(located=located, problems=problems, root=Path())
    if not isinstance(data, dict):
        problems.error(located.at(path), "the settings must be a map of setting: value")
        data = {}
    values = Obj.check_fields(data, path, ctx, SETTINGS)
    for doubled, where in located.duplicate_keys:
        problems.error(where, f"'{'.'.join(map(str, doubled))}' is set twice")
    good = {k: v for k, v in values.items() if v is not INVALID and v is not None}
    if "sync" in good:
        good["sync"] = SyncSettings.from_checked(good["sync"])
    errors = [f"{_named(located, p.line, len(path))}{p.message}" for p in problems.sorted()
              if p.is_error]
    return Settings(**good), errors


def _named(located: Located, line: int, skip: int) -> str:
    """The setting on ``line`` as staff know it ('sync.email.to: '), else the line."""
    keys = ([key for key, where in located.keys.items() if where.line == line]
            or [key for key, where in located.values.items() if where.line == line])
    names = [part for part in max(keys, key=len, default=())[skip:] if isinstance(part, str)]
    return ".".join(names) + ": " if names else f"line {line}: "


def _refuse(what: str, errors: list[str]) -> SetupError:
    more = f" (and {len(errors) - 3} more)" if len(errors) > 3 else ""
    return SetupError(f"{what}: {'; '.join(errors[:3])}{more}")


def _check_plain(data: dict[str, Any], what: str) -> Settings:
    """The settings ``data`` give; :class:`SetupError` naming ``what`` if any is wrong."""
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    settings, errors = _checked(load_located(text, what), data, ())
    if errors:
        raise _refuse(f"{what} has settings a kiosk cannot use", errors)
    return settings


def _walk(data: Mapping[str, Any], name: str) -> Any:
    node: Any = data
    for key in name.split("."):
        node = node.get(key) if isinstance(node, Mapping) else None
    return node


def _pop_secrets(settings: dict[str, Any]) -> dict[str, str]:
    """Take the secrets out of ``settings``; returns them by name."""
    found: dict[str, str] = {}
    for name in SECRETS:
        *section, key = name.split(".")
        holder = _walk(settings, ".".join(section))
        if isinstance(holder, dict) and holder.get(key) is not None:
            found[name] = str(holder.pop(key))
    return found


def _put_secrets(settings: dict[str, Any], found: Mapping[str, str]) -> dict[str, Any]:
    """A copy of ``settings`` with the secrets ``found`` in their places."""
    full: dict[str, Any] = json.loads(json.dumps(settings))
    for name, value in found.items():
        *section, key = name.split(".")
        node = full
        for part in section:
            node = node.setdefault(part, {})
        node[key] = value
    return full


# ---------------------------------------------------------------- sealing the secrets
def _aad(names: list[str]) -> bytes:
    return ("awareness-kiosk booth-setup 1 " + ",".join(names)).encode("utf-8")


def _key(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(pin.encode("utf-8"), salt=salt, n=n, r=r, p=p,
                          maxmem=staff.MAXMEM, dklen=32)


def _seal(found: dict[str, str], pin: str) -> dict[str, Any]:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    names = sorted(found)
    cost = {"n": staff.SCRYPT["n"], "r": staff.SCRYPT["r"], "p": staff.SCRYPT["p"]}
    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    sealed = AESGCM(_key(pin, salt, **cost)).encrypt(
        nonce, json.dumps(found).encode("utf-8"), _aad(names))
    return {"alg": _SEALING, **cost, "salt": salt.hex(), "nonce": nonce.hex(), "names": names,
            "sealed": base64.b64encode(sealed).decode("ascii")}


def _open(sealed: dict[str, Any], pin: str) -> dict[str, str]:
    """The secrets, opened with ``pin``; :class:`SetupError` if they were changed."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    key = _key(pin, bytes.fromhex(sealed["salt"]), sealed["n"], sealed["r"], sealed["p"])
    try:
        plain = AESGCM(key).decrypt(bytes.fromhex(sealed["nonce"]),
                                    base64.b64decode(sealed["sealed"]), _aad(sealed["names"]))
        found = json.loads(plain.decode("utf-8"))
    except (InvalidTag, ValueError):
        raise SetupError("the passwords on the stick were changed after they were sealed: "
                         "nothing was changed") from None
    if not isinstance(found, dict) or sorted(found) != sealed["names"] or not all(
            isinstance(value, str) for value in found.values()):
        raise SetupError("the passwords on the stick are damaged: nothing was changed")
    return found


def _check_sealed(value: Any) -> dict[str, Any] | None:
    """The sealed secrets of a set-up read from a stick, checked; None when there are none."""
    if value is None:
        return None
    if not isinstance(value, dict) or value.get("alg") != _SEALING:
        raise SetupError(f"{SETUP_FILE}: the passwords are not sealed in a way a kiosk opens")
    try:
        n, r, p = staff.check_cost(value)
        salt, nonce = bytes.fromhex(value["salt"]), bytes.fromhex(value["nonce"])
        sealed = base64.b64decode(value["sealed"], validate=True)
    except (staff.PinError, KeyError, TypeError, ValueError, binascii.Error):
        raise SetupError(f"{SETUP_FILE}: the sealed passwords are damaged") from None
    if not 8 <= len(salt) <= 64 or len(nonce) != 12 or not 16 < len(sealed) <= MAX_SEALED:
        raise SetupError(f"{SETUP_FILE}: the sealed passwords are damaged")
    return {"alg": _SEALING, "n": n, "r": r, "p": p, "salt": salt.hex(), "nonce": nonce.hex(),
            "names": list(_names(value.get("names"))), "sealed": value["sealed"]}


def _names(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v in SECRETS
                                              for v in value):
        raise SetupError(f"{SETUP_FILE}: it names passwords a kiosk does not have")
    return tuple(sorted(set(value)))


# ---------------------------------------------------------------- the studio's side
def _own_settings(config_path: Path) -> dict[str, Any]:
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
    errors = _checked(located, data, ())[1]
    if errors:
        raise _refuse(f"fix {config_path.name} first", errors)
    return dict(data)


def write_setup(deck_folder: Path, config_path: Path, data_dir: Path,
                include_secrets: bool = False, pin: str | None = None) -> Path:
    """Write the booth's set-up into ``deck_folder``: the settings of ``config_path``, the
    staff PIN's hash from ``data_dir``, and with ``include_secrets`` the passwords and keys,
    sealed with ``pin`` (which must be that staff PIN). Returns the file written."""
    record = staff.StaffAuth(data_dir).pin_record
    if record is None:
        raise SetupError("set a staff PIN first: a booth asks for it before it takes the "
                         "set-up")
    settings = _own_settings(Path(config_path))
    found = _pop_secrets(settings)
    setup: dict[str, Any] = {"format": FORMAT, "settings": settings,
                             "staff_pin": staff.check_record(record)}
    if include_secrets:
        if pin is None or not staff.matches(setup["staff_pin"], pin):
            raise SetupError("that is not the staff PIN set here: the passwords are sealed "
                             "with it")
        if found:
            setup["secrets"] = _seal(found, pin)
    elif found:
        setup["left_out"] = sorted(found)
    path = Path(deck_folder) / SETUP_FILE
    text = _HEADER + yaml.safe_dump(setup, sort_keys=False, allow_unicode=True)
    write_atomically(path, text.encode("utf-8"))
    return path


def setup_writer(config_path: Path, data_dir: Path, include_secrets: bool = False,
                 pin: str | None = None) -> Callable[[Path], Path]:
    """What ``copy_to_drive(..., setup=...)`` calls with the new copy's folder."""
    return lambda folder: write_setup(folder, config_path, data_dir, include_secrets, pin)


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
        settings = _own_settings(Path(config_path))
    except SetupError as exc:
        return Outgoing([], [], str(exc))
    found = _pop_secrets(settings)
    new = load_settings(Path(config_path))[0]
    places = _places(new.sync)
    lines = ([f"this booth's name: {_shown('kiosk_id', new.kiosk_id)}",
              f"idle time: {_shown('idle_seconds', new.idle_seconds)}"]
             + ([f"messages go {place}" for place in places] if places
                else ["messages wait on the booth for an export"])
             + ["the staff PIN (only its salted hash: the PIN itself never goes)"])
    return Outgoing(lines, [SECRETS[name] for name in found])


# ---------------------------------------------------------------- the booth's side
def read_setup(deck_folder: Path) -> BoothSetup | None:
    """The set-up beside the slides in ``deck_folder``, checked; None when there is none.
    Anything wrong with it (damaged, hostile, newer) is a :class:`SetupError` in words."""
    path = Path(deck_folder) / SETUP_FILE
    if not os.path.lexists(path):
        return None
    try:
        text = read_capped(path, MAX_BYTES, follow_links=False).decode("utf-8")
        return _parse(load_located(text, SETUP_FILE))
    except Refused as exc:
        raise SetupError(exc.naming(SETUP_FILE)) from None
    except UnicodeDecodeError:
        raise SetupError(f"{SETUP_FILE} is not text: it is damaged") from None
    except YamlSyntaxError as exc:
        raise SetupError(f"{SETUP_FILE} line {exc.where.line}: {exc.message}") from None
    except OSError as exc:
        raise SetupError(f"{SETUP_FILE} cannot be read ({exc.strerror or exc})") from None
    except (ValueError, TypeError, KeyError, RecursionError):
        raise SetupError(f"{SETUP_FILE} is damaged") from None


def _parse(located: Located) -> BoothSetup:
    data = located.data
    if not isinstance(data, dict) or "format" not in data:
        raise SetupError(f"{SETUP_FILE} is not a booth set-up")
    version = data["format"]
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise SetupError(f"{SETUP_FILE} has no format number a kiosk knows")
    if version > FORMAT:
        raise SetupError(f"{SETUP_FILE} was made by a newer Kiosk Studio: update this kiosk "
                         "to take it")
    unknown = sorted(one_line(key, 40) for key in data if key not in _KEYS)
    if unknown:
        raise SetupError(f"{SETUP_FILE} holds what a kiosk does not know: {unknown[0]}")
    settings = {} if data.get("settings") is None else data["settings"]
    new, errors = _checked(located, settings, ("settings",))
    if errors:
        raise _refuse(f"{SETUP_FILE} has settings a kiosk cannot use", errors)
    if any(_walk(settings, name) is not None for name in SECRETS):
        raise SetupError(f"{SETUP_FILE} holds a password in clear: copy it again from "
                         "Kiosk Studio")
    try:
        pin = staff.check_record(data.get("staff_pin"))
    except staff.PinError as exc:
        raise SetupError(f"{SETUP_FILE}: {exc}") from None
    return BoothSetup(settings=settings, pin=pin, new=new,
                      sealed=_check_sealed(data.get("secrets")),
                      left_out=_names(data.get("left_out")))


def _shown(name: str, value: Any) -> str:
    """A setting's value in staff words: '60 s', 'on', 'the processor'."""
    kind = SETTINGS[name].kind
    if isinstance(kind, Number):
        return f"{value:g}{kind.unit}"
    if isinstance(value, bool):
        return "on" if value else "off"
    if value is None:
        return "this computer's name"  # (the only setting without a default)
    return _WORDS.get(str(value)) or one_line(value, 60)


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


def _raw(config_path: Path) -> dict[str, Any]:
    """The booth's own kiosk.yaml as plain data ({} when missing or unreadable)."""
    try:
        data = load_located(read_yaml_text(config_path, config_path.name), "kiosk.yaml").data
    except (OSError, UnicodeDecodeError, YamlSyntaxError):
        return {}
    return data if isinstance(data, dict) else {}


def _kept(setup: BoothSetup, own: Mapping[str, Any]) -> set[str]:
    """The booth's own secrets that stay: only without secrets on the stick, and only for a
    way out that goes where it went (a token never follows a new address)."""
    if setup.sealed is not None:
        return set()
    kept = set()
    for name in SECRETS:
        section = name.rsplit(".", 1)[0]
        there, here = _walk(setup.settings, section), _walk(own, section)
        if isinstance(there, dict) and isinstance(here, dict) and all(
                there.get(key) == here.get(key) for key in _WHERE[section.split(".")[1]]):
            kept.add(name)
    return kept


def _secret_lines(setup: BoothSetup, own: Mapping[str, Any]) -> list[str]:
    if setup.sealed is not None:
        return [f"{SECRETS[name]}, sealed with the staff PIN" for name in setup.sealed["names"]]
    kept = _kept(setup, own)
    return [f"{SECRETS[name]} is not on the stick: this kiosk keeps its own"
            if name in kept and _walk(own, name) is not None else
            f"{SECRETS[name]} is not on the stick: copy it again with the passwords"
            for name in setup.left_out]


def _pin_line(setup: BoothSetup, data_dir: Path) -> list[str]:
    own = staff.StaffAuth(data_dir).pin_record
    if own is None:
        return ["a staff PIN (none is set here yet)"]
    same = all(own.get(key) == setup.pin[key] for key in ("salt", "hash"))
    return [] if same else ["a new staff PIN"]


def describe_changes(setup: BoothSetup, config_path: Path, data_dir: Path) -> list[str]:
    """What applying ``setup`` would change on this kiosk, a plain line each, such as
    'idle time 60 s (now 90 s)'. Reads files: call it off the GUI thread."""
    now = load_settings(Path(config_path))[0]
    own = _raw(Path(config_path))
    return (_setting_lines(setup.new, now) + _way_out_lines(setup.new.sync, now.sync)
            + _secret_lines(setup, own) + _pin_line(setup, Path(data_dir)))


def pin_matches(setup: BoothSetup, pin: str) -> bool:
    """Whether ``pin`` is the staff PIN the set-up carries (slow on purpose)."""
    return staff.matches(setup.pin, pin)


def _document(config_path: Path) -> SettingsDocument:
    """The booth's kiosk.yaml to edit; a new one when it cannot be read as YAML (the damaged
    one is kept as kiosk.yaml.bak when the new one is saved)."""
    try:
        return SettingsDocument(config_path)
    except (YamlSyntaxError, EditedYamlError, UnicodeDecodeError, ValueError):
        fresh = SettingsDocument(config_path.with_name(f".{secrets.token_hex(8)}.none"))
        fresh.path = config_path
        return fresh
    except OSError as exc:
        raise SetupError(f"{config_path.name} cannot be read ({exc.strerror or exc})") from None


def _put(doc: SettingsDocument, path: tuple[str, ...], declared: Mapping[str, Field],
         values: Mapping[str, Any], kept: set[str]) -> None:
    """Each declared setting under ``path`` as ``values`` has it (removed when it has none),
    leaf by leaf so that the comments around it stay; the ``kept`` ones left as they are."""
    for name, spec in declared.items():
        here = (*path, name)
        if ".".join(here) in kept:
            continue
        value = values.get(name)
        if isinstance(spec.kind, Obj) and isinstance(value, Mapping):
            _put(doc, here, spec.kind.fields, value, kept)
        else:
            doc.set(here, value)


def _save(doc: SettingsDocument, record: dict[str, Any], data_dir: Path) -> None:
    """kiosk.yaml, then the PIN; if the PIN cannot be kept, kiosk.yaml as it was."""
    path = doc.path
    try:
        before = read_capped(path, MAX_BYTES * 8) if path.exists() else None
        doc.save()
        os.chmod(path, 0o600)  # it may hold passwords now: this account's alone
    except (OSError, Refused) as exc:
        raise SetupError(f"{path.name} could not be written ({exc}): nothing was "
                         "changed") from None
    try:
        staff.StaffAuth(data_dir).install_record(record)
    except OSError as exc:
        with contextlib.suppress(OSError):
            if before is None:
                path.unlink()
            else:
                write_atomically(path, before)
        raise SetupError(f"the staff PIN could not be saved ({exc.strerror or exc}): "
                         "nothing was changed") from None


def apply_setup(setup: BoothSetup, config_path: Path, data_dir: Path, pin: str) -> Applied:
    """Apply ``setup`` once ``pin`` is its staff PIN: kiosk.yaml takes its settings (keeping
    its comments; the old file kept as kiosk.yaml.bak), the data folder its PIN, and the
    secrets are opened with the PIN. A wrong PIN (:class:`WrongPin`) or any other refusal
    (:class:`SetupError`) changes nothing. Slow on purpose: call it off the GUI thread."""
    config_path = Path(config_path)
    if not pin_matches(setup, pin):
        raise WrongPin("wrong PIN: nothing was changed")
    opened = _open(setup.sealed, pin) if setup.sealed is not None else {}
    full = _put_secrets(setup.settings, opened)
    _check_plain(full, SETUP_FILE)
    before = load_settings(config_path)[0]
    doc = _document(config_path)
    _put(doc, (), SETTINGS, full, _kept(setup, _raw(config_path)))
    _save(doc, setup.pin, Path(data_dir))
    after = load_settings(config_path)[0]
    restart = any(getattr(after, f.name) != getattr(before, f.name) for f in fields(Settings)
                  if f.name not in LIVE)
    return Applied(after, restart)
