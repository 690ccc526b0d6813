"""The deck's own settings in the studio: its title, languages and colours, with a live check
that every text can be read on its background; the booth's opening hours and closed days,
whether narration plays while the slides play by themselves, and its sources and chapters
(a chapter's "When it shows" in words, as a slide's)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QColorDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.content.contrast import theme_problems
from kiosk.content.model import Theme
from kiosk.content.schema import CHAPTER, SOURCE
from kiosk.studio.a11y import name_form, named
from kiosk.studio.registry_panel import RegistryTable
from kiosk.studio.schedule_field import OpeningHours, RuleWords

#: The deck's narration_in_loop, in words.
NARRATION_IN_LOOP = "Play narration while the slides play by themselves"
COLOURS = {"background": "Background", "surface": "Cards and panels", "text": "Text",
           "muted": "Captions and sources", "accent": "Figures and highlights"}


class DeckPanel(QWidget):
    """``changed(where, name, value, language)``: where is "deck" or "theme"."""

    changed = Signal(str, str, object, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        self.form = QFormLayout()
        outer.addLayout(self.form)
        self.contrast = QLabel(self)
        self.contrast.setWordWrap(True)
        outer.addWidget(self.contrast)
        self.sources = RegistryTable("Sources", "source", SOURCE.fields, extra="cited by",
                                     parent=self)
        self.chapters = RegistryTable("Chapters", "chapter", CHAPTER.fields,
                                      words={"show": RuleWords()}, parent=self)
        outer.addWidget(self.sources)
        outer.addWidget(self.chapters)
        outer.addStretch(1)
        self.titles: dict[str, QLineEdit] = {}
        self.languages = QLineEdit()  # made again, in the form, by load()
        self.colours: dict[str, QLineEdit] = {}
        self.swatches: dict[str, QPushButton] = {}
        self.opening: OpeningHours | None = None  # made in the form by load()
        self.narration_in_loop = QCheckBox()  # made again, in the form, by load()
        self._loading = False

    def load(self, data: Mapping[str, Any]) -> None:
        self._loading = True
        while self.form.rowCount():
            self.form.removeRow(0)
        self.titles.clear()
        languages = [str(x) for x in data.get("languages") or ["en"]]
        title = data.get("title")
        texts = title if isinstance(title, Mapping) else {languages[0]: title}
        row = QHBoxLayout()
        for language in languages:
            box = QLineEdit("" if texts.get(language) is None else str(texts[language]), self)
            box.setObjectName(f"title-{language}")
            box.setPlaceholderText(language)
            named(box, f"Title ({language})" if len(languages) > 1 else "Title")
            box.textEdited.connect(lambda t, lang=language: self._emit("deck", "title", t, lang))
            self.titles[language] = box
            row.addWidget(box)
        self.form.addRow("Title", row)
        self.languages = QLineEdit(", ".join(languages), self)
        self.languages.setObjectName("languages")
        self.languages.setToolTip("Two-letter codes, the first shown first: en for English, "
                                  "km for Khmer, ko for Korean")
        self.languages.editingFinished.connect(self._languages_done)
        self.form.addRow("Languages (en, km…)", self.languages)
        self._opening_rows(data.get("opening_hours"))
        self._narration_row(bool(data.get("narration_in_loop")))
        found = data.get("theme")
        theme: Mapping[str, Any] = found if isinstance(found, Mapping) else {}
        defaults = vars(Theme())
        for name, label in COLOURS.items():
            value = str(theme.get(name) or defaults[name])
            self.form.addRow(label, self._colour_row(name, value))
        name_form(self.form)
        self._loading = False
        self.check_contrast()

    def _opening_rows(self, raw: Any) -> None:
        """The booth's opening hours and closed days, in words (outside them it sleeps)."""
        if self.opening is not None:
            self.opening.deleteLater()  # its boxes went with their rows
        self.opening = OpeningHours(self)
        self.opening.load(raw)
        self.opening.changed.connect(lambda value: self._emit("deck", "opening_hours",
                                                               value, None))
        self.form.addRow("Opening hours", self.opening.hours)
        self.form.addRow("Closed on", self.opening.closed)

    def _narration_row(self, on: bool) -> None:
        """Narration in the loop too, or only for a visitor who turns the sound on."""
        self.narration_in_loop = QCheckBox(NARRATION_IN_LOOP, self)
        self.narration_in_loop.setObjectName("narration_in_loop")
        self.narration_in_loop.setToolTip("Otherwise a slide's recorded voice plays only for "
                                          "a visitor who turns the sound on")
        self.narration_in_loop.setChecked(on)
        self.narration_in_loop.toggled.connect(
            lambda ticked: self._emit("deck", "narration_in_loop", ticked, None))
        self.form.addRow(self.narration_in_loop)  # (the whole row: its words are long)

    def _colour_row(self, name: str, value: str) -> QHBoxLayout:
        row = QHBoxLayout()
        swatch = QPushButton(self)
        swatch.setFixedWidth(48)
        swatch.setObjectName(f"swatch-{name}")
        named(swatch, f"Choose the colour: {COLOURS[name]}")
        swatch.clicked.connect(lambda _=False, n=name: self._pick(n))
        box = QLineEdit(value, self)
        box.setObjectName(f"colour-{name}")
        box.setMaxLength(7)
        box.textEdited.connect(lambda t, n=name: self.set_colour(n, t))
        self.colours[name], self.swatches[name] = box, swatch
        self._paint_swatch(name, value)
        row.addWidget(swatch)
        row.addWidget(box, 1)
        return row

    def _pick(self, name: str) -> None:
        dialog = QColorDialog(QColor(self.colours[name].text()), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # gone once answered
        dialog.colorSelected.connect(lambda colour, n=name: self.set_colour(n, colour.name()))
        dialog.open()  # not exec(): no nested event loop

    def set_colour(self, name: str, value: str) -> None:
        """A colour typed or picked: shown, checked for contrast, reported."""
        if not QColor.isValidColorName(value) or len(value) != 7:
            return
        if self.colours[name].text() != value:
            self.colours[name].setText(value)
        self._paint_swatch(name, value)
        self.check_contrast()
        self._emit("theme", name, value, None)

    def _paint_swatch(self, name: str, value: str) -> None:
        self.swatches[name].setStyleSheet(f"background: {value}; border: 1px solid #888;")

    def check_contrast(self) -> list[str]:
        """Every pair of colours too close to read, in plain words (shown under them)."""
        colours = {n: box.text() for n, box in self.colours.items() if len(box.text()) == 7}
        problems = [words for _name, words in theme_problems(colours)]
        if problems:
            self.contrast.setStyleSheet("color: #a33a2c;")
            self.contrast.setText("\n".join(problems))
        else:
            self.contrast.setStyleSheet("color: #24693a;")
            self.contrast.setText("Every text can be read on its background.")
        self.contrast.setToolTip("Contrast checked as the web's accessibility guidelines "
                                 "ask (WCAG 2.2, level AA).")
        return problems

    def _languages_done(self) -> None:
        codes = [c.strip() for c in self.languages.text().replace(";", ",").split(",")]
        codes = [c for c in codes if c]
        if codes:
            self._emit("deck", "languages", codes, None)

    def _emit(self, where: str, name: str, value: Any, language: str | None) -> None:
        if not self._loading:
            self.changed.emit(where, name, value, language)
