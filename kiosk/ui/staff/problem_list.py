"""Every problem of the slides and the settings in full, over the staff panel: what staff see
when they tap the Slides card's list (no terminal needed). A list that scrolls under a finger,
errors first, then warnings; touch-sized, no keyboard, no nested event loop."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.content import Theme
from kiosk.staff.notice import is_warning, short
from kiosk.staff.words import text
from kiosk.ui.common import style
from kiosk.ui.common.metrics import Layer, touch_target, unit
from kiosk.ui.common.widgets import drag_to_scroll
from kiosk.ui.staff.parts import touch_button


class ProblemList(Layer):
    """The problems, a paragraph each, in a list that scrolls; Close goes back to the panel."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.theme = Theme()
        self.language = "en"
        self.title = QLabel(self)
        self.title.setObjectName("title")
        self.close_button = touch_button(self, "", "close-problems")
        self.close_button.clicked.connect(self.hide)
        self.scroller = QScrollArea(self)
        self.scroller.setObjectName("problem-scroll")
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        self.scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        drag_to_scroll(self.scroller)  # a finger (or the mouse) drags it
        self.body = QWidget()
        self.body.setObjectName("problem-body")
        self.rows = QVBoxLayout(self.body)
        self.rows.addStretch(1)
        self.scroller.setWidget(self.body)
        self.lines: list[QLabel] = []
        self.outer = QVBoxLayout(self)
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.close_button)
        self.outer.addLayout(head)
        self.outer.addWidget(self.scroller, 1)
        self.set_look(self.theme, "en")
        self.hide()

    def set_look(self, theme: Theme, language: str) -> None:
        self.theme, self.language = theme, language
        self.title.setText(text("problems", language))
        self.close_button.setText(text("close", language))

    def open(self, lines: Sequence[str]) -> None:
        """Show ``lines`` (as ``kiosk validate`` writes them), each in full."""
        for label in self.lines:
            self.rows.removeWidget(label)
            label.deleteLater()
        self.lines = []
        for line in lines:
            label = QLabel(short(line), self.body)
            label.setObjectName("detail" if is_warning(line) else "warning")
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(True)
            self.rows.insertWidget(len(self.lines), label)
            self.lines.append(label)
        self.relayout()
        self.scroller.verticalScrollBar().setValue(0)
        self.cover()

    def relayout(self) -> None:
        parent = self.parentWidget()
        if parent is None:
            return
        u, side = unit(parent.size()), touch_target(self)
        margin = round(50 * u)
        self.outer.setContentsMargins(margin, margin, margin, margin)
        self.outer.setSpacing(round(30 * u))
        self.rows.setSpacing(round(22 * u))
        self.rows.setContentsMargins(0, 0, round(24 * u), 0)
        self.close_button.setMinimumSize(max(side, self.close_button.sizeHint().width()), side)
        t = self.theme
        self.setStyleSheet(style.staff_panel_sheet(t, u, side) + f"""
            QLabel#warning, QLabel#detail {{ font-size: {round(26 * u)}px; }}
            QScrollArea, QWidget#problem-body {{ background: {t.background}; }}
            QScrollBar:vertical {{ background: {t.surface}; width: {side // 2}px;
                                   border-radius: {side // 4}px; }}
            QScrollBar::handle:vertical {{ background: {t.raised};
                border-radius: {side // 4}px; min-height: {side}px; }}
            QScrollBar::add-line, QScrollBar::sub-line {{ height: 0; }}""")

    def paintEvent(self, event: QPaintEvent) -> None:
        QPainter(self).fillRect(self.rect(), QColor(self.theme.background))
