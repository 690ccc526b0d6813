"""What a screen reader is told about the kiosk's own drawn widgets: a widget drawn by hand
(the slide, the countdown, the invitation) says what it is with :func:`set_role`; its name is
the widget's accessible name, set in the visitor's language where its words change."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAccessible, QAccessibleInterface
from PySide6.QtWidgets import QAccessibleWidget, QWidget

#: The dynamic property holding a widget's role (a ``QAccessible.Role`` value).
ROLE = "accessible_role"
_installed: list[bool] = []


def _interface(_class_name: str, obj: QObject) -> QAccessibleInterface | None:
    """The interface of a widget given a role (others: Qt's own)."""
    if not isinstance(obj, QWidget):
        return None
    role = obj.property(ROLE)
    if role is None:
        return None
    return QAccessibleWidget(obj, QAccessible.Role(int(role)))


def set_role(widget: QWidget, role: QAccessible.Role) -> None:
    """What ``widget`` is to a screen reader (before anything asks it)."""
    if not _installed:
        QAccessible.installFactory(_interface)
        _installed.append(True)
    widget.setProperty(ROLE, role.value)


def name(widget: QWidget, words: str, description: str = "") -> None:
    """Name ``widget`` (and describe it) for a screen reader, only when the words changed
    (each change is announced)."""
    if widget.accessibleName() != words:
        widget.setAccessibleName(words)
    if widget.accessibleDescription() != description:
        widget.setAccessibleDescription(description)
