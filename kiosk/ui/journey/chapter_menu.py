"""The chapter menu: a full-screen grid of the deck's chapters; a tap jumps to one."""

from __future__ import annotations

import logging

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPaintEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QToolButton, QVBoxLayout, QWidget

from kiosk.content import Deck, Theme
from kiosk.content.loader import native_digit_languages
from kiosk.content.text import pick
from kiosk.ui.common import access, style
from kiosk.ui.common.icons import icon
from kiosk.ui.common.metrics import fill_parent, touch_target, unit
from kiosk.visit import words

log = logging.getLogger(__name__)
FALLBACK_ICON = "mdi6.book-open-variant"


def _icon(name: str, colour: str) -> QIcon:
    try:
        return icon(name, colour)
    except Exception:  # an unknown icon name in the deck must not break the menu
        log.warning("unknown chapter icon '%s'; using %s", name, FALLBACK_ICON)
        return icon(FALLBACK_ICON, colour)


class ChapterMenu(QWidget):
    """The chapters with a slide a visitor can see now (a schedule may leave some out)."""

    chosen = Signal(str)  # chapter id
    closed = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.theme = Theme()
        self.deck: Deck | None = None
        self.language = "en"
        self.native: set[str] = set()
        self.current: str | None = None
        self.playable: set[int] | None = None  # the slides a visitor can see (None: all)
        self.title = QLabel(self)
        self.close_button = QPushButton(self)
        self.close_button.setObjectName("close")
        self.close_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.close_button.clicked.connect(self.closed)
        self.tiles: dict[str, QToolButton] = {}
        self.grid = QGridLayout()
        layout = self.outer = QVBoxLayout(self)
        head = QGridLayout()
        head.addWidget(self.title, 0, 0, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        head.addWidget(self.close_button, 0, 1,
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        layout.addLayout(head)
        layout.addStretch(1)
        layout.addLayout(self.grid)
        layout.addStretch(2)
        self.hide()

    def set_deck(self, deck: Deck, language: str) -> None:
        self.deck, self.theme, self.language = deck, deck.theme, language
        self.native = native_digit_languages(deck)  # numbers in the script's own digits
        for tile in self.tiles.values():
            tile.deleteLater()
        self.tiles = {}
        for chapter in deck.chapters:
            tile = QToolButton(self)
            tile.setObjectName("tile")
            tile.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            tile.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
            tile.setIcon(_icon(chapter.icon, self.theme.accent))
            tile.setCheckable(True)
            tile.clicked.connect(lambda _=False, cid=chapter.id: self.chosen.emit(cid))
            self.tiles[chapter.id] = tile
        self.relayout()

    def open(self, current_chapter: str | None, language: str) -> None:
        self.current, self.language = current_chapter, language
        self.relayout()
        self.show()
        self.raise_()

    def relayout(self) -> None:
        size = fill_parent(self) if self.deck is not None else None
        if size is None or self.deck is None:
            return
        u = unit(size)
        side = touch_target(self)
        margin = round((84 if size.height() > size.width() else 120) * u)
        self.outer.setContentsMargins(margin, round(70 * u), margin, round(70 * u))
        labels = self.deck.labels if self.deck else None
        self.title.setText(words.text("chapters", self.language, labels))
        access.name(self, self.title.text())
        access.name(self.close_button, words.text("close", self.language, labels))
        self.close_button.setIcon(icon("mdi6.close", self.theme.text))
        self.close_button.setIconSize(QSize(round(side * 0.55), round(side * 0.55)))
        self.close_button.setFixedSize(side, side)
        counts = {c.id: sum(1 for s in self.deck.slides if s.chapter == c.id and (
            self.playable is None or s.index in self.playable)) for c in self.deck.chapters}
        shown = [c for c in self.deck.chapters if counts[c.id] or self.playable is None]
        columns = 1 if size.height() > size.width() and len(shown) <= 4 else 3
        columns = min(columns, max(1, len(shown)))
        gap = round(36 * u)
        self.grid.setSpacing(gap)
        width = (size.width() - 2 * margin - gap * (columns - 1)) // columns
        height = round(min(300 * u, width * 0.62))
        for chapter in self.deck.chapters:
            self.tiles[chapter.id].setVisible(chapter in shown)
            self.grid.removeWidget(self.tiles[chapter.id])
        for i, chapter in enumerate(shown):
            tile = self.tiles[chapter.id]
            title = pick(chapter.title, self.language, self.deck.default_language)
            count = words.text("slides", self.language, self.deck.labels, n=counts[chapter.id],
                               digits=self.language in self.native)
            tile.setText(f"{title}\n{count}")
            tile.setIconSize(QSize(round(96 * u), round(96 * u)))
            tile.setFixedSize(width, max(height, side))
            tile.setChecked(chapter.id == self.current)
            self.grid.addWidget(tile, i // columns, i % columns)
        self.setStyleSheet(style.chapter_menu_sheet(self.theme, u, side))

    def paintEvent(self, event: QPaintEvent) -> None:
        QPainter(self).fillRect(self.rect(), QColor(self.theme.background))
