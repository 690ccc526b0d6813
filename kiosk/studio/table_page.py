"""A page of the studio built round a table (the booths; the deck's sources and chapters):
its heading on top, and the table with a heading over each column and a name a screen reader
says."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QLabel, QTableWidget, QVBoxLayout, QWidget

from kiosk.studio.a11y import named


def headed(page: QWidget, title: str) -> QVBoxLayout:
    """``page`` laid out as a column, ``title`` its heading on top."""
    layout = QVBoxLayout(page)
    heading = QLabel(title, page)
    heading.setObjectName("heading")
    layout.addWidget(heading)
    return layout


def headed_table(parent: QWidget, headings: Sequence[str], name: str, description: str
                 ) -> QTableWidget:
    """An empty table, a column for each of ``headings``, called ``name`` by a screen
    reader (``description``: what it holds)."""
    table = named(QTableWidget(0, len(headings), parent), name, description)
    table.setHorizontalHeaderLabels(list(headings))
    return table
