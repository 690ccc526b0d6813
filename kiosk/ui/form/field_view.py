"""One field of the message form: its label, input, counter and error, read and wiped."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from kiosk.content.model import FormField
from kiosk.content.text import pick
from kiosk.ui.common import access
from kiosk.ui.common.icons import icon
from kiosk.visit.form_rules import Why

if TYPE_CHECKING:
    from kiosk.ui.form.form import MessageForm

WHY = {Why.EMPTY: "why_empty_field", Why.EMAIL: "why_email", Why.TICK: "why_tick",
       Why.LONG: "why_long", Why.UNTICK_EMAIL: "why_untick_email", Why.UNTICK: "why_untick"}


class FieldView:
    """The widgets of one form field, and how to read and wipe them."""

    def __init__(self, form: MessageForm, spec: FormField) -> None:
        self.spec = spec
        self.label = QLabel(form)
        self.label.setObjectName("label")
        # The error fills its row and keeps its room hidden or shown, whatever it says: the
        # fields never move when one shows (its words at the right of the label's; a tick's,
        # which has no label row, right over it).
        self.error = QLabel(" ", form)  # (a line tall even before it has words)
        self.error.setObjectName("error")
        self.error.setAlignment((Qt.AlignmentFlag.AlignLeft if spec.type == "checkbox" else
                                 Qt.AlignmentFlag.AlignRight) | Qt.AlignmentFlag.AlignVCenter)
        keep = QSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        keep.setRetainSizeWhenHidden(True)
        self.error.setSizePolicy(keep)
        self.error.hide()
        self.counter: QLabel | None = None
        self.input: QWidget
        self.chips: dict[str, QPushButton] = {}
        self.placeholder = ""
        if spec.type == "long_text":
            edit = QPlainTextEdit(form)
            edit.setTabChangesFocus(True)
            edit.textChanged.connect(lambda: self._edited(edit))  # (a syllable composing too)
            self.counter = QLabel(form)
            self.counter.setObjectName("counter")
            self.input = edit
        elif spec.type in ("text", "email"):
            line = QLineEdit(form)
            line.setMaxLength(spec.max_length)
            if spec.type == "email":
                line.setInputMethodHints(Qt.InputMethodHint.ImhEmailCharactersOnly)
            self.input = line
        elif spec.type == "choice":
            row = QWidget(form)
            layout = QHBoxLayout(row)
            layout.setContentsMargins(0, 0, 0, 0)
            for option in spec.options:
                chip = QPushButton(row)
                chip.setObjectName("chip")
                chip.setCheckable(True)
                chip.setFocusPolicy(Qt.FocusPolicy.NoFocus)
                chip.clicked.connect(lambda _=False, key=option.key: self._choose(key))
                layout.addWidget(chip)
                self.chips[option.key] = chip
            layout.addStretch(1)
            self.input = row
        else:  # checkbox
            tick = QPushButton(form)
            tick.setObjectName("tick")
            tick.setCheckable(True)
            tick.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            tick.toggled.connect(lambda on: tick.setIcon(icon(
                "mdi6.checkbox-marked" if on else "mdi6.checkbox-blank-outline",
                form.theme.accent if on else form.theme.text)))
            self.input = tick
        self.input.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.input.setProperty("field", spec.key)

    def _edited(self, edit: QPlainTextEdit) -> None:
        self._limit(edit)
        # The grey words go as soon as a syllable is being composed (a line edit does this
        # itself; a plain text edit would draw them under it until it is complete).
        edit.setPlaceholderText("" if composing(edit)[1] else self.placeholder)

    def _limit(self, edit: QPlainTextEdit) -> None:
        text = edit.toPlainText()
        if len(text) > self.spec.max_length:
            cursor = edit.textCursor()
            edit.setPlainText(text[: self.spec.max_length])
            cursor.setPosition(min(cursor.position(), self.spec.max_length))
            edit.setTextCursor(cursor)

    def _choose(self, key: str) -> None:
        for other, chip in self.chips.items():
            if other != key:
                chip.setChecked(False)

    @property
    def typing(self) -> bool:
        return isinstance(self.input, QLineEdit | QPlainTextEdit)

    def value(self) -> Any:
        """What the field holds as the visitor sees it (a syllable still composing included:
        Send makes it part of the message)."""
        if isinstance(self.input, QPlainTextEdit):
            text = self.input.toPlainText()
            at, syllable = composing(self.input)
            return text[:at] + syllable + text[at:]
        if isinstance(self.input, QLineEdit):
            return self.input.text()
        if self.chips:
            return next((k for k, chip in self.chips.items() if chip.isChecked()), None)
        assert isinstance(self.input, QPushButton)
        return self.input.isChecked()

    def wipe(self) -> None:
        """Forget what was typed, undo history included."""
        if isinstance(self.input, QPlainTextEdit):
            self.input.clear()  # also clears the undo/redo history
        elif isinstance(self.input, QLineEdit):
            self.input.setText("")  # setText drops the undo/redo history
        elif isinstance(self.input, QPushButton):
            self.input.setChecked(False)
        for chip in self.chips.values():
            chip.setChecked(False)
        self.error.hide()

    def texts(self, language: str, fallback: str) -> None:
        label = pick(self.spec.label, language, fallback)
        self.label.setText(label)
        access.name(self.input, label)  # what a screen reader calls the box, or the tick
        if isinstance(self.input, QPlainTextEdit | QLineEdit) and self.spec.placeholder:
            self.placeholder = pick(self.spec.placeholder, language, fallback)
            self.input.setPlaceholderText(self.placeholder)
        for option in self.spec.options:
            self.chips[option.key].setText(pick(option.label, language, fallback))
        if isinstance(self.input, QPushButton) and not self.chips:
            self.input.setText("  " + label)
            self.label.hide()


def composing(edit: QPlainTextEdit) -> tuple[int, str]:
    """Where in the text an input method is composing, and what (an underlined Hangul
    syllable): it is on screen but not yet in the text."""
    block = edit.textCursor().block()
    layout = block.layout()
    if layout is None or not layout.preeditAreaText():
        return 0, ""
    return block.position() + layout.preeditAreaPosition(), layout.preeditAreaText()
