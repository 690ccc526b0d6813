"""Choosing a chapter's icon by looking, not by typing its name: a grid of icons that suit a
story, and a search over the whole icon font."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.ui.common.icons import OWN_PREFIX, icon, own_charmap, qtawesome

#: Icons offered first: the story's kinds of chapters (history, places, people, faith, help).
_NAMES = (
    "history", "book-open-variant", "map-outline", "map-marker-alert-outline", "earth",
    "road-variant", "flower-tulip-outline", "sprout-outline", "weather-sunset-up",
    "white-balance-sunny", "candle", "hands-pray", "church", "cross", "heart-outline",
    "hand-heart-outline", "home-heart", "calendar-heart", "account-group", "human-female-girl",
    "account-child-outline", "home-group", "handshake-outline", "shield-account-outline",
    "scale-balance", "school-outline", "hospital-box-outline", "medical-bag",
    "food-apple-outline", "water-outline", "rice", "briefcase-outline", "lightbulb-on-outline",
    "compass-outline", "star-outline", "gift-outline", "flag-outline", "message-text-outline",
    "email-outline", "camera-outline", "music-note", "information-outline",
    "help-circle-outline",
)
SUGGESTED = tuple(f"mdi6.{name}" for name in _NAMES)
#: A search shows at most this many icons.
SEARCH_LIMIT = 120
COLOUR = "#1f2d3a"


def all_icon_names(prefix: str = "mdi6") -> list[str]:
    """Every icon of the font ``prefix``, by name (qtawesome's own list)."""
    if prefix == OWN_PREFIX:
        return [f"{prefix}.{name}" for name in sorted(own_charmap())]
    qtawesome().icon("mdi6.circle-outline", color=COLOUR)  # loads the fonts
    resource = getattr(qtawesome(), "_resource", {}).get("iconic")
    charmap = getattr(resource, "charmap", {}).get(prefix, {})
    return [f"{prefix}.{name}" for name in sorted(charmap)]


class IconPicker(QDialog):
    """``chosen(name)`` when a volunteer picks an icon (a double-click, or OK)."""

    chosen = Signal(str)

    def __init__(self, current: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Choose an icon")
        self.resize(720, 560)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Search all icons: heart, book, water…")
        self.search.setClearButtonEnabled(True)
        self.grid = QListWidget(self)
        self.grid.setViewMode(QListWidget.ViewMode.IconMode)
        self.grid.setIconSize(QSize(48, 48))
        self.grid.setGridSize(QSize(112, 96))
        self.grid.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.grid.setMovement(QListWidget.Movement.Static)
        self.grid.setWordWrap(True)
        self.note = QLabel(self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.grid, 1)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        self._names: list[str] | None = None  # the whole font, read at the first search
        self.current = current
        self.search.textChanged.connect(self.show_matching)
        self.grid.itemDoubleClicked.connect(lambda _item: self._accept())
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        self.show_matching("")

    def show_matching(self, words: str) -> None:
        words = words.strip().lower()
        if len(words) < 2:
            names = list(SUGGESTED)
            if self.current and self.current not in names:
                names.insert(0, self.current)
            self.note.setText("Icons that suit a story. Type to search all of them.")
        else:
            if self._names is None:
                self._names = all_icon_names()
            found = [n for n in self._names if all(w in n for w in words.split())]
            names = found[:SEARCH_LIMIT]
            self.note.setText(f"{len(found)} icon(s) match" + (
                f"; the first {SEARCH_LIMIT} are shown." if len(found) > SEARCH_LIMIT
                else "." if found else ": try another word."))
        self.grid.clear()
        for name in names:
            try:
                shown = icon(name, COLOUR)
            except Exception:  # a name the font does not have (the deck's own, mistyped)
                continue
            item = QListWidgetItem(shown, name.split(".", 1)[1].replace("-", " "))
            item.setData(Qt.ItemDataRole.UserRole, name)
            item.setToolTip(name)
            self.grid.addItem(item)
            if name == self.current:
                self.grid.setCurrentItem(item)

    def _accept(self) -> None:
        item = self.grid.currentItem()
        if item is None:
            return
        self.chosen.emit(str(item.data(Qt.ItemDataRole.UserRole)))
        self.accept()
