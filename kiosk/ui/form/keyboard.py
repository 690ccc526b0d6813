"""The on-screen keyboard: large keys that type into whichever field has the focus."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetricsF, QPalette, QResizeEvent
from PySide6.QtWidgets import QGridLayout, QPushButton, QWidget

from kiosk.content import Theme
from kiosk.ui.common import access
from kiosk.ui.common.icons import icon
from kiosk.ui.form.key_labels import label_scale
from kiosk.ui.form.key_typing import FocusTyping
from kiosk.visit import words
from kiosk.visit.keyboards import LATIN, LAYOUTS, Layout, Rows, is_jamo, layouts_for

# Special keys, by the name they carry in the layout.
SHIFT, BACK, PAGE, SPACE, NEXT, AT, DOTCOM, GLOBE, ACCENT = (
    "shift", "back", "page", "space", "next", "@", ".com", "globe", "accents")
#: What the bottom row types itself, beside the space bar (not for an e-mail).
BOTTOM_CHARS = frozenset(",.")
#: The bottom row's keys that say a word: one size for all, each keeping a margin in its key.
WORD_KEYS = (PAGE, GLOBE, ACCENT, SPACE, DOTCOM, NEXT)
#: The least room left and right of a word in its key, as a share of the key's height.
WORD_MARGIN = 0.15


class OnScreenKeyboard(QWidget):
    """Sends ordinary key events to the focused widget, so any text field works with it (and a
    physical keyboard works the same way). Shift is one-shot; a second tap locks capitals."""

    next_field = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.theme = Theme()
        self.symbols = False
        self.accents = False
        self.shift = False
        self.caps = False
        self.email = False
        self.height_of_keys = 0
        self.keys: dict[str, QPushButton] = {}
        self._columns = 20  # the grid's columns (a letter key spans two)
        self._words: dict[str, tuple[int, tuple[str, ...]]] = {}  # word key: span, labels
        self.language = "en"
        self.choices = ["latin"]  # the layouts the globe key goes through
        self.script = "latin"
        self.typing = FocusTyping(self)  # what the keys type, to the focused field
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
            button.setProperty("letter", name.startswith("pos-") or (
                name.startswith("char-") and name[5:] not in BOTTOM_CHARS))
            self.keys[name] = button
        button.setText(label.replace("&", "&&"))  # a lone "&" would mark a shortcut, unseen
        access.name(button, self._spoken(name, label))
        return button

    def _spoken(self, name: str, label: str) -> str:
        """What a screen reader calls a key: the character it types, or what it does."""
        if name == GLOBE:
            return words.text("key_keyboard", self.language, keyboard=label)
        does = {SHIFT: "key_caps" if self.caps else "key_shift", BACK: "key_delete",
                PAGE: "key_letters" if self.symbols else "key_symbols",
                ACCENT: "key_letters" if self.accents else "key_more_letters",
                NEXT: "next_field", SPACE: "space"}.get(name)
        return words.text(does, self.language) if does else label

    @property
    def letters(self) -> Layout:
        """The layout of the script in use."""
        return LAYOUTS[self.script]

    def _page(self) -> Rows | None:
        """The number page or the extra letters, when one of them is showing, without the
        keys the bottom row has already (a second "," would take the first one's place and
        leave a hole)."""
        page = self.letters.symbols if self.symbols else (
            self.letters.extra if self.accents else None)
        if page is None or self.email:  # (an e-mail's bottom row has "@" and ".com")
            return page
        return tuple(tuple(ch for ch in row if ch not in BOTTOM_CHARS) for row in page)

    def _rows(self) -> Rows:
        page = self._page()
        if page is not None:
            upper = (self.shift or self.caps) and not self.symbols
            return tuple(tuple(ch.upper() if upper else ch for ch in row) for row in page)
        return self.letters.shifted if (self.shift or self.caps) else self.letters.rows

    def _build(self) -> None:
        for button in self.keys.values():
            self._grid.removeWidget(button)
            button.hide()
        rows = self._rows()
        # A letter key spans 2 columns, so rows can be offset by half a key. Shift and
        # backspace are one and a half keys wide, or one where a long row needs the room
        # (Khmer): letter keys stay wide enough for a finger.
        widest = max(20, 2 * len(rows[0]), 2 * len(rows[1]))
        side = 3 if 2 * len(rows[2]) + 6 <= widest else 2
        columns = max(widest, 2 * len(rows[2]) + 2 * side)
        self._columns = columns
        for r, row in enumerate(rows):
            start = (columns - 2 * len(row)) // 2 if r < 2 else side
            for i, ch in enumerate(row):
                self._place(self._key(self._name(r, i), ch), r, start + 2 * i, 2)
        self._place(self._key(SHIFT, "⇧" if not self.caps else "⇪"), 2, 0, side)
        self._place(self._key(BACK, "⌫"), 2, columns - side, side)
        self.keys[BACK].setAutoRepeat(True)
        self.keys[BACK].setAutoRepeatDelay(450)
        self.keys[BACK].setAutoRepeatInterval(70)
        self._bottom_row(columns)
        self.keys[SHIFT].setCheckable(True)
        self.keys[SHIFT].setChecked(self.shift or self.caps)
        page = self._page()  # shift where it changes something: not on digits, nor on Khmer
        self.keys[SHIFT].setEnabled(page is None or any(k != k.upper() for r in page for k in r))
        self._size_labels()
        self._fit_words()

    def _size_labels(self) -> None:
        """Letters as tall as Latin ones in every script: the letter keys of a script drawn
        small in its font (Hangul jamo) get a larger font than the style sheet's."""
        reference = self.keys.get(SHIFT)  # sized by the form's style sheet alone
        if reference is None:
            return
        reference.ensurePolished()
        size = reference.fontInfo().pixelSize()
        scaled = round(size * (1.0 if self.symbols else label_scale(reference.font(),
                                                                    self.letters)))
        sheet = "" if scaled == size else (
            f'QPushButton[letter="true"] {{ font-size: {scaled}px; }}')
        if sheet != self.styleSheet():
            self.setStyleSheet(sheet)

    def _name(self, row: int, column: int) -> str:
        """Latin letters and the keys of a page are named by themselves (char-a); other
        scripts by their place."""
        page = self._page()
        if page is not None:
            return f"char-{page[row][column]}"
        if self.script == "latin":
            return f"char-{LATIN.rows[row][column]}"
        return f"pos-{row}-{column}"

    def _bottom_row(self, columns: int) -> None:
        layout = self.letters
        keys: list[tuple[str, str, int]] = [
            (PAGE, layout.label if self.symbols else layout.symbols_label, 3)]
        choices = ["latin"] if self.email else self.choices
        if len(choices) > 1:
            after = choices[(choices.index(self.script) + 1) % len(choices)]
            keys.append((GLOBE, LAYOUTS[after].label, 3))
        if layout.extra and not self.email and not self.symbols:
            keys.append((ACCENT, layout.extra_labels[self.accents], 2))
        keys += [(AT, "@", 2)] if self.email else [("char-,", ",", 2)]
        tail = [(DOTCOM, ".com", 3)] if self.email else [("char-.", ".", 2)]
        tail.append((NEXT, words.text("next_field", self.language) + " ⇥", 4))
        used = sum(span for *_, span in keys + tail)
        keys.append((SPACE, words.text("space", self.language), columns - used))
        # Each word key's labels in every state (a page key says "?123" or "ABC"), so its
        # size stays put when it is pressed.
        either = {PAGE: (layout.label, layout.symbols_label), ACCENT: tuple(layout.extra_labels)}
        self._words = {name: (span, either.get(name, (label,)))
                       for name, label, span in keys + tail if name in WORD_KEYS}
        column = 0
        for name, label, span in keys + tail:
            self._place(self._key(name, label), 3, column, span)
            column += span

    def _fit_words(self) -> None:
        """The bottom row's words at one size, the largest that leaves every one of them a
        margin in its key (a Khmer "?១២៣" in a narrow portrait key is drawn smaller)."""
        reference = self.keys.get(SHIFT)  # sized by the form's style sheet alone
        if reference is not None and self.width() > 0:
            self._size_words(reference)
        if GLOBE in self._words:
            self._globe_icon()  # in the key's colours, as tall as its words

    def _size_words(self, reference: QPushButton) -> None:
        """Shrink the words (from the style sheet's size) until the widest fits its key."""
        reference.ensurePolished()
        size = reference.fontInfo().pixelSize()
        probe = QFont(reference.font())
        probe.setPixelSize(size)
        metrics = QFontMetricsF(probe)
        pad = max(4.0, WORD_MARGIN * max(self.height_of_keys, reference.height()))
        share = 1.0
        for name, (span, labels) in self._words.items():
            icon_room = size * 1.1 if name == GLOBE else 0.0
            need = max(metrics.horizontalAdvance(label) for label in labels) + icon_room
            share = min(share, (self._key_width(span) - 2 * pad) / need if need else 1.0)
        scaled = size if share >= 1.0 else max(round(size * 0.6), int(size * share))
        sheet = "" if scaled == size else f"font-size: {scaled}px;"
        for name in self._words:
            if self.keys[name].styleSheet() != sheet:
                self.keys[name].setStyleSheet(sheet)

    def _key_width(self, span: int) -> float:
        """How wide a key of ``span`` columns is drawn (the grid shares the width evenly)."""
        gap = max(0, self._grid.horizontalSpacing())
        column = (self.width() - (self._columns - 1) * gap) / self._columns
        return span * column + (span - 1) * gap

    def _globe_icon(self) -> None:
        """A globe before the script's name, in the key's own colour (from the style)."""
        globe = self.keys[GLOBE]
        globe.ensurePolished()
        colour = globe.palette().color(QPalette.ColorRole.ButtonText).name()
        globe.setIcon(icon("mdi6.web", colour))
        side = max(16, round(globe.fontInfo().pixelSize() * 0.9))
        globe.setIconSize(QSize(side, side))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.StyleChange:
            self._size_labels()  # a new size: the letters of every script match again
            self._fit_words()  # and the words of the bottom row (the globe's colours too)
        super().changeEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_words()

    def _place(self, button: QPushButton, row: int, column: int, span: int) -> None:
        self._grid.addWidget(button, row, column, 1, span)
        button.setMinimumHeight(self.height_of_keys)
        button.show()

    # ---------------------------------------------------------------- state
    def set_email_mode(self, on: bool) -> None:
        """Email fields get '@' and '.com' keys, and Latin letters."""
        if on != self.email:  # (a syllable composing is ended by the focus change itself)
            self.email = on
            self.script = "latin" if on else self.choices[0]
            self._build()

    def reset(self) -> None:
        self.typing.composer.flush()
        self.symbols = self.shift = self.caps = self.accents = False
        self.script = self.choices[0]
        self._build()

    def set_shift(self, on: bool) -> None:
        """A capital to begin with (Latin only: Hangul and Khmer have no capitals)."""
        on = on and self.script == "latin"
        if on != self.shift and not self.caps:
            self.shift = on
            self._build()

    def set_spacing(self, pixels: int) -> None:
        self._grid.setSpacing(pixels)
        self._fit_words()

    def key_height(self, height: int) -> None:
        self.height_of_keys = height
        for button in self.keys.values():
            button.setMinimumHeight(height)
        self._fit_words()

    # ---------------------------------------------------------------- typing
    def press(self, name: str) -> None:
        if name not in (SHIFT, BACK) and not name.startswith("pos-"):
            self.commit()  # a space, a mark or a change of keys ends the Korean syllable
        if name == ACCENT:
            self.accents = not self.accents
            self._build()
            return
        if name == GLOBE:
            choices = self.choices
            self.script = choices[(choices.index(self.script) + 1) % len(choices)]
            self.shift = self.caps = self.symbols = self.accents = False
            self._build()
            return
        if name.startswith("pos-"):
            _, row, column = name.split("-")
            upper = self.shift or self.caps
            self.type_text(self.letters.key(int(row), int(column), upper))
            if self.shift:
                self.shift = False
                self._build()
            return
        if name == BACK and self.typing.composer.composing:
            self.typing.backspace()
            return
        if name == SHIFT:
            if self.caps:
                self.caps = self.shift = False
            elif self.shift:
                self.caps, self.shift = True, False
            else:
                self.shift = True
            self._build()
        elif name == PAGE:
            self.symbols, self.accents = not self.symbols, False
            self._build()
        elif name == BACK:
            self.typing.send(Qt.Key.Key_Backspace, "")
        elif name == NEXT:
            self.next_field.emit()
        elif name == SPACE:
            self.typing.send(Qt.Key.Key_Space, " ")
        elif name == DOTCOM:
            for ch in ".com":
                self.typing.send(Qt.Key.Key_unknown, ch)
        elif name == AT:
            self.typing.send(Qt.Key.Key_At, "@")
        elif name.startswith("char-"):
            ch = name[5:]
            if (self.shift or self.caps) and not self.symbols:
                ch = ch.upper()
            self.typing.send(Qt.Key.Key_unknown, ch)
            if self.shift or self.accents:  # one accented letter, then the letters again
                self.shift = self.accents = False
                self._build()

    # ---------------------------------------------------------------- scripts
    def set_language(self, language: str) -> None:
        """The visitor's language picks the keys: their own script first, Latin a globe
        key away (an email field is always Latin)."""
        self.commit()
        self.language = language
        self.choices = layouts_for(language)
        self.script = self.choices[0]
        self.shift = self.caps = self.symbols = self.accents = False
        self._build()

    def type_text(self, text: str) -> None:
        """Type what a key stands for: jamo compose into Hangul syllables, shown underlined
        until they are complete; anything else is sent as typed."""
        if self.script == "ko" and len(text) == 1 and is_jamo(text):
            self.typing.compose(text)
        else:
            self.typing.send(Qt.Key.Key_unknown, text)

    def commit(self) -> None:
        """The syllable being composed becomes text (a field change, a space, Send)."""
        self.typing.commit()
