"""`kiosk studio [DIR]`: open Kiosk Studio on a deck (the bundled one if none is given; saving
it then asks where to put a copy, never over the installed package). A DIR that is missing or
empty gets a new deck. The window opens maximized; an unexpected error is logged to the
studio's own log (beside the kiosk's) and said in the window."""

from __future__ import annotations

from pathlib import Path

from kiosk.platform import paths
from kiosk.platform.menu_entries import STUDIO
from kiosk.studio.controller import Studio
from kiosk.studio.errors import ErrorsShown
from kiosk.studio.first_run import FirstRun
from kiosk.studio.setup_steps import needs_first_run
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


def offer_first_run(studio: Studio, deck_given: bool) -> None:
    """On a computer set up for nothing yet (no kiosk.yaml, no PIN, looked for on a worker):
    the first run's questions over the studio's window; its answers go into the studio when
    it ends."""
    flow = studio.kiosk_settings
    studio.runner.run(lambda: needs_first_run(flow.config, flow.data_dir),
                      done=lambda needed: _first_run(studio, deck_given) if needed else None)


def _first_run(studio: Studio, deck_given: bool) -> None:
    flow = studio.kiosk_settings
    first = FirstRun(studio.window, studio.runner, flow.config, flow.data_dir)

    def ended(kind: str = "", folder: object = None) -> None:
        flow.reload()  # the booth's name and way out, as the first run wrote them
        if kind == "new" and isinstance(folder, Path) and not deck_given:
            studio.decks.switch_to(folder, create=True)

    first.chosen.connect(ended)
    first.cancelled.connect(ended)
    first.open()  # (the window holds it: its parent)


def run_studio(folder: str | None) -> int:
    app = application()
    app.setDesktopFileName(STUDIO.entry_id)  # its own menu entry and icon, not the kiosk's
    studio, errors = build_studio(folder, TaskRunner())
    errors.install()
    studio.window.showMaximized()  # every button in view, on a laptop's screen too
    offer_first_run(studio, deck_given=bool(folder))
    code = app.exec()
    studio.runner.stop()  # a picture still being painted, before the widgets go
    return code
