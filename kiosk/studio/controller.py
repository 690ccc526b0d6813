"""Wiring the studio: the deck being edited, checks and pictures made off the GUI thread, and
what each button does. The kiosk's own loader, validation and slide painter do the work."""

from __future__ import annotations

import logging
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QIcon,
    QImage,
    QKeySequence,
    QPainter,
    QPixmap,
    QShortcut,
    QUndoCommand,
    QUndoStack,
)
from PySide6.QtWidgets import QFileDialog, QListWidgetItem, QMessageBox

from kiosk import paths
from kiosk.config import load_settings
from kiosk.content import Deck, load_deck
from kiosk.content.edit import DeckDocument, SettingsDocument, relative_image
from kiosk.content.kinds import image_facts
from kiosk.content.loader import DECK_FILE
from kiosk.content.problems import Problem, Severity
from kiosk.content.schema import NEEDS_SOURCE
from kiosk.content.yamlpos import YamlSyntaxError, load_located
from kiosk.studio.settings_panel import set_pin, test_delivery
from kiosk.studio.window import THUMB, StudioWindow
from kiosk.ui.player.fit import misfits
from kiosk.ui.player.slides import render_slide
from kiosk.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

#: Preview sizes: landscape, portrait, 4K (drawn at half size: the layout scales with it).
PREVIEW = (QSize(960, 540), QSize(540, 960), QSize(1920, 1080))
#: The first words a new slide of each type gets, so that it shows at once.
STARTERS: dict[str, dict[str, Any]] = {
    "title": {"heading": "A new title"},
    "text": {"heading": "A new heading", "body": "A few short sentences."},
    "image": {"caption": "What the photo shows"},
    "quote": {"quote": "A short quotation.", "by": "Who said it"},
    "stat": {"figure": "100", "label": "what the figure counts"},
    "sources": {"heading": "Sources"},
    "call_to_action": {"heading": "Leave a message", "url": "https://example.org/"},
}


@dataclass
class Check:
    """What one background check found."""

    generation: int
    deck: Deck | None
    problems: list[Problem]
    preview: QImage | None
    thumbnails: dict[str, QImage | None] = field(default_factory=dict)  # by slide id
    #: Per slide in the file: its first line and which field each line holds (1-based).
    spans: list[tuple[int, dict[int, str]]] = field(default_factory=list)


def check(folder: Path, text: str, slide_id: str, size: QSize, generation: int,
          thumbnails: bool) -> Check:
    """Validate the deck as edited, paint the chosen slide at ``size`` and, if asked, every
    slide small. Runs on a worker."""
    result = load_deck(folder, text=text)
    deck, problems = result.deck, list(result.problems)
    preview, thumbs = None, {}
    if deck is not None:
        chosen = next((s for s in deck.slides if s.id == slide_id), None)
        if chosen is not None:
            preview = _paint(deck, chosen, size)
            for language in deck.languages:
                for fit_size in (QSize(1920, 1080), QSize(1080, 1920)):
                    for name, message in misfits(deck, chosen, language, fit_size):
                        where = chosen.field_at.get(name, chosen.where)
                        problems.append(Problem(where.path, where.line, where.column,
                                                Severity.WARNING, f"{message} ({language})"))
        if thumbnails:
            thumbs = {s.id: _paint(deck, s, THUMB) for s in deck.slides}
    return Check(generation, deck, problems, preview, thumbs, _spans(folder, text))


def _spans(folder: Path, text: str) -> list[tuple[int, dict[int, str]]]:
    """Where each slide and each of its fields stand in ``text``, as the kiosk's own loader
    reads them (so they match the lines its problems give)."""
    try:
        located = load_located(text, DECK_FILE)
    except YamlSyntaxError:
        return []
    slides = located.data.get("slides") if isinstance(located.data, dict) else None
    spans = []
    for i, slide in enumerate(slides if isinstance(slides, list) else []):
        names = slide if isinstance(slide, dict) else {}
        lines = {located.key_at(("slides", i, name)).line: str(name) for name in names}
        spans.append((located.at(("slides", i)).line, lines))
    return spans


def _paint(deck: Deck, slide: Any, size: QSize) -> QImage | None:
    try:
        return render_slide(deck, slide, deck.default_language, size)
    except Exception as exc:  # a photo that cannot be decoded: the problem list says why
        log.info("studio: slide %s not painted: %s", slide.id, exc)
        return None


