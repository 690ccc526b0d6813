"""The first run's steps that need no screen: whether a computer was ever set up, a booth's
name made into a kiosk id, a folder for a new deck, and kiosk.yaml checked, tried and saved
(a "Send a test" tries a copy of the settings in a private temporary folder). No Qt here."""

from __future__ import annotations

import re
import tempfile
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from kiosk.content.edit import SettingsDocument
from kiosk.setup.config import load_settings
from kiosk.staff.pin import StaffAuth
from kiosk.sync.from_settings import check_delivery

DECKS_FOLDER = "Kiosk decks"  # under the volunteer's Documents
NAME_LENGTH = 40
T = TypeVar("T")


def needs_first_run(config: Path, data_dir: Path) -> bool:
    """Nothing is set up on this computer yet: no kiosk.yaml and no staff PIN. Reads the
    disk (two small files): call it before the window shows, or on a worker."""
    return not Path(config).exists() and not StaffAuth(Path(data_dir)).has_pin


def booth_id(name: str) -> str:
    """The booth's name as ``kiosk_id`` takes it: "St Mark's fair" is ``St-Marks-fair``,
    accents dropped; "" when nothing of it can be used (a name in Khmer script only)."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    plain = re.sub(r"['`]", "", plain)
    return re.sub(r"[^A-Za-z0-9_.]+", "-", plain).strip("-_.")[:NAME_LENGTH].rstrip("-_.")


def free_deck_folder(documents: Path | None, name: str) -> Path:
    """A folder for a new deck, missing or empty, under Documents/Kiosk decks."""
    if documents is None:
        from platformdirs import user_documents_path

        documents = user_documents_path()
    base = documents / DECKS_FOLDER / (name or "My deck")
    folder, n = base, 1
    while folder.exists() and not _is_empty_folder(folder):
        n += 1
        folder = base.with_name(f"{base.name} {n}")
    return folder


def _is_empty_folder(folder: Path) -> bool:
    return folder.is_dir() and not any(folder.iterdir())


def deck_folder_problem(folder: Path) -> str:
    """Why a new deck cannot start in ``folder`` ("" when it can: missing or empty)."""
    if not folder.exists() or _is_empty_folder(folder):
        return ""
    if not folder.is_dir():
        return f"{folder} is a file, not a folder: choose a folder for the new deck."
    return f"{folder} already has files in it: choose an empty folder, or a new one."


def _with_copy(text: str, use: Callable[[Path], T]) -> T:
    """``use`` a copy of the settings ``text``, in a private temporary folder (0700)."""
    with tempfile.TemporaryDirectory(prefix="kiosk-first-run-") as folder:
        path = Path(folder) / "kiosk.yaml"
        path.write_text(text, encoding="utf-8")
        return use(path)


def settings_errors(text: str) -> list[str]:
    """What the kiosk would refuse in these settings, in its words."""
    return _with_copy(text, lambda path: [p.message for p in load_settings(path)[1]
                                          if p.is_error])


def try_delivery(text: str) -> tuple[bool, str]:
    """:func:`check_delivery` on a copy of the settings ``text``: nothing is saved."""
    return _with_copy(text, check_delivery)


def save_checked(document: SettingsDocument, text: str) -> list[str]:
    """Save kiosk.yaml unless the kiosk would refuse part of it (then say what)."""
    errors = settings_errors(text)
    if not errors:
        document.save()
    return errors
