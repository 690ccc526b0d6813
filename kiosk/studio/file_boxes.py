"""Boxes that take a file: they show the file a field names, and a file of the right kind
dragged from a file manager and dropped on one is used (``dropped(path)``)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QMimeData, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QLineEdit, QWidget


def local_files(data: QMimeData) -> list[Path]:
    """The files a drag from a file manager carries."""
    if not data.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in data.urls() if url.isLocalFile()]


class DropBox(QLineEdit):
    """A field that names a file: read-only (a file is chosen or dropped, never typed); a
    file with one of ``suffixes`` dropped on it is ``dropped(path)``."""

    dropped = Signal(object)

    def __init__(self, text: str, suffixes: Iterable[str], placeholder: str,
                 parent: QWidget) -> None:
        super().__init__(text, parent)
        self.suffixes = frozenset(suffixes)
        self.setReadOnly(True)
        self.setAcceptDrops(True)
        self.setPlaceholderText(placeholder)
        self.setCursorPosition(0)

    def _file(self, event: QDragEnterEvent | QDragMoveEvent | QDropEvent) -> Path | None:
        found = [p for p in local_files(event.mimeData()) if p.suffix.lower() in self.suffixes]
        return found[0] if found else None

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._file(event) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        self.dragEnterEvent(event)  # type: ignore[arg-type]

    def dropEvent(self, event: QDropEvent) -> None:
        found = self._file(event)
        if found is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.dropped.emit(found)
