"""The staff panel's Export card: where to (a chip for each place found), which format, all
messages or the new ones only, whether to mark them as exported, Export and Save report, and
how it went (a progress bar, then what was written, its file on a line of its own)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QProgressBar, QVBoxLayout, QWidget

from kiosk.messages.export import FORMATS
from kiosk.staff.words import text
from kiosk.ui.common.metrics import touch_target
from kiosk.ui.common.widgets import ElidedLabel, Switch
from kiosk.ui.staff.parts import touch_button


class ExportCard:
    """Fills ``card`` (its heading in place). Export calls ``export`` with the folder, the
    format, not exported only and mark; Save report calls ``report`` with the folder."""

    def __init__(self, card: QWidget, layout: QVBoxLayout,
                 export: Callable[[str, str, bool, bool], None],
                 report: Callable[[str], None]) -> None:
        self.card, self.on_export, self.on_report = card, export, report
        self.language = "en"
        self.drive_row = QHBoxLayout()
        self.drives = QButtonGroup(card)
        self.drive_paths: dict[int, str] = {}
        layout.addLayout(self.drive_row)
        self._choices(layout)
        row = QHBoxLayout()
        self.mark_button = Switch("", card)
        self.mark_button.setObjectName("mark")
        self.mark_button.setChecked(True)
        self.export_button = touch_button(card, "", "export")
        self.export_button.clicked.connect(self._export)
        self.report_button = touch_button(card, "", "report")
        self.report_button.clicked.connect(self._report)
        row.addWidget(self.mark_button)
        row.addStretch(1)
        row.addWidget(self.report_button)
        row.addWidget(self.export_button)
        layout.addLayout(row)
        self._outcome(layout)

    def _choices(self, layout: QVBoxLayout) -> None:
        """A chip for each format, then all messages or the new ones only."""
        card, row = self.card, QHBoxLayout()
        self.formats = QButtonGroup(card)
        for i, fmt in enumerate(FORMATS.values()):
            chip = touch_button(card, fmt.label, f"format-{fmt.key}", checkable=True)
            chip.setChecked(i == 0)
            self.formats.addButton(chip, i)
            row.addWidget(chip)
        row.addSpacing(20)
        self.all_button = touch_button(card, "", "scope-all", checkable=True)
        self.new_button = touch_button(card, "", "scope-new", checkable=True)
        self.scope = QButtonGroup(card)
        self.scope.addButton(self.all_button, 0)
        self.scope.addButton(self.new_button, 1)
        self.all_button.setChecked(True)
        row.addWidget(self.all_button)
        row.addWidget(self.new_button)
        row.addStretch(1)
        layout.addLayout(row)

    def _outcome(self, layout: QVBoxLayout) -> None:
        """The progress bar, what the export did, and the file it wrote."""
        self.progress = QProgressBar(self.card)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.export_status = QLabel(self.card)
        self.export_status.setObjectName("muted")
        self.export_status.setWordWrap(True)
        self.export_path = ElidedLabel(self.card)  # a long path loses its middle
        self.export_path.setObjectName("muted")
        self.export_path.hide()
        layout.addWidget(self.progress)
        layout.addWidget(self.export_status)
        layout.addWidget(self.export_path)

    def set_language(self, language: str) -> None:
        self.language = language
        for button, key in ((self.all_button, "all"), (self.new_button, "not_exported"),
                            (self.mark_button, "mark"), (self.export_button, "export"),
                            (self.report_button, "save_report")):
            button.setText(text(key, language))
        for chip in self.drives.buttons():
            if chip.property("own"):
                chip.setText(text("kiosk_folder", language))

    def set_drives(self, drives: list[tuple[str, str]]) -> None:
        """(label, folder) for each place an export can go; the first is chosen. The label
        "" is the kiosk's own folder, named in the panel's language."""
        for button in self.drives.buttons():
            self.drives.removeButton(button)
            self.drive_row.removeWidget(button)
            button.hide()
            button.deleteLater()
        self.drive_paths = {}
        side = touch_target(self.card)
        for i, (label, folder) in enumerate(drives):
            chip = touch_button(self.card, label or text("kiosk_folder", self.language),
                                f"drive-{i}", checkable=True)
            chip.setProperty("own", not label)
            chip.setMinimumSize(side, side)
            chip.setChecked(i == 0)
            self.drives.addButton(chip, i)
            self.drive_paths[i] = folder
            self.drive_row.addWidget(chip)
            chip.show()  # now, not when the layout's queued show comes round
        self.export_button.setEnabled(bool(drives))

    def set_progress(self, done: int, total: int) -> None:
        self.progress.setVisible(done < total)
        self.progress.setMaximum(max(1, total))
        self.progress.setValue(done)

    def set_result(self, text: str, path: str = "") -> None:
        """What the export did, and the file it wrote on a line of its own."""
        self.progress.hide()
        self.export_button.setEnabled(True)
        self.report_button.setEnabled(True)
        self.export_status.setText(text)
        self.export_path.set_full_text(path)
        self.export_path.setVisible(bool(path))

    def _report(self) -> None:
        folder = self.drive_paths.get(self.drives.checkedId())
        if folder is not None:
            self.report_button.setEnabled(False)
            self.export_status.setText(text("saving_report", self.language))
            self.on_report(folder)

    def _export(self) -> None:
        folder = self.drive_paths.get(self.drives.checkedId())
        if folder is None:
            return
        fmt = list(FORMATS)[max(0, self.formats.checkedId())]
        self.export_button.setEnabled(False)
        self.export_status.setText(text("exporting", self.language))
        self.on_export(folder, fmt, self.new_button.isChecked(), self.mark_button.isChecked())
