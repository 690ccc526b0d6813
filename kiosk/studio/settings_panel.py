"""The kiosk's own settings (kiosk.yaml) in the studio, built from their declarations in
``kiosk/setup/config.py``: times, buttons, the staff corner, the kiosk's name, where messages go
(with a Test that says in plain words what happened), and the staff PIN."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.content.edit import SettingsDocument
from kiosk.content.kinds import Choice, Field, Flag, Number, Obj
from kiosk.setup.config import SETTINGS
from kiosk.setup.sync_settings import EMAIL
from kiosk.staff.pin import PinError, StaffAuth, check_pin_shape
from kiosk.studio.a11y import name_form, named
from kiosk.studio.fields import number_box, whole

#: The sync settings shown as plain boxes: (path in kiosk.yaml, label, what goes in it,
#: what it is for, secret?)
SYNC_BOXES = (
    (("fleet", "folder"), "Fleet folder", "the office's shared folder, if any",
     "Slides the office publishes there play on this booth (at a quiet moment), and its "
     "messages go to the folder's messages.", False),
    (("fleet", "group"), "…this booth's group", "empty: slides for every booth",
     "Slides the office publishes for another group are not for this booth.", False),
    (("sync", "webhook", "url"), "Web address (https://)", "where messages are sent",
     "The receiver's address: each message goes there when a network is there.", False),
    (("sync", "webhook", "token"), "Access code (token)", "from the receiver, if any",
     "A password the receiver asks for with each delivery.", True),
    (("sync", "webhook", "secret"), "Signing secret", "whsec_…, from the receiver",
     "The receiver checks with it that each message really comes from this kiosk "
     "and was not changed on the way.", True),
    (("sync", "folder", "path"), "Or a folder", "synced, shared or a stick",
     "Messages are written there as files, for the office to collect.", False),
    (("sync", "folder", "key"), "Fleet key", "from the office",
     "Signs what this kiosk writes to the folder, so the office can tell it from a "
     "forgery.", True),
)


#: The e-mail way out's boxes: (key in sync.email, label, what goes in it, secret?)
EMAIL_BOXES = (
    ("host", "E-mail: mail server", "smtp.example.org: empty, no e-mail", False),
    ("port", "…its port", "", False),
    ("security", "…its security", "", False),
    ("user", "…user name", "the mail account's", False),
    ("password", "…password", "an app password, for Gmail", True),
    ("from", "…from", "the booth's address", False),
    ("to", "…to", "one or more addresses, with commas", False),
)
EMAIL_PATH = ("sync", "email")


#: Each setting in a booth volunteer's words (the declaration's own text is the tooltip).
LABELS = {
    "kiosk_id": "This kiosk's name",
    "idle_seconds": "Ask 'Still there?' after",
    "warning_seconds": "…then back to the slides after",
    "browse_advance": "While a visitor browses, slides",
    "cursor_hide_seconds": "Hide the mouse pointer after",
    "message_button": "Offer 'Leave a message'",
    "keep_awake": "Keep the screen awake",
    "renderer": "Draw the slides with",
    "form_idle_seconds": "On the message form, ask after",
    "staff_corner": "Corner to hold for staff",
    "staff_hold_seconds": "Hold the staff corner for",
    "staff_lock_seconds": "Lock the staff panel after",
    "analytics": "Count visits (no personal data)",
    "analytics_keep_days": "Forget the counts after",
    "timezone": "Time zone",
    "asleep_touch": "A touch while closed shows",
    "high_contrast": "High-contrast colours",
}
#: What an empty text setting means, in words.
EMPTY_WORDS = {"kiosk_id": "(the computer's name)", "timezone": "(this computer's own)"}
#: A choice's values in words, by setting (any other: capitalised, dashes as spaces).
CHOICE_WORDS = {
    "renderer": {"cpu": "Processor (works everywhere)", "gpu": "Graphics card"},
    "browse_advance": {"pause": "Stay", "slow": "Move on, slowly"},
    "security": {"starttls": "STARTTLS (port 587)", "ssl": "SSL (port 465)",
                 "plain": "None (this PC only)"},
    "asleep_touch": {"notice_and_form": "Opening time, and the form",
                     "notice": "Opening time", "nothing": "Nothing"},
}


def choice_words(name: str, value: str) -> str:
    return CHOICE_WORDS.get(name, {}).get(value) or value.replace("-", " ").capitalize()


class SettingsPanel(QWidget):
    """``save_requested``, ``test_requested`` and ``pin_requested(pin)`` go to the
    controller, which does the disk and network work on a worker."""

    changed = Signal()
    save_requested = Signal()
    test_requested = Signal()
    pin_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        self.form = QFormLayout()
        outer.addLayout(self.form)
        self.inputs: dict[tuple[str, ...], QWidget] = {}
        row = QHBoxLayout()
        self.test_button = QPushButton("Test where messages go", self)
        self.save_button = QPushButton("Save the settings", self)
        self.save_button.setObjectName("save")
        row.addWidget(self.test_button)
        row.addStretch(1)
        row.addWidget(self.save_button)
        outer.addLayout(row)
        self.result = QLabel(self)
        self.result.setWordWrap(True)
        outer.addWidget(self.result)
        pin_row = QHBoxLayout()
        self.pin = QLineEdit(self)
        self.pin_again = QLineEdit(self)
        for box, hint, words in ((self.pin, "new staff PIN", "New staff PIN"),
                                 (self.pin_again, "the same again", "The same PIN again")):
            box.setEchoMode(QLineEdit.EchoMode.Password)
            box.setPlaceholderText(hint)
            named(box, words)
            pin_row.addWidget(box)
        self.pin_button = QPushButton("Set the PIN", self)
        pin_row.addWidget(self.pin_button)
        pin_words = QLabel("Staff PIN, 4 to 12 digits (the kiosk keeps only a scrambled "
                           "copy of it, never the PIN itself):", self)
        pin_words.setWordWrap(True)
        outer.addWidget(pin_words)
        outer.addLayout(pin_row)
        self.pin_result = QLabel(self)
        self.pin_result.setWordWrap(True)  # a long answer wraps: it never widens the tab
        outer.addWidget(self.pin_result)
        outer.addStretch(1)
        self.test_button.clicked.connect(self.test_requested)
        self.save_button.clicked.connect(self.save_requested)
        self.pin_button.clicked.connect(self._pin)

    def load(self, document: SettingsDocument) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self.inputs.clear()
        for name, spec in SETTINGS.items():
            if isinstance(spec.kind, Obj):
                continue  # the sync section: its boxes follow
            caption = QLabel(LABELS.get(name, name.replace("_", " ").capitalize()), self)
            caption.setToolTip(spec.doc)
            control = self._control((name,), spec, document.get(name))
            control.setToolTip(spec.doc)
            self.form.addRow(caption, control)
        for path, label, hint, meaning, secret in SYNC_BOXES:
            box = QLineEdit("" if document.get(*path) is None else str(document.get(*path)),
                            self)
            if secret:
                box.setEchoMode(QLineEdit.EchoMode.Password)
            box.setObjectName("-".join(path))
            box.setPlaceholderText(hint)
            box.setToolTip(meaning)
            box.textEdited.connect(self.changed)
            self.inputs[path] = box
            caption = QLabel(label, self)
            caption.setToolTip(meaning)
            self.form.addRow(caption, box)
        self._email_rows(document)

    def _email_rows(self, document: SettingsDocument) -> None:
        """The e-mail way out (the first run offers it too): its server, account and
        addresses; numbers and choices as everywhere, ``to`` as addresses with commas."""
        for key, label, hint, secret in EMAIL_BOXES:
            path, spec = (*EMAIL_PATH, key), EMAIL.fields[key]
            value = document.get(*path)
            if isinstance(spec.kind, Number | Choice):
                control = self._control(path, spec, value)
            else:
                words = ", ".join(map(str, value)) if isinstance(value, list) else value
                box = QLineEdit("" if words is None else str(words), self)
                box.setPlaceholderText(hint)
                box.setObjectName("-".join(path))
                box.setToolTip(spec.doc)
                if secret:
                    box.setEchoMode(QLineEdit.EchoMode.Password)
                box.textEdited.connect(self.changed)
                self.inputs[path] = control = box
            self.form.addRow(QLabel(label, self), control)
        name_form(self.form)

    def _control(self, path: tuple[str, ...], spec: Field, value: Any) -> QWidget:
        kind = spec.kind
        control: QWidget
        if isinstance(kind, Flag):
            control = QCheckBox(self)
            control.setChecked(bool(spec.default if value is None else value))
            control.toggled.connect(self.changed)
        elif isinstance(kind, Choice):
            control = QComboBox(self)
            for choice in kind.values:
                control.addItem(choice_words(path[-1], choice), choice)
            control.setCurrentIndex(max(0, control.findData(
                str(spec.default if value is None else value))))
            control.currentIndexChanged.connect(self.changed)
        elif isinstance(kind, Number):
            control = number_box(self, kind.minimum, kind.maximum, kind.unit,
                                 float(spec.default if value is None else value))
            control.valueChanged.connect(self.changed)
        else:
            control = QLineEdit("" if value is None else str(value), self)
            control.setPlaceholderText(EMPTY_WORDS.get(path[-1], ""))
            control.textEdited.connect(self.changed)
        control.setToolTip(spec.doc)
        control.setObjectName("-".join(path))
        self.inputs[path] = control
        return control

    def write_into(self, document: SettingsDocument) -> None:
        """Every control's value into the document (a default stays unwritten; with no mail
        server, no e-mail section)."""
        mail = self.inputs.get((*EMAIL_PATH, "host"))
        if isinstance(mail, QLineEdit) and not mail.text().strip():
            document.set(EMAIL_PATH, None)
        fleet = self.inputs.get(("fleet", "folder"))
        no_fleet = isinstance(fleet, QLineEdit) and not fleet.text().strip()
        if no_fleet:
            document.set(("fleet",), None)  # (a group without a folder is no fleet)
        for path, control in self.inputs.items():
            if path[:2] == EMAIL_PATH and document.get(*EMAIL_PATH) is None and path[2] != "host":
                continue
            if path[0] == "fleet" and no_fleet:
                continue
            spec = SETTINGS.get(path[0]) if len(path) == 1 else None
            value: Any
            if isinstance(control, QCheckBox):
                value = control.isChecked()
            elif isinstance(control, QComboBox):
                value = control.currentData()
            elif isinstance(control, QDoubleSpinBox):
                value = whole(control.value())
            else:
                assert isinstance(control, QLineEdit)
                value = control.text().strip() or None
                if path == (*EMAIL_PATH, "to") and value is not None:
                    value = [a.strip() for a in value.split(",") if a.strip()]
            if spec is not None and value == spec.default and document.get(*path) is None:
                continue
            document.set(path, value)

    def _pin(self) -> None:
        pin = self.pin.text().strip()
        if pin != self.pin_again.text().strip():
            self.pin_result.setText("The two PINs differ.")
            return
        try:
            check_pin_shape(pin)
        except PinError as exc:
            self.pin_result.setText(str(exc).capitalize() + ".")
            return
        self.pin.clear()
        self.pin_again.clear()
        self.pin_result.setText("Setting the PIN…")
        self.pin_requested.emit(pin)


def set_pin(data_dir: Path, pin: str) -> str:
    """Runs on a worker (hashing is slow on purpose)."""
    StaffAuth(data_dir).set_pin(pin)
    return "The staff PIN is set for the kiosk on this computer."
