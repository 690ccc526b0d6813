"""The booth's sync, built once its message store is open: the sync runner from the settings,
its lanes and timer (``SyncDriver``), and the status file a fleet's office reads kept up to
date (the deck's version, a slide painted, the time zone, what plays from the fleet). The
composition root (``compose``) starts it from ``Kiosk.set_store``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from kiosk.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from kiosk.messages.store import MessageStore
    from kiosk.setup.config import Settings
    from kiosk.ui.player.deck_control import DeckControl
    from kiosk.ui.player.player import Player
    from kiosk.ui.staff.sync_driver import SyncDriver
    from kiosk.ui.window import KioskWindow


def sync_driver(settings: Settings, store: MessageStore, runner: TaskRunner,
                control: DeckControl, player: Player, window: KioskWindow,
                fleet: Mapping[str, object] | None) -> SyncDriver | None:
    """The booth's sync (not started), its status file's facts kept up to date; ``fleet``:
    what plays from the fleet, so far. None when no sync target is set."""
    from kiosk.sync.from_settings import runner_from
    from kiosk.ui.staff.sync_driver import SyncDriver

    sync = runner_from(settings.sync, store, settings.name)
    if sync is None:
        return None
    assert settings.sync is not None  # a runner exists only for a sync section
    facts = sync.facts  # the status file a fleet's office reads (keys fixed: thread-safe)
    facts["deck_version"] = control.summary[1] or None
    _more_facts(facts, settings, runner, fleet)
    control.loaded.connect(lambda _words, version: facts.update(deck_version=version))
    player.slide_changed.connect(lambda _i: facts.update(last_slide_painted=True))
    return SyncDriver(sync, TaskRunner(threads=len(sync.targets)),  # a lane each
                      round(settings.sync.interval * 1000), window)


def _more_facts(facts: dict[str, object], settings: Settings, runner: TaskRunner,
                fleet: Mapping[str, object] | None) -> None:
    """The status file's time zone and, on a booth of a fleet, what it plays from the
    fleet: each key there before sync starts, its value filled in later."""
    from kiosk.ui.fleet.facts import FLEET_FIELDS, ZONE_FIELD, zone_name

    facts[ZONE_FIELD] = settings.timezone or None
    if not settings.timezone:  # the computer's own: a link to read
        runner.run(zone_name, done=lambda name: facts.update({ZONE_FIELD: name}))
    if settings.fleet is not None:
        facts.update(fleet if fleet is not None else dict.fromkeys(FLEET_FIELDS))
