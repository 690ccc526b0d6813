"""Undo and redo in the studio: each change kept as the deck's text before and after it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

if TYPE_CHECKING:
    from kiosk.studio.controller import Studio


class Snapshot(QUndoCommand):
    """One change, kept as the deck's text before and after it (typing in one field merges
    into one step; its text after is taken when the typing pauses, None till then)."""

    def __init__(self, studio: Studio, label: str, before: str, after: str | None, index: int,
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
        assert self.after is not None  # (undoing took it)
        self.studio.restore(self.after, self.index)

    def undo(self) -> None:
        self.studio.restore(self.before, self.index)
