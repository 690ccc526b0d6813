"""The deck's sources and chapters in the studio: a table each, the columns from their
declarations in ``content/schema.py``; each source says which slides cite it. A column of
words (a chapter's "When it shows") is read back as it is typed in, its problems said under
the table."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QWidget,
)

from kiosk.content.deck_kinds import Icon
from kiosk.content.kinds import Field
from kiosk.studio.icon_picker import COLOUR, IconPicker
from kiosk.studio.table_page import headed, headed_table
from kiosk.ui.common.icons import icon

#: Column headings in plain words (any other field: its name, capitalised).
HEADINGS = {"id": "Name in the file", "title": "Title", "publisher": "Publisher",
            "short": "Short form", "year": "Year", "url": "Web address", "icon": "Icon",
            "cited by": "Cited on slides", "show": "When it shows"}


#: Columns whose words a volunteer types and reads whole (their starting width, in pixels).
WIDE = {"title": 240, "publisher": 180, "show": 220}


def column_heading(key: str) -> str:
    return HEADINGS.get(key, key.replace("_", " ").capitalize())


class Words(Protocol):
    """A column whose value is said, and typed, in words."""

    tip: str

    def say(self, value: Any) -> tuple[str, str]:
        """The value in words, and the problem with it ('' if none)."""

    def read(self, text: str) -> tuple[Any, str]:
        """The value typed words mean, or the problem with them."""


class RegistryTable(QWidget):
    """``edited(row, key, value)``; ``add_requested``; ``remove_requested(row)``. An icon is
    chosen in a picker (double-click its cell, or "Choose icon…"), never typed."""

    edited = Signal(int, str, object)
    add_requested = Signal()
    remove_requested = Signal(int)

    def __init__(self, title: str, one: str, fields: Mapping[str, Field], extra: str = "",
                 words: Mapping[str, Words] | None = None, parent: QWidget | None = None
                 ) -> None:
        """``title``: "Sources"; ``one``: "source" (for the buttons' words); ``words``: the
        columns said in words, by key."""
        super().__init__(parent)
        self.words = dict(words or {})
        keys = [k for k, spec in fields.items() if not isinstance(spec.default, tuple)]
        at = keys.index("title") + 1 if "title" in keys else len(keys)  # beside the title
        keys[at:at] = [k for k in keys[at:] if k in self.words]
        self.keys = list(dict.fromkeys(keys))
        self.icon_keys = {k for k in self.keys if isinstance(fields[k].kind, Icon)}
        self.defaults = {k: fields[k].default for k in self.keys}
        self.picker: IconPicker | None = None
        self.extra = extra
        layout = headed(self, title)
        self.table = headed_table(self, [column_heading(k) for k in
                                         [*self.keys, *([extra] if extra else [])]],
                                  title, f"One {one} a line: type in a cell to change it")
        for column, key in enumerate(self.keys):
            header = self.table.horizontalHeaderItem(column)
            if header is not None:
                header.setToolTip(fields[key].doc)
        columns = self.table.horizontalHeader()
        columns.setStretchLastSection(True)
        for column, key in enumerate(self.keys):  # the words a volunteer types get room
            if key in WIDE:
                self.table.setColumnWidth(column, WIDE[key])
            elif key != "url":
                columns.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setMinimumHeight(180)
        layout.addWidget(self.table)
        self.problem = QLabel(self)  # what words typed in a cell mean, when they mean nothing
        self.problem.setObjectName("problem")
        self.problem.setWordWrap(True)
        self.problem.hide()
        layout.addWidget(self.problem)
        self._problems: dict[int, str] = {}  # by row
        row = QHBoxLayout()
        self.add_button = QPushButton(f"Add a {one}", self)
        self.remove_button = QPushButton("Remove", self)
        self.remove_button.setToolTip(f"Remove the chosen {one}")
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        self.icon_button = QPushButton("Choose an icon…", self)
        self.icon_button.setVisible(bool(self.icon_keys))
        self.icon_button.clicked.connect(lambda: self.choose_icon(self.table.currentRow()))
        row.addWidget(self.icon_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.add_button.clicked.connect(self.add_requested)
        self.remove_button.clicked.connect(
            lambda: self.remove_requested.emit(self.table.currentRow()))
        self.table.itemChanged.connect(self._changed)
        self.table.cellDoubleClicked.connect(self._double_clicked)
        self._loading = False

    def load(self, entries: Sequence[Any], notes: Sequence[str] = ()) -> None:
        self._loading = True
        self.table.setRowCount(len(entries))
        self._problems.clear()
        for row, entry in enumerate(entries):
            values = entry if isinstance(entry, Mapping) else {}
            for column, key in enumerate(self.keys):
                value = values.get(key)
                if key in self.words:
                    self.table.setItem(row, column, self._words_item(row, key, value))
                    continue
                if isinstance(value, Mapping):  # a title in several languages: the first
                    value = next(iter(value.values()), "")
                item = QTableWidgetItem("" if value is None else str(value))
                if key in self.icon_keys:
                    self._show_icon(item, str(value or self.defaults[key] or ""))
                self.table.setItem(row, column, item)
            if self.extra:
                note = QTableWidgetItem(notes[row] if row < len(notes) else "")
                note.setFlags(note.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(row, len(self.keys), note)
        self._loading = False
        self._tell()

    def _words_item(self, row: int, key: str, value: Any,
                    item: QTableWidgetItem | None = None) -> QTableWidgetItem:
        """``value`` in words, in ``item`` (or a new one); a value that cannot be read is
        said under the table."""
        words, problem = self.words[key].say(value)
        item = item or QTableWidgetItem()
        item.setText(words)
        item.setData(Qt.ItemDataRole.ForegroundRole, None)
        item.setToolTip(problem or (f"{words}\n\n" if words else "") + self.words[key].tip)
        self._problems.pop(row, None)
        if problem:
            self._problems[row] = problem
        return item

    def _changed(self, item: QTableWidgetItem) -> None:
        if self._loading or item.column() >= len(self.keys):
            return
        text = item.text().strip()
        key = self.keys[item.column()]
        if key in self.words:
            self._words_changed(item, key, text)
            return
        self.edited.emit(item.row(), key, text or None)

    def _words_changed(self, item: QTableWidgetItem, key: str, text: str) -> None:
        """Words typed in a cell: written when they read well (and shown as the studio
        says them), else kept in the cell, in red, with the problem under the table."""
        value, problem = self.words[key].read(text)
        row = item.row()
        self._loading = True
        if problem:
            self._problems[row] = problem
            item.setForeground(QBrush(QColor("#a33a2c")))
        else:
            self._words_item(row, key, value, item)
        self._loading = False
        self._tell()
        if not problem:
            self.edited.emit(row, key, value)

    def _tell(self) -> None:
        """Each row's problem with its words, under the table."""
        lines = []
        for row, problem in sorted(self._problems.items()):
            title = self.table.item(row, self.keys.index("title")) if "title" in self.keys \
                else None
            name = title.text() if title is not None and title.text() else f"Row {row + 1}"
            lines.append(f"{name}: {problem}")
        self.problem.setText("\n".join(lines))
        self.problem.setVisible(bool(lines))

    @staticmethod
    def _show_icon(item: QTableWidgetItem, name: str) -> None:
        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
        item.setToolTip("Double-click to choose another icon")
        try:
            item.setIcon(icon(name, COLOUR))
        except Exception:  # a mistyped name: the cell says so, the picker fixes it
            item.setText(f"{name} (no such icon)")

    def _double_clicked(self, row: int, column: int) -> None:
        if column < len(self.keys) and self.keys[column] in self.icon_keys:
            self.choose_icon(row, self.keys[column])

    def choose_icon(self, row: int, key: str | None = None) -> None:
        """Open the picker for ``row`` (the current row, else the first)."""
        if not self.icon_keys or self.table.rowCount() == 0:
            return
        row = max(0, row)
        key = key or sorted(self.icon_keys)[0]
        cell = self.table.item(row, self.keys.index(key))
        current = cell.text().split(" ", 1)[0] if cell is not None else ""
        if self.picker is not None:
            self.picker.deleteLater()  # the last one, answered: one at a time is kept
        self.picker = IconPicker(current, self)
        self.picker.chosen.connect(lambda name: self._icon_chosen(row, key, name))
        self.picker.open()

    def _icon_chosen(self, row: int, key: str, name: str) -> None:
        item = QTableWidgetItem(name)
        self._show_icon(item, name)
        self._loading = True
        self.table.setItem(row, self.keys.index(key), item)
        self._loading = False
        self.edited.emit(row, key, name)
