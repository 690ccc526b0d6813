"""Pieces the staff panel is made of: touch buttons, cards, a yes/no question."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk.staff.words import text
from kiosk.ui.common.metrics import Layer


def touch_button(parent: QWidget, text: str, name: str = "", checkable: bool = False
                 ) -> QPushButton:
    button = QPushButton(text, parent)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    button.setCheckable(checkable)
    if name:
        button.setObjectName(name)
    return button


def new_card(parent: QWidget, title: str) -> tuple[QWidget, QVBoxLayout]:
    card = QWidget(parent)
    card.setObjectName("card")
    card.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
    layout = QVBoxLayout(card)
    heading = QLabel(title, card)
    heading.setObjectName("heading")
    layout.addWidget(heading)
    return card, layout


class ConfirmBox(Layer):
    """A yes/no question over the panel (no nested event loop)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.yes = touch_button(self, "", "confirm-yes")
        self.no = touch_button(self, "", "confirm-no")
        self._on_yes: Callable[[], None] | None = None
        self.yes.clicked.connect(self._accept)
        self.no.clicked.connect(self.hide)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.text)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.no)
        row.addWidget(self.yes)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(1)
        self.set_language("en")
        self.hide()

    def set_language(self, language: str) -> None:
        self.yes.setText(text("yes", language))
        self.no.setText(text("cancel", language))

    def ask(self, text: str, yes: str, on_yes: Callable[[], None]) -> None:
        self.text.setText(text)
        self.yes.setText(yes)
        self._on_yes = on_yes
        self.cover()

    def _accept(self) -> None:
        self.hide()
        if self._on_yes is not None:
            self._on_yes()

    def paintEvent(self, event: QPaintEvent) -> None:
        QPainter(self).fillRect(self.rect(), QColor(8, 12, 18, 235))
