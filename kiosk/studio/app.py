"""`kiosk studio [DIR]`: open Kiosk Studio on a deck (the bundled one if none is given; saving
it then asks where to put a copy, never over the installed package). A DIR that is missing or
empty gets a new deck."""

from __future__ import annotations

from pathlib import Path

from kiosk import paths
from kiosk.studio.controller import Studio
from kiosk.studio.window import StudioWindow
from kiosk.ui.app import application
from kiosk.ui.tasks import TaskRunner


def run_studio(folder: str | None) -> int:
    app = application()
    window = StudioWindow()
    studio = Studio(window, TaskRunner())
    if folder:  # a missing or empty folder starts a new deck there
        studio.open(Path(folder).expanduser().resolve(), create=True)
    else:
        studio.open(paths.content_dir(None))
    window.show()
    return app.exec()
