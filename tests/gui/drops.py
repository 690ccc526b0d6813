"""Files dragged from a file manager and dropped on a widget, as Qt delivers them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QWidget


def drop_files(target: QWidget, files: list[Path], where: QPoint | None = None) -> bool:
    """Enter, move and drop ``files`` on ``target`` at ``where`` (its middle); returns whether
    the widget took the drag."""
    data = QMimeData()  # the events only point at it: it lives until the drop is done
    data.setUrls([QUrl.fromLocalFile(str(f)) for f in files])
    at = where if where is not None else target.rect().center()
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(at, Qt.DropAction.CopyAction, data, buttons, keys)
    QApplication.sendEvent(target, enter)
    if not enter.isAccepted():
        return False
    QApplication.sendEvent(target, QDragMoveEvent(at, Qt.DropAction.CopyAction, data, buttons,
                                                  keys))
    QApplication.sendEvent(target, QDropEvent(at.toPointF(), Qt.DropAction.CopyAction, data,
                                              buttons, keys))
    return True
