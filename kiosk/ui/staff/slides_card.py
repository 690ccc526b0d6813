"""The staff panel's Slides card: what needs attention and why, the first problems (errors
first) in a list staff tap to read every one in full, the booth's set-up from a stick, and
the buttons that load, go back to and reload slides."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.content import Theme
from kiosk.staff.notice import PROBLEM_LINES
from kiosk.ui.common.widgets import ElidedLabel
from kiosk.ui.staff.parts import touch_button
from kiosk.ui.staff.problem_list import ProblemList


class TapArea(QWidget):
    """A surface that answers a tap anywhere on it (the words on it let touches through)."""

    clicked = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self._pressed = False

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._pressed = event.button() == Qt.MouseButton.LeftButton
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        pressed, self._pressed = self._pressed, False
        if pressed and self.rect().contains(event.position().toPoint()):
            self.clicked.emit()
        event.accept()


def _label(parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.hide()
    return label


class SlidesCard:
    """Fills ``card`` (its heading in place) and answers a tap on its list with
    ``problem_list``, every problem in full."""

    def __init__(self, card: QWidget, layout: QVBoxLayout, problem_list: ProblemList) -> None:
        self.card, self.problem_list = card, problem_list
        self.attention = _label(card, "warning")  # what needs attention (visitors never see)
        layout.addWidget(self.attention)
        self.content_text = _label(card, "")
        self.content_text.show()
        layout.addWidget(self.content_text)
        # The first problems, a line each, on a surface staff tap to read them all.
        self.list_button = TapArea(card)
        self.list_button.setObjectName("problem-list")
        self.list_button.clicked.connect(self.open_list)
        rows = QVBoxLayout(self.list_button)
        self.problems: list[ElidedLabel] = []
        for _ in range(PROBLEM_LINES):
            line = ElidedLabel(self.list_button, Qt.TextElideMode.ElideRight)
            line.setObjectName("detail")
            line.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            line.hide()
            rows.addWidget(line)
            self.problems.append(line)
        self.rows = rows
        self.list_button.hide()
        layout.addWidget(self.list_button)
        self.every: list[str] = []  # every problem, as kiosk validate writes it
        self.setup_note = _label(card, "warning")  # the booth's set-up from a stick
        layout.addWidget(self.setup_note)
        layout.addStretch(1)
        row = QHBoxLayout()
        self.usb_button = touch_button(card, "", "load-usb")
        self.back_button = touch_button(card, "", "go-back")
        self.reload_button = touch_button(card, "", "reload")
        self.usb_button.hide()  # until the kiosk knows where loaded slides go
        self.back_button.hide()
        for button in (self.usb_button, self.back_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.reload_button)
        layout.addLayout(row)

    def set_content(self, summary: str, attention: str, problems: Sequence[str],
                    every: Sequence[str]) -> None:
        """``summary``, ``attention`` set apart, the first ``problems`` a line each, and
        ``every`` problem for the full list."""
        self.content_text.setText(summary)
        self.content_text.setVisible(bool(summary))
        self.attention.setText(attention)
        self.attention.setVisible(bool(attention))
        for i, line in enumerate(self.problems):
            line.set_full_text(problems[i] if i < len(problems) else "")
            line.setVisible(i < len(problems))
        self.every = list(every)
        self.list_button.setVisible(bool(problems))
        if self.problem_list.isVisible():
            self.problem_list.open(self.every)

    def open_list(self) -> None:
        """Every problem in full, over the panel."""
        self.problem_list.open(self.every)

    def scale(self, u: float, pad: int) -> None:
        """Room inside the list for its lines, as the screen's size asks."""
        self.rows.setContentsMargins(pad, round(pad * 0.5), pad, round(pad * 0.5))
        self.rows.setSpacing(round(6 * u))

    @staticmethod
    def sheet(theme: Theme, u: float) -> str:
        """The list's look: a raised surface with rounded corners."""
        return f"""
            QWidget#problem-list {{ background: {theme.raised};
                border-radius: {round(20 * u)}px; }}"""
