"""The deck's sources and chapters in the studio: a table each, the columns from their
declarations in ``content/schema.py``; each source says which slides cite it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.content.kinds import Field


class RegistryTable(QWidget):
    """``edited(row, key, value)``; ``add_requested``; ``remove_requested(row)``."""

    edited = Signal(int, str, object)
    add_requested = Signal()
    remove_requested = Signal(int)

    def __init__(self, title: str, fields: Mapping[str, Field], extra: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.keys = [k for k, spec in fields.items() if not isinstance(spec.default, tuple)]
        self.extra = extra
        layout = QVBoxLayout(self)
        heading = QLabel(title, self)
        heading.setObjectName("heading")
        layout.addWidget(heading)
        self.table = QTableWidget(0, len(self.keys) + bool(extra), self)
        self.table.setHorizontalHeaderLabels([*self.keys, *([extra] if extra else [])])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setMinimumHeight(180)
        layout.addWidget(self.table)
        row = QHBoxLayout()
        self.add_button = QPushButton(f"Add to {title.lower()}", self)
        self.remove_button = QPushButton("Remove", self)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.add_button.clicked.connect(self.add_requested)
        self.remove_button.clicked.connect(
            lambda: self.remove_requested.emit(self.table.currentRow()))
        self.table.itemChanged.connect(self._changed)
        self._loading = False

    def load(self, entries: Sequence[Any], notes: Sequence[str] = ()) -> None:
        self._loading = True
        self.table.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            values = entry if isinstance(entry, Mapping) else {}
            for column, key in enumerate(self.keys):
                value = values.get(key)
                if isinstance(value, Mapping):  # a title in several languages: the first
                    value = next(iter(value.values()), "")
                self.table.setItem(row, column, QTableWidgetItem("" if value is None
                                                                 else str(value)))
            if self.extra:
                note = QTableWidgetItem(notes[row] if row < len(notes) else "")
                note.setFlags(note.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(row, len(self.keys), note)
        self._loading = False

    def _changed(self, item: QTableWidgetItem) -> None:
        if self._loading or item.column() >= len(self.keys):
            return
        text = item.text().strip()
        self.edited.emit(item.row(), self.keys[item.column()], text or None)
