"""Walking what a screen reader sees: the accessibility tree from a window down."""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtGui import QAccessibleInterface


def walk(face: QAccessibleInterface) -> Iterator[QAccessibleInterface]:
    """``face`` and every interface under it a person can see (hidden parts are skipped)."""
    if face.state().invisible:
        return
    yield face
    for i in range(face.childCount()):
        child = face.child(i)
        if child is not None and child.isValid():
            yield from walk(child)
