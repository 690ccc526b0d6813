"""Starting the kiosk: read the settings, build it (``compose``), run the event loop.

Full screen, the first slide of the last start comes first when it is still what the kiosk
would show (``start_frame``): the kiosk's own modules are loaded and the kiosk built once that
is on screen, and its window comes over it with the same slide.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, QTimer

from kiosk import __version__
from kiosk.platform import paths
from kiosk.platform.startup_guard import guard_start
from kiosk.ui.app import application
from kiosk.ui.platform.crash import CrashGuard
from kiosk.ui.platform.memory import give_back, tune_allocator

if TYPE_CHECKING:
    from kiosk.setup.config import Settings
    from kiosk.ui.compose import Kiosk
    from kiosk.ui.platform.keep_awake import KeepAwake
    from kiosk.ui.start_frame import StartFrame

log = logging.getLogger(__name__)

#: Free heap memory goes back to the system this long after start, then this often.
GIVE_BACK_AFTER_MS = 5_000
GIVE_BACK_EVERY_MS = 300_000

#: Set by `kiosk bench`: print the time the first slide was painted, then quit (or, set to
#: "keep", run on). The last start's frame, when shown, prints its own time first.
FIRST_FRAME_PROBE = "KIOSK_FIRST_FRAME_PROBE"


def run_kiosk(args: argparse.Namespace) -> int:
    """The kiosk, until it stops: its exit code."""
    tune_allocator()  # before any worker thread exists
    data_dir = paths.data_dir(getattr(args, "data_dir", None))
    if not args.windowed:
        guard_start(data_dir)  # never restart in a tight loop
    log.info("kiosk %s starting", __version__)
    CrashGuard().install()
    app = application(fonts=False)
    frame = None if args.windowed else _start_frame(args)
    stops: list[Callable[[int], None]] = []
    failed: list[BaseException] = []

    def start() -> None:
        try:
            stops.append(_start(args, data_dir, frame))
        except BaseException as error:  # (raised again once the event loop is left)
            failed.append(error)
            app.exit(1)

    if frame is None or frame.window is None:
        stops.append(_start(args, data_dir, frame))
    else:
        frame.when_painted(start)  # (the kiosk is built behind the frame)
    code = app.exec()
    if failed:
        raise failed[0]
    log.info("kiosk stopped (exit code %d)", code)
    for stop in stops:
        stop(code)
    return code


def _start_frame(args: argparse.Namespace) -> StartFrame:
    """The last start's first slide, shown now if it still fits this start."""
    from kiosk.ui.start_frame import start_frame

    frame = start_frame(paths.content_dir(args.content),
                        paths.config_file(getattr(args, "config", None)), paths.cache_dir(),
                        args.screen)
    if os.environ.get(FIRST_FRAME_PROBE) and frame.window is not None:
        frame.when_painted(lambda: print(f"start-frame {time.time():.6f}", flush=True),
                           wait_ms=None)
    return frame


def _start(args: argparse.Namespace, data_dir: Path, frame: StartFrame | None
           ) -> Callable[[int], None]:
    """Build the kiosk and start it; what to do once the event loop has ended."""
    from kiosk.ui.compose import start_when_shown
    from kiosk.ui.platform.signals import end_on_signals

    app = application()  # (the kiosk's fonts, now)
    folder = paths.content_dir(args.content)
    kiosk, settings = _build(args, data_dir)

    def leave(code: int) -> None:
        """Only the staff panel comes here: let the window close and end the event loop."""
        kiosk.window.allow_close = True
        app.exit(code)

    kiosk.on_exit = leave
    end_on_signals(kiosk.window, lambda: leave(0))  # Ctrl+C in the terminal, or kill
    awake: list[KeepAwake] = []  # the screen kept from blanking, once the slide is up
    hold = settings.keep_awake and not args.windowed
    # the first slide before anything else
    start_when_shown(kiosk, then=lambda: _settled(kiosk, frame, awake, hold))
    _probe_first_frame(kiosk, leave)
    log.info("content folder: %s", folder)
    _show(kiosk, args, folder, frame)

    def stop(_code: int) -> None:
        for held in awake:
            held.release()
        kiosk.close()

    return stop


