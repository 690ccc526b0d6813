"""The fleet in the studio (a part of ``controller.Studio``): File › Make a fleet… (the shared
folder's layout and a fleet key, shown once), File › Publish to the booths… (the deck as
saved, signed, into the shared folder) and File › The booths… (how each booth is doing).
Every disk step runs on the studio's worker."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from shiboken6 import isValid

from kiosk.content.install import InstallError
from kiosk.fleet.layout import FleetError, MadeFleet, make_fleet, read_fleet
from kiosk.fleet.office import Published, PublishError, publish
from kiosk.studio.booths_page import BoothsPage
from kiosk.studio.fleet_choices import Known, booths_setup, fleet_key, known, remember, save_key
from kiosk.studio.fleet_dialogs import Asking, KeyDialog, MakeFleetDialog
from kiosk.studio.part import StudioCore
from kiosk.studio.publish_dialog import PublishChoice, PublishDialog, ResultDialog
from kiosk.studio.saving import Saving

if TYPE_CHECKING:
    from kiosk.studio.window import StudioWindow

log = logging.getLogger(__name__)
#: Failures in the volunteer's world (a folder, a key file, a disk), said without a traceback.
EXPECTED = (FleetError, OSError, InstallError, ValueError)


class ToBooths:
    """Make a fleet, publish to it, and see its booths."""

    def __init__(self, core: StudioCore, saving: Saving, config: Path, data_dir: Path) -> None:
        self.core, self.saving, self.config, self.data_dir = core, saving, config, data_dir
        self.page: BoothsPage | None = None

    @property
    def window(self) -> StudioWindow:
        return self.core.window

    def _keep(self, **choices: str) -> None:
        """Remember ``choices`` for next time; a failure to is only logged (it was done)."""
        try:
            remember(self.data_dir, **choices)
        except OSError as exc:
            log.warning("the fleet choices were not kept: %s", exc)

    def _refuse(self, dialog: Asking, what: str, error: BaseException) -> None:
        if isinstance(error, EXPECTED):
            log.warning("%s: %s", what, error)
        else:
            log.error("%s", what, exc_info=error)
        if isValid(dialog):
            dialog.refused(f"{what}: {error}")

    # ---------------------------------------------------------------- make a fleet
    def ask_make_fleet(self) -> None:
        dialog = MakeFleetDialog(self.window)
        dialog.chosen.connect(lambda folder, name: self._make(dialog, Path(folder), name))
        dialog.open()

    def _make(self, dialog: MakeFleetDialog, folder: Path, name: str) -> None:
        def work() -> MadeFleet:
            made = make_fleet(folder.expanduser(), name)
            self._keep(folder=str(made.fleet.folder),
                       **({"key_file": ""} if made.key is not None else {}))
            return made

        self.core.runner.run(work, done=lambda made: self._made(dialog, made),
                             failed=lambda error: self._refuse(dialog, "No fleet was made",
                                                               error))

    def _made(self, dialog: MakeFleetDialog, made: MadeFleet) -> None:
        if isValid(dialog):
            dialog.accept()
        fleet = made.fleet
        if made.key is None:
            self.window.set_status(f"{fleet.folder} is a fleet already: no new key.", True)
            ResultDialog(self.window, "fleet-exists-dialog", "Make a fleet",
                         f"{fleet.folder} is a fleet already (“{fleet.name}”).",
                         ["No new key was made: its booths keep the key made with it. "
                          "Publish with that key (File › Publish to the booths…)."]).open()
            return
        log.info("studio made the fleet %s", fleet.folder)
        self.window.set_status(f"Fleet “{fleet.name}” made in {fleet.folder}.", ready=True)
        shown = KeyDialog(self.window, made.key, str(fleet.folder), fleet.name)
        shown.save_requested.connect(lambda path: self._save_key(shown, made,
                                                                 Path(path).expanduser()))
        shown.open()

    def _save_key(self, dialog: KeyDialog, made: MadeFleet, file: Path) -> None:
        key, fleet = made.key or "", made.fleet.folder

        def work() -> Path:
            saved = save_key(key, file, fleet)
            self._keep(key_file=str(saved))
            return saved

        def refused(error: BaseException) -> None:
            log.warning("the fleet key was not saved: %s", error)
            if isValid(dialog):
                dialog.refused(str(error))

        self.core.runner.run(work, done=lambda saved: dialog.saved(str(saved))
                             if isValid(dialog) else None, failed=refused)

    # ---------------------------------------------------------------- publish
    def ask_publish(self) -> None:
        """Unsaved changes are asked about first: the booths get the deck as saved."""
        if self.core.document is None:
            return
        self.saving.settle("Save your changes first? The booths get the deck as it is saved.",
                           self._gather)

    def _gather(self) -> None:
        config, data_dir = self.config, self.data_dir
        self.core.runner.run(lambda: known(config, data_dir), done=self._ask,
                             failed=self.core.failed("Not published"))

    def _ask(self, found: Known) -> None:
        document = self.core.document
        if document is None:
            return
        dialog = PublishDialog(self.window, found, document.folder.name)
        dialog.chosen.connect(lambda choice: self._publish(dialog, choice))
        dialog.open()

    def _publish(self, dialog: PublishDialog, choice: PublishChoice) -> None:
        document = self.core.document
        assert document is not None
        deck, config, data_dir = document.folder, self.config, self.data_dir

        def work() -> Published:
            fleet = Path(choice.folder).expanduser()
            key = fleet_key(choice.key_file, config, fleet)
            if key is None:
                raise FleetError("choose the file the fleet key was saved in")
            refused = read_fleet(fleet).key_refused(key)
            if refused:
                raise FleetError(refused)
            setup = booths_setup(config, data_dir) if choice.with_setup else None
            published = publish(fleet, deck, key, choice.group or None, setup)
            self._keep(folder=choice.folder, key_file=choice.key_file, group=choice.group)
            return published

        self.window.set_status("Publishing to the booths…", ready=True)
        self.core.runner.run(work, done=lambda done: self._published(dialog, done,
                                                                     choice.with_setup),
                             failed=lambda error: self._not_published(dialog, error))

    def _published(self, dialog: PublishDialog, published: Published, setup: bool) -> None:
        if isValid(dialog):
            dialog.accept()
        log.info("studio published %s", published.folder)
        whom = f"“{published.group}” only" if published.group else "every booth"
        heading = f"Published version {published.version} for {whom}."
        self.window.set_status(heading, ready=True)
        lines = [f"{published.files} files, {published.size / 1e6:,.1f} MB, in "
                 f"{published.folder}, " + ("with" if setup else "without")
                 + " the booths' set-up",
                 "Each booth takes it at a quiet moment, never during a visit. See how they "
                 "are doing in File › The booths…"]
        lines += [f"Left out: {why}" for why in published.left_out]
        ResultDialog(self.window, "published-dialog", "Published", heading, lines).open()

    def _not_published(self, dialog: PublishDialog, error: BaseException) -> None:
        if not (isinstance(error, PublishError) and error.problems):
            self.window.set_status(f"Not published: {error}", ready=False)
            self._refuse(dialog, "Not published", error)
            return
        if isValid(dialog):
            dialog.accept()
        heading = f"Not published: {error}."
        self.window.set_status(heading, ready=False)
        ResultDialog(self.window, "not-published-dialog", "Not published", heading,
                     [f"{Path(p.path).name} line {p.line}: {p.message}"
                      for p in error.problems], problem=True).open()

    # ---------------------------------------------------------------- the booths
    def show_booths(self) -> None:
        if self.page is None or not isValid(self.page):
            self.page = BoothsPage(self.window, self.core.runner, self.config, self.data_dir)
        self.page.start()
