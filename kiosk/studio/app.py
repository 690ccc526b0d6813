"""`kiosk studio [DIR]`: open Kiosk Studio on a deck (the bundled one if none is given; saving
it then asks where to put a copy, never over the installed package). A DIR that is missing or
empty gets a new deck. The window opens maximized; an unexpected error is logged to the
studio's own log (beside the kiosk's) and said in the window."""

from __future__ import annotations

from pathlib import Path

from kiosk import paths
from kiosk.studio.controller import Studio
from kiosk.studio.errors import ErrorsShown
from kiosk.studio.window import StudioWindow
from kiosk.ui.app import application
from kiosk.ui.tasks import TaskRunner

LOG_NAME = "studio.log"


def build_studio(folder: str | None, runner: TaskRunner, config: Path | None = None,
                 data_dir: Path | None = None) -> tuple[Studio, ErrorsShown]:
    """The studio's window and controller, the deck being opened (not shown yet), and what
    tells the window of an unexpected error (once installed)."""
    window = StudioWindow()
    studio = Studio(window, runner, config=config, data_dir=data_dir)
    errors = ErrorsShown(paths.log_dir() / LOG_NAME, window)
    errors.happened.connect(lambda words: window.set_status(words, ready=False))
    if folder:  # a missing or empty folder starts a new deck there
        studio.open(Path(folder).expanduser().resolve(), create=True)
    else:
        studio.open(paths.content_dir(None))
    return studio, errors


def run_studio(folder: str | None) -> int:
    app = application()
    studio, errors = build_studio(folder, TaskRunner())
    errors.install()
    studio.window.showMaximized()  # every button in view, on a laptop's screen too
    return app.exec()
