"""The staff panel: counts, sync, export, clean-up, content, exit. Touch-sized, no keyboard.
In the deck's theme and the kiosk's language (:meth:`StaffPanel.set_look`)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.content import Theme
from kiosk.messages.export import FORMATS
from kiosk.staff.words import number, text
from kiosk.ui.common import access, style
from kiosk.ui.common.fonts import font
from kiosk.ui.common.metrics import Layer, fill_parent, touch_target, unit
from kiosk.ui.common.widgets import ElidedLabel, Switch
from kiosk.ui.staff.deck_picker import DeckPicker
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
        self._header = ("", "")
        self._targets: list[str] = []
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
        self.grid = QGridLayout()
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
        for key, caption in self.captions.items():
            caption.setText(text(key, language))
        for button, key in ((self.lock_button, "lock"), (self.restart_button, "restart"),
                            (self.exit_button, "exit_kiosk"), (self.sync_button, "sync_now"),
                            (self.retry_button, "send_refused"), (self.all_button, "all"),
                            (self.new_button, "not_exported"), (self.mark_button, "mark"),
                            (self.export_button, "export"), (self.report_button, "save_report"),
                            (self.purge_button, "delete"), (self.forget_button, "forget_visits"),
                            (self.usb_button, "load_usb"), (self.back_button, "previous"),
                            (self.reload_button, "reload")):
            button.setText(text(key, language))
        access.name(self.minus, text("fewer_days", language))
        access.name(self.plus, text("more_days", language))
        self.today.set_language(language, self.digits)
        self.confirm.set_language(language)
        self.set_header(*self._header)
        self.set_targets(self._targets)
        self._days(0)

    def _build_messages_card(self) -> None:
        """Counts, store problems, each sync target's state, Sync now, send refused again."""
        self.messages_card, layout = self._card("messages")
        numbers = QHBoxLayout()
        self.counts: dict[str, QLabel] = {}
        self.captions: dict[str, QLabel] = {}  # under each count, by its staff word
        for key, label in (("total", "left_here"), ("pending", "waiting"),
                           ("synced", "synced"), ("rejected", "refused")):
            box = QVBoxLayout()
            value = QLabel("0", self.messages_card)
            value.setObjectName("number")
            caption = QLabel(self.messages_card)
            caption.setObjectName("muted")
            self.captions[label] = caption
            box.addWidget(value)
            box.addWidget(caption)
            numbers.addLayout(box)
            self.counts[key] = value
        layout.addLayout(numbers)
        self.store_problems = QLabel(self.messages_card)
        self.store_problems.setObjectName("warning")
        self.store_problems.setWordWrap(True)
        self.store_problems.hide()
        layout.addWidget(self.store_problems)
        self.targets = QLabel(self.messages_card)
        self.targets.setObjectName("detail")
        self.targets.setTextFormat(Qt.TextFormat.PlainText)  # a server's words, as they are
        self.targets.setWordWrap(True)
        layout.addWidget(self.targets)
        row = QHBoxLayout()
        self.sync_button = touch_button(self.messages_card, "", "sync")
        self.sync_button.clicked.connect(self.sync_requested)
        self.retry_button = touch_button(self.messages_card, "", "retry-refused")
        self.retry_button.clicked.connect(self.retry_refused_requested)
        self.retry_button.hide()
        self.sync_status = QLabel(self.messages_card)
        self.sync_status.setObjectName("muted")
        self.sync_status.setWordWrap(True)
        row.addWidget(self.sync_button)
        row.addWidget(self.retry_button)
        row.addWidget(self.sync_status, 1)
        layout.addLayout(row)

    def _build_export_card(self) -> None:
        """Where to, which format, all or new, mark as exported, Export, progress."""
        self.export_card, layout = self._card("export")
        self.drive_row = QHBoxLayout()
        self.drives = QButtonGroup(self)
        self.drive_paths: dict[int, str] = {}
        layout.addLayout(self.drive_row)
        row = QHBoxLayout()
        self.formats = QButtonGroup(self)
        for i, fmt in enumerate(FORMATS.values()):
            chip = touch_button(self.export_card, fmt.label, f"format-{fmt.key}", checkable=True)
            chip.setChecked(i == 0)
            self.formats.addButton(chip, i)
            row.addWidget(chip)
        row.addSpacing(20)
        self.all_button = touch_button(self.export_card, "", "scope-all", checkable=True)
        self.new_button = touch_button(self.export_card, "", "scope-new", checkable=True)
        self.scope = QButtonGroup(self)
        self.scope.addButton(self.all_button, 0)
        self.scope.addButton(self.new_button, 1)
        self.all_button.setChecked(True)
        row.addWidget(self.all_button)
        row.addWidget(self.new_button)
        row.addStretch(1)
        layout.addLayout(row)
        row = QHBoxLayout()
        self.mark_button = Switch("", self.export_card)
        self.mark_button.setObjectName("mark")
        self.mark_button.setChecked(True)
        self.export_button = touch_button(self.export_card, "", "export")
        self.export_button.clicked.connect(self._export)
        self.report_button = touch_button(self.export_card, "", "report")
        self.report_button.clicked.connect(self._report)
        row.addWidget(self.mark_button)
        row.addStretch(1)
        row.addWidget(self.report_button)
        row.addWidget(self.export_button)
        layout.addLayout(row)
        self.progress = QProgressBar(self.export_card)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.export_status = QLabel(self.export_card)
        self.export_status.setObjectName("muted")
        self.export_status.setWordWrap(True)
        self.export_path = ElidedLabel(self.export_card)  # a long path loses its middle
        self.export_path.setObjectName("muted")
        self.export_path.hide()
        layout.addWidget(self.progress)
        layout.addWidget(self.export_status)
        layout.addWidget(self.export_path)

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
        self.outer.addLayout(self.grid, 1)

    # ---------------------------------------------------------------- state from the flow
    def set_header(self, kiosk_id: str, version: str) -> None:
        self._header = (kiosk_id, version)
        self.subtitle.setText(text("header" if version else "header_no_slides", self.language,
                                   kiosk=kiosk_id, version=version))

    def set_counts(self, counts: dict[str, int]) -> None:
        for key, label in self.counts.items():
            label.setText(number(counts.get(key, 0), self.language, self.digits))
        self.retry_button.setVisible(counts.get("rejected", 0) > 0)

    def set_store_problems(self, lines: list[str]) -> None:
        """What staff must know about the message store (damaged, cannot be opened)."""
        self.store_problems.setText("\n".join(lines))
        self.store_problems.setVisible(bool(lines))

    def set_targets(self, lines: list[str]) -> None:
        self._targets = lines
        self.targets.setText("\n".join(lines) if lines else text("no_target", self.language))

    def set_sync_busy(self, busy: bool, said: str = "") -> None:
        self.sync_button.setEnabled(not busy)
        self.retry_button.setEnabled(not busy)
        self.sync_status.setText(text("syncing", self.language) if busy else said)

    def set_drives(self, drives: list[tuple[str, str]]) -> None:
        """(label, folder) for each place an export can go; the first is chosen."""
        for button in self.drives.buttons():
            self.drives.removeButton(button)
            self.drive_row.removeWidget(button)
            button.hide()
            button.deleteLater()
        self.drive_paths = {}
        side = touch_target(self)
        for i, (label, folder) in enumerate(drives):
            chip = touch_button(self.export_card, label, f"drive-{i}", checkable=True)
            chip.setMinimumSize(side, side)
            chip.setChecked(i == 0)
            self.drives.addButton(chip, i)
            self.drive_paths[i] = folder
            self.drive_row.addWidget(chip)
            chip.show()  # now, not when the layout's queued show comes round
        self.export_button.setEnabled(bool(drives))

    def set_export_progress(self, done: int, total: int) -> None:
        self.progress.setVisible(done < total)
        self.progress.setMaximum(max(1, total))
        self.progress.setValue(done)

    def set_export_result(self, text: str, path: str = "") -> None:
        """What the export did, and the file it wrote on a line of its own."""
        self.progress.hide()
        self.export_button.setEnabled(True)
        self.report_button.setEnabled(True)
        self.export_status.setText(text)
        self.export_path.set_full_text(path)
        self.export_path.setVisible(bool(path))

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

    def _report(self) -> None:
        folder = self.drive_paths.get(self.drives.checkedId())
        if folder is not None:
            self.report_button.setEnabled(False)
            self.export_status.setText(text("saving_report", self.language))
            self.report_requested.emit(folder)

    def _export(self) -> None:
        folder = self.drive_paths.get(self.drives.checkedId())
        if folder is None:
            return
        fmt = list(FORMATS)[max(0, self.formats.checkedId())]
        self.export_button.setEnabled(False)
        self.export_status.setText(text("exporting", self.language))
        self.export_requested.emit(folder, fmt, self.new_button.isChecked(),
                                   self.mark_button.isChecked())

    # ---------------------------------------------------------------- layout
    def relayout(self) -> None:
        size = fill_parent(self)
        if size is None:
            return
        u = unit(size)
        portrait = size.height() > size.width()
        side = touch_target(self)
        margin = round(50 * u)
        while self.grid.count():
            self.grid.takeAt(0)
        cards = [self.messages_card, self.export_card, self.purge_card, self.content_card]
        pad = round(28 * u)
        today = self.today.card
        self.head.removeWidget(today)
        if portrait:  # today gets a row of its own; in landscape, the header's middle
            self.grid.addWidget(today, 0, 0)
        else:
            self.head.insertWidget(1, today, 1)
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
        for i, card in enumerate(cards):
            self.card_layouts[card].setContentsMargins(pad, pad, pad, pad)
            if portrait:
                self.grid.addWidget(card, i + 1, 0)
            else:
                self.grid.addWidget(card, i // 2, i % 2)
        self.outer.setContentsMargins(margin, margin, margin, margin)
        self.grid.setSpacing(round(30 * u))
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

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.opened.emit()

    def paintEvent(self, event: QPaintEvent) -> None:
        QPainter(self).fillRect(self.rect(), QColor(self.theme.background))


def folder_label(folder: str) -> str:
    return Path(folder).name or folder
