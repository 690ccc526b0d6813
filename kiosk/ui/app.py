"""Creating the Qt application: one place for platform choice, fonts and app identity."""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QCoreApplication, QLoggingCategory
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from kiosk import __version__
from kiosk.paths import APP_NAME
from kiosk.ui.fonts import load_fonts
from kiosk.ui.gc_thread import GuiThreadCollector


def application(headless: bool = False) -> QApplication:
    """The one QApplication (created on first call). ``headless`` draws without a screen."""
    if headless:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # Qt notes each font that lacks a script before it falls back to the next; that is by design.
    QLoggingCategory.setFilterRules("qt.text.font.db.warning=false")
    app = QCoreApplication.instance()
    if app is None:
        QCoreApplication.setApplicationName(APP_NAME)
        QCoreApplication.setApplicationVersion(__version__)
        QGuiApplication.setDesktopFileName(APP_NAME)
        app = QApplication(sys.argv[:1])
    load_fonts()
    assert isinstance(app, QApplication)
    if not any(isinstance(c, GuiThreadCollector) for c in app.children()):
        GuiThreadCollector(parent=app)
    return app