def focus_for_click(photo: tuple[int, int], screen: tuple[int, int],
                    focus: tuple[float, float], click: tuple[float, float]
                    ) -> tuple[float, float]:
    """The focal point that centres what was clicked on a cropped photo's preview. ``focus``
    places the crop as the player does (0: its left or top edge, 1: its right or bottom);
    ``click`` is where the preview was clicked, 0 to 1 across and down."""
    scale = max(screen[0] / photo[0], screen[1] / photo[1])
    result = []
    for axis in (0, 1):
        visible = screen[axis] / (photo[axis] * scale)  # the share of the photo on screen
        if visible >= 0.999:
            result.append(focus[axis])  # nothing is cropped this way: nothing to choose
            continue
        start = (1 - visible) * focus[axis]
        point = start + click[axis] * visible  # where on the whole photo the click fell
        wanted = (point - visible / 2) / (1 - visible)
        result.append(round(min(1.0, max(0.0, wanted)), 3))
    return result[0], result[1]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "photo"


class Snapshot(QUndoCommand):
    """One change, kept as the deck's text before and after it (typing in one field merges
    into one step)."""

    def __init__(self, studio: Studio, label: str, before: str, after: str, index: int,
                 merge: int) -> None:
        super().__init__(label)
        self.studio, self.before, self.after, self.index, self.merge = (
            studio, before, after, index, merge)
        self._done = True  # pushed after the change was made

    def id(self) -> int:
        return self.merge

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, Snapshot) or other.merge != self.merge or self.merge < 0:
            return False
        self.after = other.after
        return True

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        self.studio.restore(self.after, self.index)

    def undo(self) -> None:
        self.studio.restore(self.before, self.index)


