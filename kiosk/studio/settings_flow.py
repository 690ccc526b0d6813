"""Wiring the studio's "The kiosk" tab: save kiosk.yaml, test where messages go, set the
PIN, each on a worker, with plain words back."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from kiosk.content.edit import SettingsDocument
from kiosk.setup.config import load_settings
from kiosk.studio.settings_panel import SettingsPanel, set_pin
from kiosk.sync.from_settings import test_delivery
from kiosk.ui.tasks import TaskRunner

log = logging.getLogger(__name__)


class SettingsFlow(QObject):
    done = Signal(str)  # what saving or testing the settings, or setting the PIN, did

    def __init__(self, panel: SettingsPanel, runner: TaskRunner, config: Path,
                 data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.panel, self.runner, self.config, self.data_dir = panel, runner, config, data_dir
        self.settings: SettingsDocument | None = None  # read on a worker
        self.unsaved = False  # the tab was changed since it was read or saved
        self.on_change: list[Callable[[], None]] = []  # told when ``unsaved`` changes
        self.reload()
        panel.changed.connect(lambda: self._mark(True))
        panel.save_requested.connect(self.save_settings)
        panel.test_requested.connect(self.test_settings)
        panel.pin_requested.connect(self.set_pin)

    def reload(self) -> None:
        """Read kiosk.yaml (on a worker) into the tab: at the start, and after another part
        of the studio (the first run) wrote it."""
        config, panel = self.config, self.panel
        panel.setEnabled(False)
        self.settings = None
        self.runner.run(lambda: SettingsDocument(config), done=self._loaded,
                        failed=lambda e: panel.result.setText(
                            f"The settings file {config} cannot be read: {e}. Fix or remove "
                            "it."))

    def _loaded(self, document: SettingsDocument) -> None:
        self.settings = document
        self.panel.load(document)
        self.panel.setEnabled(True)
        self._mark(False)  # loading the boxes is no change of the volunteer's

    def _mark(self, unsaved: bool) -> None:
        if unsaved != self.unsaved:
            self.unsaved = unsaved
            for told in list(self.on_change):
                told()

    def forget(self) -> None:
        """The volunteer threw the changes away: the file stays as it is."""
        self._mark(False)

    def save_settings(self, then_test: bool = False) -> None:
        """Write kiosk.yaml (keeping its comments; a backup beside it), then say what the
        kiosk will make of it."""
        if self.settings is None:
            return  # still being read (the tab is not enabled yet)
        self.panel.write_into(self.settings)
        document, config = self.settings, self.config
        self._mark(False)

        def work() -> str:
            document.save()
            _settings, problems = load_settings(config)
            words = ("Saved." if not problems else "Saved, but the kiosk will use the "
                     "default for: " + "; ".join(p.message for p in problems[:3]))
            return words + (" " + test_delivery(config) if then_test else "")

        self.panel.result.setText("Testing…" if then_test else "Saving…")
        self.runner.run(work, done=self._settings_done, failed=self._not_saved)

    def _not_saved(self, error: BaseException) -> None:
        log.error("the settings were not saved", exc_info=error)
        self._mark(True)
        self._settings_done(f"Not saved: {error}")

    def test_settings(self) -> None:
        self.save_settings(then_test=True)

    def _settings_done(self, words: str) -> None:
        self.panel.result.setText(words)
        self.done.emit(words)

    def set_pin(self, pin: str) -> None:
        data_dir = self.data_dir
        self.runner.run(lambda: set_pin(data_dir, pin), done=self._pin_done,
                        failed=self._pin_failed)

    def _pin_failed(self, error: BaseException) -> None:
        log.error("the staff PIN was not set", exc_info=error)
        self._pin_done(f"The PIN was not set: {error}")

    def _pin_done(self, words: str) -> None:
        self.panel.pin_result.setText(words)
        self.done.emit(words)
