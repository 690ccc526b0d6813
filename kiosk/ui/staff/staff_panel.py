"""The staff panel: counts, sync, export, clean-up, content, exit. Touch-sized, no keyboard.
In the deck's theme and the kiosk's language (:meth:`StaffPanel.set_look`)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.content import Theme
from kiosk.staff.words import text
from kiosk.ui.common import access, style
from kiosk.ui.common.fonts import font
from kiosk.ui.common.metrics import Layer, fill_parent, touch_target, unit
from kiosk.ui.common.widgets import ScrollKept, drag_to_scroll
from kiosk.ui.staff.deck_picker import DeckPicker
from kiosk.ui.staff.export_card import ExportCard
from kiosk.ui.staff.messages_card import MessagesCard
from kiosk.ui.staff.parts import ConfirmBox, new_card, touch_button
from kiosk.ui.staff.problem_list import ProblemList
from kiosk.ui.staff.slides_card import SlidesCard
from kiosk.ui.staff.today_card import TodayCard


class StaffPanel(Layer):
    lock = Signal()
    exit_requested = Signal()
    restart_requested = Signal()
    sync_requested = Signal()
    retry_refused_requested = Signal()
    export_requested = Signal(str, str, bool, bool)  # folder, format, not exported only, mark
    purge_requested = Signal(int)  # days
    reload_requested = Signal()
    usb_requested = Signal()  # Load slides from USB
    back_requested = Signal()  # go back to the slides that played before
    report_requested = Signal(str)  # folder: save the event report there
    forget_requested = Signal()  # forget what analytics recorded
    opened = Signal()  # the panel came on screen

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.theme = Theme()
        self.language = "en"
        self.digits = False  # numbers in the language's own digits
        self.days = 30
        self._portrait: bool | None = None  # how the cards are placed (None: not yet)
        self._header = ("", "")
        self.title = QLabel(self)
        self.title.setObjectName("title")
        self.subtitle = QLabel(self)
        self.subtitle.setObjectName("muted")
        self.lock_button = touch_button(self, "", "lock")
        self.restart_button = touch_button(self, "", "restart")
        self.exit_button = touch_button(self, "", "exit")
        self.headings: dict[str, QLabel] = {}  # each card's heading, by its staff word
        self.lock_button.clicked.connect(self.lock)
        self.restart_button.clicked.connect(self.restart_requested)
        self.exit_button.clicked.connect(self.exit_requested)
        self.card_layouts: dict[QWidget, QVBoxLayout] = {}
        self._build_messages_card()
        self._build_export_card()
        self._build_purge_card()
        self._build_content_card()
        self.today = TodayCard(self)
        self.card_layouts[self.today.card] = self.today.layout
        for card in (self.messages_card, self.export_card, self.purge_card):
            self.card_layouts[card].addStretch(1)
        self.picker = DeckPicker(self)
        self.confirm = ConfirmBox(self)
        # The cards: in portrait a column (a box: Qt's grid squeezed a card below its own
        # height there, its rows then overlapping, when cards hold wrapped text), in
        # landscape a grid of two by two (its columns line up).
        self.cards = QVBoxLayout()
        self.card_grid = QGridLayout()
        self._build_outer_layout()
        self._words()
        self.hide()

    def _card(self, title: str) -> tuple[QWidget, QVBoxLayout]:
        """A card headed by the staff word ``title``."""
        card, layout = new_card(self, "")
        heading = card.findChild(QLabel, "heading")
        assert heading is not None
        self.headings[title] = heading
        self.card_layouts[card] = layout
        return card, layout

    def set_look(self, theme: Theme, language: str, digits: bool = False) -> None:
        """The deck's theme and the kiosk's language (its first); ``digits``: numbers in
        that script's own digits."""
        self.theme, self.language, self.digits = theme, language, digits
        self.picker.theme = theme
        self.picker.set_language(language)
        self.picker.pad.set_look(theme, language)
        self.problem_list.set_look(theme, language)
        self._words()
        if self.isVisible():
            self.relayout()
        self.update()

    def _words(self) -> None:
        """Every word the panel itself shows, in its language."""
        language = self.language
        for key, heading in self.headings.items():
            heading.setText(text(key, language))
        self.title.setText(text("staff", language))
        for button, key in ((self.lock_button, "lock"), (self.restart_button, "restart"),
                            (self.exit_button, "exit_kiosk"),
                            (self.purge_button, "delete"), (self.forget_button, "forget_visits"),
                            (self.usb_button, "load_usb"), (self.back_button, "previous"),
                            (self.reload_button, "reload")):
            button.setText(text(key, language))
        access.name(self.minus, text("fewer_days", language))
        access.name(self.plus, text("more_days", language))
        self.messages.set_language(language, self.digits)
        self.export.set_language(language)
        self.today.set_language(language, self.digits)
        self.confirm.set_language(language)
        self.set_header(*self._header)
        self._days(0)

    def _build_messages_card(self) -> None:
        """Counts, store problems, each sync target's state, Sync now, send refused again."""
        self.messages_card, layout = self._card("messages")
        self.messages = card = MessagesCard(self.messages_card, layout)
        self.counts, self.store_problems, self.targets = (card.counts, card.store_problems,
                                                          card.targets)
        self.sync_button, self.retry_button = card.sync_button, card.retry_button
        self.sync_status = card.sync_status
        self.sync_button.clicked.connect(self.sync_requested)
        self.retry_button.clicked.connect(self.retry_refused_requested)

    def _build_export_card(self) -> None:
        """Where to, which format, all or new, mark as exported, Export, progress."""
        self.export_card, layout = self._card("export")
        self.export = card = ExportCard(self.export_card, layout, self.export_requested.emit,
                                        self.report_requested.emit)
        self.mark_button, self.export_button, self.report_button = (
            card.mark_button, card.export_button, card.report_button)
        self.export_status, self.export_path = card.export_status, card.export_path

    @property
    def drive_paths(self) -> dict[int, str]:
        """The folder of each place an export can go, by its chip's id."""
        return self.export.drive_paths

    def _build_purge_card(self) -> None:
        self.purge_card, layout = self._card("clean_up")
        self.purge_text = QLabel(self.purge_card)
        self.purge_text.setWordWrap(True)
        layout.addWidget(self.purge_text)
        row = QHBoxLayout()
        self.minus = touch_button(self.purge_card, "−", "days-minus")
        self.plus = touch_button(self.purge_card, "+", "days-plus")
        self.purge_button = touch_button(self.purge_card, "", "purge")
        self.minus.clicked.connect(lambda: self._days(-7))
        self.plus.clicked.connect(lambda: self._days(7))
        self.purge_button.clicked.connect(lambda: self.purge_requested.emit(self.days))
        self.forget_button = touch_button(self.purge_card, "", "forget")
        self.forget_button.clicked.connect(self.forget_requested)
        row.addWidget(self.minus)
        row.addWidget(self.plus)
        row.addStretch(1)
        row.addWidget(self.forget_button)
        row.addWidget(self.purge_button)
        layout.addLayout(row)

    def _build_content_card(self) -> None:
        self.content_card, layout = self._card("slides")
        self.problem_list = ProblemList(self)  # every problem in full, on a tap
        self.slides = SlidesCard(self.content_card, layout, self.problem_list)
        card = self.slides
        self.attention, self.content_text, self.problems = (card.attention, card.content_text,
                                                            card.problems)
        self.setup_note = card.setup_note
        self.usb_button, self.back_button, self.reload_button = (card.usb_button,
                                                                 card.back_button,
                                                                 card.reload_button)
        self.usb_button.clicked.connect(self.usb_requested)
        self.back_button.clicked.connect(self.back_requested)
        self.reload_button.clicked.connect(self.reload_requested)

    def _build_outer_layout(self) -> None:
        self.outer = QVBoxLayout(self)
        self.head = head = QHBoxLayout()
        titles = QVBoxLayout()
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        head.addLayout(titles)
        head.addStretch(1)
        for button in (self.lock_button, self.restart_button, self.exit_button):
            button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
            head.addWidget(button)
        self.outer.addLayout(head)
        # Taller than the screen (a deck with many problems, in portrait), the cards scroll:
        # squeezed, their rows would overlap. While they fit, they fill the screen.
        body = QWidget()
        body.setObjectName("staff-body")
        body.setLayout(self.cards)
        self.cards.setContentsMargins(0, 0, 0, 0)
        self.card_scroll = QScrollArea(self)
        self.card_scroll.setObjectName("staff-scroll")
        self.card_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.card_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.card_scroll.setWidgetResizable(True)
        self.card_scroll.setWidget(body)
        self.outer.addWidget(self.card_scroll, 1)
        drag_to_scroll(self.card_scroll)
        ScrollKept(self.card_scroll.verticalScrollBar())  # (a reload's words come and go)

    # ---------------------------------------------------------------- state from the flow
    def set_header(self, kiosk_id: str, version: str) -> None:
        self._header = (kiosk_id, version)
        self.subtitle.setText(text("header" if version else "header_no_slides", self.language,
                                   kiosk=kiosk_id, version=version))

    def set_counts(self, counts: dict[str, int]) -> None:
        self.messages.set_counts(counts)

    def set_store_problems(self, lines: list[str]) -> None:
        """What staff must know about the message store (damaged, cannot be opened)."""
        self.messages.set_store_problems(lines)

    def set_targets(self, lines: list[str]) -> None:
        self.messages.set_targets(lines)

    def set_sync_busy(self, busy: bool, said: str = "") -> None:
        self.messages.set_sync_busy(busy, said)

    def set_drives(self, drives: list[tuple[str, str]]) -> None:
        """(label, folder) for each place an export can go; the first is chosen."""
        self.export.set_drives(drives)

    def set_export_progress(self, done: int, total: int) -> None:
        self.export.set_progress(done, total)

    def set_export_result(self, text: str, path: str = "") -> None:
        """What the export did, and the file it wrote on a line of its own."""
        self.export.set_result(text, path)

    def set_purge_result(self, text: str) -> None:
        self.purge_text.setText(text)

    def set_content(self, summary: str, attention: str = "", problems: Sequence[str] = (),
                    every: Sequence[str] = ()) -> None:
        """What staff read about the slides: ``attention`` (what needs it) set apart, the
        first ``problems``, a line each, and ``every`` one for the list a tap on them opens."""
        self.slides.set_content(summary, attention, problems, every)

    def set_setup_note(self, text: str) -> None:
        """What became of the booth's set-up loaded from a stick."""
        self.setup_note.setText(text)
        self.setup_note.setVisible(bool(text))

    def set_can_load(self, can: bool) -> None:
        self.usb_button.setVisible(can)

    def set_can_go_back(self, can: bool) -> None:
        self.back_button.setVisible(can)

    def _days(self, step: int) -> None:
        self.days = max(7, min(365, self.days + step))
        self.purge_text.setText(text("purge_text", self.language, self.days, self.digits))

    # ---------------------------------------------------------------- layout
    def relayout(self) -> None:
        size = fill_parent(self)
        if size is None:
            return
        u = unit(size)
        portrait = size.height() > size.width()
        side = touch_target(self)
        margin = round(50 * u)
        pad = round(28 * u)
        self._place_cards(portrait, u, pad)
        self.outer.setContentsMargins(margin, margin, margin, margin)
        for button in self.findChildren(QPushButton):
            button.setMinimumSize(side, side)  # round ends need at least a circle
        t = self.theme
        self.mark_button.set_side(side)
        self.mark_button.set_colours(t.accent, t.raised, t.text, t.text)
        self.mark_button.setFont(font(t.body_font, 28 * u))
        self.setStyleSheet(style.staff_panel_sheet(self.theme, u, side)
                           + SlidesCard.sheet(self.theme, u))
        self.slides.scale(u, round(pad * 0.6))
        for button in (self.lock_button, self.restart_button, self.exit_button):
            button.setMinimumWidth(max(side, button.sizeHint().width()))  # never squeezed
        self.confirm.setStyleSheet(style.confirm_sheet(self.theme, u, side))
        if self.confirm.isVisible():
            self.confirm.cover()
        if self.picker.isVisible():
            self.picker.relayout()
            self.picker.cover()
        if self.problem_list.isVisible():
            self.problem_list.relayout()
            self.problem_list.cover()

    def _place_cards(self, portrait: bool, u: float, pad: int) -> None:
        """The cards in a column (portrait, with today's card first) or two by two under the
        header (landscape, today's card in the header's middle), moved only when the screen
        turns (not at each change of words or theme)."""
        cards = [self.messages_card, self.export_card, self.purge_card, self.content_card]
        today = self.today.card
        if portrait != self._portrait:
            self._portrait = portrait
            self._arrange_cards(portrait, cards)
        self.today.set_compact(not portrait)
        self.today.scale(u)
        self.subtitle.setWordWrap(portrait)  # a narrow screen: the version on its own line
        for i in range(self.head.count()):  # the header's spring gives way to today's card
            item = self.head.itemAt(i)
            if item is not None and item.spacerItem() is not None:
                self.head.setStretch(i, 1 if portrait else 0)
        self.card_layouts[today].setContentsMargins(pad, round(pad * 0.6), pad,
                                                    round(pad * 0.6))
        self.head.setSpacing(round(30 * u))
        for card in cards:
            self.card_layouts[card].setContentsMargins(pad, pad, pad, pad)
        # Portrait stacks five cards under the header in one column, with little height to
        # spare: closer together there, so that a card's rows never overlap (a warning on
        # the slides and an export's result each add a line).
        apart = round((16 if portrait else 30) * u)
        self.outer.setSpacing(apart)  # the header as far from the cards as they are apart
        for box in (self.cards, self.card_grid):
            box.setSpacing(apart)

    def _arrange_cards(self, portrait: bool, cards: list[QWidget]) -> None:
        for box in (self.cards, self.card_grid):
            while box.count():
                box.takeAt(0)
        today = self.today.card
        self.head.removeWidget(today)
        if portrait:  # today gets a row of its own; in landscape, the header's middle
            self.cards.addWidget(today)
        else:
            self.head.insertWidget(1, today, 1)
        for i, card in enumerate(cards):
            if portrait:
                self.cards.addWidget(card, 1)
            else:
                self.card_grid.addWidget(card, i // 2, i % 2)
        if not portrait:
            self.cards.addLayout(self.card_grid, 1)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.opened.emit()

    def paintEvent(self, event: QPaintEvent) -> None:
        QPainter(self).fillRect(self.rect(), QColor(self.theme.background))


def folder_label(folder: str) -> str:
    return Path(folder).name or folder
