"""Whether this kiosk can play video and sound: Qt Multimedia comes with the optional media
extra (``pip install "awareness-kiosk[media]"``). Without it, video slides show their poster
and narration is not offered."""

from __future__ import annotations

import functools
import logging

log = logging.getLogger(__name__)

#: What a person installs to get video and sound.
EXTRA = 'pip install "awareness-kiosk[media]"'


@functools.cache
def available() -> bool:
    """Qt Multimedia can be imported (it is installed, with the libraries it loads)."""
    try:
        import PySide6.QtMultimedia  # noqa: F401
    except (ImportError, OSError) as exc:
        log.info("video and sound are off: %s", exc)
        return False
    return True
