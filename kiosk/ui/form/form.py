"""The message form: the fields the content folder declares, and the on-screen keyboard."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QGuiApplication, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QApplication,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from kiosk.content import Theme
from kiosk.content.model import Form, FormField
from kiosk.content.text import pick
from kiosk.form_rules import Why, check
from kiosk.ui.common import strings
from kiosk.ui.common.fonts import font
from kiosk.ui.common.icons import icon
from kiosk.ui.common.metrics import fill_parent, touch_target, unit
from kiosk.ui.form.keyboard import OnScreenKeyboard

ERROR = "#f4a08f"
_WHY = {Why.EMPTY: "why_empty_field", Why.EMAIL: "why_email", Why.TICK: "why_tick",
        Why.LONG: "why_long"}


class _FieldView:
    """The widgets of one form field, and how to read and wipe them."""

    def __init__(self, form: MessageForm, spec: FormField) -> None:
        self.spec = spec
        self.label = QLabel(form)
        self.label.setObjectName("label")
        self.error = QLabel(form)
        self.error.setObjectName("error")
        self.error.hide()
        self.counter: QLabel | None = None
        self.input: QWidget
        self.chips: dict[str, QPushButton] = {}
        if spec.type == "long_text":
            edit = QPlainTextEdit(form)
            edit.setTabChangesFocus(True)
            edit.textChanged.connect(lambda: self._limit(edit))
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
        if isinstance(self.input, QPlainTextEdit):
            return self.input.toPlainText()
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
        self.label.setText(pick(self.spec.label, language, fallback))
        if isinstance(self.input, QPlainTextEdit | QLineEdit) and self.spec.placeholder:
            self.input.setPlaceholderText(pick(self.spec.placeholder, language, fallback))
        for option in self.spec.options:
            self.chips[option.key].setText(pick(option.label, language, fallback))
        if isinstance(self.input, QPushButton) and not self.chips:
            self.input.setText("  " + pick(self.spec.label, language, fallback))
            self.label.hide()


class MessageForm(QWidget):
    """Full-screen form over the slides. It never shows a message once sent or cancelled."""

    send_requested = Signal(dict)
    cancelled = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.theme = Theme()
        self.form: Form | None = None
        self.language = "en"
        self.fallback = "en"
        self.views: list[_FieldView] = []
        self.touched: set[str] = set()
        self.saving = False
        self.title = QLabel(self)
        self.title.setObjectName("title")
        self.intro = QLabel(self)
        self.intro.setObjectName("intro")
        self.intro.setWordWrap(True)
        self.reason = QLabel(self)
        self.reason.setObjectName("reason")
        self.reason.setWordWrap(True)
        self.reason.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.send_button = QPushButton(self)
        self.send_button.setObjectName("send")
        self.send_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.send_button.clicked.connect(self._send)
        self.cancel_button = QPushButton(self)
        self.cancel_button.setObjectName("cancel")
        self.cancel_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.cancel_button.clicked.connect(self.cancelled)
        self.keyboard = OnScreenKeyboard(self)
        self.keyboard.next_field.connect(self.focus_next)
        self.fields_box = QWidget(self)
        self._fields_layout = QGridLayout(self.fields_box)
        self._fields_layout.setContentsMargins(0, 0, 0, 0)
        QApplication.instance().focusChanged.connect(self._focus_changed)  # type: ignore[union-attr]
        self.hide()

    # ---------------------------------------------------------------- content
    def set_form(self, form: Form, theme: Theme, language: str, fallback: str) -> None:
        for view in self.views:
            for widget in (view.label, view.error, view.input, view.counter):
                if widget is not None:
                    widget.deleteLater()
        self.form, self.theme = form, theme
        self.views = [_FieldView(self, spec) for spec in form.fields]
        for view in self.views:
            view.input.setParent(self.fields_box)
            for widget in (view.label, view.error, view.counter):
                if widget is not None:
                    widget.setParent(self.fields_box)
            if isinstance(view.input, QPlainTextEdit):
                view.input.textChanged.connect(lambda v=view: self._edited(v))
            elif isinstance(view.input, QLineEdit):
                view.input.textChanged.connect(lambda _t, v=view: self._edited(v))
            else:
                for button in [view.input, *view.chips.values()]:
                    if isinstance(button, QPushButton):
                        button.clicked.connect(lambda _=False, v=view: self._edited(v))
        self.set_language(language, fallback)

    def set_language(self, language: str, fallback: str) -> None:
        self.language, self.fallback = language, fallback
        if self.form is None:
            return
        self.title.setText(pick(self.form.title, language, fallback))
        self.intro.setText(pick(self.form.intro, language, fallback))
        self.send_button.setText(pick(self.form.send, language, fallback)
                                 or strings.text("send", language))
        self.cancel_button.setText(strings.text("cancel", language))
        for view in self.views:
            view.texts(language, fallback)
        self.relayout()
        self.refresh()

    # ---------------------------------------------------------------- state
    def open(self) -> None:
        self.wipe()
        fill_parent(self)
        self.show()
        self.raise_()
        first = next((v for v in self.views if v.typing), None)
        if first is not None:
            first.input.setFocus()

    def values(self) -> dict[str, Any]:
        return {view.spec.key: view.value() for view in self.views}

    def wipe(self) -> None:
        """Forget everything the last visitor typed (also the clipboard)."""
        for view in self.views:
            view.wipe()
        self.touched.clear()
        self.saving = False
        self.keyboard.reset()
        clipboard = QGuiApplication.clipboard()
        if clipboard is not None:
            clipboard.clear()
        self.refresh()

    def set_saving(self, saving: bool) -> None:
        self.saving = saving
        self.refresh()

    def show_failure(self) -> None:
        self.saving = False
        self.refresh()
        self.reason.setText(strings.text("sorry", self.language))
        self.reason.setProperty("alarm", True)
        self.reason.setStyleSheet(f"color: {ERROR};")

    def problems(self) -> dict[str, Why]:
        return check(self.form, self.values()) if self.form else {}

    def refresh(self) -> None:
        """Send is enabled only for a sendable form; say why not, next to it and by the field."""
        problems = self.problems()
        self.send_button.setEnabled(not problems and not self.saving)
        self.reason.setStyleSheet("")
        if self.saving:
            self.reason.setText(strings.text("saving", self.language))
        elif "message" in problems:
            self.reason.setText(strings.text("why_empty", self.language))
        elif problems:
            why = next(iter(problems.values()))
            self.reason.setText(strings.text(_WHY[why], self.language))
        else:
            self.reason.setText("")
        for view in self.views:
            why = problems.get(view.spec.key)
            show = why is not None and view.spec.key in self.touched and why is not Why.EMPTY
            view.error.setVisible(show)
            if show:
                view.error.setText(strings.text(_WHY[why], self.language))
            if view.counter is not None:
                view.counter.setText(strings.text("counter", self.language,
                                                  n=len(str(view.value())),
                                                  limit=view.spec.max_length))

    def _edited(self, view: _FieldView) -> None:
        if view.spec.type != "email":  # an email is judged once the visitor moves on
            self.touched.add(view.spec.key)
        self.refresh()

    def _send(self) -> None:
        if not self.problems() and not self.saving:
            self.send_requested.emit(self.values())

    def focus_next(self) -> None:
        typing = [v for v in self.views if v.typing]
        if not typing:
            return
        current = QApplication.focusWidget()
        index = next((i for i, v in enumerate(typing) if v.input is current), -1)
        typing[(index + 1) % len(typing)].input.setFocus()

    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        for view in self.views:
            if view.input is old and view.spec.type == "email":
                self.touched.add(view.spec.key)
                self.refresh()
        email = any(v.input is new and v.spec.type == "email" for v in self.views)
        self.keyboard.set_email_mode(email)
        starting = any(v.input is new and v.spec.type in ("text", "long_text") and not v.value()
                       for v in self.views)
        self.keyboard.set_shift(starting)  # a capital to begin with, as phones do

    # ---------------------------------------------------------------- layout
    def relayout(self) -> None:
        size = fill_parent(self) if self.form is not None else None
        if size is None:
            return
        u = unit(size)
        portrait = size.height() > size.width()
        side = touch_target(self)
        margin = round((70 if portrait else 80) * u)
        gap = round(22 * u)
        key_h = max(side, round(84 * u))
        keyboard_h = 4 * key_h + 3 * round(12 * u)
        kb_width = min(size.width() - 2 * margin, round(1500 * u))
        self.keyboard.setGeometry((size.width() - kb_width) // 2,
                                  size.height() - keyboard_h - round(30 * u), kb_width,
                                  keyboard_h)
        self.keyboard.layout().setSpacing(round(12 * u))
        self.keyboard.key_height(key_h)
        # Header: title and intro on the left, the reason and buttons on the right.
        top = round(44 * u)
        self.cancel_button.setIcon(icon("mdi6.close", self.theme.text))
        self.send_button.setIcon(icon("mdi6.send", self.theme.background))
        button_font = font(self.theme.body_font, 30 * u, bold=True)
        metrics = QFontMetrics(button_font)

        def width_for(button: QPushButton, least: int) -> int:
            button.setIconSize(QSize(round(side * 0.45), round(side * 0.45)))
            text = metrics.horizontalAdvance(button.text())
            return max(least, text + round(side * 0.45) + round(2 * 28 * u) + round(24 * u))

        cancel_w = width_for(self.cancel_button, side * 2)
        send_w = width_for(self.send_button, side * 3)
        self.cancel_button.setGeometry(size.width() - margin - cancel_w, top, cancel_w, side)
        title_w = size.width() - 2 * margin - (cancel_w + gap if portrait else
                                                cancel_w + send_w + 2 * gap)
        self.title.setGeometry(margin, top, title_w, round(80 * u))
        self.intro.setGeometry(margin, top + round(84 * u), title_w, round(80 * u))
        if portrait:
            self.send_button.setGeometry(size.width() - margin - send_w,
                                         self.keyboard.y() - side - round(36 * u), send_w, side)
            self.reason.setGeometry(margin, self.send_button.y(),
                                    size.width() - 2 * margin - send_w - gap, side)
            fields_top = top + round(190 * u)
            fields_bottom = self.send_button.y() - round(24 * u)
        else:
            self.send_button.setGeometry(self.cancel_button.x() - gap - send_w, top, send_w,
                                         side)
            self.reason.setGeometry(margin + title_w // 2, top + side + round(8 * u),
                                    size.width() - 2 * margin - title_w // 2, round(60 * u))
            fields_top = top + round(190 * u)
            fields_bottom = self.keyboard.y() - round(30 * u)
        self.fields_box.setGeometry(margin, fields_top, size.width() - 2 * margin,
                                    fields_bottom - fields_top)
        self._place_fields(portrait, u, side)
        self._style(u, side)

    def _place_fields(self, portrait: bool, u: float, side: int) -> None:
        grid = self._fields_layout
        while grid.count():
            grid.takeAt(0)
        grid.setHorizontalSpacing(round(48 * u))
        grid.setVerticalSpacing(round(6 * u))
        long_views = [v for v in self.views if v.spec.type == "long_text"]
        other = [v for v in self.views if v.spec.type != "long_text"]
        for r in range(grid.rowCount() + 1):
            grid.setRowStretch(r, 0)
        row = 0
        for view in long_views:
            grid.addWidget(view.label, row, 0)
            grid.addWidget(view.input, row + 1, 0, 1 if portrait else 2 * len(other) + 1, 1)
            if view.counter is not None:
                grid.addWidget(view.counter, row, 0, Qt.AlignmentFlag.AlignRight)
            view.input.setMinimumHeight(round((260 if portrait else 200) * u))
            if portrait:
                grid.setRowStretch(row + 1, 1)  # the message gets the room that is left
            row += 2
        column = 0 if portrait else 1
        row = row if portrait else 0
        for view in other:
            view.input.setMinimumHeight(side)
            for chip in view.chips.values():
                chip.setMinimumHeight(side)
            grid.addWidget(view.label, row, column)
            grid.addWidget(view.error, row, column, Qt.AlignmentFlag.AlignRight)
            grid.addWidget(view.input, row + 1, column)
            row += 2
        grid.setColumnStretch(0, 1 if portrait else 13)
        grid.setColumnStretch(1, 0 if portrait else 10)
        if not portrait:
            grid.setRowStretch(row, 1)

    def _style(self, u: float, side: int) -> None:
        t = self.theme
        px = round
        self.setStyleSheet(f"""
            QLabel {{ color: {t.text}; font-family: "{t.body_font}"; font-size: {px(28 * u)}px; }}
            QLabel#title {{ font-family: "{t.heading_font}"; font-size: {px(64 * u)}px;
                            font-weight: bold; }}
            QLabel#intro {{ color: {t.muted}; font-size: {px(30 * u)}px; }}
            QLabel#reason {{ color: {t.muted}; font-size: {px(28 * u)}px; }}
            QLabel#error {{ color: {ERROR}; font-size: {px(24 * u)}px;
                            padding-top: {px(14 * u)}px; }}
            QLabel#label {{ padding-top: {px(14 * u)}px; }}
            QLabel#counter {{ color: {t.muted}; font-size: {px(24 * u)}px; }}
            QLineEdit, QPlainTextEdit {{
                background: {t.surface}; color: {t.text}; font-family: "{t.body_font}";
                font-size: {px(34 * u)}px; border: 2px solid rgba(255, 255, 255, 60);
                border-radius: {px(14 * u)}px; padding: {px(8 * u)}px {px(16 * u)}px;
                selection-background-color: {t.accent}; }}
            QLineEdit:focus, QPlainTextEdit:focus {{ border: {max(2, px(4 * u))}px solid
                {t.accent}; }}
            QPushButton {{ color: {t.text}; font-family: "{t.body_font}";
                font-size: {px(30 * u)}px; background: {t.surface};
                border: 2px solid rgba(255, 255, 255, 60); border-radius: {side // 2}px;
                padding: 0 {px(28 * u)}px; }}
            QPushButton:pressed {{ background: {t.accent}; color: {t.background}; }}
            QPushButton#chip:checked {{ background: {t.accent}; color: {t.background};
                border-color: {t.accent}; }}
            QPushButton#tick {{ text-align: left; border: none; background: transparent;
                padding: 0; }}
            QPushButton#send {{ background: {t.accent}; color: {t.background};
                border-color: {t.accent}; font-weight: bold; }}
            QPushButton#send:disabled {{ background: rgba(255, 255, 255, 30);
                color: rgba(255, 255, 255, 110); border-color: rgba(255, 255, 255, 40); }}
            OnScreenKeyboard QPushButton {{ border-radius: {px(12 * u)}px;
                font-size: {px(36 * u)}px; padding: 0; background: #2a3b4b; }}
            OnScreenKeyboard QPushButton:pressed, OnScreenKeyboard QPushButton:checked {{
                background: {t.accent}; color: {t.background}; }}
        """)
        for view in self.views:
            if isinstance(view.input, QPushButton) and not view.chips:
                view.input.setIconSize(QSize(px(side * 0.6), px(side * 0.6)))
                on = view.input.isChecked()
                view.input.setIcon(icon("mdi6.checkbox-marked" if on else
                                        "mdi6.checkbox-blank-outline", t.accent if on else t.text))

    def paintEvent(self, event: QPaintEvent) -> None:
        QPainter(self).fillRect(self.rect(), QColor(self.theme.background))
