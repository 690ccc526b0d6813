"""The studio's window: the slide list, the slide's fields, the live preview. It lays out;
``controller.Studio`` wires it to the deck."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QImage,
    QKeySequence,
    QMouseEvent,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMenu,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.content.media_kind import VIDEO_SUFFIXES
from kiosk.content.schema import SLIDE_TYPES
from kiosk.studio.a11y import named
from kiosk.studio.checks import PHOTO_SUFFIXES, THUMB
from kiosk.studio.deck_panel import DeckPanel
from kiosk.studio.fields import KIND_NAMES, FieldEditor
from kiosk.studio.file_boxes import local_files
from kiosk.studio.settings_panel import SettingsPanel

SHEET = """
    QMainWindow, QWidget#pane { background: #f4f1ec; }
    QLabel, QCheckBox { color: #1d2630; font-size: 15px; }
    QLabel#heading { font-size: 20px; font-weight: bold; }
    QTabBar::tab { font-size: 16px; padding: 8px 18px; }
    QLabel#problem { color: #a33a2c; font-size: 14px; }
    QLabel#hint { color: #5b6570; font-size: 14px; }
    QLabel#status[ready="true"] { color: #24693a; font-weight: bold; }
    QLabel#status[ready="false"] { color: #a33a2c; font-weight: bold; }
    QListWidget { background: white; border: 1px solid #d4cdc3; font-size: 14px; }
    QListWidget::item { padding: 6px; }
    QListWidget::item:selected { background: #e3a94f; color: #15202b; }
    QPushButton, QToolButton { min-height: 36px; padding: 0 14px; font-size: 15px;
        background: white; border: 1px solid #b9b0a3; border-radius: 6px; }
    QPushButton:checked { background: #15202b; color: white; }
    QPushButton#save { background: #15202b; color: white; font-weight: bold; }
    QToolButton#more { border: none; background: transparent; font-weight: bold; padding: 0; }
    QLineEdit, QPlainTextEdit, QComboBox, QDoubleSpinBox { font-size: 15px; min-height: 32px;
        background: white; border: 1px solid #b9b0a3; border-radius: 4px; padding: 2px 6px; }
    QComboBox::drop-down { border: none; width: 26px; }
    QComboBox QAbstractItemView { background: white; color: #1d2630;
        selection-background-color: #e3a94f; selection-color: #15202b; }
    QDoubleSpinBox::up-button, QDoubleSpinBox::down-button { border: none; width: 22px; }
    QComboBox::down-arrow, QDoubleSpinBox::down-arrow { width: 12px; height: 12px;
        image: url(:/qt-project.org/styles/commonstyle/images/arrow-down-16.png); }
    QDoubleSpinBox::up-arrow { width: 12px; height: 12px;
        image: url(:/qt-project.org/styles/commonstyle/images/arrow-up-16.png); }
"""


#: What the slide list takes to add slides (and folders of photos).
DROPPED = PHOTO_SUFFIXES | {".pdf", *VIDEO_SUFFIXES}
#: The window's first size, where the screen has room for it.
FIRST_SIZE = QSize(1366, 768)
#: Room kept for the window's title bar when the screen is smaller than that.
TITLE_BAR = 40


class Preview(QLabel):
    """The slide as the booth will show it, scaled to fit whatever room the window gives.
    A click on it says where, from 0 to 1 across and down the slide (the focal point)."""

    clicked_at = Signal(float, float)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMinimumSize(240, 240)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        named(self, "The slide as the booth shows it", "Click a cropped photo to choose "
              "the point that stays in view")
        self.image: QImage | None = None

    def set_image(self, image: QImage | None, words: str = "") -> None:
        self.image = image
        if image is None:
            self.setPixmap(QPixmap())
            self.setText(words)
        self._fit()

    def _fit(self) -> None:
        if self.image is not None:
            self.setPixmap(QPixmap.fromImage(self.image).scaled(
                self.size(), Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        shown = self.pixmap()
        if shown.isNull():
            return
        left = (self.width() - shown.width()) / 2
        top = (self.height() - shown.height()) / 2
        x = (event.position().x() - left) / max(1, shown.width())
        y = (event.position().y() - top) / max(1, shown.height())
        if 0 <= x <= 1 and 0 <= y <= 1:
            self.clicked_at.emit(round(x, 3), round(y, 3))


class SlideList(QListWidget):
    """The slides: drag one to move it; drop photos, a folder of them, videos or a PDF to
    add slides (``files_dropped(paths, row)``)."""

    files_dropped = Signal(list, int)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setDragDropMode(QListWidget.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setAcceptDrops(True)

    @staticmethod
    def _files(event: QDropEvent | QDragEnterEvent | QDragMoveEvent) -> list[Path]:
        return [p for p in local_files(event.mimeData())
                if p.is_dir() or p.suffix.lower() in DROPPED]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._files(event):
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self._files(event):
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        files = self._files(event)
        if not files:
            super().dropEvent(event)
            return
        row = self.indexAt(event.position().toPoint()).row()
        event.acceptProposedAction()
        self.files_dropped.emit(files, row if row >= 0 else self.count() - 1)


class StudioWindow(QMainWindow):
    """Left: the slides, in order, as thumbnails. Middle: the chosen slide's fields. Right:
    the slide at the booth's size and orientation, and whether the deck is ready.
    ``closed()`` once it closes."""

    closed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle("Kiosk Studio")
        self.setStyleSheet(SHEET)
        self.close_check: Callable[[], bool] | None = None  # may the window close now?
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self._slides_pane())
        splitter.addWidget(self._fields_pane())
        splitter.addWidget(self._preview_pane())
        splitter.setStretchFactor(0, 0)  # a wider window widens the fields and the preview
        splitter.setStretchFactor(1, 1)
        splitter.setStretchFactor(2, 1)
        splitter.setSizes([300, 600, 466])  # the fields first: the preview scales
        self.setCentralWidget(splitter)
        self._menu()
        self._first_size()

    def _first_size(self) -> None:
        """1366 x 768, or on a smaller screen the room it gives (its task bar and the title
        bar left out), so that the bottom buttons are on the screen."""
        room = self.screen().availableGeometry()
        size = FIRST_SIZE.boundedTo(room.size() - QSize(0, TITLE_BAR))
        self.resize(size)
        if size != FIRST_SIZE:
            self.move(room.topLeft())

    def show_title(self, place: str, unsaved: bool) -> None:
        """'Kiosk Studio — place' in the title bar, with '● ' before it while there are
        unsaved changes."""
        title = f"Kiosk Studio — {place}" if place else "Kiosk Studio"
        self.setWindowTitle(("● " if unsaved else "") + title)

    def set_deck_open(self, deck_open: bool) -> None:
        """What edits, saves, plays or copies a deck works only while one is open (one that
        could not be read leaves New deck, Open deck and the kiosk's settings)."""
        for widget in (self.slides, self.add_button, self.up_button, self.down_button,
                       self.duplicate_button, self.delete_button, self.fields, self.deck,
                       self.play_button, self.import_button, self.stick_button,
                       self.save_button, self.save_as_button):
            widget.setEnabled(deck_open)
        for action in (self.save_action, self.save_as_action, self.stick_action,
                       self.publish_action):
            action.setEnabled(deck_open)

    def show_source(self, row: int) -> None:
        """The deck's tab, source ``row`` chosen with its title being typed."""
        self.tabs.setCurrentIndex(1)
        table = self.deck.sources.table
        column = self.deck.sources.keys.index("title") if "title" in self.deck.sources.keys \
            else 0
        table.setCurrentCell(row, column)
        item = table.item(row, column)
        if item is not None:
            table.scrollToItem(item)
            table.editItem(item)

    def _menu(self) -> None:
        """File: new, open, save, a copy, to a USB stick, the fleet (make one, publish to it,
        see its booths), close (with the usual shortcuts)."""
        named(self.menuBar(), "Menu bar")
        menu = named(self.menuBar().addMenu("&File"), "File")
        self.new_action = menu.addAction("New deck…")
        self.open_action = menu.addAction("Open deck…")
        menu.addSeparator()
        self.save_action = menu.addAction("Save")
        self.save_as_action = menu.addAction("Save a copy…")
        self.stick_action = menu.addAction("Copy to USB stick…")
        menu.addSeparator()
        self.make_fleet_action = menu.addAction("Make a fleet…")
        self.publish_action = menu.addAction("Publish to the booths…")
        self.booths_action = menu.addAction("The booths…")
        menu.addSeparator()
        self.quit_action = menu.addAction("Close")
        for action, key in ((self.new_action, QKeySequence.StandardKey.New),
                            (self.open_action, QKeySequence.StandardKey.Open),
                            (self.save_action, QKeySequence.StandardKey.Save),
                            (self.quit_action, QKeySequence.StandardKey.Close)):
            action.setShortcut(QKeySequence(key))

    def _pane(self, title: str) -> tuple[QWidget, QVBoxLayout]:
        pane = QWidget(self)
        pane.setObjectName("pane")
        layout = QVBoxLayout(pane)
        heading = QLabel(title, pane)
        heading.setObjectName("heading")
        layout.addWidget(heading)
        return pane, layout

    def _slides_pane(self) -> QWidget:
        pane, layout = self._pane("Slides")
        self.slides = named(SlideList(pane), "Slides", "Drop photos, videos or a PDF here "
                            "to add slides; drag a slide to move it")
        self.slides.setIconSize(THUMB)
        self.slides.setSpacing(2)
        self.slides.setWordWrap(True)  # a chapter's title beside its first slide
        self.slides.setMinimumWidth(THUMB.width() + 110)
        self.slides.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout.addWidget(self.slides, 1)
        row = QHBoxLayout()
        self.add_button = QToolButton(pane)
        self.add_button.setText("Add a slide")
        self.add_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.add_menu = named(QMenu(self.add_button), "Kinds of slide")
        self.add_actions = {kind: self.add_menu.addAction(KIND_NAMES.get(
            kind, kind.replace("_", " ").capitalize())) for kind in SLIDE_TYPES}
        self.add_button.setMenu(self.add_menu)
        row.addWidget(self.add_button)
        self.up_button, self.down_button = self._buttons(pane, row, "↑", "↓")
        for button, words in ((self.up_button, "Move the slide up"),
                              (self.down_button, "Move the slide down")):
            named(button, words).setToolTip(words)
        layout.addLayout(row)
        row = QHBoxLayout()
        self.undo_button, self.redo_button = self._buttons(pane, row, "Undo", "Redo")
        layout.addLayout(row)
        row = QHBoxLayout()
        self.duplicate_button, self.delete_button = self._buttons(pane, row, "Duplicate",
                                                                  "Delete")
        layout.addLayout(row)
        return pane

    @staticmethod
    def _buttons(pane: QWidget, row: QHBoxLayout, *labels: str) -> list[QPushButton]:
        buttons = [QPushButton(label, pane) for label in labels]
        for button in buttons:
            row.addWidget(button)
        return buttons

    def _fields_pane(self) -> QWidget:
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._slide_tab(), "This slide")
        self.deck = DeckPanel()
        self.tabs.addTab(self._scrolled(self.deck), "The deck")
        self.settings = SettingsPanel()
        self.tabs.addTab(self._scrolled(self.settings), "The kiosk")
        return self.tabs

    def _scrolled(self, panel: QWidget) -> QScrollArea:
        """Up and down only: a panel fits the pane's width (its tables scroll inside)."""
        scroll = QScrollArea(self.tabs)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(panel)
        return scroll

    def _slide_tab(self) -> QWidget:
        pane = QWidget(self)
        pane.setObjectName("pane")
        layout = QVBoxLayout(pane)
        self.slide_problems = QLabel(pane)
        self.slide_problems.setObjectName("problem")
        self.slide_problems.setWordWrap(True)
        layout.addWidget(self.slide_problems)
        self.fields = FieldEditor()
        layout.addWidget(self._scrolled(self.fields), 1)
        return pane

    def _preview_pane(self) -> QWidget:
        pane, layout = self._pane("At the booth")
        row = QHBoxLayout()
        self.orientations = QButtonGroup(pane)
        for i, label in enumerate(("Landscape", "Portrait", "4K")):
            button = QPushButton(label, pane)
            button.setCheckable(True)
            button.setChecked(i == 0)
            self.orientations.addButton(button, i)
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        self.preview = Preview(pane)
        layout.addWidget(self.preview, 1)
        self.status = QLabel(pane)
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        row = QHBoxLayout()
        self.recover_button = QPushButton("Recover unsaved changes from last time", pane)
        self.recover_button.hide()
        layout.addWidget(self.recover_button)
        self.play_button = QPushButton("Play from here", pane)
        self.import_button = QPushButton("Slides from a PDF…", pane)
        self.stick_button = QPushButton("Copy to USB stick…", pane)
        self.stick_menu: QMenu | None = None  # the sticks found, while it is open
        self.save_as_button = QPushButton("Save a copy…", pane)
        self.save_button = QPushButton("Save", pane)
        self.save_button.setObjectName("save")
        row.addWidget(self.play_button)
        row.addWidget(self.import_button)
        row.addStretch(1)
        layout.addLayout(row)
        row = QHBoxLayout()  # a second row: the pane stays narrow enough for a laptop
        row.addStretch(1)
        row.addWidget(self.stick_button)
        row.addWidget(self.save_as_button)
        row.addWidget(self.save_button)
        layout.addLayout(row)
        return pane

    def set_status(self, text: str, ready: bool) -> None:
        self.status.setText(text)
        self.status.setProperty("ready", "true" if ready else "false")
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.close_check is not None and not self.close_check():
            event.ignore()
            return
        super().closeEvent(event)
        self.closed.emit()
