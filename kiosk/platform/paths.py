"""The one module that knows where the bundled content, assets and per-user folders are.

Three ways the kiosk runs, and where its bundled files are in each:

- from a source checkout: ``content/`` and ``assets/`` beside the ``kiosk`` package;
- installed by pip: copied into ``kiosk/_bundled/`` by the wheel build;
- frozen by PyInstaller: ``_bundled/`` inside the frozen folder (``sys._MEIPASS``).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "awareness-kiosk"
_PACKAGE_DIR = Path(__file__).resolve().parent.parent  # kiosk/, above kiosk/platform/


def _bundled_root() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "_bundled"
    installed = _PACKAGE_DIR / "_bundled"
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent


def bundled_content_dir() -> Path:
    """The default deck that ships with the kiosk."""
    return _bundled_root() / "content"


def assets_dir() -> Path:
    """The kiosk's own fonts, icons and images."""
    return _bundled_root() / "assets"


def fonts_dir() -> Path:
    return assets_dir() / "fonts"


def _given(override: str | os.PathLike[str] | None, variable: str) -> Path | None:
    """The path from a command-line option, else from an environment variable, else None."""
    chosen = override or os.environ.get(variable)
    return Path(chosen).expanduser().resolve() if chosen else None


def given_content(override: str | os.PathLike[str] | None = None) -> Path | None:
    """The content folder named by ``--content DIR`` or ``KIOSK_CONTENT``, if any."""
    return _given(override, "KIOSK_CONTENT")


def content_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The deck to play: ``--content DIR``, then ``KIOSK_CONTENT``, then a ``content`` folder
    in the per-user settings folder (where staff copy a new deck), then the bundled deck."""
    given = given_content(override)
    if given:
        return given
    own = user_content_dir()
    return own if (own / "deck.yaml").is_file() else bundled_content_dir()


def config_dir() -> Path:
    """The per-user settings folder (kiosk.yaml, a copied-in content folder)."""
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False)


def user_content_dir() -> Path:
    return config_dir() / "content"


def log_dir() -> Path:
    """Where the kiosk's log files rotate (``KIOSK_LOG_DIR`` overrides)."""
    given = _given(None, "KIOSK_LOG_DIR")
    if given:
        return given
    from platformdirs import user_log_path

    return user_log_path(APP_NAME, appauthor=False)


def cache_dir() -> Path:
    """What the kiosk keeps only to start sooner, safe to delete (``KIOSK_CACHE_DIR``
    overrides)."""
    given = _given(None, "KIOSK_CACHE_DIR")
    if given:
        return given
    from platformdirs import user_cache_path

    return user_cache_path(APP_NAME, appauthor=False)


def config_file(override: str | os.PathLike[str] | None = None) -> Path:
    """The settings file: ``--config FILE``, then ``KIOSK_CONFIG``, then the per-user one."""
    return _given(override, "KIOSK_CONFIG") or config_dir() / "kiosk.yaml"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """Where the messages live: ``--data-dir DIR``, then ``KIOSK_DATA_DIR``, then the per-user
    data folder."""
    given = _given(override, "KIOSK_DATA_DIR")
    if given:
        return given
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)
