"""Wiring the studio: the deck being edited, checks and pictures made off the GUI thread, and
what each button does. The kiosk's own loader, validation and slide painter do the work."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QIcon, QKeySequence, QPixmap, QShortcut, QUndoStack
from PySide6.QtWidgets import QAbstractItemView
from shiboken6 import isValid

from kiosk import paths
from kiosk.content.edit import DeckDocument, EditError
from kiosk.content.install import InstallError
from kiosk.content.loader import DECK_FILE
from kiosk.content.yamlpos import YamlSyntaxError
from kiosk.studio.checks import (
    PREVIEW,
    Check,
    PhotoRefused,
    badge,
    check,
    place_problems,
)
from kiosk.studio.decks import Decks
from kiosk.studio.media_files import MediaFiles
from kiosk.studio.pages import Pages
from kiosk.studio.pdf_import import PdfImportError
from kiosk.studio.photos import Photos
from kiosk.studio.play import Playing
from kiosk.studio.preview_video import PreviewVideo
from kiosk.studio.publish import ToBooths
from kiosk.studio.registries import Registries, titled
from kiosk.studio.saving import Kept, Saving, read_deck
from kiosk.studio.settings_flow import SettingsFlow
from kiosk.studio.slide_items import chapter_starts, slide_item
from kiosk.studio.slide_ops import SlideOps
from kiosk.studio.to_stick import ToStick
from kiosk.studio.undo import Snapshot
from kiosk.studio.video_drop import Videos
from kiosk.studio.window import StudioWindow
from kiosk.ui.tasks import TaskRunner

log = logging.getLogger(__name__)
#: Failures that come from the files and disks a volunteer gives the studio, not from a fault
#: in it: said in the window and logged as warnings, without a traceback.
EXPECTED = (OSError, InstallError, YamlSyntaxError, EditError, PdfImportError, PhotoRefused)


class Studio(QObject):
    """``Studio(window, runner).open(folder)``; every edit checks and repaints in the
    background, 40 ms after the last keystroke. It holds the deck being edited and its
    parts, each given what it may use (:class:`~kiosk.studio.part.StudioCore`)."""

    checked = Signal(object)  # a Check: the newest deck, problems and pictures are shown
    saved = Signal(object)  # the path of the deck.yaml written
    autosaved = Signal(object)  # the path of the recovery copy written

    def __init__(self, window: StudioWindow, runner: TaskRunner, debounce_ms: int = 40,
                 config: Path | None = None, data_dir: Path | None = None,
                 autosave_ms: int = 2000) -> None:
        super().__init__(window)
        self.window, self.runner = window, runner
        self.kiosk_settings = SettingsFlow(window.settings, runner,
                                           config or paths.config_file(None),
                                           data_dir or paths.data_dir(None), self)
        self.settings_result = self.kiosk_settings.done
        self._document: DeckDocument | None = None
        self._dirty = False
        self.generation = 0
        self.thumb_generation = -1
        self._checking: int | None = None  # the generation being checked now, if any
        self.undo_stack = QUndoStack(self)
        self._text = ""  # the deck's text as of the last change (for undo and the checks)
        self.last: Check | None = None
        self._thumbs_wanted = True
        self._listed: list[str] = []  # the slide ids the list shows
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(debounce_ms)
        self._timer.timeout.connect(self.refresh)
        self.saving = Saving(self, self.kiosk_settings, self, autosave_ms)
        self.saving.on_saved.append(self.saved.emit)
        self.saving.on_autosaved.append(self.autosaved.emit)
        self.kiosk_settings.on_change.append(self._show_title)
        self.pages = Pages(self, self.saving.is_bundled)
        self.photos = Photos(self, self.pages.import_pdfs)
        self.registries = Registries(self)
        self.decks = Decks(self, self.saving, self)
        self.saving.on_writing.append(self.decks.expect)
        self.to_stick = ToStick(self, self.kiosk_settings.config, self.kiosk_settings.data_dir)
        self.to_booths = ToBooths(self, self.saving, self.kiosk_settings.config,
                                  self.kiosk_settings.data_dir)
        self.playing = Playing(self)
        self.slide_ops = SlideOps(self, self.registries)
        self.videos = Videos(self, self.photos.add_files)  # photos and PDFs go on to them
        self.media_files = MediaFiles(self, self.videos.make_poster)
        self.preview_video = PreviewVideo(self, self.checked)
        self._wire(window)
        window.set_deck_open(False)  # until a deck is read

    def _wire(self, window: StudioWindow) -> None:
        """Each control to what it does."""
        photos, saving, decks = self.photos, self.saving, self.decks
        window.recover_button.clicked.connect(saving.recover)
        window.play_button.clicked.connect(self.playing.play_from_here)
        window.slides.currentRowChanged.connect(self.on_slide_chosen)
        window.fields.changed.connect(self.on_field_changed)
        window.fields.image_requested.connect(photos.on_image_requested)
        window.fields.image_dropped.connect(photos.use_image)
        window.deck.changed.connect(self.on_deck_changed)
        for name, table in (("sources", window.deck.sources),
                            ("chapters", window.deck.chapters)):
            table.edited.connect(lambda row, key, value, n=name: self.registries.edit_entry(
                n, row, key, value))
            table.add_requested.connect(lambda n=name: self.registries.add_entry(n))
            table.remove_requested.connect(lambda row, n=name: self.registries.remove_entry(
                n, row))
        window.slides.files_dropped.connect(self.videos.add_files)
        ops = self.slide_ops
        window.slides.model().rowsMoved.connect(ops.dragged)
        window.orientations.idClicked.connect(lambda _id: self.refresh())
        for kind, action in window.add_actions.items():
            action.triggered.connect(lambda _=False, k=kind: ops.add_slide(k))
        window.up_button.clicked.connect(lambda: ops.move(-1))
        window.down_button.clicked.connect(lambda: ops.move(1))
        window.duplicate_button.clicked.connect(ops.duplicate)
        window.delete_button.clicked.connect(ops.delete)
        window.save_button.clicked.connect(lambda: saving.on_save())
        window.save_as_button.clicked.connect(lambda: saving.ask_save_as())
        window.import_button.clicked.connect(self.pages.ask)
        window.stick_button.clicked.connect(self.to_stick.ask_copy_to_stick)
        window.new_action.triggered.connect(lambda: decks.ask_deck_folder(create=True))
        window.open_action.triggered.connect(lambda: decks.ask_deck_folder(create=False))
        window.save_action.triggered.connect(lambda: saving.on_save())
        window.save_as_action.triggered.connect(lambda: saving.ask_save_as())
        window.stick_action.triggered.connect(self.to_stick.ask_copy_to_stick)
        window.make_fleet_action.triggered.connect(self.to_booths.ask_make_fleet)
        window.publish_action.triggered.connect(self.to_booths.ask_publish)
        window.booths_action.triggered.connect(self.to_booths.show_booths)
        window.quit_action.triggered.connect(window.close)
        window.close_check = saving.may_close
        self._wire_undo(window)
        window.preview.clicked_at.connect(photos.set_focus)
        window.fields.add_source_requested.connect(ops.add_source)

    def _wire_undo(self, window: StudioWindow) -> None:
        window.undo_button.clicked.connect(self.undo_stack.undo)
        window.redo_button.clicked.connect(self.undo_stack.redo)
        self.undo_stack.canUndoChanged.connect(window.undo_button.setEnabled)
        self.undo_stack.canRedoChanged.connect(window.redo_button.setEnabled)
        # unsaved exactly while the steps are not where the last save left them
        self.undo_stack.cleanChanged.connect(self._follow_undo)
        window.undo_button.setEnabled(False)
        window.redo_button.setEnabled(False)
        for keys, slot in ((QKeySequence.StandardKey.Undo, self.undo_stack.undo),
                           (QKeySequence.StandardKey.Redo, self.undo_stack.redo)):
            shortcut = QShortcut(QKeySequence(keys), window)
            shortcut.activated.connect(slot)

    # ---------------------------------------------------------------- what the parts see
    @property
    def document(self) -> DeckDocument | None:
        return self._document

    @property
    def dirty(self) -> bool:
        return self._dirty

    @dirty.setter
    def dirty(self, value: bool) -> None:
        self._dirty = value
        self._show_title()

    def _show_title(self) -> None:
        """The deck's folder, and "●" while anything is unsaved."""
        if self._document is None:
            return
        self.window.show_title(str(self._document.folder),
                               self._dirty or self.kiosk_settings.unsaved)

    def mark_saved(self, text: str, folder: Path) -> None:
        document = self._document
        if document is None:
            return
        if document.folder != folder:  # saved as a copy: the copy is edited from now on
            document.folder, document.path = folder, folder / DECK_FILE
        self.decks.watch(folder, text)
        if document.text() == text:
            self.undo_stack.setClean()  # undoing back to here is back to what is saved
        self.dirty = document.text() != text

    def _follow_undo(self, clean: bool) -> None:
        if isValid(self.window):  # (the stack says so once more as it is taken down)
            self.dirty = not clean

    def discard(self) -> None:
        self.dirty = False

    def failed(self, what: str) -> Callable[[BaseException], None]:
        def show(error: BaseException) -> None:
            if isinstance(error, EXPECTED):  # the world's doing (a file, a disk): no fault
                log.warning("%s: %s", what, error)
            else:
                log.error("%s", what, exc_info=error)
            self.window.set_status(f"{what}: {error}", ready=False)
        return show

    # ---------------------------------------------------------------- the deck
    @property
    def index(self) -> int:
        return self.window.slides.currentRow()

    def open(self, folder: Path, select: int = 0, create: bool = False) -> None:
        """Read the deck in ``folder`` (and a recovery copy of unsaved work) on a worker;
        ``create`` starts a new deck there if the folder is missing or empty."""
        self.window.set_status(f"Opening {folder}…", ready=True)
        self.runner.run(lambda: read_deck(folder, create),
                        done=lambda read: self._opened(folder, select, *read),
                        failed=self.failed(f"The deck in {folder} cannot be opened"))

    def _opened(self, folder: Path, select: int, document: DeckDocument, text: str,
                kept: Kept | None) -> None:
        self._document, self._text = document, text
        self.window.set_deck_open(True)
        self.undo_stack.clear()
        self.dirty = False
        self.saving.offer(kept if kept is not None and kept.text != text else None)
        self.decks.watch(folder, text)
        self.fill_list(select)
        self.window.deck.load(document.data)
        self.registries.load()

    def fill_list(self, select: int) -> None:
        assert self.document is not None
        slides = self.window.slides
        place = slides.verticalScrollBar().value()  # the list keeps its place
        icons = {slide_id: item.icon() for row, slide_id in enumerate(self._listed)
                 if (item := slides.item(row)) is not None}  # and its pictures, till new ones
        self._listed = self.slide_ids()
        slides.blockSignals(True)
        slides.clear()
        for i, (slide, chapter) in enumerate(zip(self.document.slides,
                                                 chapter_starts(self.document), strict=True)):
            slides.addItem(slide_item(i + 1, slide, chapter, icons.get(self._listed[i], QIcon())))
        slides.blockSignals(False)
        self._thumbs_wanted = True
        slides.setCurrentRow(max(0, min(select, slides.count() - 1)))
        slides.verticalScrollBar().setValue(place)
        slides.scrollToItem(slides.currentItem(), QAbstractItemView.ScrollHint.EnsureVisible)
        self.on_slide_chosen(slides.currentRow())

    def on_slide_chosen(self, index: int) -> None:
        if self.document is None or index < 0:
            return
        self.load_fields(index)
        self.refresh()

    def load_fields(self, index: int) -> None:
        document = self.document
        if document is None or index < 0:
            return
        self.window.fields.load(document.slide(index), document.languages,
                                titled(document.registry("sources")),
                                titled(document.registry("chapters")))

    def record(self, label: str, merge: int = -1) -> None:
        """After a change to the document: one step to undo, and the deck is unsaved."""
        assert self.document is not None
        after = self.document.text()
        if after != self._text:
            self.undo_stack.push(Snapshot(self, label, self._text, after,
                                          max(0, self.index), merge))
            self._text = after
            self.dirty = not self.undo_stack.isClean()
        self.saving.edited()

    def restore(self, text: str, index: int) -> None:
        """Undo or redo: the deck as it was."""
        assert self._document is not None
        self._document = DeckDocument(self._document.folder, text)
        self._text = text
        self.window.deck.load(self._document.data)
        self.registries.load()
        self.fill_list(index)

    def replace_text(self, text: str, label: str) -> None:
        before = self._text
        self.restore(text, max(0, self.index))
        self.undo_stack.push(Snapshot(self, label, before, text, max(0, self.index), -1))
        self.saving.edited()

    def recheck(self) -> None:
        self._thumbs_wanted = True
        self._timer.start()

    def on_field_changed(self, name: str, value: Any, language: str | None) -> None:
        if self.document is None or self.index < 0:
            return
        if value is None or value == "":
            if language is None:
                self.document.remove_field(self.index, name)
            else:
                self.document.set_field(self.index, name, "", language)
        else:
            self.document.set_field(self.index, name, value, language)
        self.record(f"edit {name}", merge=hash((self.index, name, language)) & 0x3FFFFFFF)
        self.recheck()

    def on_deck_changed(self, where: str, name: str, value: Any, language: str | None
                        ) -> None:
        """The deck's title, languages or colours: every slide may look different now."""
        assert self.document is not None
        if where == "theme":
            self.document.set_theme(name, value)
        else:
            self.document.set_deck_field(name, value, language)
        self.record(f"change the deck's {name}", merge=hash((where, name, language))
                     & 0x3FFFFFFF)
        if name == "languages":
            self.window.deck.load(self.document.data)
            self.on_slide_chosen(self.index)  # a box for each language
        self.recheck()

    # ---------------------------------------------------------------- checking, painting
    def refresh(self) -> None:
        """Check and paint the deck as it is now: one check at a time (each takes a while),
        so edits faster than that are checked together once the one running is back."""
        if self.document is None:
            return
        self.generation += 1
        if self._checking is not None:
            return
        self._checking = self.generation
        size = PREVIEW[max(0, self.window.orientations.checkedId())]
        slide = self.document.slide(max(0, self.index))
        slide_id = str(slide.get("id") or f"{slide.get('type')}-{max(0, self.index) + 1}")
        job = (self.document.folder, self._text, slide_id, size, self.generation,
               self._thumbs_wanted)
        if self._thumbs_wanted:
            self.thumb_generation = self.generation
        self._thumbs_wanted = False
        self.runner.run(lambda: check(*job), done=self._checked, failed=self._check_failed)

    def _check_back(self) -> None:
        asked, self._checking = self._checking, None
        if asked != self.generation:
            self.refresh()  # edited meanwhile

    def _check_failed(self, error: BaseException) -> None:
        log.error("the deck could not be checked", exc_info=error)
        self._check_back()

    def _checked(self, result: Check) -> None:
        self._check_back()
        if result.thumbnails and result.generation == self.thumb_generation:
            for row, slide_id in enumerate(self.slide_ids()):  # the newest set of them
                item, thumb = self.window.slides.item(row), result.thumbnails.get(slide_id)
                if item is not None:
                    stand_in = bool(self.document and self.document.slides[row].get(
                        "placeholder"))
                    picture = badge(thumb) if thumb is not None and stand_in else thumb
                    item.setIcon(QIcon(QPixmap.fromImage(picture)) if picture is not None
                                 else QIcon())
        if result.generation != self.generation:
            return  # an older check: a newer one is on its way
        self.last = result
        self.window.preview.set_image(result.preview,
                                      "This slide cannot be shown yet: see its problems.")
        self._show_problems(result)
        self.checked.emit(result)

    def slide_ids(self) -> list[str]:
        """Each slide's id as the kiosk names it (its own, else type-number)."""
        assert self.document is not None
        return [str(s.get("id") or f"{s.get('type')}-{i + 1}")
                for i, s in enumerate(self.document.slides)]

    def _show_problems(self, result: Check) -> None:
        errors = [p for p in result.problems if p.is_error]
        if errors:
            self.window.set_status(f"{len(errors)} problem(s) to fix: not ready for the booth "
                                   "(you can still save your work)", ready=False)
        else:
            notes = len(result.problems)
            self.window.set_status("Ready for the booth" + (f" · {notes} note(s) worth a look"
                                                            if notes else ""), ready=True)
        by_field, general = place_problems(result, self.index,
                                           set(self.window.fields.problems))
        self.window.fields.show_problems(by_field)
        self.window.slide_problems.setText("\n".join(general))