def _build(args: argparse.Namespace, data_dir: Path) -> tuple[Kiosk, Settings]:
    """The kiosk built from its settings file (its problems logged and kept for staff)."""
    from kiosk.setup.config import load_settings
    from kiosk.ui.compose import build_kiosk

    config_path = paths.config_file(getattr(args, "config", None))
    settings, problems = load_settings(config_path)
    for problem in problems:
        log.warning("settings: %s (the default is used)", problem)
    kiosk = build_kiosk(settings, data_dir, kiosk_mode=not args.windowed, visitor_side=False)
    kiosk.control.startup_problems = [f"{p} (the default is used)" for p in problems]
    kiosk.config_path = config_path  # a booth set-up loaded from a stick is written there
    return kiosk, settings


def _settled(kiosk: Kiosk, frame: StartFrame | None, awake: list[KeepAwake], hold: bool
             ) -> None:
    """Once the first slide is up: the screen kept awake (``hold``; into ``awake``), the
    store opened, memory given back now and then, the next start's frame kept."""
    if hold:
        # (here, not sooner: it may ask the desktop session or start a program)
        from kiosk.ui.platform.keep_awake import KeepAwake

        awake.append(KeepAwake())
        awake[0].hold()
    kiosk.open_store()
    QTimer.singleShot(GIVE_BACK_AFTER_MS, give_back)  # start-up's garbage, once built
    keeper = QTimer(kiosk.window)
    keeper.timeout.connect(give_back)
    keeper.start(GIVE_BACK_EVERY_MS)
    if frame is not None:
        _keep_frame(kiosk, frame)


def _probe_first_frame(kiosk: Kiosk, leave: Callable[[int], None]) -> None:
    """For `kiosk bench`: the time the first slide was painted printed, then the kiosk left."""
    probe = os.environ.get(FIRST_FRAME_PROBE)
    if probe:
        def report() -> None:
            print(f"first-frame {time.time():.6f}", flush=True)
            if probe != "keep":  # "keep": the benchmark measures the kiosk running on
                QTimer.singleShot(0, lambda: leave(0))  # (app.quit asks the window)
        kiosk.player.first_frame_painted.connect(report)


def _show(kiosk: Kiosk, args: argparse.Namespace, folder: Path, frame: StartFrame | None
          ) -> None:
    """The window placed, the deck watched, and the window shown (over the frame, once its
    first slide is ready)."""
    # Slides loaded from USB replace the folder given on the command line, else they go to
    # the kiosk's own content folder (never into the installed package).
    usb_target = paths.given_content(args.content) or paths.user_content_dir()
    size = QSize(*args.size) if args.size else None
    kiosk.window.place(args.windowed, args.screen, size)  # (the first slide's size)
    kiosk.watch(folder, usb_target, resolve=lambda: paths.content_dir(args.content))

    def present() -> None:
        kiosk.window.present(args.windowed, args.screen, size)

    if frame is None:
        present()
    else:  # the kiosk's window comes over the frame once its first slide is ready
        player = kiosk.player
        frame.hand_over([player.frames.ready, player.notice_shown],
                        player.first_frame_painted, present)


def _keep_frame(kiosk: Kiosk, frame: StartFrame) -> None:
    """The next start's frame: the slide on screen now, if the next start would show it
    again (not a notice, nor a deck whose first slide depends on the hour). A booth of a
    fleet keeps it with what decides which slides it plays (its store of installed slides)."""
    from kiosk.ui.player.schedule_gate import opening_hours, rules_of

    player, deck = kiosk.player, kiosk.player.deck
    timeless = (deck is not None and player.holding is None
                and player.media.frame() is None  # (a video's frames move)
                and opening_hours(deck) is None and rules_of(deck) is None)
    image = player.frames.get(player.index) if timeless else None
    played = kiosk.fleet_play.deciding() if kiosk.fleet_play is not None else []
    frame.keep(image, lambda write: kiosk.runner.run(write), played)


if __name__ == "__main__":
    sys.exit(run_kiosk(argparse.Namespace(content=None, config=None, data_dir=None,
                                          windowed=True, screen=0, size=None)))
