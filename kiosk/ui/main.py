"""Starting the kiosk: read the settings, build it (``compose``), run the event loop."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, QTimer

from kiosk import __version__, paths
from kiosk.config import load_settings
from kiosk.startup_guard import guard_start
from kiosk.ui.app import application
from kiosk.ui.compose import build_kiosk, start_when_shown
from kiosk.ui.platform.crash import CrashGuard
from kiosk.ui.platform.memory import give_back, tune_allocator
from kiosk.ui.platform.signals import end_on_signals

if TYPE_CHECKING:
    from kiosk.ui.platform.keep_awake import KeepAwake

log = logging.getLogger(__name__)

#: Free heap memory goes back to the system this long after start, then this often.
GIVE_BACK_AFTER_MS = 5_000
GIVE_BACK_EVERY_MS = 300_000

#: Set by `kiosk bench`: print the time the first slide was painted, then quit (or, set to
#: "keep", run on).
FIRST_FRAME_PROBE = "KIOSK_FIRST_FRAME_PROBE"


def run_kiosk(args: argparse.Namespace) -> int:
    tune_allocator()  # before any worker thread exists
    data_dir = paths.data_dir(getattr(args, "data_dir", None))
    if not args.windowed:
        guard_start(data_dir)  # never restart in a tight loop
    log.info("kiosk %s starting", __version__)
    CrashGuard().install()
    app = application()
    folder = paths.content_dir(args.content)
    config_path = paths.config_file(getattr(args, "config", None))
    settings, problems = load_settings(config_path)
    for problem in problems:
        log.warning("settings: %s (the default is used)", problem)
    kiosk = build_kiosk(settings, data_dir, kiosk_mode=not args.windowed, visitor_side=False)
    kiosk.control.startup_problems = [f"{p} (the default is used)" for p in problems]
    kiosk.config_path = config_path  # a booth set-up loaded from a stick is written there

    def leave(code: int) -> None:
        """Only the staff panel comes here: let the window close and end the event loop."""
        kiosk.window.allow_close = True
        app.exit(code)

    kiosk.on_exit = leave
    end_on_signals(kiosk.window, lambda: leave(0))  # Ctrl+C in the terminal, or kill
    awake: list[KeepAwake] = []  # the screen kept from blanking, once the slide is up

    def settled() -> None:
        if settings.keep_awake and not args.windowed:
            # (here, not sooner: it may ask the desktop session or start a program)
            from kiosk.ui.platform.keep_awake import KeepAwake

            awake.append(KeepAwake())
            awake[0].hold()
        kiosk.open_store()
        QTimer.singleShot(GIVE_BACK_AFTER_MS, give_back)  # start-up's garbage, once built
        keeper = QTimer(kiosk.window)
        keeper.timeout.connect(give_back)
        keeper.start(GIVE_BACK_EVERY_MS)

    start_when_shown(kiosk, then=settled)  # the first slide before anything else
    probe = os.environ.get(FIRST_FRAME_PROBE)
    if probe:
        def report() -> None:
            print(f"first-frame {time.time():.6f}", flush=True)
            if probe != "keep":  # "keep": the benchmark measures the kiosk running on
                QTimer.singleShot(0, lambda: leave(0))  # (app.quit asks the window)
        kiosk.player.first_frame_painted.connect(report)
    log.info("content folder: %s", folder)
    # Slides loaded from USB replace the folder given on the command line, else they go to
    # the kiosk's own content folder (never into the installed package).
    usb_target = paths.given_content(args.content) or paths.user_content_dir()
    kiosk.watch(folder, usb_target, resolve=lambda: paths.content_dir(args.content))
    kiosk.window.present(args.windowed, args.screen, QSize(*args.size) if args.size else None)
    code = app.exec()
    log.info("kiosk stopped (exit code %d)", code)
    for held in awake:
        held.release()
    kiosk.close()
    return code


if __name__ == "__main__":
    sys.exit(run_kiosk(argparse.Namespace(content=None, config=None, data_dir=None,
                                          windowed=True, screen=0, size=None)))
