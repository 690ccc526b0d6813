"""A booth of a fleet at play: it plays the slides it last installed from its fleet (else its
own folder's), looks for newer ones and plays them while the slides play by themselves (after
a visit, not during it), and leaves pictures of its screen for the office. The composition
root (``compose``) builds a ``FleetPlay`` when the settings name a fleet; it holds the
fleet's watcher and the screen's pictures.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

from kiosk.visit.session import Event, Mode

if TYPE_CHECKING:
    from kiosk.fleet.store import Installed
    from kiosk.setup.config import FleetSettings, Settings
    from kiosk.ui.fleet.screenshot import Screenshots
    from kiosk.ui.player.deck_control import DeckControl
    from kiosk.ui.player.watcher import ContentWatcher
    from kiosk.ui.window import KioskWindow
    from kiosk.visit.session import Session

log = logging.getLogger(__name__)


class FleetPlay:
    """The fleet's watcher and the screen's pictures, wired to the folder that plays."""

    def __init__(self, fleet: FleetSettings, settings: Settings, store: Path, *,
                 content: ContentWatcher, control: DeckControl, session: Session,
                 window: KioskWindow, config_path: Path | None) -> None:
        """Watch ``fleet``, installing its slides into ``store``; ``content`` plays them."""
        from kiosk.ui.fleet.watcher import FleetWatcher, fleet_key

        self.fleet, self.name = fleet, settings.name
        self.content, self.control, self.session, self.window = content, control, session, window

        def in_loop() -> bool:
            return session.mode is Mode.ATTRACT

        self.watcher = watcher = FleetWatcher(fleet, store, settings.name,
                                              fleet_key(settings.sync), in_loop, parent=window,
                                              config_path=config_path)
        watcher.swap.connect(self._swap)
        session.subscribe(lambda event, session: QTimer.singleShot(
            0, watcher.quiet_moment) if event is Event.MODE and session.mode is Mode.ATTRACT
            else None)  # (once every part has heard the visit end)
        self.screens: Screenshots | None = None

    def start(self, awake: Callable[[], bool]) -> None:
        """Play the slides last installed from the fleet (else the folder's own) and look for
        newer ones; take pictures of the screen while ``awake`` says the slides play by
        themselves on a booth that is open."""
        self.watcher.start(self._first_deck)
        if self.fleet.screenshots:
            from kiosk.fleet.layout import SCREENS
            from kiosk.ui.fleet.screenshot import Screenshots, loop_only

            window = self.window
            self.screens = Screenshots(window, loop_only(window, awake),
                                       self.fleet.path / SCREENS, self.name,
                                       clock=self.session.clock, parent=window)
            self.screens.start()

    def deciding(self) -> list[Path]:
        """What decides the slides a start plays first: the store's record of the slides
        installed (which version is current) and the folder playing now."""
        from kiosk.fleet.store import STATE

        return [self.watcher.store / STATE, self.content.folder]

    def _first_deck(self, installed: Installed | None) -> None:
        """Start playing: the slides last installed from the fleet, else the folder's own."""
        if installed is None:
            self.content.start()
            return
        log.info("content folder: %s (package %s from the fleet)", installed.deck,
                 installed.name)
        self.content.switch_to(installed.deck)

    def _swap(self, installed: Installed) -> None:
        """Newly installed slides from the fleet: they play from now on (on the same slide,
        when the new deck still has it)."""
        log.info("content folder: %s", installed.deck)
        self.control.start_over()  # another deck: played as at start-up
        self.content.switch_to(installed.deck)

    def stop(self) -> None:
        self.watcher.stop()
        if self.screens is not None:
            self.screens.stop()
