"""Noticing edits to the content folder and loading the deck again, off the GUI thread."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from kiosk.content import DECK_FILE, Deck, FitCheck, LoadResult, Problem, load_deck
from kiosk.content.form_loader import FORM_FILE
from kiosk.content.loader import fit_problems
from kiosk.content.yamlpos import YamlSyntaxError, read_yaml_text
from kiosk.staff.notice import slides_lines
from kiosk.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

#: How long after a deck starts playing its texts are checked for fit.
FIT_CHECK_DELAY_MS = 1500
#: Files watched besides deck.yaml and form.yaml: the pictures a deck may show (an edit that
#: changes one in place changes no folder).
PICTURES = {".jpg", ".jpeg", ".png", ".webp", ".gif", ".bmp"}
#: At most this many pictures are watched (a folder added to or taken from is seen anyway).
MOST_WATCHED = 2000


class ContentWatcher(QObject):
    """Loads ``folder`` now and again after every burst of edits (debounced): of deck.yaml,
    form.yaml, a picture, or what a folder holds.

    ``loaded`` carries each LoadResult to the GUI thread, with the lines of deck.yaml its
    slides span (None: unknown).
    """

    loaded = Signal(object, object)
    fit_checked = Signal(object)  # list of Problem: texts that do not fit, found after loading

    def __init__(self, folder: Path, runner: TaskRunner, debounce_ms: int = 600,
                 fit_check: FitCheck | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.folder = folder
        self._runner = runner
        self._fit_check = fit_check
        self._watcher = QFileSystemWatcher(self)
        self._watcher.directoryChanged.connect(self._changed)
        self._watcher.fileChanged.connect(self._changed)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(debounce_ms)
        self._debounce.timeout.connect(self.reload_now)
        self._loading = False
        self._again = False
        self._to_fit: Deck | None = None  # the deck whose texts are checked next
        self._stopped = False

    def start(self) -> None:
        self.reload_now()

    def stop(self) -> None:
        """No more loads: edits are not watched, and a load under way plays nothing (the
        kiosk is closing)."""
        self._stopped = True
        self._debounce.stop()
        self._watcher.blockSignals(True)

    def _watch(self, wanted: list[str]) -> None:
        """(Re)watch the folder, its sub-folders and its files: editors that save by renaming
        replace the file, and a watch on the old file is lost with it."""
        watching = set(self._watcher.files()) | set(self._watcher.directories())
        missing = [p for p in wanted if p not in watching]
        if missing:
            self._watcher.addPaths(missing)

    def switch_to(self, folder: Path) -> None:
        """Play the deck in another folder from now on (staff swapped decks)."""
        watching = self._watcher.files() + self._watcher.directories()
        if watching:
            self._watcher.removePaths(watching)
        self.folder = folder
        self.reload_now()

    def _changed(self, _path: str) -> None:
        self._debounce.start()

    def reload_now(self) -> None:
        if self._stopped:
            return
        if self._loading:
            self._again = True
            return
        self._loading = True
        folder = self.folder
        self._runner.run(lambda: (_load(folder), _watchable(folder), folder),
                         done=self._done, failed=self._failed)

    def _done(self, loaded: tuple[tuple[LoadResult, tuple[int, int] | None], list[str], Path]
              ) -> None:
        (result, slides_at), wanted, folder = loaded
        self._loading = False
        if self._stopped:
            return
        if folder != self.folder:  # switched meanwhile: only the new folder's deck counts
            self.reload_now()
            return
        self._watch(wanted)
        self.loaded.emit(result, slides_at)
        if self._fit_check is not None and result.deck is not None:
            # Text fitting is checked a moment after the deck plays, so it never delays a
            # slide (nor takes a core from the first one's painting).
            deck, check = result.deck, self._fit_check
            self._to_fit = deck
            QTimer.singleShot(FIT_CHECK_DELAY_MS, self, lambda: self._fit(deck, check))
        if self._again:
            self._again = False
            self.reload_now()

    def _fit(self, deck: Deck, check: FitCheck) -> None:
        """Check the deck that plays now (one edited again meanwhile waits its own turn)."""
        if deck is self._to_fit:
            self._runner.run(lambda: fit_problems(deck, check), done=self._fit_done)

    def _fit_done(self, problems: list[Problem]) -> None:
        for problem in problems:
            log.warning("%s", problem)
        self.fit_checked.emit(problems)

    def _failed(self, error: BaseException) -> None:
        self._loading = False
        log.error("loading %s failed", self.folder, exc_info=error)


def _load(folder: Path) -> tuple[LoadResult, tuple[int, int] | None]:
    """The deck in ``folder``, and the lines of deck.yaml its slides span (off the GUI
    thread)."""
    result = load_deck(folder)
    try:
        text = read_yaml_text(folder / DECK_FILE, DECK_FILE)
    except (OSError, UnicodeDecodeError, YamlSyntaxError):
        return result, None
    return result, slides_lines(text)


def _watchable(folder: Path) -> list[str]:
    """The folder, its sub-folders, deck.yaml, form.yaml and the pictures, as they are now
    (read off the GUI thread; hidden files and folders, such as an editor's, are left
    alone)."""
    if not folder.is_dir():
        return []
    found, pictures = [folder], []
    for here, folders, files in os.walk(folder):
        folders[:] = [name for name in folders if not name.startswith(".")]
        found += [Path(here, name) for name in folders]
        pictures += [Path(here, name) for name in files if not name.startswith(".")
                     and Path(name).suffix.lower() in PICTURES]
    found += [folder / name for name in (DECK_FILE, FORM_FILE) if (folder / name).exists()]
    return [str(p) for p in found + pictures[:MOST_WATCHED]]
