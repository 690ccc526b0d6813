"""'Publish to the booths': where (the shared folder), with which key, for whom (every booth
or one group), with the booths' set-up or not; then what was published, or the deck's
problems that stopped it."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.studio.a11y import name_form, named
from kiosk.studio.fleet_choices import Known
from kiosk.studio.fleet_dialogs import WHOLE_PATH, Asking, PathRow, escaped, words

#: At most this many of a list (problems, files left out) are shown; the rest are counted.
SHOWN = 12


@dataclass(frozen=True)
class PublishChoice:
    folder: str
    key_file: str
    group: str  # "" for every booth
    with_setup: bool


class PublishDialog(Asking):
    """``chosen(PublishChoice)`` once Publish is pressed (and the answers make sense)."""

    chosen = Signal(object)

    def __init__(self, parent: QWidget, known: Known, deck: str) -> None:
        super().__init__(parent, "publish-dialog", "Publish to the booths")
        self.known = known
        self.layout_.addWidget(words(self, (
            f"The deck “{escaped(deck)}”, as saved, with its photos, goes into the shared "
            "folder. Each booth takes it at a quiet moment (never during a visit) and keeps "
            "the version before it."), rich=True))
        remembered = known.remembered
        form = QFormLayout()
        self.folder = PathRow(self, "publish-folder", "The fleet's shared folder", True,
                              "the folder made with Make a fleet")
        self.folder.edit.setText(remembered.folder)
        self.key = PathRow(self, "key-file", "The file with the fleet key", False,
                           "the file the key was saved in" + (
                               " (empty: the key on The kiosk tab)" if known.settings_key
                               else ""))
        self.key.edit.setText(remembered.key_file)
        form.addRow("Shared folder", self.folder)
        form.addRow("Fleet key", self.key)
        form.addRow("For", self._for_whom(remembered.group))
        name_form(form)
        self.layout_.addLayout(form)
        self._setup_choice()
        self.finish("Publish", "publish").clicked.connect(self._publish)

    def _for_whom(self, group: str) -> QWidget:
        box = QWidget(self)
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        self.every = QRadioButton("every booth", box)
        self.every.setObjectName("for-every-booth")
        self.only = QRadioButton("only the group or booth", box)
        self.only.setObjectName("for-group")
        self.group = QLineEdit(group, box)
        self.group.setObjectName("group")
        self.group.setPlaceholderText("north, or a booth's name")
        named(self.group, "The group or booth")
        for widget in (self.every, self.only, self.group):
            row.addWidget(widget)
        self.only.toggled.connect(self.group.setEnabled)
        (self.only if group else self.every).setChecked(True)
        self.group.setEnabled(bool(group))
        return box

    def _setup_choice(self) -> None:
        self.with_setup = QCheckBox("With the booths' set-up", self)
        self.with_setup.setObjectName("with-setup")
        self.with_setup.setChecked(not self.known.setup_refused)
        self.layout_.addWidget(self.with_setup)
        self.layout_.addWidget(words(self, (
            "This computer's kiosk settings and the staff PIN (its salted hash). Each booth "
            "keeps its own name and group; passwords and keys stay here.")
            if not self.known.setup_refused else
            f"Without the booths' set-up: {self.known.setup_refused}.", "hint"))
        self.with_setup.setVisible(not self.known.setup_refused)

    def _publish(self) -> None:
        group = self.group.text().strip() if self.only.isChecked() else ""
        if not self.folder.text():
            self.refused("Choose the shared folder (the one made with Make a fleet).")
        elif not self.folder.whole():
            self.refused(f"The shared folder: {WHOLE_PATH}")
        elif self.key.text() and not self.key.whole():
            self.refused(f"The file with the fleet key: {WHOLE_PATH}")
        elif not self.key.text() and not self.known.settings_key:
            self.refused("Choose the file the fleet key was saved in when the fleet was made.")
        elif self.only.isChecked() and not group:
            self.refused("Type the group's or the booth's name, or choose every booth.")
        else:
            self.waiting()
            self.chosen.emit(PublishChoice(self.folder.text(), self.key.text(), group,
                                           self.with_setup.isVisible()
                                           and self.with_setup.isChecked()))


class ResultDialog(QDialog):
    """What was done (or why not), in a heading and a short list."""

    def __init__(self, parent: QWidget, name: str, title: str, heading: str,
                 lines: list[str], problem: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setWindowTitle(title)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setMinimumWidth(620)
        layout = QVBoxLayout(self)
        layout.addWidget(words(self, heading, "problem" if problem else "heading"))
        shown = [escaped(line) for line in lines[:SHOWN]]
        if len(lines) > SHOWN:
            shown.append(f"… and {len(lines) - SHOWN} more")
        self.listed = words(self, "<ul>" + "".join(f"<li>{line}</li>" for line in shown)
                            + "</ul>" if shown else "", "listed", rich=True)
        self.listed.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.listed)
        layout.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok, self)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        self.resize(self.minimumWidth(), layout.heightForWidth(self.minimumWidth()))
