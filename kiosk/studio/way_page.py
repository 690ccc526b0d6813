"""The first run's page for where messages go: e-mail, a Google Sheet, a shared folder or
none (staff export them), each with the boxes it needs and a "Send a test"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication, QIntValidator
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.content.edit import SettingsDocument

INDENT = 28  # a choice's details start under its words, past its round button


# ------------------------------------------------------------------ where messages go
@dataclass(frozen=True)
class Box:
    """One typed setting of a way out: its key in the way's section of kiosk.yaml."""

    key: str
    label: str
    hint: str
    required: bool = True
    secret: bool = False


#: Each way out, by its section under ``sync:``: (its choice's words, its boxes).
WAYS: dict[str, tuple[str, tuple[Box, ...]]] = {
    "email": ("By e-mail", (
        Box("host", "Mail server", "such as smtp.gmail.com or smtp-mail.outlook.com"),
        Box("user", "Sign in as", "the sending account, such as booth@example.org", False),
        Box("password", "Password", "for Gmail or Outlook: an app password", False, True),
        Box("from", "Send from", "such as booth@example.org"),
        Box("to", "Send to", "such as office@example.org, pastor@example.org"))),
    "webhook": ("Into a Google Sheet", (
        Box("url", "Web app address", "https://script.google.com/macros/s/…/exec"),
        Box("secret", "Secret", "press 'Make a secret'"))),
    "folder": ("Into a shared folder", (
        Box("path", "Folder", "kept in step by OneDrive, Dropbox, Google Drive, Nextcloud or "
                              "Syncthing, or on a USB stick"),)),
    "export": ("Nowhere for now: staff export them", ()),
}
#: E-mail security: (value in kiosk.yaml, words, usual port)
SECURITY = (("starttls", "STARTTLS (usually port 587)", 587),
            ("ssl", "SSL (usually port 465)", 465),
            ("plain", "None: only for a mail server on this computer", 25))
SHEET_STEPS = ("<ol style='margin:0'><li>In the Google Sheet: <b>Extensions → Apps Script</b>. "
               "Paste the kiosk's script (see “Google Sheets” in docs/sync.md) and save.</li>"
               "<li><b>Project Settings → Script properties</b>: add <b>KIOSK_SECRET</b> with "
               "the secret below.</li><li><b>Deploy → New deployment</b>, type <b>Web app</b>, "
               "access <b>Anyone</b>; copy its address here.</li></ol>")
EXPORT_WORDS = ("The messages stay on this computer. Staff take them out on a USB stick from "
                "the staff panel (hold the top-left corner of the booth's screen, then type "
                "the PIN). You can choose a way out later, in the studio's tab “The kiosk”.")


def make_label(text: str, parent: QWidget, name: str = "") -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    if name:
        label.setObjectName(name)
    return label


def indented(widget: QWidget) -> QHBoxLayout:
    """A row under a choice, in line with the choice's words."""
    row = QHBoxLayout()
    row.setContentsMargins(INDENT, 0, 0, 0)
    row.addWidget(widget, 1)
    return row


def say(label: QLabel, text: str, good: bool = False) -> None:
    """Words on a page: green when something worked, red when something needs fixing."""
    label.setText(text)
    label.setProperty("ready", "true" if good else "false")
    label.style().unpolish(label)
    label.style().polish(label)


def new_page(title: str, intro: str) -> tuple[QWidget, QVBoxLayout]:
    page = QWidget()
    layout = QVBoxLayout(page)
    layout.setSpacing(10)
    layout.addWidget(make_label(title, page, "heading"))
    layout.addWidget(make_label(intro, page))
    return page, layout


