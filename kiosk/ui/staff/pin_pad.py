"""The staff PIN pad: digits, dots, a line of feedback. It never shows the digits.

On a kiosk with no PIN yet it also offers the first steps: load the booth's set-up from a
USB stick, or close the kiosk. It takes the deck's theme and the kiosk's language
(:meth:`PinPad.set_look`)."""

from __future__ import annotations

import math

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetricsF, QKeyEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.content import Theme
from kiosk.staff.words import text
from kiosk.ui.common import access, style
from kiosk.ui.common.fonts import font
from kiosk.ui.common.icons import icon
from kiosk.ui.common.metrics import Layer, fill_parent, touch_target, unit

MAX_DIGITS = 12
#: A widget with this property set takes Esc itself (the kiosk swallows it elsewhere).
TAKES_ESCAPE = "takes_escape"


class PinPad(Layer):
    """Digits by touch or from a keyboard (digits, Backspace, Enter; Esc cancels)."""

    submitted = Signal(str)
    cancelled = Signal()
    load_setup = Signal()  # "Load the booth's set-up from a USB stick" (no PIN set yet)
    close_kiosk = Signal()  # "Close the kiosk" (no PIN set yet)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setProperty(TAKES_ESCAPE, True)
        self.theme = Theme()
        self.language = "en"
        self.pin = ""
        self.busy = False
        self.box = QWidget(self)
        self.title = QLabel(self.box)
        self.title.setObjectName("title")
        self.dots = QLabel(self.box)
        self.dots.setObjectName("dots")
        self.message = QLabel(self.box)
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.keys: dict[str, QPushButton] = {}
        grid = QGridLayout()
        for i, name in enumerate(["1", "2", "3", "4", "5", "6", "7", "8", "9", "back", "0",
                                  "ok"]):
            button = QPushButton(self.box)
            button.setObjectName(f"pin-{name}")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, n=name: self.press(n))
            grid.addWidget(button, i // 3, i % 3)
            self.keys[name] = button
        self.cancel_button = QPushButton(self.box)
        self.cancel_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.cancel_button.clicked.connect(self.cancelled)
        self._build_choices()
        layout = self.box_layout = QVBoxLayout(self.box)
        for widget in (self.title, self.dots, self.message):
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(widget)
        layout.addLayout(grid)
        layout.setAlignment(grid, Qt.AlignmentFlag.AlignHCenter)  # (the box may be wider)
        layout.addWidget(self.cancel_button)
        layout.addWidget(self.choices)
        self.grid = grid
        self._words()
        self.hide()

    def _build_choices(self) -> None:
        """The first steps on a kiosk without a PIN, hidden until :meth:`offer_first_steps`."""
        self.choices = QWidget(self.box)
        self.setup_button = QPushButton(self.choices)
        self.setup_button.setObjectName("load-setup")
        self.close_kiosk_button = QPushButton(self.choices)
        self.close_kiosk_button.setObjectName("exit")  # the panel's look for leaving
        self.choices_layout = QGridLayout(self.choices)
        self.choices_layout.setContentsMargins(0, 0, 0, 0)
        for button, signal in ((self.setup_button, self.load_setup),
                               (self.close_kiosk_button, self.close_kiosk)):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(signal)
        self.choices.hide()

    def set_look(self, theme: Theme, language: str) -> None:
        """The deck's theme and the kiosk's language."""
        self.theme, self.language = theme, language
        self._words()
        if self.isVisible():
            self.relayout()
        self.update()

    def _words(self) -> None:
        self.cancel_button.setText(text("cancel", self.language))
        self.setup_button.setText(text("load_setup", self.language))
        self.close_kiosk_button.setText(text("close_kiosk", self.language))
        access.name(self.keys["back"], text("delete_digit", self.language))
        access.name(self.keys["ok"], text("ok", self.language))

    def open(self, message: str = "", title: str | None = None) -> None:
        """Open the pad, empty, under ``title`` ("Staff", in the kiosk's language)."""
        self.pin, self.busy = "", False
        self.title.setText(title or text("staff", self.language))
        self.choices.hide()
        self.relayout()
        self.show_message(message)
        self.cover()
        self.setFocus(Qt.FocusReason.OtherFocusReason)  # typed digits come here

    def offer_first_steps(self, title: str, message: str, can_load: bool) -> None:
        """The pad of a kiosk with no PIN: choose one here, load the set-up from a stick
        (when ``can_load``), or close the kiosk."""
        self.pin = ""
        self.title.setText(title)
        self.setup_button.setVisible(can_load)
        self.choices.show()
        self.set_busy(False)
        self.show_message(message)
        self.relayout()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, text = event.key(), event.text()
        if text and text in "0123456789":
            self.press(text)
        elif key == Qt.Key.Key_Backspace:
            self.press("back")
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.press("ok")
        elif key == Qt.Key.Key_Escape:
            self.cancelled.emit()
        else:
            super().keyPressEvent(event)

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self._refresh()

    def set_busy(self, busy: bool) -> None:
        self.busy = busy
        if busy:
            self.message.setText(text("checking", self.language))
        self._refresh()

    def press(self, name: str) -> None:
        if self.busy:
            return
        if name == "back":
            self.pin = self.pin[:-1]
        elif name == "ok":
            if self.pin:
                pin, self.pin = self.pin, ""
                self.submitted.emit(pin)
        elif len(self.pin) < MAX_DIGITS:
            self.pin += name
        self._refresh()

    def _refresh(self) -> None:
        self.dots.setText("●" * len(self.pin))  # (none yet: no hint of how many to type)
        for button in self.keys.values():
            button.setEnabled(not self.busy)

    def relayout(self) -> None:
        size = fill_parent(self)
        if size is None:
            return
        u = unit(size)
        side = max(touch_target(self), round(110 * u))
        self.grid.setSpacing(round(18 * u))
        for name, button in self.keys.items():
            button.setFixedSize(round(side * 1.5), side)
            if name == "back":
                button.setIcon(icon("mdi6.backspace-outline", self.theme.text))
            elif name == "ok":
                button.setIcon(icon("mdi6.check", self.theme.background))
            else:
                button.setText(name)
            button.setIconSize(QSize(round(side * 0.45), round(side * 0.45)))
        target = touch_target(self)
        self.cancel_button.setFixedHeight(target)
        gap = round(18 * u)
        self.box_layout.setSpacing(gap)
        self.title.setFixedHeight(round(90 * u))
        self.dots.setFixedHeight(round(70 * u))
        self.message.setFixedHeight(round(90 * u))
        width = round(side * 1.5) * 3 + gap * 2 + round(80 * u)
        margins = self.box_layout.contentsMargins()
        height = (round(250 * u) + 4 * side + 3 * gap + target + 4 * gap
                  + margins.top() + margins.bottom())
        if self.choices.isVisibleTo(self.box):
            wide, high = self._fit_choices(u, target, gap)
            width, height = max(width, wide + round(80 * u)), height + high
        width = max(width, self._fit_title(u, self.width() - round(40 * u)))
        self.box.setFixedSize(width, height)
        self.box.move((self.width() - width) // 2, max(0, (self.height() - height) // 2))
        self.setStyleSheet(style.pin_pad_sheet(self.theme, u))

    def _fit_title(self, u: float, room: int) -> int:
        """The title at 64 units, smaller when its words are wider than ``room`` (a long
        title in some languages); the width the box needs for it."""
        size = 64 * u
        wide = QFontMetricsF(font(self.theme.heading_font, size, bold=True)).horizontalAdvance(
            self.title.text()) + 80 * u
        if wide > room:
            size, wide = max(36 * u, size * room / wide), room
        self.title.setStyleSheet(f"font-size: {round(size)}px;")  # (the sheet's colours stay)
        return math.ceil(wide)

    def _fit_choices(self, u: float, target: int, gap: int) -> tuple[int, int]:
        """Lay out the first steps' buttons (the staff panel's look): side by side on a wide
        screen, one above the other on a tall one. The width and height they need."""
        self.choices.setStyleSheet(style.staff_panel_sheet(self.theme, u, target))
        self.choices_layout.setSpacing(gap)
        shown = [b for b in (self.setup_button, self.close_kiosk_button)
                 if b.isVisibleTo(self.choices)]
        side_by_side = self.width() > self.height()
        for i, button in enumerate(shown):
            self.choices_layout.removeWidget(button)
            self.choices_layout.addWidget(button, 0 if side_by_side else i,
                                          i if side_by_side else 0)
            button.ensurePolished()
            button.setFixedHeight(target)
        hints = [b.sizeHint().width() for b in shown]
        rows = 1 if side_by_side else len(shown)
        wide = sum(hints) + gap * (len(hints) - 1) if side_by_side else max(hints, default=0)
        return wide, rows * (target + gap)

    def paintEvent(self, event: QPaintEvent) -> None:
        QPainter(self).fillRect(self.rect(), QColor(self.theme.background))
