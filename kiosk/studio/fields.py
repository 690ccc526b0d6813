"""A slide's fields as controls, built from the same declarations (``content/schema.py``) that
check a deck and write its JSON Schema: a field declared there needs no editor code here.

Text is one box per deck language, side by side; choices, numbers, sources and chapters are
controls, not typing; when the slide shows is said in words ("Sundays, 9–13",
``schedule_field``). Fields a volunteer rarely needs (the slide's name in the file, the
stand-in note, the focal point's numbers) wait under "More". Every change is reported as
``changed(name, value, language)``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.content.deck_kinds import Pair, Ref
from kiosk.content.image_kind import Image
from kiosk.content.kinds import Choice, Field, Flag, Number, Text
from kiosk.content.media_kind import MediaFile
from kiosk.content.schedule_kind import Schedule
from kiosk.content.schema import SLIDE_TYPES, slide_fields
from kiosk.studio.a11y import name_form, named
from kiosk.studio.checks import PHOTO_SUFFIXES
from kiosk.studio.field_undo import StudioUndoKeys
from kiosk.studio.file_boxes import DropBox
from kiosk.studio.media_rows import MediaRows
from kiosk.studio.schedule_field import show_box

#: Fields that hold more than a line: a taller box.
LONG = {"body", "quote", "text", "label", "placeholder"}
#: Fields a volunteer never edits here (the list and the type menu set them).
HIDDEN = {"type"}
#: Fields kept under "More": the slide's name in the file, the stand-in note, the focal
#: point's numbers (a click on the preview sets it).
MORE = ("id", "placeholder", "focus")
#: Each kind of slide in a volunteer's words (the add-slide menu).
KIND_NAMES = {"title": "Title", "text": "Text", "image": "Photo", "quote": "Quotation",
              "stat": "Figure", "sources": "List of sources",
              "call_to_action": "Invitation with a QR code", "video": "Video"}
#: Each field in a volunteer's words (any other: its name, capitalised).
LABELS = {
    "heading": "Heading", "subtitle": "Line under the heading", "body": "Text",
    "image": "Photo", "caption": "Caption", "credit": "Photo by",
    "alt": "Description for screen readers", "fit": "Photo size", "quote": "Quotation",
    "by": "Said or written by", "figure": "Figure", "label": "What the figure counts",
    "url": "Web address (QR code)", "url_label": "Words under the QR code",
    "duration": "Time on screen", "transition": "Transition", "chapter": "Starts a chapter",
    "source": "Source", "id": "Name in the file", "placeholder": "Stand-in photo note",
    "focus": "Where the eye goes", "show": "When it shows", "video": "Video",
    "poster": "Poster (a still)", "loop": "Repeat", "subtitles": "Subtitles",
    "narration": "Narration (a voice)",
}
#: Fields a kind of slide calls otherwise.
KIND_LABELS = {"video": {"credit": "Video by"}}
#: What a yes/no field's check box says, by field.
FLAG_WORDS = {"loop": "Play again from the start until the slide's time is over"}
#: The values of a choice in words, by field.
CHOICE_WORDS = {
    "fit": {"fill": "Fill the screen", "fit": "Show the whole photo"},
    "transition": {"fade": "Fade", "slide": "Slide in", "cut": "Cut (no effect)"},
}
#: What an unset choice shows, by field.
UNSET = {"transition": "(deck default)", "chapter": "(no new chapter)"}
FOCUS_HINT = "Click the photo in the preview to choose where the eye goes."

Registry = Sequence[tuple[str, str]] | Sequence[str]


def _pairs(entries: Registry) -> list[tuple[str, str]]:
    """Sources or chapters as (id, title); a bare id is its own title."""
    return [(entry, entry) if isinstance(entry, str) else (str(entry[0]), str(entry[1]))
            for entry in entries]


def number_box(parent: QWidget, low: float, high: float, unit: str, value: float
               ) -> QDoubleSpinBox:
    """A number in whole units ("45 s") unless it already holds a fraction."""
    box = QDoubleSpinBox(parent)
    units = float(value).is_integer()
    box.setDecimals(0 if units else 1)
    box.setRange(math.ceil(low) if units else low, high)  # whole: no 0.5 to step from
    box.setSuffix(unit)
    box.setValue(value)
    return box


def whole(value: float) -> float | int:
    """A number as the file should hold it: 45, not 45.0."""
    return int(value) if float(value).is_integer() else value


def field_label(name: str) -> str:
    return LABELS.get(name, name.replace("_", " ").capitalize())


class FieldEditor(QWidget):
    """The controls for one slide. ``load(slide, languages, sources, chapters)`` fills them
    (sources and chapters as (id, title) pairs, or bare ids); ``image_requested(name)`` asks
    the window to choose a photo for an image field; ``image_dropped(name, path)`` brings one
    dropped on it; ``add_source_requested`` asks for a new source. The sound and video files'
    rows ask through ``media`` (:class:`~kiosk.studio.media_rows.MediaRows`)."""

    changed = Signal(str, object, object)  # field, value (None: remove), language or None
    image_requested = Signal(str)
    image_dropped = Signal(str, object)
    add_source_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # narrow: above
        outer.addLayout(self.form)
        outer.addStretch(1)
        self.inputs: dict[tuple[str, str | None], QWidget] = {}  # (field, language) -> control
        self.problems: dict[str, QLabel] = {}
        self.media = MediaRows(self, self.inputs)
        self.slide_type = ""
        self._unset_time = "(deck default)"
        self.more_button = QToolButton(self)  # made again, in the form, by load()
        self.more_button.setObjectName("more")
        self.more_button.hide()
        self.more_open = False  # kept from slide to slide
        self._more_rows: list[int] = []
        self._focus_shown = False
        self._loading = False
        self._undo_keys = StudioUndoKeys(self)

    # ---------------------------------------------------------------- building
    def load(self, slide: Mapping[str, Any], languages: list[str], sources: Registry,
             chapters: Registry) -> None:
        self._loading = True
        while self.form.rowCount():
            self.form.removeRow(0)
        self.inputs.clear()
        self.problems.clear()
        self.media.clear()
        self.media.has_poster = bool(slide.get("poster"))
        kind = self.slide_type = str(slide.get("type"))
        self._unset_time = ("(as long as the video)" if kind == "video" and not slide.get("loop")
                            else "(deck default)")  # how long an untimed slide shows
        fields = {**SLIDE_TYPES.get(kind, {}), **slide_fields(kind)}  # the slide's own first
        registries = {"source": _pairs(sources), "chapter": _pairs(chapters)}
        self._focus_shown = "focus" in fields
        names = [n for n in fields if n not in HIDDEN and n not in MORE]
        for name in names:
            self._add_row(name, fields[name], slide.get(name), languages, registries)
        self._more_button()
        self._more_rows = []
        for name in (n for n in MORE if n in fields):
            self._more_rows.append(self.form.rowCount())
            self._add_row(name, fields[name], slide.get(name), languages, registries)
        self._show_more(self.more_open)
        name_form(self.form)
        self._loading = False

    def _add_row(self, name: str, spec: Field, value: Any, languages: list[str],
                 registries: Mapping[str, list[tuple[str, str]]]) -> None:
        row = self._row(name, spec, value, languages, registries)
        problem = QLabel(self)
        problem.setObjectName("problem")
        problem.setWordWrap(True)
        problem.hide()
        self.problems[name] = problem
        holder = QWidget(self)  # a widget, not a layout: a row hidden and shown again
        box = QVBoxLayout(holder)  # keeps its problem label as it was
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(row)
        if name == "image" and self._focus_shown:
            box.addWidget(self._hint(FOCUS_HINT))
        box.addWidget(problem)
        caption = QLabel(self._label(name) + (" *" if spec.required else ""), self)
        caption.setToolTip(spec.doc)
        caption.setBuddy(next((w for (n, _), w in self.inputs.items() if n == name), holder))
        self.form.addRow(caption, holder)

    def _label(self, name: str) -> str:
        """A field in a volunteer's words, as this kind of slide calls it."""
        return KIND_LABELS.get(self.slide_type, {}).get(name) or field_label(name)

    def _hint(self, words: str) -> QLabel:
        hint = QLabel(words, self)
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        return hint

    def _more_button(self) -> None:
        self.more_button = QToolButton(self)
        self.more_button.setObjectName("more")
        self.more_button.setText("More")
        self.more_button.setCheckable(True)
        self.more_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.more_button.toggled.connect(self._show_more)
        self.form.addRow(self.more_button)

    def _show_more(self, shown: bool) -> None:
        """Open or close "More" (it stays so for the next slide)."""
        self.more_open = shown
        self.more_button.blockSignals(True)
        self.more_button.setChecked(shown)
        self.more_button.blockSignals(False)
        self.more_button.setArrowType(Qt.ArrowType.DownArrow if shown
                                      else Qt.ArrowType.RightArrow)
        for row in self._more_rows:
            self.form.setRowVisible(row, shown)

    def _row(self, name: str, spec: Field, value: Any, languages: list[str],
             registries: Mapping[str, list[tuple[str, str]]]) -> QBoxLayout:
        row = QHBoxLayout()
        kind = spec.kind
        if isinstance(kind, MediaFile):
            return self.media.rows(name, self._label(name), value, languages)
        if isinstance(kind, Text):
            texts = value if isinstance(value, Mapping) else {languages[0]: value}
            for language in languages:
                row.addWidget(self._text(name, texts.get(language), language,
                                         multi=len(languages) > 1))
        elif isinstance(kind, Choice):
            words = CHOICE_WORDS.get(name, {})
            choices = [(words.get(v, v.capitalize()), v) for v in kind.values]
            if spec.default is None:
                choices.insert(0, (UNSET.get(name, "(none)"), ""))
            row.addWidget(self._choice(name, choices, value, spec.default))
        elif isinstance(kind, Ref):
            current = value[0] if isinstance(value, list) and value else value
            entries = [(title, key) for key, title in registries[kind.registry]]
            row.addWidget(self._choice(name, [(UNSET.get(name, "(none)"), ""), *entries],
                                       current), 1)
            if kind.registry == "source":
                add = QPushButton("Add a source", self)
                add.setObjectName("add-source")
                add.setToolTip("A new line in the deck's sources, to fill in on 'The deck'")
                add.clicked.connect(self.add_source_requested)
                row.addWidget(add)
        elif isinstance(kind, Number):
            row.addWidget(self._number(name, kind, value))
        elif isinstance(kind, Flag):
            row.addWidget(self._flag(name, value, bool(spec.default)))
        elif isinstance(kind, Image):
            self._photo_row(row, name, value)
        elif isinstance(kind, Pair):
            self._pair(row, name, value)
        elif isinstance(kind, Schedule):
            self._schedule(row, name, value)
        else:
            row.addWidget(self._text(name, value, None, multi=False))
        return row

    def _photo_row(self, row: QHBoxLayout, name: str, value: Any) -> None:
        photo = DropBox("" if value is None else str(value), PHOTO_SUFFIXES,
                        "Drop a photo here, or choose one", self)
        photo.setObjectName(name)
        photo.dropped.connect(lambda path, n=name: self.image_dropped.emit(n, path))
        self.inputs[(name, None)] = photo
        row.addWidget(photo, 1)
        choose = QPushButton("Choose image…" if name == "poster" else "Choose photo…", self)
        choose.setObjectName(f"choose-{name}")
        choose.clicked.connect(lambda _=False, n=name: self.image_requested.emit(n))
        row.addWidget(choose)
        if name == "poster" and self.slide_type == "video":
            self.media.poster_button(row)

    def _flag(self, name: str, value: Any, default: bool) -> QCheckBox:
        """A yes/no field: ticked or not (the default is not written)."""
        box = QCheckBox(FLAG_WORDS.get(name, field_label(name)), self)
        box.setObjectName(name)
        box.setChecked(default if value is None else bool(value))
        box.toggled.connect(lambda on, n=name: self._emit(n, None if on == default else on,
                                                          None))
        self.inputs[(name, None)] = box
        return box

    def _schedule(self, row: QHBoxLayout, name: str, value: Any) -> None:
        """When the slide shows, in words ("Sundays, 9–13"), read back once the box is left."""
        words = show_box(value, self)
        words.committed.connect(lambda rule, n=name: self._emit(n, rule, None))
        self.inputs[(name, None)] = words.box
        row.addWidget(words, 1)

    def _pair(self, row: QHBoxLayout, name: str, value: Any) -> None:
        """A point on the photo, in percent across and down."""
        pair = value if isinstance(value, list) and len(value) == 2 else [0.5, 0.5]
        for i, (axis, words) in enumerate((("x", "across"), ("y", "down"))):
            share = pair[i] if isinstance(pair[i], int | float) else 0.5
            box = number_box(self, 0.0, 100.0, " %", round(float(share) * 100, 1))
            box.setPrefix(f"{words} ")
            box.setSingleStep(5)
            box.valueChanged.connect(lambda _v, n=name: self._pair_changed(n))
            self.inputs[(name, axis)] = box
            row.addWidget(box)

    def _text(self, name: str, value: Any, language: str | None, multi: bool) -> QWidget:
        text = "" if value is None else str(value)
        box: QLineEdit | QPlainTextEdit
        if name in LONG:
            box = QPlainTextEdit(text, self)
            box.setFixedHeight(110)
            box.textChanged.connect(lambda b=box, n=name, lang=language: self._emit(
                n, b.toPlainText(), lang))
        else:
            box = QLineEdit(text, self)
            box.setCursorPosition(0)  # a text longer than the box shows its start
            box.textEdited.connect(lambda t, n=name, lang=language: self._emit(n, t, lang))
        if multi and language:
            box.setPlaceholderText(language)
            box.setToolTip(f"in '{language}'")
            named(box, f"{self._label(name)} ({language})")
        box.setObjectName(f"{name}-{language}" if language else name)
        box.installEventFilter(self._undo_keys)  # Ctrl+Z: the studio's step, not the box's
        self.inputs[(name, language)] = box
        return box

    def _choice(self, name: str, choices: list[tuple[str, str]], current: Any,
                default: Any = None) -> QComboBox:
        """A list of (words shown, value stored); choosing ``default`` (or "") removes the
        field. A value the list does not know (a source since removed) is shown as it is."""
        box = QComboBox(self)
        box.setObjectName(name)
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        box.setMinimumContentsLength(10)  # a long title never widens the form
        for words, stored in choices:
            box.addItem(words, stored)
        shown = current if current is not None else default
        if shown is not None:
            found = box.findData(str(shown))
            if found < 0:
                box.addItem(str(shown), str(shown))
                found = box.count() - 1
            box.setCurrentIndex(found)
        box.view().setMinimumWidth(box.view().sizeHintForColumn(0) + 24)  # titles whole
        box.currentIndexChanged.connect(
            lambda i, n=name, b=box: self._emit(n, self._chosen(b, i, default), None))
        self.inputs[(name, None)] = box
        return box

    @staticmethod
    def _chosen(box: QComboBox, index: int, default: Any) -> str | None:
        value = box.itemData(index)
        return None if not value or value == default else str(value)

    def _number(self, name: str, kind: Number, value: Any) -> QDoubleSpinBox:
        number = float(value) if isinstance(value, int | float) else 0.0
        box = number_box(self, 0.0, kind.maximum, kind.unit, number)
        box.setObjectName(name)
        box.setSpecialValueText(self._unset_time)  # 0 shows this and means "not set"
        box.valueChanged.connect(lambda v, n=name: self._emit(n, whole(v) if v else None, None))
        self.inputs[(name, None)] = box
        return box

    def _pair_changed(self, name: str) -> None:
        x, y = (self.inputs[(name, axis)] for axis in "xy")
        assert isinstance(x, QDoubleSpinBox) and isinstance(y, QDoubleSpinBox)
        self._emit(name, [round(x.value() / 100, 3), round(y.value() / 100, 3)], None)

    def _emit(self, name: str, value: Any, language: str | None) -> None:
        if not self._loading:
            self.changed.emit(name, value, language)

    # ---------------------------------------------------------------- problems
    def show_problems(self, by_field: Mapping[str, list[str]]) -> None:
        """Each field's problems in plain words, under the field ("More" opens for one of
        its own)."""
        for name, label in self.problems.items():
            lines = by_field.get(name, [])
            label.setText("\n".join(lines))
            label.setVisible(bool(lines))
        if any(by_field.get(name) for name in MORE if name in self.problems):
            self._show_more(True)

    def set_value(self, name: str, value: str) -> None:
        """Show a value set from elsewhere (a photo chosen, a focal point clicked)."""
        box = self.inputs.get((name, None))
        if isinstance(box, QLineEdit):
            box.setText(value)
            box.setCursorPosition(0)
