"""Creating the Qt application: one place for platform choice, fonts and app identity."""

from __future__ import annotations

import atexit
import os
import sys

from PySide6.QtCore import QCoreApplication, QLoggingCategory
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from kiosk import __version__
from kiosk.platform.paths import APP_NAME
from kiosk.ui.platform.display import check_screen
from kiosk.ui.platform.gc_thread import GuiThreadCollector


def _release_icons() -> None:
    """Drop the cached icons while Qt still exists: icons destroyed after the application
    object crash the process on its way out."""
    icons = sys.modules.get("kiosk.ui.common.icons")
    if icons is not None:
        icons.forget_icons()
    import gc

    gc.collect()


def application(headless: bool = False, fonts: bool = True) -> QApplication:
    """The one QApplication (created on first call). ``headless`` draws without a screen;
    ``fonts=False`` leaves the kiosk's own fonts for a later call (the start's first frame
    needs none). Raises :class:`ScreenUnavailable` if Qt could not open a window here."""
    if headless:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # Qt notes (at every level, a line a Khmer or Korean run) each font that lacks a script
    # before it falls back to the next; that is by design, and noise in every log. Qt
    # Multimedia's FFmpeg prints each file's streams on the terminal (noise in `validate`).
    QLoggingCategory.setFilterRules("qt.text.font.db=false\nqt.multimedia.ffmpeg*=false")
    app = QCoreApplication.instance()
    if app is None:
        if not headless:
            check_screen()  # a missing system library: one plain line, not Qt's abort
        QCoreApplication.setApplicationName(APP_NAME)
        QCoreApplication.setApplicationVersion(__version__)
        QGuiApplication.setDesktopFileName(APP_NAME)
        app = QApplication(sys.argv[:1])
        app.aboutToQuit.connect(_release_icons)
        atexit.register(_release_icons)  # runs before PySide's own exit handler (LIFO)
    if fonts:
        from kiosk.ui.common.fonts import load_fonts

        load_fonts()
    assert isinstance(app, QApplication)
    if app.property("kiosk-collector") is None:  # (not app.children(): wrapping every
        GuiThreadCollector(parent=app)           # child costs PySide ~90 ms of enum set-up)
        app.setProperty("kiosk-collector", True)
    return app
