"""The on-screen keyboard: large keys that type into whichever field has the focus."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QGridLayout, QPushButton, QWidget

from kiosk.content import Theme

LETTERS = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]
SYMBOLS = ["1234567890", "-/:;()&@\"", ".,?!'#%+="]

# Special keys, by the name they carry in the layout.
SHIFT, BACK, PAGE, SPACE, NEXT, AT, DOTCOM = ("shift", "back", "page", "space", "next", "@",
                                              ".com")


class OnScreenKeyboard(QWidget):
    """Sends ordinary key events to the focused widget, so any text field works with it (and a
    physical keyboard works the same way). Shift is one-shot; a second tap locks capitals."""

    next_field = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.theme = Theme()
        self.symbols = False
        self.shift = False
        self.caps = False
        self.email = False
        self.height_of_keys = 0
        self.keys: dict[str, QPushButton] = {}
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._build()

    # ---------------------------------------------------------------- building
    def _key(self, name: str, label: str) -> QPushButton:
        button = self.keys.get(name)
        if button is None:
            button = QPushButton(self)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setObjectName(f"key-{name}")
            button.clicked.connect(lambda _=False, n=name: self.press(n))
            self.keys[name] = button
        button.setText(label)
        return button

    def _build(self) -> None:
        for button in self.keys.values():
            self._grid.removeWidget(button)
            button.hide()
        rows = SYMBOLS if self.symbols else LETTERS
        upper = self.shift or self.caps
        # 20 columns: a letter key spans 2, so rows can be offset by half a key.
        for r, row in enumerate(rows):
            start = (20 - 2 * len(row)) // 2 if r < 2 else 3
            for i, ch in enumerate(row):
                label = ch.upper() if upper and not self.symbols else ch
                self._place(self._key(f"char-{ch}", label), r, start + 2 * i, 2)
        self._place(self._key(SHIFT, "⇧" if not self.caps else "⇪"), 2, 0, 3)
        self._place(self._key(BACK, "⌫"), 2, 17, 3)
        self.keys[BACK].setAutoRepeat(True)
        self.keys[BACK].setAutoRepeatDelay(450)
        self.keys[BACK].setAutoRepeatInterval(70)
        self._place(self._key(PAGE, "ABC" if self.symbols else "?123"), 3, 0, 3)
        if self.email:
            self._place(self._key(AT, "@"), 3, 3, 2)
            self._place(self._key(SPACE, "space"), 3, 5, 8)
            self._place(self._key(DOTCOM, ".com"), 3, 13, 3)
        else:
            self._place(self._key("char-,", ","), 3, 3, 2)
            self._place(self._key(SPACE, "space"), 3, 5, 9)
            self._place(self._key("char-.", "."), 3, 14, 2)
        self._place(self._key(NEXT, "next ⇥"), 3, 16, 4)
        self.keys[SHIFT].setCheckable(True)
        self.keys[SHIFT].setChecked(upper)
        self.keys[SHIFT].setEnabled(not self.symbols)

    def _place(self, button: QPushButton, row: int, column: int, span: int) -> None:
        self._grid.addWidget(button, row, column, 1, span)
        button.setMinimumHeight(self.height_of_keys)
        button.show()

    # ---------------------------------------------------------------- state
    def set_email_mode(self, on: bool) -> None:
        """Email fields get '@' and '.com' keys."""
        if on != self.email:
            self.email = on
            self._build()

    def reset(self) -> None:
        self.symbols = self.shift = self.caps = False
        self._build()

    def set_shift(self, on: bool) -> None:
        if on != self.shift and not self.caps:
            self.shift = on
            self._build()

    def set_spacing(self, pixels: int) -> None:
        self._grid.setSpacing(pixels)

    def key_height(self, height: int) -> None:
        self.height_of_keys = height
        for button in self.keys.values():
            button.setMinimumHeight(height)

    # ---------------------------------------------------------------- typing
    def press(self, name: str) -> None:
        if name == SHIFT:
            if self.caps:
                self.caps = self.shift = False
            elif self.shift:
                self.caps, self.shift = True, False
            else:
                self.shift = True
            self._build()
        elif name == PAGE:
            self.symbols = not self.symbols
            self._build()
        elif name == BACK:
            self._send(Qt.Key.Key_Backspace, "")
        elif name == NEXT:
            self.next_field.emit()
        elif name == SPACE:
            self._send(Qt.Key.Key_Space, " ")
        elif name == DOTCOM:
            for ch in ".com":
                self._send(Qt.Key.Key_unknown, ch)
        elif name == AT:
            self._send(Qt.Key.Key_At, "@")
        elif name.startswith("char-"):
            ch = name[5:]
            if (self.shift or self.caps) and not self.symbols:
                ch = ch.upper()
            self._send(Qt.Key.Key_unknown, ch)
            if self.shift:
                self.shift = False
                self._build()

    @staticmethod
    def _send(key: Qt.Key, text: str) -> None:
        target = QApplication.focusWidget()
        if target is None:
            return
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(target, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier,
                                                     text))
