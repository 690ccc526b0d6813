"""A slide's fields as controls, built from the same declarations (``content/schema.py``) that
check a deck and write its JSON Schema: a field declared there needs no editor code here.

Text is one box per deck language, side by side; choices, numbers, sources and chapters are
controls, not typing. Every change is reported as ``changed(name, value, language)``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMimeData, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.content.image_kind import Image
from kiosk.content.kinds import Choice, Field, Number, Pair, Ref, Text
from kiosk.content.schema import SLIDE_TYPES, slide_fields
from kiosk.studio.checks import PHOTO_SUFFIXES

#: Fields that hold more than a line: a taller box.
LONG = {"body", "quote", "text", "label", "placeholder"}
#: Fields a volunteer never edits here (the list and the type menu set them).
HIDDEN = {"type"}


def local_files(data: QMimeData) -> list[Path]:
    """The files a drag from a file manager carries."""
    if not data.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in data.urls() if url.isLocalFile()]


class PhotoBox(QLineEdit):
    """An image field: shows the photo's path; a photo dropped on it is used
    (``dropped(path)``)."""

    dropped = Signal(object)

    def __init__(self, text: str, parent: QWidget) -> None:
        super().__init__(text, parent)
        self.setReadOnly(True)
        self.setAcceptDrops(True)
        self.setPlaceholderText("Drop a photo here, or choose one")

    @staticmethod
    def _photo(event: QDragEnterEvent | QDragMoveEvent | QDropEvent) -> Path | None:
        found = [p for p in local_files(event.mimeData())
                 if p.suffix.lower() in PHOTO_SUFFIXES]
        return found[0] if found else None

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._photo(event) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        self.dragEnterEvent(event)  # type: ignore[arg-type]

    def dropEvent(self, event: QDropEvent) -> None:
        photo = self._photo(event)
        if photo is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.dropped.emit(photo)


def _label(name: str) -> str:
    return name.replace("_", " ").capitalize()


class FieldEditor(QWidget):
    """The controls for one slide. ``load(slide, languages, sources, chapters)`` fills them;
    ``image_requested(name)`` asks the window to choose a photo for an image field;
    ``image_dropped(name, path)`` brings one dropped on it."""

    changed = Signal(str, object, object)  # field, value (None: remove), language or None
    image_requested = Signal(str)
    image_dropped = Signal(str, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        self.form = QFormLayout()
        outer.addLayout(self.form)
        outer.addStretch(1)
        self.inputs: dict[tuple[str, str | None], QWidget] = {}  # (field, language) -> control
        self.problems: dict[str, QLabel] = {}
        self._loading = False

    # ---------------------------------------------------------------- building
    def load(self, slide: Mapping[str, Any], languages: list[str], sources: list[str],
             chapters: list[str]) -> None:
        self._loading = True
        while self.form.rowCount():
            self.form.removeRow(0)
        self.inputs.clear()
        self.problems.clear()
        kind = str(slide.get("type"))
        own = SLIDE_TYPES.get(kind, {})
        for name, spec in {**own, **slide_fields(kind)}.items():  # the slide's own first
            if name in HIDDEN:
                continue
            row = self._row(name, spec, slide.get(name), languages, sources, chapters)
            problem = QLabel(self)
            problem.setObjectName("problem")
            problem.setWordWrap(True)
            problem.hide()
            self.problems[name] = problem
            box = QVBoxLayout()
            box.addLayout(row)
            box.addWidget(problem)
            title = _label(name) + (" *" if spec.required else "")
            caption = QLabel(title, self)
            caption.setToolTip(spec.doc)
            self.form.addRow(caption, box)
        self._loading = False

    def _row(self, name: str, spec: Field, value: Any, languages: list[str],
             sources: list[str], chapters: list[str]) -> QHBoxLayout:
        row = QHBoxLayout()
        kind = spec.kind
        if isinstance(kind, Text):
            texts = value if isinstance(value, Mapping) else {languages[0]: value}
            for language in languages:
                row.addWidget(self._text(name, texts.get(language), language,
                                         multi=len(languages) > 1))
        elif isinstance(kind, Choice):
            row.addWidget(self._choice(name, ["", *kind.values], value))
        elif isinstance(kind, Ref):
            registry = sources if kind.registry == "source" else chapters
            current = value[0] if isinstance(value, list) and value else value
            row.addWidget(self._choice(name, ["", *registry], current))
        elif isinstance(kind, Number):
            row.addWidget(self._number(name, kind, value))
        elif isinstance(kind, Image):
            photo = PhotoBox("" if value is None else str(value), self)
            photo.setObjectName(name)
            photo.dropped.connect(lambda path, n=name: self.image_dropped.emit(n, path))
            self.inputs[(name, None)] = photo
            row.addWidget(photo)
            choose = QPushButton("Choose photo…", self)
            choose.setObjectName(f"choose-{name}")
            choose.clicked.connect(lambda _=False, n=name: self.image_requested.emit(n))
            row.addWidget(choose)
        elif isinstance(kind, Pair):
            pair = value if isinstance(value, list) and len(value) == 2 else [0.5, 0.5]
            for i, axis in enumerate("xy"):
                box = QDoubleSpinBox(self)
                box.setRange(0.0, 1.0)
                box.setDecimals(3)
                box.setSingleStep(0.05)
                box.setValue(float(pair[i]))
                box.setPrefix(f"{axis} ")
                box.valueChanged.connect(lambda _v, n=name: self._pair_changed(n))
                self.inputs[(name, axis)] = box
                row.addWidget(box)
        else:
            row.addWidget(self._text(name, value, None, multi=False))
        return row

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
        box.setObjectName(f"{name}-{language}" if language else name)
        self.inputs[(name, language)] = box
        return box

    def _choice(self, name: str, values: list[str], current: Any) -> QComboBox:
        box = QComboBox(self)
        box.setObjectName(name)
        box.addItems([v or "(none)" for v in values])
        if current is not None and str(current) in values:
            box.setCurrentIndex(values.index(str(current)))
        box.currentIndexChanged.connect(
            lambda i, n=name, vs=values: self._emit(n, vs[i] or None, None))
        self.inputs[(name, None)] = box
        return box

    def _number(self, name: str, kind: Number, value: Any) -> QDoubleSpinBox:
        box = QDoubleSpinBox(self)
        box.setObjectName(name)
        box.setRange(0.0, kind.maximum)
        box.setSpecialValueText("(deck default)")  # 0 shows this and means "not set"
        box.setSuffix(kind.unit)
        box.setValue(float(value) if isinstance(value, int | float) else 0.0)
        box.valueChanged.connect(lambda v, n=name: self._emit(n, v if v else None, None))
        self.inputs[(name, None)] = box
        return box

    def _pair_changed(self, name: str) -> None:
        x, y = (self.inputs[(name, axis)] for axis in "xy")
        assert isinstance(x, QDoubleSpinBox) and isinstance(y, QDoubleSpinBox)
        self._emit(name, [round(x.value(), 3), round(y.value(), 3)], None)

    def _emit(self, name: str, value: Any, language: str | None) -> None:
        if not self._loading:
            self.changed.emit(name, value, language)

    # ---------------------------------------------------------------- problems
    def show_problems(self, by_field: Mapping[str, list[str]]) -> None:
        """Each field's problems in plain words, under the field."""
        for name, label in self.problems.items():
            lines = by_field.get(name, [])
            label.setText("\n".join(lines))
            label.setVisible(bool(lines))

    def set_value(self, name: str, value: str) -> None:
        """Show a value set from elsewhere (a photo chosen, a focal point clicked)."""
        box = self.inputs.get((name, None))
        if isinstance(box, QLineEdit):
            box.setText(value)
            box.setCursorPosition(0)