class Studio(QObject):
    """``Studio(window, runner).open(folder)``; every edit checks and repaints in the
    background, 40 ms after the last keystroke."""

    checked = Signal(object)  # a Check: the newest deck, problems and pictures are shown
    saved = Signal(object)  # the path of the deck.yaml written
    settings_result = Signal(str)  # what saving or testing the settings, or the PIN, did

    def __init__(self, window: StudioWindow, runner: TaskRunner, debounce_ms: int = 40,
                 config: Path | None = None, data_dir: Path | None = None) -> None:
        super().__init__(window)
        self.window, self.runner = window, runner
        self.config = config or paths.config_file(None)
        self.data_dir = data_dir or paths.data_dir(None)
        self.settings = SettingsDocument(self.config)
        window.settings.load(self.settings)
        window.settings.save_requested.connect(self.save_settings)
        window.settings.test_requested.connect(self.test_settings)
        window.settings.pin_requested.connect(self.set_pin)
        self.document: DeckDocument | None = None
        self.dirty = False
        self.generation = 0
        self.thumb_generation = -1
        self.undo_stack = QUndoStack(self)
        self._text = ""  # the deck's text as of the last change (for undo and the checks)
        self.last: Check | None = None
        self._thumbs_wanted = True
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(debounce_ms)
        self._timer.timeout.connect(self.refresh)
        window.slides.currentRowChanged.connect(self.on_slide_chosen)
        window.fields.changed.connect(self.on_field_changed)
        window.fields.image_requested.connect(self.on_image_requested)
        window.deck.changed.connect(self.on_deck_changed)
        window.slides.files_dropped.connect(self.add_files)
        window.slides.model().rowsMoved.connect(self._dragged)
        window.orientations.idClicked.connect(lambda _id: self.refresh())
        for kind, action in window.add_actions.items():
            action.triggered.connect(lambda _=False, k=kind: self.add_slide(k))
        window.up_button.clicked.connect(lambda: self.move(-1))
        window.down_button.clicked.connect(lambda: self.move(1))
        window.duplicate_button.clicked.connect(self.duplicate)
        window.delete_button.clicked.connect(self.delete)
        window.save_button.clicked.connect(self.on_save)
        window.save_as_button.clicked.connect(self.ask_save_as)
        window.import_button.clicked.connect(self.ask_import)
        window.close_check = self.may_close
        window.undo_button.clicked.connect(self.undo_stack.undo)
        window.redo_button.clicked.connect(self.undo_stack.redo)
        self.undo_stack.canUndoChanged.connect(window.undo_button.setEnabled)
        self.undo_stack.canRedoChanged.connect(window.redo_button.setEnabled)
        window.undo_button.setEnabled(False)
        window.redo_button.setEnabled(False)
        for keys, slot in ((QKeySequence.StandardKey.Undo, self.undo_stack.undo),
                           (QKeySequence.StandardKey.Redo, self.undo_stack.redo)):
            shortcut = QShortcut(QKeySequence(keys), window)
            shortcut.activated.connect(slot)
        window.preview.clicked_at.connect(self.set_focus)

    # ---------------------------------------------------------------- the deck
    @property
    def index(self) -> int:
        return self.window.slides.currentRow()

    @property
    def is_bundled(self) -> bool:
        return (self.document is not None and self.document.folder.resolve()
                == paths.bundled_content_dir().resolve())

    def open(self, folder: Path) -> None:
        self.document = DeckDocument(folder)
        self._text = self.document.text()
        self.undo_stack.clear()
        self.dirty = False
        self._fill_list(0)
        self.window.deck.load(self.document.data)
        self.window.setWindowTitle(f"Kiosk Studio — {folder}")

    def _fill_list(self, select: int) -> None:
        assert self.document is not None
        slides = self.window.slides
        slides.blockSignals(True)
        slides.clear()
        for i, slide in enumerate(self.document.slides):
            words = next((str(slide[k]) for k in ("heading", "figure", "quote", "caption")
                          if isinstance(slide.get(k), str)), "")
            item = QListWidgetItem(f"{i + 1}")
            item.setToolTip(f"{slide.get('type')}: {words}")
            if slide.get("placeholder"):
                item.setToolTip(f"Replace this photo: {slide['placeholder']}")
            slides.addItem(item)
        slides.blockSignals(False)
        self._thumbs_wanted = True
        slides.setCurrentRow(max(0, min(select, slides.count() - 1)))
        self.on_slide_chosen(slides.currentRow())

    def on_slide_chosen(self, index: int) -> None:
        if self.document is None or index < 0:
            return
        document = self.document
        sources = [str(s.get("id")) for s in document.data.get("sources") or []]
        chapters = [str(c.get("id")) for c in document.data.get("chapters") or []]
        self.window.fields.load(document.slide(index), document.languages, sources, chapters)
        self.refresh()

    def _record(self, label: str, merge: int = -1) -> None:
        """After a change to the document: one step to undo, and the deck is unsaved."""
        assert self.document is not None
        after = self.document.text()
        if after != self._text:
            self.undo_stack.push(Snapshot(self, label, self._text, after,
                                          max(0, self.index), merge))
            self._text = after
        self.dirty = True

    def restore(self, text: str, index: int) -> None:
        """Undo or redo: the deck as it was."""
        assert self.document is not None
        self.document = DeckDocument(self.document.folder, text)
        self._text = text
        self.dirty = True
        self.window.deck.load(self.document.data)
        self._fill_list(index)

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
        self._record(f"edit {name}", merge=hash((self.index, name, language)) & 0x3FFFFFFF)
        self._thumbs_wanted = True
        self._timer.start()

    def on_deck_changed(self, where: str, name: str, value: Any, language: str | None
                        ) -> None:
        """The deck's title, languages or colours: every slide may look different now."""
        assert self.document is not None
        if where == "theme":
            self.document.set_theme(name, value)
        else:
            self.document.set_deck_field(name, value, language)
        self._record(f"change the deck's {name}", merge=hash((where, name, language))
                     & 0x3FFFFFFF)
        if name == "languages":
            self.window.deck.load(self.document.data)
            self.on_slide_chosen(self.index)  # a box for each language
        self._thumbs_wanted = True
        self._timer.start()

    def add_slide(self, kind: str) -> None:
        assert self.document is not None
        taken = {str(s.get("id")) for s in self.document.slides}
        number = 1
        while f"{kind}-new-{number}" in taken:
            number += 1
        starter = dict(STARTERS.get(kind, {}))
        sources = [str(s.get("id")) for s in self.document.data.get("sources") or []]
        if kind in NEEDS_SOURCE and sources:
            starter["source"] = sources[0]  # a figure or quotation always says where from
        at = self.document.add_slide({"type": kind, "id": f"{kind}-new-{number}",
                                      **starter}, self.index + 1)
        self._record(f"add a {kind} slide")
        self._fill_list(at)

    def move(self, step: int) -> None:
        assert self.document is not None
        to = self.index + step
        if 0 <= to < len(self.document.slides):
            self.document.move_slide(self.index, to)
            self._record("move a slide")
            self._fill_list(to)

    def _dragged(self, _parent: Any, start: int, _end: int, _destination: Any, row: int
                 ) -> None:
        """A slide dragged to another place in the list."""
        if self.document is None:
            return
        to = row - 1 if row > start else row
        self.document.move_slide(start, to)
        self._record("move a slide")
        QTimer.singleShot(0, lambda: self._fill_list(to))  # after the list finishes its move

    def add_files(self, files: list[Path], row: int) -> None:
        """Photos (or a folder of them) become image slides after ``row``; a PDF's pages
        become slides at the end."""
        from kiosk.studio.window import PHOTO_SUFFIXES

        assert self.document is not None
        photos: list[Path] = []
        for item in files:
            if item.suffix.lower() == ".pdf":
                self.import_pdf(item)
            elif item.is_dir():
                photos += sorted(p for p in item.iterdir()
                                 if p.suffix.lower() in PHOTO_SUFFIXES)
            else:
                photos.append(item)
        at = row
        for photo in photos:
            at = self.document.add_slide({"type": "image",
                                          "id": self._free_id(_slug(photo.stem))}, at + 1)
            self.document.set_field(at, "image", self._copy_in(photo))
        if photos:
            self._record(f"add {len(photos)} photo(s)")
            self._fill_list(at)

    def _free_id(self, base: str) -> str:
        assert self.document is not None
        taken = {str(s.get("id")) for s in self.document.slides}
        name, number = base, 2
        while name in taken:
            name, number = f"{base}-{number}", number + 1
        return name

    def duplicate(self) -> None:
        assert self.document is not None
        at = self.document.duplicate_slide(self.index)
        self._record("duplicate a slide")
        self._fill_list(at)

    def delete(self) -> None:
        assert self.document is not None
        if len(self.document.slides) > 1:
            self.document.delete_slide(self.index)
            self._record("delete a slide")
            self._fill_list(self.index)

    # ---------------------------------------------------------------- photos
    def on_image_requested(self, name: str) -> None:
        dialog = QFileDialog(self.window, "Choose a photo")
        dialog.setNameFilter("Photos (*.jpg *.jpeg *.png *.webp)")
        dialog.fileSelected.connect(lambda chosen: self.use_image(name, Path(chosen)))
        dialog.open()  # not exec(): no nested event loop

    def use_image(self, name: str, photo: Path) -> str:
        """Copy ``photo`` into the deck's images/ (a deck carries its own photos) and point the
        slide's field at it; returns the path written in the deck."""
        assert self.document is not None
        relative = self._copy_in(photo)
        self.document.set_field(self.index, name, relative)
        self.document.remove_field(self.index, "placeholder")
        self.window.fields.set_value(name, relative)
        self._record("choose a photo")
        self._thumbs_wanted = True
        self.refresh()
        return relative

    def set_focus(self, x: float, y: float) -> None:
        """A click on a photo's preview: that point stays in view when the photo is cropped."""
        if self.document is None or self.index < 0:
            return
        slide = self.document.slide(self.index)
        picture = self.document.folder / str(slide.get("image", ""))
        if slide.get("type") != "image" or slide.get("fit") == "fit" or not picture.is_file():
            return  # only a photo cropped to fill the screen has a focal point to choose
        facts = image_facts(picture.resolve())
        if not facts.width or not facts.height:
            return
        screen = PREVIEW[max(0, self.window.orientations.checkedId())]
        old = slide.get("focus") or [0.5, 0.5]
        new = focus_for_click((facts.width, facts.height), (screen.width(), screen.height()),
                              (float(old[0]), float(old[1])), (x, y))
        self.document.set_field(self.index, "focus", list(new))
        self.window.fields.load(slide, self.document.languages,
                                [str(s.get("id")) for s in self.document.data.get("sources")
                                 or []],
                                [str(c.get("id")) for c in self.document.data.get("chapters")
                                 or []])
        self._record("set the focal point")
        self._thumbs_wanted = True
        self.refresh()

    def _copy_in(self, photo: Path) -> str:
        """Copy ``photo`` into the deck's images/ (a same-named other photo is not replaced);
        returns the path the deck names it by."""
        assert self.document is not None
        folder = self.document.folder / "images"
        folder.mkdir(exist_ok=True)
        target = folder / photo.name
        number = 2
        while target.exists() and target.read_bytes() != photo.read_bytes():
            target = folder / f"{photo.stem}-{number}{photo.suffix}"
            number += 1
        if not target.exists():
            shutil.copyfile(photo, target)
        return relative_image(self.document.folder, target)

    # ---------------------------------------------------------------- checking, painting
    def refresh(self) -> None:
        if self.document is None:
            return
        self.generation += 1
        size = PREVIEW[max(0, self.window.orientations.checkedId())]
        slide = self.document.slide(max(0, self.index))
        slide_id = str(slide.get("id") or f"{slide.get('type')}-{max(0, self.index) + 1}")
        job = (self.document.folder, self._text, slide_id, size, self.generation,
               self._thumbs_wanted)
        if self._thumbs_wanted:
            self.thumb_generation = self.generation
        self._thumbs_wanted = False
        self.runner.run(lambda: check(*job), done=self._checked)

    def _checked(self, result: Check) -> None:
        if result.thumbnails and result.generation == self.thumb_generation:
            for row, slide_id in enumerate(self._slide_ids()):  # the newest set of them
                item, thumb = self.window.slides.item(row), result.thumbnails.get(slide_id)
                if item is not None:
                    item.setIcon(QIcon(QPixmap.fromImage(self._badged(row, thumb)))
                                 if thumb is not None else QIcon())
        if result.generation != self.generation:
            return  # an older check: a newer one is on its way
        self.last = result
        self.window.preview.set_image(result.preview,
                                      "This slide cannot be shown yet: see its problems.")
        self._show_problems(result)
        self.checked.emit(result)

    def _slide_ids(self) -> list[str]:
        """Each slide's id as the kiosk names it (its own, else type-number)."""
        assert self.document is not None
        return [str(s.get("id") or f"{s.get('type')}-{i + 1}")
                for i, s in enumerate(self.document.slides)]

    def _badged(self, row: int, thumb: QImage) -> QImage:
        """A stand-in photo's thumbnail says so: 'Replace this photo'."""
        if self.document is None or row >= len(self.document.slides) or not (
                self.document.slides[row].get("placeholder")):
            return thumb
        marked = thumb.copy()
        painter = QPainter(marked)
        band = QRect(0, marked.height() - 24, marked.width(), 24)
        painter.fillRect(band, QColor("#e3a94f"))
        painter.setPen(QColor("#15202b"))
        font = painter.font()
        font.setPixelSize(14)
        font.setBold(True)
        painter.setFont(font)
        painter.drawText(band, Qt.AlignmentFlag.AlignCenter, "Replace this photo")
        painter.end()
        return marked

    def _show_problems(self, result: Check) -> None:
        errors = [p for p in result.problems if p.is_error]
        if errors:
            self.window.set_status(f"{len(errors)} problem(s) to fix: not ready for the booth "
                                   "(you can still save your work)", ready=False)
        else:
            notes = len(result.problems)
            self.window.set_status("Ready for the booth" + (f" · {notes} note(s) worth a look"
                                                            if notes else ""), ready=True)
        by_field: dict[str, list[str]] = {}
        general: list[str] = []
        if 0 <= self.index < len(result.spans):
            start, lines = result.spans[self.index]
            following = [first for first, _ in result.spans if first > start]
            end = min(following, default=10**9)
            for problem in result.problems:
                if start <= problem.line < end:
                    name = lines.get(problem.line)
                    text = ("" if problem.is_error else "note: ") + problem.message
                    shown = name is not None and name in self.window.fields.problems
                    (by_field.setdefault(str(name), []) if shown else general).append(text)
        self.window.fields.show_problems(by_field)
        self.window.slide_problems.setText("\n".join(general))

    # ---------------------------------------------------------------- the kiosk's settings
    def save_settings(self, then_test: bool = False) -> None:
        """Write kiosk.yaml (keeping its comments; a backup beside it), then say what the
        kiosk will make of it."""
        self.window.settings.write_into(self.settings)
        document, config = self.settings, self.config

        def work() -> str:
            document.save()
            _settings, problems = load_settings(config)
            words = ("Saved." if not problems else "Saved, but the kiosk will use the "
                     "default for: " + "; ".join(p.message for p in problems[:3]))
            return words + (" " + test_delivery(config) if then_test else "")

        self.window.settings.result.setText("Testing…" if then_test else "Saving…")
        self.runner.run(work, done=self._settings_done,
                        failed=lambda e: self._settings_done(f"Not saved: {e}"))

    def test_settings(self) -> None:
        self.save_settings(then_test=True)

    def _settings_done(self, words: str) -> None:
        self.window.settings.result.setText(words)
        self.settings_result.emit(words)

    def set_pin(self, pin: str) -> None:
        data_dir = self.data_dir
        self.runner.run(lambda: set_pin(data_dir, pin), done=self._pin_done,
                        failed=lambda e: self._pin_done(f"The PIN was not set: {e}"))

    def _pin_done(self, words: str) -> None:
        self.window.settings.pin_result.setText(words)
        self.settings_result.emit(words)

    # ---------------------------------------------------------------- saving
    def on_save(self) -> None:
        if self.is_bundled:
            self.ask_save_as()
            return
        self.save()

    def save(self, folder: Path | None = None) -> None:
        """Save (a deck with problems can be saved: it is then not ready for the booth)."""
        assert self.document is not None
        document = self.document
        if folder is not None and folder != document.folder:
            self._copy_deck(document.folder, folder)
        self.runner.run(lambda: document.save(folder), done=self._saved,
                        failed=lambda e: self.window.set_status(f"Not saved: {e}", False))

    @staticmethod
    def _copy_deck(source: Path, target: Path) -> None:
        """A copy takes the deck's images and form with it (never the installed package)."""
        target.mkdir(parents=True, exist_ok=True)
        for item in source.iterdir():
            if item.name in ("deck.yaml", "deck.yaml.bak"):
                continue
            destination = target / item.name
            if item.is_dir():
                shutil.copytree(item, destination, dirs_exist_ok=True)
            elif not destination.exists():
                shutil.copy2(item, destination)

    def _saved(self, path: Path) -> None:
        self.dirty = False
        self.window.setWindowTitle(f"Kiosk Studio — {path.parent}")
        log.info("studio saved %s", path)
        self.saved.emit(path)

    def ask_save_as(self) -> None:
        dialog = QFileDialog(self.window, "Save a copy of the deck in a folder")
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.fileSelected.connect(lambda chosen: self.save(Path(chosen)))
        dialog.open()

    def ask_import(self) -> None:
        dialog = QFileDialog(self.window, "Slides from a presentation (PDF)")
        dialog.setNameFilter("PDF (*.pdf)")
        dialog.fileSelected.connect(lambda chosen: self.import_pdf(Path(chosen)))
        dialog.open()

    def import_pdf(self, pdf: Path) -> None:
        """Save first (the import writes the deck), then add the pages, then reopen."""
        from kiosk.studio.pdf_import import import_pdf

        assert self.document is not None
        if self.is_bundled:
            self.window.set_status("Save a copy of the deck first: the installed deck is "
                                   "never changed.", ready=False)
            return
        document, folder = self.document, self.document.folder

        def work() -> list[str]:
            document.save()
            return import_pdf(pdf, folder)

        self.runner.run(work, done=lambda ids: self._imported(folder, len(ids)),
                        failed=lambda e: self.window.set_status(f"Not imported: {e}", False))

    def _imported(self, folder: Path, count: int) -> None:
        self.open(folder)
        self._fill_list(len(self.document.slides) - count if self.document else 0)

    def may_close(self) -> bool:
        """Unsaved changes are never lost silently: ask first."""
        if not self.dirty:
            return True
        box = QMessageBox(QMessageBox.Icon.Question, "Kiosk Studio",
                          "Save your changes before closing?",
                          QMessageBox.StandardButton.Save
                          | QMessageBox.StandardButton.Discard
                          | QMessageBox.StandardButton.Cancel, self.window)
        box.finished.connect(self._close_answer)
        box.open()
        return False

    def _close_answer(self, answer: int) -> None:
        if answer == QMessageBox.StandardButton.Discard:
            self.dirty = False
            self.window.close()
        elif answer == QMessageBox.StandardButton.Save:
            self.on_save()
