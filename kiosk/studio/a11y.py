"""What a screen reader says for the studio's controls: each control's name, from the words
a sighted volunteer reads beside it (a form's row label, a button's own words), or given
where it has none (a colour swatch, a sign on a button)."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLayoutItem,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

#: What a person presses, ticks, types in or picks.
CONTROLS = (QAbstractButton, QLineEdit, QAbstractSpinBox, QComboBox, QPlainTextEdit,
            QAbstractItemView)

W = TypeVar("W", bound=QWidget)


def named(widget: W, name: str, description: str = "") -> W:
    """``widget`` called ``name`` by a screen reader (``description``: what it does)."""
    widget.setAccessibleName(name)
    if description:
        widget.setAccessibleDescription(description)
    return widget


def _own_words(control: QWidget) -> str:
    return control.text().replace("&", "").strip() if isinstance(control, QAbstractButton) \
        else ""


def _controls(item: QLayoutItem | None) -> list[QWidget]:
    """The controls a form's row holds (inside the widgets and layouts it is made of)."""
    if item is None:
        return []
    widget, layout = item.widget(), item.layout()
    if widget is not None:
        inner: list[QWidget] = [w for w in widget.findChildren(QWidget)
                                if isinstance(w, CONTROLS)]
        return [widget, *inner] if isinstance(widget, CONTROLS) else inner
    if layout is not None:
        return [c for i in range(layout.count()) for c in _controls(layout.itemAt(i))]
    return []


def name_form(form: QFormLayout) -> None:
    """Each control in a row of ``form`` with no words of its own is called by the row's
    label (a required field's star left out)."""
    label_role, field_role = QFormLayout.ItemRole.LabelRole, QFormLayout.ItemRole.FieldRole
    for row in range(form.rowCount()):
        label = form.itemAt(row, label_role)
        caption = label.widget() if label is not None else None
        if not isinstance(caption, QLabel):
            continue
        words = caption.text().removesuffix(" *").strip()
        for control in _controls(form.itemAt(row, field_role)):
            if not control.accessibleName() and not _own_words(control):
                control.setAccessibleName(words)
