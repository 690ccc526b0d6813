"""The message form: the fields the content folder declares, and the on-screen keyboard."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QGuiApplication, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QApplication,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSpacerItem,
    QWidget,
)

from kiosk.content import Theme
from kiosk.content.model import Form
from kiosk.content.text import pick
from kiosk.ui.common import style
from kiosk.ui.common.fonts import font
from kiosk.ui.common.icons import icon
from kiosk.ui.common.metrics import fill_parent, touch_target, unit
from kiosk.ui.form.field_view import WHY, FieldView
from kiosk.ui.form.keyboard import OnScreenKeyboard
from kiosk.visit import words
from kiosk.visit.form_rules import Why, check


class MessageForm(QWidget):
    """Full-screen form over the slides. It never shows a message once sent or cancelled."""

    send_requested = Signal(dict)
    cancelled = Signal()
    field_entered = Signal(str)  # the key of the field the visitor went to (never its text)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.theme = Theme()
        self.form: Form | None = None
        self.language = "en"
        self.labels: Mapping[str, Mapping[str, str]] = {}  # the deck's own words
        self.native_digits = False  # numbers in the language's own digits (a Khmer deck's)
        self.fallback = "en"
        self.views: list[FieldView] = []
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
        self._columns = (QGridLayout(), QGridLayout())  # each column's fields, one above another
        for i, column in enumerate(self._columns):
            column.setContentsMargins(0, 0, 0, 0)
            self._fields_layout.addLayout(column, 0, i)
        QApplication.instance().focusChanged.connect(self._focus_changed)  # type: ignore[union-attr]
        self.hide()

    # ---------------------------------------------------------------- content
    def set_form(self, form: Form, theme: Theme, language: str, fallback: str) -> None:
        for view in self.views:
            for widget in (view.label, view.error, view.input, view.counter):
                if widget is not None:
                    widget.deleteLater()
        self.form, self.theme = form, theme
        self.keyboard.theme = theme
        self.views = [FieldView(self, spec) for spec in form.fields]
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
        self.keyboard.set_language(language)
        if self.form is None:
            return
        self.title.setText(pick(self.form.title, language, fallback))
        self.intro.setText(pick(self.form.intro, language, fallback))
        self.send_button.setText(pick(self.form.send, language, fallback)
                                 or words.text("send", language, self.labels))
        self.cancel_button.setText(words.text("cancel", language, self.labels))
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
        self.reason.setText(words.text("sorry", self.language, self.labels))
        self.reason.setProperty("alarm", True)
        self.reason.setStyleSheet(f"color: {self.theme.error};")

    def problems(self) -> dict[str, Why]:
        return check(self.form, self.values()) if self.form else {}

    def refresh(self) -> None:
        """Send is enabled only for a sendable form; say why not, by the field (once it was
        touched), else next to Send: never the same reason twice."""
        problems = self.problems()
        self.send_button.setEnabled(not problems and not self.saving)
        self.reason.setStyleSheet("")
        boxes = {v.spec.key for v in self.views if v.spec.type == "long_text"}  # (their label
        shown = {key for key, why in problems.items()  # row has the counter: beside Send)
                 if key in self.touched and why is not Why.EMPTY and key not in boxes}
        for view in self.views:
            problem = problems.get(view.spec.key)  # each field says its own reason
            view.error.setVisible(view.spec.key in shown)
            if problem is not None and view.spec.key in shown:
                view.error.setText(words.text(WHY[problem], self.language, self.labels))
            if view.counter is not None:
                view.counter.setText(words.text(
                    "counter", self.language, self.labels, digits=self.native_digits,
                    n=len(str(view.value())), limit=view.spec.max_length))
        self.reason.setText(self._reason({k: w for k, w in problems.items() if k not in shown}))

    def _reason(self, unsaid: dict[str, Why]) -> str:
        """The line beside Send: saving, or the first reason no field is saying."""
        if self.saving:
            return words.text("saving", self.language, self.labels)
        if unsaid.get("message") is Why.EMPTY:
            return words.text("why_empty", self.language, self.labels)
        first = next(iter(unsaid.values()), None)
        return words.text(WHY[first], self.language, self.labels) if first else ""

    def _edited(self, view: FieldView) -> None:
        if view.spec.type != "email":  # an email is judged once the visitor moves on
            self.touched.add(view.spec.key)
        self.refresh()

    def _send(self) -> None:
        self.keyboard.commit()  # a Korean syllable still composing is part of the message
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
        entered = next((v.spec.key for v in self.views if v.input is new), None)
        if entered is not None:
            self.field_entered.emit(entered)
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
        self._style(u, side)  # first: the fields' and the intro's height depend on the fonts
        self._place_fields(portrait, u, side)
        self.ensurePolished()
        # Header: title and intro on the left, the reason and buttons on the right.
        top = round(44 * u)
        self.cancel_button.setIcon(icon("mdi6.close", self.theme.text))
        self.send_button.setIcon(icon("mdi6.send", self.theme.background))
        cancel_w = self._width_for(self.cancel_button, side * 2, u, side)
        send_w = self._width_for(self.send_button, side * 3, u, side)
        self.cancel_button.setGeometry(size.width() - margin - cancel_w, top, cancel_w, side)
        title_w = size.width() - 2 * margin - (cancel_w + gap if portrait else
                                                cancel_w + send_w + 2 * gap)
        self.title.setGeometry(margin, top, title_w, round(80 * u))
        intro_h = max(round(80 * u), self.intro.heightForWidth(title_w))  # every line whole
        self.intro.setGeometry(margin, top + round(84 * u), title_w, intro_h)
        below_intro = intro_h - round(80 * u)  # what a longer intro pushes the fields down
        need = self._fields_layout.minimumSize().height()
        keyboard_y = self._place_keyboard(size, u, side, margin, portrait,
                                          top + round(176 * u) + below_intro + need)
        if portrait:
            self.send_button.setGeometry(size.width() - margin - send_w,
                                         keyboard_y - side - round(36 * u), send_w, side)
            self.reason.setGeometry(margin, self.send_button.y(),
                                    size.width() - 2 * margin - send_w - gap, side)
            fields_top = top + round(190 * u) + below_intro
            fields_bottom = self.send_button.y() - round(24 * u)
        else:
            self.send_button.setGeometry(self.cancel_button.x() - gap - send_w, top, send_w,
                                         side)
            self.reason.setGeometry(margin + title_w // 2, top + side + round(8 * u),
                                    size.width() - 2 * margin - title_w // 2, round(60 * u))
            fields_top = top + round(176 * u) + below_intro
            fields_bottom = max(fields_top + need, keyboard_y - round(32 * u))
        self.fields_box.setGeometry(margin, fields_top, size.width() - 2 * margin,
                                    fields_bottom - fields_top)

    def _width_for(self, button: QPushButton, least: int, u: float, side: int) -> int:
        """A header button's width: its icon and words, and never under ``least``."""
        button.setIconSize(QSize(round(side * 0.45), round(side * 0.45)))
        metrics = QFontMetrics(font(self.theme.body_font, 30 * u, bold=True))
        text = metrics.horizontalAdvance(button.text())
        return max(least, text + round(side * 0.45) + round(2 * 28 * u) + round(24 * u))

    def _place_keyboard(self, size: QSize, u: float, side: int, margin: int, portrait: bool,
                        fields_end: int) -> int:
        """Put the keyboard at the foot of the screen and say where its top is. In landscape
        the fields sit beside nothing: when they need more room than is left above the keys,
        the gaps between and under the keys give it (the keys keep their touch size)."""
        key_h = max(side, round((84 if portrait else 76) * u))
        spacing, foot = round(12 * u), round(30 * u)
        if not portrait:
            short = fields_end + round(32 * u) - (size.height() - 4 * key_h - 3 * spacing - foot)
            if short > 0:
                give = min(short, 3 * round(6 * u) + round(14 * u))
                spacing -= min(round(6 * u), -(-give // 3))
                foot -= max(0, give - 3 * round(6 * u))
        keyboard_h = 4 * key_h + 3 * spacing
        self.keyboard.setGeometry(margin, size.height() - keyboard_h - foot,
                                  size.width() - 2 * margin, keyboard_h)  # as wide as the form
        self.keyboard.set_spacing(spacing)
        self.keyboard.key_height(key_h)
        return self.keyboard.y()

    def _place_fields(self, portrait: bool, u: float, side: int) -> None:
        """The fields in columns: in portrait one (the message first, taking the room left);
        in landscape the message and its choices on the left, the others beside them."""
        first = [v for v in self.views if v.spec.type == "long_text"]
        if not portrait:
            first += [v for v in self.views if v.spec.type == "choice"]
        second = [v for v in self.views if v not in first]
        if portrait or not first or not second:
            first, second = [*first, *second], []
        for grid, views in zip(self._columns, (first, second), strict=True):
            self._place_column(grid, views, u, side, portrait)
        self._fields_layout.setHorizontalSpacing(round(48 * u))
        self._fields_layout.setColumnStretch(0, 13 if second else 1)
        self._fields_layout.setColumnStretch(1, 10 if second else 0)

    def _place_column(self, grid: QGridLayout, views: list[FieldView], u: float, side: int,
                      portrait: bool) -> None:
        """One column: each field's label (its error at the right, a tick's error alone) over
        its box, 16 units under the box before it. The error's room is kept, so nothing moves
        when one shows; the message box, or else the foot, takes the height left."""
        while grid.count():
            grid.takeAt(0)
        for r in range(grid.rowCount() + 1):
            grid.setRowStretch(r, 0)
        spacing = round(8 * u)
        grid.setVerticalSpacing(spacing)  # a label sits 8 units over its box
        row, stretched = 0, False
        for i, view in enumerate(views):
            if i and view.spec.type != "checkbox":  # (a tick's error row is its gap)
                grid.addItem(QSpacerItem(0, round(16 * u) - spacing, QSizePolicy.Policy.Minimum,
                                         QSizePolicy.Policy.Fixed), row, 0)
                row += 1
            grid.addWidget(view.label, row, 0)
            grid.addWidget(view.counter or view.error, row, 0,  # (a message's reason: by Send)
                           Qt.AlignmentFlag.AlignRight if view.counter else Qt.AlignmentFlag(0))
            grid.addWidget(view.input, row + 1, 0)
            if view.spec.type == "long_text" and not stretched:
                grid.setRowStretch(row + 1, 1)  # the message gets the room that is left
                stretched = True
            self._size_field(view, u, side, portrait)
            row += 2
        if not stretched:
            grid.setRowStretch(row, 1)

    @staticmethod
    def _size_field(view: FieldView, u: float, side: int, portrait: bool) -> None:
        """A message box's least height; every other box, chip and tick a finger's."""
        long_text = view.spec.type == "long_text"
        view.input.setMinimumHeight(round((260 if portrait else 200) * u) if long_text else side)
        for chip in view.chips.values():
            chip.setMinimumHeight(side)
        chip_row = view.input.layout() if view.chips else None
        if chip_row is not None:
            chip_row.setSpacing(round(16 * u))  # chips apart, on the 8 px grid

    def _style(self, u: float, side: int) -> None:
        t = self.theme
        px = round
        self.setStyleSheet(style.form_sheet(t, u, side))
        for view in self.views:
            if isinstance(view.input, QPushButton) and not view.chips:
                view.input.setIconSize(QSize(px(side * 0.6), px(side * 0.6)))
                on = view.input.isChecked()
                view.input.setIcon(icon("mdi6.checkbox-marked" if on else
                                        "mdi6.checkbox-blank-outline", t.accent if on else t.text))

    def paintEvent(self, event: QPaintEvent) -> None:
        QPainter(self).fillRect(self.rect(), QColor(self.theme.background))