def result_label(page: QWidget) -> QLabel:
    label = make_label("", page, "status")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class WayPage(QWidget):
    """The choice of a way out, the boxes of the chosen one, and "Send a test"."""

    test_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.page, layout = new_page("Where should the messages go?",
                                  "Every message is kept on this computer first. When there "
                                  "is a network, the booth can also send it on by itself:")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.page)
        self.choices = QButtonGroup(self)
        self.radios: dict[str, QRadioButton] = {}
        self.boxes: dict[tuple[str, str], QLineEdit] = {}
        self.forms = QStackedWidget(self.page)
        grid = QGridLayout()
        for i, (way, (words, boxes)) in enumerate(WAYS.items()):
            radio = QRadioButton(words, self.page)
            radio.setObjectName(way)
            self.choices.addButton(radio, i)
            self.radios[way] = radio
            grid.addWidget(radio, i // 2, i % 2)
            self.forms.addWidget(self._form(way, boxes))
        layout.addLayout(grid)
        self.radios["email"].setChecked(True)
        layout.addWidget(self.forms)
        row = QHBoxLayout()
        self.test_button = QPushButton("Send a test", self.page)
        row.addWidget(self.test_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.result = result_label(self.page)
        layout.addWidget(self.result)
        layout.addStretch(1)
        self.choices.idToggled.connect(self._chosen)
        self.test_button.clicked.connect(self.test_requested)

    # -- building
    def _form(self, way: str, boxes: tuple[Box, ...]) -> QWidget:
        holder = QWidget(self.page)
        form = QFormLayout(holder)
        form.setContentsMargins(INDENT, 4, 0, 4)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for box in boxes:
            edit = QLineEdit(holder)
            edit.setObjectName(f"{way}-{box.key}")
            edit.setPlaceholderText(box.hint)
            if box.secret:
                edit.setEchoMode(QLineEdit.EchoMode.Password)
            self.boxes[(way, box.key)] = edit
            form.addRow(box.label, self._with_extra(way, box.key, edit, holder))
            if (way, box.key) == ("email", "host"):
                form.addRow("Port", self._port_row(holder))
        if way == "webhook":
            form.insertRow(0, make_label(SHEET_STEPS, holder, "hint"))
        if way == "export":
            form.addRow(make_label(EXPORT_WORDS, holder))
        return holder

    def _with_extra(self, way: str, key: str, edit: QLineEdit, parent: QWidget) -> QWidget:
        """The folder's "Choose…" and the secret's "Make a secret" beside their boxes."""
        extra = {("folder", "path"): ("Choose…", self._choose_folder),
                 ("webhook", "secret"): ("Make a secret", self.make_secret)}.get((way, key))
        if extra is None:
            return edit
        row_widget = QWidget(parent)
        row = QHBoxLayout(row_widget)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(edit, 1)
        button = QPushButton(extra[0], row_widget)
        button.setObjectName(f"{way}-{key}-button")
        button.clicked.connect(extra[1])
        row.addWidget(button)
        return row_widget

    def _port_row(self, parent: QWidget) -> QWidget:
        row_widget = QWidget(parent)
        row = QHBoxLayout(row_widget)
        row.setContentsMargins(0, 0, 0, 0)
        self.port = QLineEdit(str(SECURITY[0][2]), row_widget)
        self.port.setObjectName("email-port")
        self.port.setValidator(QIntValidator(1, 65535, self.port))
        self.port.setMaximumWidth(90)
        self.security = QComboBox(row_widget)
        self.security.setObjectName("email-security")
        for value, words, _port in SECURITY:
            self.security.addItem(words, value)
        self.security.currentIndexChanged.connect(self._security_chosen)
        row.addWidget(self.port)
        row.addWidget(QLabel("Encryption", row_widget))
        row.addWidget(self.security, 1)
        return row_widget

    # -- reacting
    def _chosen(self, index: int, checked: bool) -> None:
        if checked:
            self.forms.setCurrentIndex(index)
            self.test_button.setVisible(self.way != "export")
            self.result.clear()

    def _security_chosen(self, index: int) -> None:
        """A port left at another choice's usual one follows the encryption chosen."""
        if self.port.text() in {str(port) for _v, _w, port in SECURITY}:
            self.port.setText(str(SECURITY[index][2]))

    def _choose_folder(self) -> None:
        dialog = QFileDialog(self, "Choose the shared folder")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.fileSelected.connect(self.boxes[("folder", "path")].setText)
        dialog.open()

    def make_secret(self) -> None:
        """A new signing secret in the box and on the clipboard, to paste into the script."""
        from kiosk.sync.targets import new_secret

        secret = new_secret()
        self.boxes[("webhook", "secret")].setText(secret)
        QGuiApplication.clipboard().setText(secret)
        say(self.result, "A new secret is in the box and copied: paste it as KIOSK_SECRET "
                         "in the script's properties.", good=True)

    def _fill_port(self, document: SettingsDocument) -> None:
        """The encryption first: choosing it moves a usual port along."""
        found = self.security.findData(document.get("sync", "email", "security"))
        if found >= 0:
            self.security.setCurrentIndex(found)
        port = document.get("sync", "email", "port")
        if port is not None:
            self.port.setText(str(port))

    # -- the settings
    @property
    def way(self) -> str:
        return next(w for w, radio in self.radios.items() if radio.isChecked())

    def missing(self) -> list[str]:
        """The labels of the chosen way's boxes still to fill in."""
        way = self.way
        labels = [box.label for box in WAYS[way][1]
                  if box.required and not self.boxes[(way, box.key)].text().strip()]
        return labels + (["Port"] if way == "email" and not self.port.text() else [])

    def values(self) -> dict[str, Any]:
        """The chosen way's section of kiosk.yaml (None: not written)."""
        way = self.way
        found: dict[str, Any] = {box.key: self.boxes[(way, box.key)].text().strip() or None
                                 for box in WAYS[way][1]}
        if way == "email":
            found["to"] = [a for a in re.split(r"[,;\s]+", found["to"] or "") if a] or None
            found["port"] = int(self.port.text()) if self.port.text() else None
            found["security"] = self.security.currentData()
        return found

    def write_into(self, document: SettingsDocument) -> None:
        """Only the chosen way out (none, for an export) goes into ``sync:``."""
        chosen = self.way
        for way in WAYS:
            if way == "export":
                continue
            if way != chosen:
                document.set(("sync", way), None)
                continue
            for key, value in self.values().items():
                document.set(("sync", way, key), value)

    def fill(self, document: SettingsDocument) -> None:
        """Show a way out kiosk.yaml already has (the first one, if several)."""
        for way, (_words, boxes) in WAYS.items():
            if not isinstance(document.get("sync", way), dict):
                continue
            for box in boxes:
                value = document.get("sync", way, box.key)
                if isinstance(value, list):
                    value = ", ".join(map(str, value))
                self.boxes[(way, box.key)].setText("" if value is None else str(value))
            if way == "email":
                self._fill_port(document)
            self.radios[way].setChecked(True)
            return


# ------------------------------------------------------------------ the dialog
