"""The studio put together: the deck being edited, its parts, and its steps to undo (typing
in a field becomes one when it pauses). Checks and pictures are made off the GUI thread
(:mod:`kiosk.studio.checking`, :mod:`kiosk.studio.live`); :mod:`kiosk.studio.wiring` says
what each control does. The kiosk's own loader, validation and slide painter do the work."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QIcon, QUndoStack
from PySide6.QtWidgets import QAbstractItemView
from shiboken6 import isValid

from kiosk.content.edit import DeckDocument, EditError
from kiosk.content.formats import DECK_FORMAT
from kiosk.content.install import InstallError
from kiosk.content.loader import DECK_FILE
from kiosk.content.yamlpos import YamlSyntaxError
from kiosk.platform import paths
from kiosk.studio.checking import Checking
from kiosk.studio.checks import Check, PhotoRefused
from kiosk.studio.decks import Decks
from kiosk.studio.live import QuickPreview, Thumbnails
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
from kiosk.studio.wiring import wire
from kiosk.ui.common.images import DecodeCache
from kiosk.ui.tasks import TaskRunner

log = logging.getLogger(__name__)
#: Failures that come from the files and disks a volunteer gives the studio, not from a fault
#: in it: said in the window and logged as warnings, without a traceback.
EXPECTED = (OSError, InstallError, YamlSyntaxError, EditError, PdfImportError, PhotoRefused)


class Studio(QObject):
    """``Studio(window, runner).open(folder)``. Each keystroke repaints the slide being
    edited at once (:mod:`kiosk.studio.live`); the deck is checked as a whole, and the
    typing becomes a step to undo, ``debounce_ms`` after the last one. It holds the deck
    being edited and its parts, each given what it may use
    (:class:`~kiosk.studio.part.StudioCore`)."""

    checked = Signal(object)  # a Check: the newest deck, problems and pictures are shown
    saved = Signal(object)  # the path of the deck.yaml written
    autosaved = Signal(object)  # the path of the recovery copy written

    def __init__(self, window: StudioWindow, runner: TaskRunner, debounce_ms: int = 300,
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
        self.undo_stack = QUndoStack(self)
        self._text = ""  # the deck's text as of the last step (for undo and the checks)
        self._typing: int | None = None  # the field typed in since that step, if any
        self.edits = 0  # changes so far: the preview shows the newest it has
        self.last: Check | None = None
        self._listed: list[str] = []  # the slide ids the list shows
        self.decoder = DecodeCache()  # photos decoded once for preview and pictures
        self.thumbs = Thumbnails(self, self.decoder)
        self.checking = Checking(self, self.decoder, self.thumbs, self.checked.emit)
        self.quick = QuickPreview(self, self.decoder, self.checking.show_quick)
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
        # unsaved exactly while the steps are not where the last save left them
        self.undo_stack.cleanChanged.connect(self._follow_undo)
        wire(self, window)
        window.set_deck_open(False)  # until a deck is read

    def undo(self) -> None:
        self.settle_typing()
        self.undo_stack.undo()

    def redo(self) -> None:
        self.settle_typing()
        self.undo_stack.redo()

    # ---------------------------------------------------------------- what the parts see
    @property
    def document(self) -> DeckDocument | None:
        """The deck being edited. Typing not yet made a step to undo becomes one first: a
        part reads this before it changes the deck, so its change is a step of its own."""
        self.settle_typing()
        return self._document

    @property
    def editing(self) -> DeckDocument | None:
        """The deck as it is this moment (typing included, undo steps left as they are)."""
        return self._document

    @property
    def text(self) -> str:
        """The deck's text as of the last step to undo (what the checks check)."""
        return self._text

    @property
    def typing_pending(self) -> bool:
        """Keys are being pressed: the typing is not yet a step to undo."""
        return self._typing is not None

    @property
    def generation(self) -> int:
        """The checks asked for so far."""
        return self.checking.generation

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
        self.checking.format_note = ""  # (saved in today's format)
        same = self._typing is None and self._text == text  # (the last step's text: no dump)
        if same:
            self.undo_stack.setClean()  # undoing back to here is back to what is saved
        self.dirty = not same

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
        self._document, self._text, self._typing = document, text, None
        found = document.upgraded_from  # an older format: saved in today's, said till then
        self.checking.format_note = "" if found is None else DECK_FORMAT.upgraded(found)
        self.thumbs.forget()
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
        slides.setCurrentRow(max(0, min(select, slides.count() - 1)))
        slides.verticalScrollBar().setValue(place)
        slides.scrollToItem(slides.currentItem(), QAbstractItemView.ScrollHint.EnsureVisible)
        self.on_slide_chosen(slides.currentRow())

    def on_slide_chosen(self, index: int) -> None:
        if self.document is None or index < 0:
            return
        self.load_fields(index)
        self.recheck()

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
        self.edits += 1
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
        self._text, self._typing = text, None
        self.window.deck.load(self._document.data)
        self.registries.load()
        self.fill_list(index)

    def replace_text(self, text: str, label: str) -> None:
        before = self._text
        self.restore(text, max(0, self.index))
        self.undo_stack.push(Snapshot(self, label, before, text, max(0, self.index), -1))
        self.saving.edited()

    def recheck(self) -> None:
        """The deck changed (or another slide or size is shown): paint the chosen slide now
        and check the whole deck."""
        self.edits += 1
        self.quick.paint(self.edits)
        self.refresh()

    def refresh(self) -> None:
        """Check and paint the deck as it is now (:meth:`Checking.refresh`)."""
        self.checking.refresh()

    def on_field_changed(self, name: str, value: Any, language: str | None) -> None:
        document, index = self._document, self.index
        if document is None or index < 0:
            return
        merge = self._typing_in(hash((index, name, language)))
        if value is None or value == "":
            if language is None:
                document.remove_field(index, name)
            else:
                document.set_field(index, name, "", language)
        else:
            document.set_field(index, name, value, language)
        self._typed(f"edit {name}", merge)

    def _typing_in(self, field: int) -> int:
        """The merge id of typing in ``field``; typing in another field before is a step
        of its own, made now."""
        merge = field & 0x3FFFFFFF
        if self._typing not in (None, merge):
            self.settle_typing()
        return merge

    def _typed(self, label: str, merge: int) -> None:
        """A keystroke: the slide repainted at once; the step to undo (its text taken once
        the typing pauses) and the check of the whole deck wait."""
        if self._typing is None:
            self.undo_stack.push(Snapshot(self, label, self._text, None, max(0, self.index),
                                          merge))
            self._typing = merge
        self.saving.edited()
        self.edits += 1
        self.thumbs.hold()
        self.quick.paint(self.edits)
        self._timer.start()

    def settle_typing(self) -> None:
        """The typing so far becomes its step to undo (the deck's text, taken now)."""
        if self._typing is None or self._document is None:
            return
        self._typing = None
        self._text = self._document.text()
        top = self.undo_stack.command(self.undo_stack.index() - 1)
        if isinstance(top, Snapshot) and top.after is None:
            top.after = self._text

    def on_deck_changed(self, where: str, name: str, value: Any, language: str | None
                        ) -> None:
        """The deck's title, languages or colours: every slide may look different now."""
        document = self._document
        assert document is not None
        merge = self._typing_in(hash((where, name, language)))
        if where == "theme":
            document.set_theme(name, value)
        else:
            document.set_deck_field(name, value, language)
        if name != "languages":
            self._typed(f"change the deck's {name}", merge)
            return
        self.record(f"change the deck's {name}", merge)
        self.window.deck.load(document.data)
        self.on_slide_chosen(self.index)  # a box for each language

    def slide_ids(self) -> list[str]:
        """Each slide's id as the kiosk names it (its own, else type-number)."""
        assert self._document is not None
        return [str(s.get("id") or f"{s.get('type')}-{i + 1}")
                for i, s in enumerate(self._document.slides)]
