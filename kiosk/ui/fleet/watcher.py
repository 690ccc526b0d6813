"""Published slides reaching the booth. Every few seconds, and soon after the fleet folder
changes, the booth looks for a newer package meant for it, off the GUI thread. One that has
arrived whole and checks out is installed while the slides play by themselves and played at
once; during a visit it waits, and plays as soon as the visit ends. What plays, and why the
newest package waits or was refused, go to the status file. A booths' set-up in a package,
signed with the fleet key like the slides, goes into the booth's kiosk.yaml as the package is
installed (the booth keeps its own name, fleet folder and group, passwords and keys)."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from kiosk.fleet.booth import Hashes, Ready, Refused, Waiting, look
from kiosk.fleet.layout import PACKAGES, iso
from kiosk.fleet.store import Installed, current, install
from kiosk.setup.booth_setup import SetupError, apply_signed_setup, read_setup
from kiosk.setup.config import FleetSettings
from kiosk.setup.sync_settings import SyncSettings
from kiosk.ui.fleet.facts import fleet_facts
from kiosk.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

#: After a change in the fleet folder, look this long later (a sync tool writes in bursts).
SETTLE_MS = 2000
#: At most this many folders of a package still arriving are watched.
MOST_WATCHED = 64


@dataclass(frozen=True)
class Found:
    """What one look found, on the worker."""

    installed: Installed | None  # the store's current version after the look
    new: bool = False  # this look installed it: it plays at the next quiet moment
    note: str = ""  # why the newest package waits or was refused ("" when all is well)
    refused: bool = False  # a package was refused (not only still arriving)
    ready: bool = False  # a package is ready and waits until the slides play by themselves
    setup: bool = False  # the package installed carries the booths' set-up
    applied: bool = False  # ... and it is in the booth's kiosk.yaml now
    watch: tuple[str, ...] = ()  # the fleet's folders to watch for changes


class FleetWatcher(QObject):
    """Looks for packages in ``settings.folder`` for the booth ``kiosk_id``, signed with
    ``key``, installs them into ``store`` and says when to play one (``swap``). ``quiet``
    says whether the slides play by themselves now (no visit, no form, no staff panel)."""

    swap = Signal(object)  # Installed: play its deck now
    facts_changed = Signal(object)  # the status file's fleet fields (a dict)
    problem = Signal(str, bool)  # why the newest package waits or was refused ('': all is
    #                              well), and whether it was refused
    looked = Signal()  # a look ended

    def __init__(self, settings: FleetSettings, store: Path, kiosk_id: str, key: bytes | None,
                 quiet: Callable[[], bool], runner: TaskRunner | None = None,
                 wall: Callable[[], float] = time.time, parent: QObject | None = None,
                 config_path: Path | None = None, data_dir: Path | None = None) -> None:
        super().__init__(parent)
        self.settings, self.store, self.kiosk_id, self.key = settings, store, kiosk_id, key
        self.config_path = config_path
        self.data_dir = data_dir if data_dir is not None else store.parent
        self.fleet = settings.path
        self.quiet, self.wall = quiet, wall
        # (a thread of its own: one look at a time, and the player's threads stay free)
        self.runner = runner or TaskRunner(threads=1)
        self.on_screen: Installed | None = None  # the fleet's version on screen, if one is
        self.facts: dict[str, Any] = fleet_facts(None, None, "", settings.group)
        self._since: str | None = None
        self._pending: Installed | None = None  # installed: it plays at the next quiet moment
        self._ready = False  # a package waits for a quiet moment to be installed
        self._note = ""
        self.refused = False  # whether _note says a package was refused (not just arriving)
        self._busy = self._again = False
        self._hashes: Hashes = {}  # the files' fingerprints, read and written on the worker
        self.timer = QTimer(self)
        self.timer.setInterval(round(settings.look_seconds * 1000))
        self.timer.timeout.connect(self.look_now)
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self.look_now)
        self._files = QFileSystemWatcher(self)
        self._files.directoryChanged.connect(lambda _path: self._settle.start())

    # ---------------------------------------------------------------- start and stop
    def start(self, first: Callable[[Installed | None], None]) -> None:
        """Find the version the booth played last from the fleet and hand it to ``first``
        (None: none yet, the booth plays its own slides); then look now and then."""
        store, fleet = self.store, self.fleet

        def began(installed: Installed | None) -> None:
            self._show(installed, installed.since if installed is not None else None)
            first(installed)
            self.timer.start()
            # (after: a fleet folder on a share that does not answer never holds the slides)
            self.runner.run(lambda: _to_watch(fleet), done=self._watch)

        def failed(error: BaseException) -> None:
            log.error("the slides installed from the fleet cannot be read", exc_info=error)
            first(None)
            self.timer.start()

        self.runner.run(lambda: current(store), done=began, failed=failed)

    def stop(self) -> None:
        """No more looks; the one under way is let finish (shutdown, tests)."""
        self.timer.stop()
        self._settle.stop()
        self.runner.wait(5000)

    # ---------------------------------------------------------------- looking
    def look_now(self) -> None:
        """Look for a newer package now (off the GUI thread)."""
        if self._busy:
            self._again = True
            return
        self._busy = True
        quiet = self.quiet()
        in_use = {v.name for v in (self.on_screen, self._pending) if v is not None}
        self.runner.run(lambda: self._look(quiet, in_use), done=self._looked,
                        failed=self._failed)

    def _look(self, quiet: bool, in_use: Collection[str]) -> Found:
        """On the worker: what the fleet holds for this booth; a ready package installed
        when the slides played by themselves as the look began."""
        playing = current(self.store)
        found = look(self.fleet, self.kiosk_id, self.settings.group, self.key,
                     after=playing.serial if playing is not None else 0, hashes=self._hashes)
        checked, watch = found.checked, _to_watch(self.fleet)
        refused = bool(found.passed_over) or isinstance(checked, Refused)
        if isinstance(checked, Waiting):
            watch += _folders(checked.package.folder)
        if not isinstance(checked, Ready) or not quiet:
            return Found(playing, note=found.note, refused=refused,
                         ready=isinstance(checked, Ready), watch=watch)
        outcome = install(checked, self.store, clock=self.wall, keep=self.settings.keep,
                          in_use=in_use)
        self._hashes.clear()
        now = outcome.playing
        new = not outcome.refused and now is not None and (
            playing is None or now.name != playing.name)
        setup = new and now is not None and now.setup is not None
        return Found(now, new=new, note="; ".join(filter(None, (outcome.refused, found.note))),
                     refused=refused or bool(outcome.refused), setup=setup,
                     applied=setup and now is not None and self._apply(now), watch=watch)

    def _apply(self, installed: Installed) -> bool:
        """On the worker: the set-up published with ``installed`` into the booth's kiosk.yaml
        (the fleet key's signature, checked before the install, stands in for the PIN).
        Whether it was applied; a refusal is logged and changes nothing."""
        config = self.config_path
        if config is None:
            return False
        try:
            setup = read_setup(installed.folder)
            if setup is None:
                return False
            applied = apply_signed_setup(setup, config, self.data_dir)
        except SetupError as exc:
            log.warning("fleet: the booths' set-up in package %s was not applied: %s",
                        installed.name, exc)
            return False
        except Exception:  # (the slides still play)
            log.exception("fleet: the booths' set-up in package %s could not be applied",
                          installed.name)
            return False
        log.info("fleet: the booths' set-up in package %s is in %s%s", installed.name,
                 config, "; restart to use the new settings" if applied.restart else "")
        return True

    def _looked(self, found: Found) -> None:
        self._busy = False
        if found.new and found.installed is not None:
            self._installed(found.installed, found.setup and not found.applied)
        self._ready = found.ready
        self._say(found.note, found.refused)
        self._watch(found.watch)
        self.quiet_moment()
        self._next()

    def _failed(self, error: BaseException) -> None:
        self._busy = False
        log.error("looking for slides in the fleet folder failed", exc_info=error)
        self._next()

    def _next(self) -> None:
        self.looked.emit()
        if self._again:
            self._again = False
            self.look_now()

    def _installed(self, installed: Installed, setup: bool) -> None:
        log.info("slides from the fleet installed: package %s (version %s); they play when "
                 "the slides play by themselves", installed.name, installed.version)
        if setup:
            log.info("package %s carries the booths' set-up: it is not applied",
                     installed.name)
        self._pending = installed

    # ---------------------------------------------------------------- playing
    def quiet_moment(self) -> None:
        """The slides play by themselves (again): play what was installed meanwhile, or
        install what is ready."""
        if not self.quiet():
            return
        if self._pending is not None:
            installed, self._pending = self._pending, None
            log.info("playing the slides from the fleet: package %s", installed.name)
            self._show(installed, iso(self.wall()))
            self.swap.emit(installed)
        elif self._ready:
            self._ready = False
            self.look_now()

    def playing_other(self) -> None:
        """Slides not from the fleet play now (loaded from a USB stick by staff)."""
        self._show(None, None)

    def _show(self, installed: Installed | None, since: str | None) -> None:
        self.on_screen, self._since = installed, since
        self._tell()

    @property
    def note(self) -> str:
        """Why the newest package waits or was refused ('': all is well)."""
        return self._note

    def _say(self, note: str, refused: bool) -> None:
        if note == self._note:
            return
        self._note, self.refused = note, refused
        if note:
            (log.warning if refused else log.info)("fleet: %s", note)
        self.problem.emit(note, refused)
        self._tell()

    def _tell(self) -> None:
        facts = fleet_facts(self.on_screen, self._since, self._note, self.settings.group)
        if facts != self.facts:
            self.facts = facts
            self.facts_changed.emit(dict(facts))

    def _watch(self, wanted: Collection[str]) -> None:
        """Watch the fleet's packages (and the folders of one still arriving), no more."""
        watching = set(self._files.directories())
        gone = [path for path in watching if path not in wanted]
        if gone:
            self._files.removePaths(gone)
        new = [path for path in wanted if path not in watching]
        if new:
            self._files.addPaths(new)


def fleet_key(sync: SyncSettings | None) -> bytes | None:
    """The fleet key (``sync.folder.key``): the office signs what it publishes with it."""
    if sync is None or not sync.folder_key:
        log.warning("fleet: no fleet key is set (sync.folder.key): no package from the office "
                    "can be checked, so none is installed")
        return None
    from kiosk.sync.fleet_key import parse_key

    try:
        return parse_key(sync.folder_key)
    except ValueError as exc:
        log.error("fleet: the fleet key cannot be used: %s", exc)
        return None


def _to_watch(fleet: Path) -> tuple[str, ...]:
    """The fleet's packages folder, else (not made yet) the fleet folder, if it is there."""
    for folder in (fleet / PACKAGES, fleet):
        if folder.is_dir():
            return (str(folder),)
    return ()


def _folders(package: Path) -> tuple[str, ...]:
    """The folders of a package whose files are still arriving (links not followed)."""
    found: list[str] = []
    for here, _folders_in, _files in os.walk(package):  # (a link is never walked into)
        found.append(here)
        if len(found) >= MOST_WATCHED:
            break
    return tuple(found)
