"""Where the kiosk's log lines go: stderr, and for the running kiosk rotating files too.
No Qt here."""

from __future__ import annotations

import logging
from pathlib import Path

from kiosk import paths


def setup_logging(verbose: bool, to_file: bool) -> Path | None:
    """Log to stderr, and for the running kiosk also to size-bounded rotating files."""
    from logging.handlers import RotatingFileHandler

    level = logging.DEBUG if verbose else logging.INFO
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    root = logging.getLogger()
    root.setLevel(level)
    if not root.handlers:
        stream = logging.StreamHandler()
        stream.setFormatter(fmt)
        root.addHandler(stream)
    if not to_file:
        return None
    folder = paths.log_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(folder / "kiosk.log", maxBytes=1_000_000, backupCount=5,
                                      encoding="utf-8")
    except OSError as exc:
        logging.getLogger(__name__).warning("no log file in %s: %s", folder, exc)
        return None
    handler.setFormatter(fmt)
    root.addHandler(handler)
    return folder / "kiosk.log"
