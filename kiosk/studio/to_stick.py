"""'Copy to USB stick' in the studio (a part of ``controller.Studio``): the deck as it is
being edited, with its photos, into ``kiosk-slides/<name>`` on a stick, where the kiosk's
'Load slides from USB' finds it."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QFileDialog, QMenu

from kiosk.content.install import copy_to_drive
from kiosk.content.text import pick
from kiosk.platform.drives import removable_drives
from kiosk.setup.booth_setup import Outgoing, outgoing, setup_writer
from kiosk.studio.a11y import named
from kiosk.studio.checks import slug
from kiosk.studio.part import StudioCore
from kiosk.studio.stick_dialog import StickDialog

if TYPE_CHECKING:
    from kiosk.studio.window import StudioWindow

log = logging.getLogger(__name__)


class ToStick:
    """The deck and the booth's set-up (from ``config`` and the PIN in ``data_dir``) onto a
    stick."""

    def __init__(self, core: StudioCore, config: Path, data_dir: Path) -> None:
        self.core, self.config, self.data_dir = core, config, data_dir

    @property
    def window(self) -> StudioWindow:
        return self.core.window

    def ask_copy_to_stick(self) -> None:
        """List the sticks that are in (looked up on a worker), or ask for a folder."""
        self.window.stick_button.setEnabled(False)
        self.core.runner.run(lambda: removable_drives(writable=True), done=self._choose_drive,
                        failed=lambda _e: self._choose_drive([]))

    def _choose_drive(self, drives: list[tuple[str, Path]]) -> None:
        self.window.stick_button.setEnabled(True)
        if not drives:
            self._ask_folder("No USB stick found: choose a stick or a folder to copy to")
            return
        menu = named(QMenu(self.window), "USB sticks")
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # a new one each time
        menu.setObjectName("stick-menu")
        for label, root in drives:
            menu.addAction(f"{label}  ({root})").triggered.connect(
                lambda _=False, r=root: self.copy_to_stick(r))
        menu.addSeparator()
        menu.addAction("Another folder…").triggered.connect(
            lambda: self._ask_folder("Choose a stick or a folder to copy to"))
        self.window.stick_menu = menu
        menu.popup(QCursor.pos())

    def _ask_folder(self, title: str) -> None:
        dialog = QFileDialog(self.window, title)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # gone once answered
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.fileSelected.connect(lambda chosen: self.copy_to_stick(Path(chosen)))
        dialog.open()

    def deck_name(self) -> str:
        """The folder name on the stick: the deck's title, made safe for any file system."""
        document = self.core.document
        assert document is not None
        title = document.data.get("title")
        if isinstance(title, dict):
            title = pick({str(k): str(v) for k, v in title.items()}, "en",
                         document.languages[0])
        name = slug(str(title or ""))
        return document.folder.name if name == "photo" else name

    def copy_to_stick(self, drive: Path) -> None:
        """Say what would go on the stick (the set-up is read on a worker), then copy."""
        config, data_dir = self.config, self.data_dir
        self.core.runner.run(lambda: outgoing(config, data_dir),
                             done=lambda going: self._ask(drive, going),
                             failed=self.core.failed("Not copied"))

    def _ask(self, drive: Path, going: Outgoing) -> None:
        document = self.core.document
        if document is None:
            return
        last = self.core.last
        problems = sum(p.is_error for p in last.problems) if last is not None else 0
        dialog = StickDialog(self.window, drive, len(document.slides), going, problems)
        dialog.chosen.connect(lambda secrets, pin: self._copy(drive, not going.refused,
                                                              secrets, pin))
        dialog.open()

    def _copy(self, drive: Path, with_setup: bool, secrets: bool, pin: str) -> None:
        document = self.core.document
        assert document is not None
        source, text, name = document.folder, document.text(), self.deck_name()
        setup = (setup_writer(self.config, self.data_dir, secrets, pin or None) if with_setup
                 else None)
        self.window.set_status(f"Copying to {drive}…", ready=True)
        self.core.runner.run(lambda: copy_to_drive(source, drive, name, text, setup),
                             done=self._copied, failed=self.core.failed("Not copied"))

    def _copied(self, target: Path) -> None:
        log.info("studio copied the deck to %s", target)
        last = self.core.last
        errors = [p for p in last.problems if p.is_error] if last else []
        if errors:
            self.window.set_status(
                f"Copied to {target}, but not ready for the booth: the kiosk will refuse it "
                f"until its {len(errors)} problem(s) are fixed.", ready=False)
            return
        self.window.set_status(f"Copied to {target}. At the booth: staff panel, "
                               "“Load slides from USB”.", ready=True)
