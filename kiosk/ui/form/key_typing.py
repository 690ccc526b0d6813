"""What the on-screen keyboard's keys type, sent to whichever widget has the focus as a
physical keyboard or an input method would: key events for what is typed as it is, and Hangul
syllables composed from jamo, shown underlined in the field until they are complete."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QInputMethodEvent, QKeyEvent, QTextCharFormat
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.visit.keyboards import HangulComposer


class FocusTyping(QObject):
    """Types into the focused widget, and holds the Korean syllable being composed (it stays
    in the field it was typed in when the focus moves on)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.composer = HangulComposer()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_moved)

    def compose(self, jamo: str) -> None:
        """A jamo joins the syllable being composed (or completes it and begins the next)."""
        done, composing = self.composer.feed(jamo)
        self._preedit(done, composing)

    def backspace(self) -> None:
        """Take the last jamo back from the syllable being composed."""
        self._preedit("", self.composer.backspace() or "")

    def commit(self) -> None:
        """End the syllable being composed: it becomes text in the focused field."""
        if self.composer.composing:
            self._preedit(self.composer.flush(), "")

    def _preedit(self, done: str, composing: str, target: QWidget | None = None) -> None:
        target = target or QApplication.focusWidget()
        if target is None:
            return
        underline = QTextCharFormat()
        underline.setFontUnderline(True)
        attributes = [QInputMethodEvent.Attribute(
            QInputMethodEvent.AttributeType.TextFormat, 0, len(composing), underline)]
        event = QInputMethodEvent(composing, attributes if composing else [])
        event.setCommitString(done)
        QApplication.sendEvent(target, event)

    def _focus_moved(self, old: QWidget | None, _new: QWidget | None) -> None:
        if self.composer.composing and old is not None:
            self._preedit(self.composer.flush(), "", old)  # what was composing stays there

    @staticmethod
    def send(key: Qt.Key, text: str) -> None:
        """A key pressed and released in the focused widget, typing ``text``."""
        target = QApplication.focusWidget()
        if target is None:
            return
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(target, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier,
                                                     text))
