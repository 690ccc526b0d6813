"""The staff panel's Messages card: how many messages were left here, wait, went out and were
refused; what staff must know about the message store; each way out's state; Sync now, Send
refused again, and what the last sync did."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.staff.words import number, text
from kiosk.ui.staff.parts import touch_button


class MessagesCard:
    """Fills ``card`` (its heading in place); the panel answers its buttons."""

    def __init__(self, card: QWidget, layout: QVBoxLayout) -> None:
        self.card = card
        self.language = "en"
        self.digits = False  # numbers in the language's own digits
        self._targets: list[str] = []
        numbers = QHBoxLayout()
        self.counts: dict[str, QLabel] = {}
        self.captions: dict[str, QLabel] = {}  # under each count, by its staff word
        for key, label in (("total", "left_here"), ("pending", "waiting"),
                           ("synced", "synced"), ("rejected", "refused")):
            box = QVBoxLayout()
            value = QLabel("0", card)
            value.setObjectName("number")
            caption = QLabel(card)
            caption.setObjectName("muted")
            self.captions[label] = caption
            box.addWidget(value)
            box.addWidget(caption)
            numbers.addLayout(box)
            self.counts[key] = value
        layout.addLayout(numbers)
        self.store_problems = QLabel(card)
        self.store_problems.setObjectName("warning")
        self.store_problems.setWordWrap(True)
        self.store_problems.hide()
        layout.addWidget(self.store_problems)
        self.targets = QLabel(card)
        self.targets.setObjectName("detail")
        self.targets.setTextFormat(Qt.TextFormat.PlainText)  # a server's words, as they are
        self.targets.setWordWrap(True)
        layout.addWidget(self.targets)
        layout.addLayout(self._sync_row())

    def _sync_row(self) -> QHBoxLayout:
        """Sync now, Send refused again (while some are refused), what the last sync did."""
        row = QHBoxLayout()
        self.sync_button = touch_button(self.card, "", "sync")
        self.retry_button = touch_button(self.card, "", "retry-refused")
        self.retry_button.hide()
        self.sync_status = QLabel(self.card)
        self.sync_status.setObjectName("muted")
        self.sync_status.setWordWrap(True)
        row.addWidget(self.sync_button)
        row.addWidget(self.retry_button)
        row.addWidget(self.sync_status, 1)
        return row

    def set_language(self, language: str, digits: bool) -> None:
        self.language, self.digits = language, digits
        for key, caption in self.captions.items():
            caption.setText(text(key, language))
        self.sync_button.setText(text("sync_now", language))
        self.retry_button.setText(text("send_refused", language))
        self.set_targets(self._targets)

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
