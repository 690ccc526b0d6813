"""The fleet's dialogs in the studio: "Make a fleet" (the shared folder and a name) and the
new fleet key, shown once with Copy and Save to file. Each is opened with ``open()`` and says
what was chosen through a signal; the studio does the disk work on a worker and answers with
``refused(words)`` or what was done."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.studio.a11y import name_form

KEY_FILE_NAME = "fleet-key.txt"


def words(parent: QWidget, text: str, name: str = "", rich: bool = False) -> QLabel:
    """A label that wraps (``name``: its object name, for the studio's look)."""
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    if name:
        label.setObjectName(name)
    return label


def escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class PathRow(QWidget):
    """A folder or a file, typed or found with Choose… (the file dialog answers later);
    ``chosen(text)`` once one is chosen or typed."""

    chosen = Signal(str)

    def __init__(self, parent: QWidget, name: str, title: str, folder: bool,
                 placeholder: str = "") -> None:
        super().__init__(parent)
        self.title, self.folder = title, folder
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.edit = QLineEdit(self)
        self.edit.setObjectName(name)
        self.edit.setPlaceholderText(placeholder)
        self.edit.setMinimumWidth(360)
        self.choose = QPushButton("Choose…", self)
        self.choose.setObjectName(name + "-choose")
        row.addWidget(self.edit, 1)
        row.addWidget(self.choose)
        self.choose.clicked.connect(self._ask)
        self.edit.editingFinished.connect(lambda: self.chosen.emit(self.text()))

    def _ask(self) -> None:
        dialog = QFileDialog(self, self.title)
        dialog.setObjectName(self.edit.objectName() + "-dialog")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setFileMode(QFileDialog.FileMode.Directory if self.folder
                           else QFileDialog.FileMode.ExistingFile)
        if self.text():
            dialog.setDirectory(str(Path(self.text()).parent))
        dialog.fileSelected.connect(self.set_text)
        dialog.open()

    def set_text(self, text: str) -> None:
        """Chosen: shown, and said."""
        self.edit.setText(text)
        self.chosen.emit(self.text())

    def text(self) -> str:
        return self.edit.text().strip()

    def whole(self) -> bool:
        """Whether what is typed is a whole path (a part of one would be taken from wherever
        the studio was started: a folder nobody could find again)."""
        return Path(self.text()).expanduser().is_absolute()


#: Said when a typed folder or file is not a whole path.
WHOLE_PATH = ("Type the whole path (it starts with / or ~, or a drive such as C:\\), or press "
              "Choose…")


class Asking(QDialog):
    """A dialog that asks, then waits for the studio's answer with its button disabled."""

    def __init__(self, parent: QWidget, name: str, title: str) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setWindowTitle(title)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setMinimumWidth(620)
        self.layout_ = QVBoxLayout(self)
        self.problem = words(self, "", "problem")
        self.problem.hide()
        self.buttons = QDialogButtonBox(self)

    def finish(self, go: str, go_name: str) -> QPushButton:
        """The problem line and the buttons, last."""
        self.layout_.addWidget(self.problem)
        button = self.buttons.addButton(go, QDialogButtonBox.ButtonRole.AcceptRole)
        button.setObjectName(go_name)
        button.setDefault(True)
        cancel = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setObjectName(self.objectName() + "-cancel")
        cancel.clicked.connect(self.reject)
        self.layout_.addWidget(self.buttons)
        self.go = button
        return button

    def refused(self, text: str) -> None:
        """Not done: say why, and let the volunteer change their answer."""
        self.problem.setText(text)
        self.problem.show()
        self.layout_.activate()  # the dialog grows by the problem's lines: nothing squeezed
        self.resize(self.width(), max(self.height(), self.sizeHint().height()))
        self.go.setEnabled(True)

    def waiting(self) -> None:
        self.problem.hide()
        self.go.setEnabled(False)


class MakeFleetDialog(Asking):
    """``chosen(folder, name)`` once Make the fleet is pressed."""

    chosen = Signal(str, str)

    def __init__(self, parent: QWidget, folder: str = "") -> None:
        super().__init__(parent, "make-fleet-dialog", "Make a fleet")
        self.layout_.addWidget(words(self, (
            "A fleet is one shared folder (Syncthing, Nextcloud, Drive…) that this computer "
            "and every booth keep in sync. The studio publishes decks into it; each booth "
            "writes its messages and how it is doing."), "hint"))
        form = QFormLayout()
        self.folder = PathRow(self, "fleet-folder", "Choose an empty shared folder", True,
                              "an empty folder that every booth will sync")
        self.folder.edit.setText(folder)
        self.name = QLineEdit(self)
        self.name.setObjectName("fleet-name")
        self.name.setPlaceholderText("for example: Mission booths")
        form.addRow("Shared folder", self.folder)
        form.addRow("Name", self.name)
        name_form(form)
        self.layout_.addLayout(form)
        self.finish("Make the fleet", "make-fleet").clicked.connect(self._make)

    def _make(self) -> None:
        if not self.folder.text():
            self.refused("Choose the shared folder first.")
            return
        if not self.folder.whole():
            self.refused(f"The shared folder: {WHOLE_PATH}")
            return
        self.waiting()
        self.chosen.emit(self.folder.text(), self.name.text().strip())


class KeyDialog(QDialog):
    """The new fleet key, shown once: Copy, Save to file… (``save_requested(path)``; the
    studio answers ``saved`` or ``refused``), Done (asked again if the key was not kept)."""

    save_requested = Signal(str)

    def __init__(self, parent: QWidget, key: str, fleet: str, name: str) -> None:
        super().__init__(parent)
        self.setObjectName("fleet-key-dialog")
        self.setWindowTitle("The fleet key")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setMinimumWidth(640)
        self.key, self.fleet, self.kept = key, fleet, False
        layout = QVBoxLayout(self)
        layout.addWidget(words(self, f"The fleet “{escaped(name)}” is ready in "
                                     f"{escaped(fleet)}.<br><b>Keep its key now: it is shown "
                                     "only this once.</b>", rich=True))
        self.shown = QLineEdit(key, self)
        self.shown.setObjectName("fleet-key")
        self.shown.setReadOnly(True)
        self.shown.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        layout.addWidget(self.shown)
        layout.addWidget(words(self, (
            "Every booth needs this key in its set-up: paste it into “Fleet key” on The kiosk "
            "tab before Copy to USB stick (tick the passwords, sealed with the staff PIN). "
            "Keep it off the shared folder: anyone who "
            "has it can publish to your booths."), "hint"))
        self.note = words(self, "", "note")
        layout.addWidget(self.note)
        layout.addLayout(self._buttons())

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.copy_button = QPushButton("Copy", self)
        self.copy_button.setObjectName("copy-key")
        self.save_button = QPushButton("Save to file…", self)
        self.save_button.setObjectName("save-key")
        self.done_button = QPushButton("Done", self)
        self.done_button.setObjectName("key-done")
        for button in (self.copy_button, self.save_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.done_button)
        self.copy_button.clicked.connect(self._copy)
        self.save_button.clicked.connect(self._ask_file)
        self.done_button.clicked.connect(self.reject)
        return row

    def _copy(self) -> None:
        QGuiApplication.clipboard().setText(self.key)
        self.kept = True
        self._say("Copied: paste it somewhere safe (a password manager) before you copy "
                  "anything else.")

    def _ask_file(self) -> None:
        dialog = QFileDialog(self, "Save the fleet key (not in the shared folder)")
        dialog.setObjectName("save-key-dialog")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDirectory(str(Path.home()))
        dialog.selectFile(KEY_FILE_NAME)
        dialog.fileSelected.connect(self.save_requested.emit)
        dialog.open()

    def saved(self, path: str) -> None:
        self.kept = True
        self._say(f"Saved in {path}. Keep that file safe, off the shared folder.")

    def refused(self, text: str) -> None:
        self._say(text, problem=True)

    def _say(self, text: str, problem: bool = False) -> None:
        self.note.setObjectName("problem" if problem else "note")
        self.note.setText(text)
        self.note.style().unpolish(self.note)
        self.note.style().polish(self.note)

    def reject(self) -> None:
        """Done, or Escape: a key not kept is asked about once (it cannot be shown again)."""
        if not self.kept and self.done_button.text() == "Done":
            self._say("The key is not kept yet: Copy it or save it to a file. Without it no "
                      "booth can take what you publish, and it is not shown again.",
                      problem=True)
            self.done_button.setText("Close without keeping it")
            return
        super().reject()
