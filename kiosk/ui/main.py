"""Starting the kiosk: build the parts, wire them, run the event loop."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time

from PySide6.QtCore import QSize, QTimer

from kiosk import paths
from kiosk.ui.app import application
from kiosk.ui.deck_control import DeckControl
from kiosk.ui.player import Player
from kiosk.ui.slides import fit_check
from kiosk.ui.tasks import TaskRunner
from kiosk.ui.watcher import ContentWatcher
from kiosk.ui.window import KioskWindow

log = logging.getLogger(__name__)

#: Set by `kiosk bench`: print the time the first slide was painted, then quit.
FIRST_FRAME_PROBE = "KIOSK_FIRST_FRAME_PROBE"


def run_kiosk(args: argparse.Namespace) -> int:
    app = application()
    folder = paths.content_dir(args.content)
    runner = TaskRunner()
    player = Player(runner)
    window = KioskWindow(player)
    control = DeckControl(player)
    watcher = ContentWatcher(folder, runner, fit_check=fit_check)
    watcher.loaded.connect(control.on_loaded)
    if os.environ.get(FIRST_FRAME_PROBE):
        def report() -> None:
            print(f"first-frame {time.time():.6f}", flush=True)
            QTimer.singleShot(0, app.quit)
        player.first_frame_painted.connect(report)
    log.info("content folder: %s", folder)
    watcher.start()
    window.present(args.windowed, args.screen, QSize(*args.size) if args.size else None)
    code = app.exec()
    runner.wait(2000)
    return code


if __name__ == "__main__":
    sys.exit(run_kiosk(argparse.Namespace(content=None, windowed=True, screen=0, size=None)))
