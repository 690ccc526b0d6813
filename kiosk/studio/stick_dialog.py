""""What goes on the stick": before Copy to USB stick writes anything, the volunteer reads
what the stick will carry (the slides, and the booth's set-up: its name, idle time, where
messages go, the staff PIN as a salted hash) and chooses whether the passwords go too,
sealed with the staff PIN."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from kiosk.setup.booth_setup import Outgoing


class StickDialog(QDialog):
    """Opened with ``open()``; ``chosen(include_secrets, pin)`` once Copy is pressed."""

    chosen = Signal(bool, str)

    def __init__(self, parent: QWidget, drive: Path, slides: int, going: Outgoing,
                 problems: int = 0) -> None:
        super().__init__(parent)
        self.setObjectName("stick-dialog")
        self.setWindowTitle("What goes on the stick")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        layout = QVBoxLayout(self)
        items = [f"the slides: {slides}, with their photos", *going.lines]
        self.contents = self._label("To " + str(drive) + ":<ul>" + "".join(
            f"<li>{_escaped(line)}</li>" for line in items) + "</ul>", "contents")
        layout.addWidget(self.contents)
        if going.refused:
            layout.addWidget(self._label(f"Only the slides go: {_escaped(going.refused)}.",
                                         "refused"))
        if problems:
            layout.addWidget(self._label(
                f"<b>Not ready for the booth:</b> {problems} problem(s) to fix first. The booth "
                "will refuse these slides, and they replace the copy on the stick.",
                "not-ready"))
        self.secrets = QCheckBox("Also the passwords and keys: " + ", ".join(going.secrets),
                                 self)
        self.secrets.setObjectName("with-secrets")
        self.pin = QLineEdit(self)
        self.pin.setObjectName("stick-pin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setPlaceholderText("the staff PIN, to seal them")
        self.hint = self._label("They are sealed with the staff PIN: only someone who types "
                                "it at the booth can open them.", "hint")
        for widget in (self.secrets, self.pin, self.hint):
            widget.setVisible(bool(going.secrets) and not going.refused)
            layout.addWidget(widget)
        self.pin.setEnabled(False)
        self.secrets.toggled.connect(self.pin.setEnabled)
        self.problem = self._label("", "problem")
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(self)
        self.copy_button = buttons.addButton("Copy anyway" if problems else "Copy",
                                             QDialogButtonBox.ButtonRole.AcceptRole)
        self.copy_button.setObjectName("stick-copy")
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setObjectName("stick-cancel")
        layout.addWidget(buttons)
        self.copy_button.clicked.connect(self._copy)
        cancel.clicked.connect(self.reject)

    def _label(self, text: str, name: str) -> QLabel:
        label = QLabel(text, self)
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.RichText)
        return label

    def _copy(self) -> None:
        with_secrets = self.secrets.isVisible() and self.secrets.isChecked()
        pin = self.pin.text().strip()
        if with_secrets and not pin:
            self.problem.setText("Type the staff PIN to seal the passwords, or untick them.")
            return
        self.accept()
        self.chosen.emit(with_secrets, pin if with_secrets else "")


def _escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
