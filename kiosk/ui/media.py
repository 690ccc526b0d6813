"""Whether this kiosk can play video and sound: Qt Multimedia comes with the optional media
extra (``pip install "awareness-kiosk[media]"``). Without it, video slides show their poster
and narration is not offered."""

from __future__ import annotations

import functools
import logging

log = logging.getLogger(__name__)

#: What a person installs to get video and sound.
EXTRA = 'pip install "awareness-kiosk[media]"'


def available() -> bool:
    """Qt Multimedia can be imported (it is installed, with the libraries it loads) and, once
    the application exists, it has a backend that plays (a build whose FFmpeg libraries
    cannot be loaded has none)."""
    if not _importable():
        return False
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.instance() is None or _has_backend()


@functools.cache
def _importable() -> bool:
    try:
        import PySide6.QtMultimedia  # noqa: F401
    except (ImportError, OSError) as exc:
        log.info("video and sound are off: %s", exc)
        return False
    return True


@functools.cache
def _has_backend() -> bool:
    from PySide6.QtMultimedia import QMediaPlayer

    player = QMediaPlayer()
    try:
        if not player.isAvailable():
            log.warning("video and sound are off: Qt Multimedia has no backend that plays")
            return False
        return True
    finally:
        player.deleteLater()
