"""Starting the kiosk: build the parts, wire them, run the event loop."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time

from PySide6.QtCore import QSize, QTimer

from kiosk import __version__, paths
from kiosk.config import load_settings
from kiosk.session import Session, default_rules
from kiosk.staff import StaffAuth
from kiosk.startup_guard import guard_start
from kiosk.store import MessageStore
from kiosk.sync.setup import runner_from
from kiosk.ui.app import application
from kiosk.ui.form.message_flow import MessageFlow
from kiosk.ui.journey.journey import Journey
from kiosk.ui.platform.crash import CrashGuard
from kiosk.ui.platform.keep_awake import KeepAwake
from kiosk.ui.player.deck_control import DeckControl
from kiosk.ui.player.player import Player
from kiosk.ui.player.slides import fit_check
from kiosk.ui.player.watcher import ContentWatcher
from kiosk.ui.staff.staff_flow import StaffFlow
from kiosk.ui.staff.sync_driver import SyncDriver
from kiosk.ui.store_opener import StoreOpener
from kiosk.ui.tasks import TaskRunner
from kiosk.ui.window import KioskWindow

log = logging.getLogger(__name__)

#: Set by `kiosk bench`: print the time the first slide was painted, then quit.
FIRST_FRAME_PROBE = "KIOSK_FIRST_FRAME_PROBE"


def run_kiosk(args: argparse.Namespace) -> int:
    data_dir = paths.data_dir(getattr(args, "data_dir", None))
    if not args.windowed:
        guard_start(data_dir)  # never restart in a tight loop
    log.info("kiosk %s starting", __version__)
    CrashGuard().install()
    app = application()
    folder = paths.content_dir(args.content)
    config = paths.config_file(getattr(args, "config", None))
    settings, problems = load_settings(config)
    for problem in problems:
        log.warning("settings: %s (the default is used)", problem)
    runner = TaskRunner()
    player = Player(runner)
    window = KioskWindow(player, kiosk_mode=not args.windowed, layers=False)
    session = Session(rules=default_rules(settings.idle_seconds, settings.warning_seconds,
                                          settings.browse_advance, settings.form_idle_seconds,
                                          settings.staff_lock_seconds))
    control = DeckControl(player)
    control.startup_problems = [f"{p} (the default is used)" for p in problems]
    journeys: list[Journey] = []
    drivers: list[SyncDriver] = []
    staffs: list[StaffFlow] = []

    def leave(code: int) -> None:
        """Only the staff panel comes here: let the window close and end the event loop."""
        window.allow_close = True
        app.exit(code)

    def start_journey() -> None:
        """The visitor's layers are built once the loop shows: the first slide comes first."""
        if journeys:
            return
        window.add_layers()
        journey = Journey(window, session, settings)
        flow = MessageFlow(window, session, None, runner)

        def store_ready(store: MessageStore) -> None:
            flow.store = store
            staff.set_store(store)
            sync = runner_from(settings.sync, store, settings.name)
            if sync is None:
                log.info("no sync target set: messages wait for an export")
                return
            driver = SyncDriver(sync, TaskRunner(threads=1),
                                round((settings.sync.interval if settings.sync else 60) * 1000),
                                window)
            flow.saved.connect(lambda _id: driver.sync_now())
            staff.sync = driver
            drivers.append(driver)
            driver.start()

        journey.message_requested.connect(flow.open_form)
        staff = StaffFlow(window.pin_pad, window.staff, session, StaffAuth(data_dir), runner,
                          settings.name, data_dir / "exports", window)
        opener = StoreOpener(data_dir, settings.name, runner, parent=window)
        opener.opened.connect(store_ready)
        opener.failed.connect(staff.store_failed)
        opener.start()
        staff.reload = watcher.reload_now
        staff.on_exit = leave
        journey.staff_requested.connect(staff.on_staff_requested)
        control.loaded.connect(staff.content_loaded)
        staff.content_loaded(*control.summary)
        staffs.append(staff)
        journeys.append(journey)
        for part in (journey, flow):
            control.applied.connect(part.on_deck)
            if control.good is not None:
                part.on_deck(control.good)

    player.first_frame_painted.connect(lambda: QTimer.singleShot(0, start_journey))
    QTimer.singleShot(3000, start_journey)  # even if no slide can be painted
    watcher = ContentWatcher(folder, runner, fit_check=fit_check)
    watcher.loaded.connect(control.on_loaded)
    awake = KeepAwake()
    if settings.keep_awake and not args.windowed:
        awake.hold()
    if os.environ.get(FIRST_FRAME_PROBE):
        def report() -> None:
            print(f"first-frame {time.time():.6f}", flush=True)
            QTimer.singleShot(0, app.quit)
        player.first_frame_painted.connect(report)
    log.info("content folder: %s", folder)
    watcher.start()
    window.present(args.windowed, args.screen, QSize(*args.size) if args.size else None)
    code = app.exec()
    log.info("kiosk stopped (exit code %d)", code)
    awake.release()
    for journey in journeys:
        journey.detach()
    runner.wait(2000)
    return code


if __name__ == "__main__":
    sys.exit(run_kiosk(argparse.Namespace(content=None, config=None, data_dir=None,
                                          windowed=True, screen=0, size=None)))
