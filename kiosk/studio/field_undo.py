"""Ctrl+Z (and Ctrl+Shift+Z) in a studio field take back the studio's last step, as they do
anywhere else in the window: a text box's own undo would change the box behind the deck's
back, or undo two typings it took for one."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent, QKeySequence


class StudioUndoKeys(QObject):
    """Installed on a text box: the undo and redo keys pass it by, to the window's own."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) and (
                event.matches(QKeySequence.StandardKey.Undo)
                or event.matches(QKeySequence.StandardKey.Redo)):
            event.ignore()  # not the box's: the window's shortcut takes it
            return True
        return False
