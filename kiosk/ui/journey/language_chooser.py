"""The language chooser: with more than two languages, the language button opens a short
list above it, each language in its own name; one tap chooses, a tap beside it closes it."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QGridLayout, QPushButton, QWidget

from kiosk.content import Theme
from kiosk.ui.common import style
from kiosk.ui.common.metrics import fill_parent
from kiosk.visit import words


class LanguageChooser(QWidget):
    """A layer over the slides with one large button a language."""

    chosen = Signal(str)  # a language's code

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.theme = Theme()
        self.panel = QWidget(self)
        self.panel.setObjectName("panel")
        self.panel.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.grid = QGridLayout(self.panel)
        self.buttons: dict[str, QPushButton] = {}
        self.hide()

    def set_languages(self, languages: list[str], theme: Theme) -> None:
        """One button for each language, in the deck's order."""
        self.theme = theme
        if list(self.buttons) == languages:
            return
        for button in self.buttons.values():
            button.deleteLater()
        self.buttons = {}
        for code in languages:
            button = QPushButton(words.language_name(code), self.panel)
            button.setObjectName(f"language-{code}")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setCheckable(True)
            button.clicked.connect(lambda _=False, c=code: self._choose(c))
            self.buttons[code] = button

    def open(self, current: str, anchor: QRect, side: int, gap: int) -> None:
        """Show the list above ``anchor`` (the language button, in the window), its right
        edges in line, the language on screen marked; as many columns as the height needs."""
        fill_parent(self)
        self.panel.setStyleSheet(style.language_chooser_sheet(self.theme, side))
        self.grid.setSpacing(gap)
        self.grid.setContentsMargins(gap, gap, gap, gap)
        room = max(side, anchor.top() - 2 * gap)  # from the top of the screen to the button
        rows = max(1, min(len(self.buttons), (room - gap) // (side + gap)))
        while self.grid.count():
            self.grid.takeAt(0)
        for i, (code, button) in enumerate(self.buttons.items()):
            button.setChecked(code == current)
            button.setFixedHeight(side)
            button.setMinimumWidth(side * 3)
            self.grid.addWidget(button, i % rows, i // rows)
        self.panel.adjustSize()
        size = self.panel.sizeHint()
        left = max(gap, min(anchor.right() - size.width(), self.width() - gap - size.width()))
        top = max(gap, anchor.top() - gap - size.height())
        self.panel.setGeometry(left, top, size.width(), size.height())
        self.show()
        self.raise_()

    def _choose(self, code: str) -> None:
        self.hide()
        self.chosen.emit(code)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """A tap beside the list: no choice, the list closes."""
        self.hide()

    def paintEvent(self, event: QPaintEvent) -> None:
        QPainter(self).fillRect(self.rect(), QColor(8, 12, 18, 120))  # the slide, dimmed
