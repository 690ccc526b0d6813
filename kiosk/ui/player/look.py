"""What a slide's frames are painted for: the language of their words, the size of their
text, and the screen's size with its pixels to a point. The frame cache
(:mod:`kiosk.ui.player.frames`) and a playing video (:mod:`kiosk.ui.player.video`) each
hold one: a change to it has them paint their frames again.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QSize, Signal


class Look(QObject):
    """What frames are painted for; ``changed`` follows each change (not a value set again)."""

    changed = Signal()

    def __init__(self, language: str, text_scale: float = 1.0, size: QSize | None = None,
                 ratio: float = 1.0, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.language, self.text_scale = language, text_scale
        self.size = QSize(1920, 1080) if size is None else QSize(size)
        self.ratio = ratio

    def pixels(self) -> QSize:
        """The frames' size in pixels."""
        return QSize(round(self.size.width() * self.ratio),
                     round(self.size.height() * self.ratio))

    def set_language(self, language: str) -> None:
        self._set(language, self.text_scale, self.size, self.ratio)

    def set_text_scale(self, scale: float) -> None:
        """Larger (or usual) text."""
        self._set(self.language, scale, self.size, self.ratio)

    def set_size(self, size: QSize, ratio: float = 1.0) -> None:
        """Frames of another size from now on (the window was resized)."""
        self._set(self.language, self.text_scale, size, ratio)

    def _set(self, language: str, text_scale: float, size: QSize, ratio: float) -> None:
        if (language, text_scale, size, ratio) == (self.language, self.text_scale, self.size,
                                                   self.ratio):
            return
        self.language, self.text_scale = language, text_scale
        self.size, self.ratio = QSize(size), ratio
        self.changed.emit()
