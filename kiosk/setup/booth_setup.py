"""The booth's set-up on a USB stick, beside the slides (``booth-setup.yaml``). No Qt here.

Kiosk Studio writes it: the settings of its kiosk.yaml, the staff PIN's salted hash (never
the PIN) and, only when asked, the passwords and keys, sealed with a key made from the PIN
(:mod:`kiosk.setup.sealing`), so that only someone who types that PIN can open them. A kiosk reads
it when staff load those slides, says what would change (:mod:`kiosk.setup.booth_words`) and, once
that PIN is typed on its pad, writes its kiosk.yaml (keeping its comments) and takes the PIN.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml.error import YAMLError as EditedYamlError

from kiosk.content.edit import SettingsDocument
from kiosk.content.install import SETUP_FILE
from kiosk.content.kinds import Field, Obj
from kiosk.content.safe_read import Refused, read_capped
from kiosk.content.yamlpos import Located, YamlSyntaxError, load_located
from kiosk.files import write_atomically
from kiosk.messages.message import one_line
from kiosk.setup.booth_words import LABELS, Outgoing, describe_changes, outgoing
from kiosk.setup.carried import (
    SECRETS,
    BoothSetup,
    SetupError,
    WrongPin,
    check_plain,
    checked,
    kept_secrets,
    own_settings,
    pop_secrets,
    put_secrets,
    raw_settings,
    refuse,
    walk,
)
from kiosk.setup.config import SETTINGS, Settings, load_settings
from kiosk.setup.sealing import MAX_SEALED, check_sealed, seal, secret_names
from kiosk.setup.sealing import open_sealed as _open
from kiosk.staff import pin as staff

__all__ = ["FORMAT", "LABELS", "LIVE", "MAX_BYTES", "MAX_SEALED", "OWN", "SECRETS",
           "Applied", "BoothSetup", "Outgoing", "SetupError", "WrongPin", "apply_setup",
           "apply_signed_setup", "describe_changes", "outgoing", "pin_matches", "read_setup",
           "setup_writer", "write_setup"]

#: The set-up's format; a kiosk refuses, in words, a newer one.
FORMAT = 1
#: A set-up is a few hundred bytes; more is no set-up.
MAX_BYTES = 256 * 1024
_KEYS = ("format", "settings", "staff_pin", "secrets", "left_out")

#: Settings a running kiosk takes at once (its idle rules); the others at its next start.
LIVE = frozenset({"idle_seconds", "warning_seconds", "browse_advance", "form_idle_seconds",
                  "staff_lock_seconds"})

#: What a booth keeps of its own when a set-up comes signed with the fleet key: who it is,
#: where its fleet is and which group it is in, and every password and key it has.
OWN = frozenset({"kiosk_id", "fleet.folder", "fleet.group", *SECRETS})

_HEADER = ("# The booth's set-up, written by Kiosk Studio beside the slides. A kiosk applies "
           "it\n# when staff load these slides and type the staff PIN. Do not edit it.\n")


@dataclass(frozen=True)
class Applied:
    settings: Settings  # now in force in kiosk.yaml
    restart: bool  # some of it (a way out, the staff corner) waits for the next start


# ---------------------------------------------------------------- the studio's side
def write_setup(deck_folder: Path, config_path: Path, data_dir: Path,
                include_secrets: bool = False, pin: str | None = None) -> Path:
    """Write the booth's set-up into ``deck_folder``: the settings of ``config_path``, the
    staff PIN's hash from ``data_dir``, and with ``include_secrets`` the passwords and keys,
    sealed with ``pin`` (which must be that staff PIN). Returns the file written."""
    record = staff.StaffAuth(data_dir).pin_record
    if record is None:
        raise SetupError("set a staff PIN first: a booth asks for it before it takes the "
                         "set-up")
    settings = own_settings(Path(config_path))
    found = pop_secrets(settings)
    setup: dict[str, Any] = {"format": FORMAT, "settings": settings,
                             "staff_pin": staff.check_record(record)}
    if include_secrets:
        if pin is None or not staff.matches(setup["staff_pin"], pin):
            raise SetupError("that is not the staff PIN set here: the passwords are sealed "
                             "with it")
        if found:
            setup["secrets"] = seal(found, pin)
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
    new, errors = checked(located, settings, ("settings",))
    if errors:
        raise refuse(f"{SETUP_FILE} has settings a kiosk cannot use", errors)
    if any(walk(settings, name) is not None for name in SECRETS):
        raise SetupError(f"{SETUP_FILE} holds a password in clear: copy it again from "
                         "Kiosk Studio")
    try:
        pin = staff.check_record(data.get("staff_pin"))
    except staff.PinError as exc:
        raise SetupError(f"{SETUP_FILE}: {exc}") from None
    return BoothSetup(settings=settings, pin=pin, new=new,
                      sealed=check_sealed(data.get("secrets")),
                      left_out=secret_names(data.get("left_out")))


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
        dotted = ".".join(here)
        if dotted in kept:
            continue
        value = values.get(name)
        holds_kept = any(k.startswith(dotted + ".") for k in kept)
        if isinstance(spec.kind, Obj) and (isinstance(value, Mapping) or holds_kept):
            _put(doc, here, spec.kind.fields, value if isinstance(value, Mapping) else {},
                 kept)
        else:
            doc.set(here, value)


def _save(doc: SettingsDocument, record: dict[str, Any] | None, data_dir: Path) -> None:
    """kiosk.yaml, then the PIN (if ``record`` is one); if the PIN cannot be kept, kiosk.yaml
    as it was."""
    path = doc.path
    try:
        before = read_capped(path, MAX_BYTES * 8) if path.exists() else None
        doc.save()
        os.chmod(path, 0o600)  # it may hold passwords now: this account's alone
    except (OSError, Refused) as exc:
        raise SetupError(f"{path.name} could not be written ({exc}): nothing was "
                         "changed") from None
    if not record:
        return
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
    return _apply(setup, put_secrets(setup.settings, opened), config_path, Path(data_dir),
                  kept_secrets(setup, raw_settings(config_path)))


def apply_signed_setup(setup: BoothSetup, config_path: Path, data_dir: Path,
                       keep: frozenset[str] = OWN) -> Applied:
    """Apply ``setup`` that came signed with the fleet key (the signature stands in for the
    PIN) as :func:`apply_setup` does, except that the settings in ``keep`` stay as this
    booth has them, even when the set-up leaves them out; its sealed secrets stay sealed.
    Its staff PIN, if it carries one, becomes the booth's. A refusal (:class:`SetupError`)
    changes nothing. Call it off the GUI thread."""
    return _apply(setup, put_secrets(setup.settings, {}), Path(config_path), Path(data_dir),
                  set(keep))


def _apply(setup: BoothSetup, full: dict[str, Any], config_path: Path, data_dir: Path,
           kept: set[str]) -> Applied:
    """kiosk.yaml takes the settings ``full`` (the ``kept`` ones as they are), the data
    folder the set-up's PIN; what it gives now and whether some waits for a restart."""
    check_plain(full, SETUP_FILE)
    before = load_settings(config_path)[0]
    doc = _document(config_path)
    _put(doc, (), SETTINGS, full, kept)
    _save(doc, setup.pin, data_dir)
    after = load_settings(config_path)[0]
    restart = any(getattr(after, f.name) != getattr(before, f.name) for f in fields(Settings)
                  if f.name not in LIVE)
    return Applied(after, restart)
