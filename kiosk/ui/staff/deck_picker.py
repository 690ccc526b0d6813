"""'Load slides from USB': a layer over the staff panel listing the decks found on sticks,
the chosen deck's problems, what the booth's set-up on the stick would change, the button
that puts it in, and the pad for the stick's staff PIN. Touch-sized, no keyboard."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPainter, QPaintEvent, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk.content import Theme
from kiosk.staff.words import text as said
from kiosk.ui.common import style
from kiosk.ui.common.metrics import Layer, touch_target, unit
from kiosk.ui.staff.pin_pad import PinPad

#: More decks than this on the sticks: the first ones are listed, and staff are told.
SHOWN_DECKS = 6


def _button(parent: QWidget, text: str, name: str) -> QPushButton:
    button = QPushButton(text, parent)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    button.setObjectName(name)
    return button


def _label(parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class DeckPicker(Layer):
    """Shows what the flow says; emits what staff tap."""

    look_again = Signal()
    chosen = Signal(int)  # index into the decks last listed
    use = Signal()
    closed = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.theme = Theme()
        self.language = "en"
        self.use_words = "use_slides"  # the staff word on the button that puts the deck in
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setProperty("takes_escape", True)  # (the kiosk's guard lets Esc through to it)
        self.title = QLabel(self)
        self.title.setObjectName("title")
        self.status = _label(self, "")
        self.problems = _label(self, "warning")
        self.problems.hide()
        self.changes = _label(self, "changes")  # what the booth's set-up would change
        self.changes.hide()
        self.deck_box = QVBoxLayout()
        self.deck_box.setAlignment(Qt.AlignmentFlag.AlignLeft)
        self.deck_buttons: list[QPushButton] = []
        self.look_button = _button(self, "", "look-again")
        self.use_button = _button(self, "", "use-deck")
        self.close_button = _button(self, "", "close-picker")
        self.look_button.clicked.connect(self.look_again)
        self.use_button.clicked.connect(self.use)
        self.close_button.clicked.connect(self._close)
        self.use_button.hide()
        self.outer = QVBoxLayout(self)
        self.outer.addWidget(self.title)
        self.outer.addLayout(self.deck_box)
        self.outer.addWidget(self.status)
        self.outer.addWidget(self.changes)
        self.outer.addWidget(self.problems)
        self.outer.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.look_button)
        row.addStretch(1)
        row.addWidget(self.close_button)
        row.addWidget(self.use_button)
        self.outer.addLayout(row)
        self.pad = PinPad(self)  # the staff PIN that came with the set-up
        self.set_language("en")
        self.hide()

    def set_language(self, language: str) -> None:
        """Its title and buttons in the staff screens' language."""
        self.language = language
        self.title.setText(said("load_usb", language))
        self.look_button.setText(said("look_again", language))
        self.use_button.setText(said(self.use_words, language))
        self.close_button.setText(said("close", language))

    def open(self) -> None:
        self.set_decks([])
        self.say("Looking for slides on USB sticks…")
        self.relayout()
        self.cover()

    def _close(self) -> None:
        self.hide()
        self.closed.emit()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.setFocus(Qt.FocusReason.OtherFocusReason)  # (its keys: Esc closes it)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Esc closes the picker, as its Close button does (a keyboard at the booth PC)."""
        if event.key() == Qt.Key.Key_Escape and not self.pad.isVisible():
            self._close()
        else:
            super().keyPressEvent(event)

    # ---------------------------------------------------------------- state from the flow
    def say(self, text: str, problems: list[str] | None = None, ready: bool = False,
            changes: list[str] | None = None, use: str = "use_slides") -> None:
        """A line of status, the chosen deck's problems, what its set-up would change, and
        whether it may be used (``use``: the staff word on the button)."""
        self.status.setText(text)
        self.problems.setText("\n".join(problems or []))
        self.problems.setVisible(bool(problems))
        self.changes.setText("\n".join(f"•  {line}" for line in changes or []))
        self.changes.setVisible(bool(changes))
        self.use_words = use
        self.use_button.setText(said(use, self.language))
        self.use_button.setVisible(ready)
        self.use_button.setEnabled(ready)

    def ask_pin(self) -> None:
        """The pad, for the staff PIN that came with the set-up."""
        self.pad.open("Type the staff PIN that came with this set-up.", "PIN from the stick")

    def set_busy(self, busy: bool) -> None:
        for button in (*self.deck_buttons, self.look_button, self.use_button):
            button.setEnabled(not busy)

    def set_decks(self, places: list[str]) -> None:
        """One button per deck found, labelled with where it is."""
        for button in self.deck_buttons:
            self.deck_box.removeWidget(button)
            button.hide()
            button.deleteLater()
        self.deck_buttons = []
        for i, place in enumerate(places[:SHOWN_DECKS]):
            button = _button(self, place, "deck")
            button.setCheckable(True)
            button.clicked.connect(lambda _=False, i=i: self._choose(i))
            self.deck_box.addWidget(button)
            button.show()  # now, not when the layout's queued show comes round
            self.deck_buttons.append(button)
        self.relayout()

    def _choose(self, index: int) -> None:
        for i, button in enumerate(self.deck_buttons):
            button.setChecked(i == index)
        self.chosen.emit(index)

    # ---------------------------------------------------------------- look
    def relayout(self) -> None:
        parent = self.parentWidget()
        if parent is None:
            return
        u = unit(parent.size())
        side = touch_target(self)
        margin = round(60 * u)
        self.outer.setContentsMargins(margin, margin, margin, margin)
        self.outer.setSpacing(round(24 * u))
        self.deck_box.setSpacing(round(16 * u))
        for button in self.findChildren(QPushButton,  # (the pad sizes its own keys)
                                        options=Qt.FindChildOption.FindDirectChildrenOnly):
            button.setMinimumSize(side, side)
        wide = min(round(1200 * u), parent.width() - 2 * margin)
        for button in self.deck_buttons:
            button.setFixedWidth(wide)
        self.setStyleSheet(style.deck_picker_sheet(self.theme, u, side))
        if self.pad.isVisible():
            self.pad.relayout()

    def paintEvent(self, event: QPaintEvent) -> None:
        QPainter(self).fillRect(self.rect(), QColor(self.theme.background))
