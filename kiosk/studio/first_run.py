"""Kiosk Studio's first run: on a computer with no kiosk.yaml and no staff PIN yet, four short
pages ask for the booth's name, the staff PIN (twice), where messages go (with a "Send a
test" that really tries), and which deck to start from.

Each page keeps what it is given: the PIN is set when its page is left, kiosk.yaml written
(through :class:`SettingsDocument`, keeping any comments) when the messages page is left.
Every disk and network step runs on the :class:`TaskRunner`; a "Send a test" tries a copy of
the settings in a private temporary folder, so a cancelled first run leaves kiosk.yaml as it
was. The dialog is opened with ``open()``; it ends with ``chosen(kind, folder)`` or
``cancelled()``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.content.edit import SettingsDocument
from kiosk.staff.pin import PinError, check_pin_shape
from kiosk.studio.settings_panel import set_pin
from kiosk.studio.setup_steps import (
    booth_id,
    deck_folder_problem,
    free_deck_folder,
    save_checked,
    try_delivery,
)
from kiosk.studio.way_page import WayPage, indented, make_label, new_page, result_label, say
from kiosk.studio.window import SHEET
from kiosk.ui.tasks import TaskRunner

#: Font sizes the studio's sheet leaves to the platform (its colours stay the studio's).
EXTRA_SHEET = """
    QRadioButton { font-size: 15px; spacing: 8px; }
    QLabel#hint { font-size: 13px; }
    QLabel#step { font-size: 13px; }
"""
class FirstRun(QDialog):
    """``FirstRun(parent, runner, config, data_dir).open()``. Ends with ``chosen("sample",
    None)`` or ``chosen("new", folder)`` (a missing or empty folder, by default under
    Documents/Kiosk decks), or with ``cancelled()``: then only what a page already saved is
    kept (the PIN once its page was left, kiosk.yaml once the messages page was left)."""

    chosen = Signal(str, object)
    cancelled = Signal()

    def __init__(self, parent: QWidget | None, runner: TaskRunner, config: Path,
                 data_dir: Path, documents: Path | None = None) -> None:
        super().__init__(parent)
        self.runner, self.config, self.data_dir = runner, Path(config), Path(data_dir)
        self.documents = documents  # None: the volunteer's own Documents folder
        self.document: SettingsDocument | None = None  # read on a worker
        self.pin_set = ""  # the PIN this dialog set (its page left again sets nothing)
        self.new_folder: Path | None = None
        self.folder_picked = False  # chosen in the folder dialog, not the default one
        self.ended = False  # finished or cancelled: late answers from workers are dropped
        self._busy = False
        self.setWindowTitle("Set up this booth — Kiosk Studio")
        self.setObjectName("pane")
        self.setStyleSheet(SHEET + EXTRA_SHEET)
        self.pages = QStackedWidget(self)
        for page in (self._name_page(), self._pin_page(), self._way_page(), self._deck_page()):
            self.pages.addWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.addWidget(self.pages, 1)
        layout.addLayout(self._buttons())
        self.resize(820, 640)
        self._show_page(0)
        self.rejected.connect(self._cancelled)
        self.next_button.setEnabled(False)  # until kiosk.yaml (if any) is read
        runner.run(lambda: SettingsDocument(self.config), done=self._loaded,
                   failed=self._not_loaded)

    # -- the pages
    def _name_page(self) -> QWidget:
        page, layout = new_page("Welcome! Let's set up this booth",
                             "Four short questions. You can change every answer later, in the "
                             "studio's tab “The kiosk”.")
        layout.addWidget(make_label("What is this booth called?", page))
        self.name = QLineEdit(page)
        self.name.setObjectName("booth-name")
        self.name.setPlaceholderText("for example: St Mark's fair")
        layout.addWidget(self.name)
        layout.addWidget(make_label("Each message is marked with it, so you know which booth it "
                                "came from.", page, "hint"))
        self.name_result = result_label(page)
        layout.addWidget(self.name_result)
        layout.addStretch(1)
        self.name.textEdited.connect(self._name_typed)
        return page

    def _pin_page(self) -> QWidget:
        page, layout = new_page("A PIN for staff",
                             "Staff type it on the booth's screen to open their panel: to "
                             "export the messages or to close the kiosk. Choose 4 to 12 "
                             "digits, and share it only with the team.")
        form = QFormLayout()
        self.pin = QLineEdit(page)
        self.pin_again = QLineEdit(page)
        for box, name in ((self.pin, "pin"), (self.pin_again, "pin-again")):
            box.setObjectName(name)
            box.setEchoMode(QLineEdit.EchoMode.Password)
            box.setMaximumWidth(220)
        form.addRow("Staff PIN", self.pin)
        form.addRow("The same PIN again", self.pin_again)
        layout.addLayout(form)
        layout.addWidget(make_label("It is kept only as a salted hash: nobody can read it back, so "
                                "write it down somewhere safe.", page, "hint"))
        self.pin_result = result_label(page)
        layout.addWidget(self.pin_result)
        layout.addStretch(1)
        return page

    def _way_page(self) -> QWidget:
        self.ways = WayPage()
        self.ways.test_requested.connect(self.send_test)
        return self.ways

    def _deck_page(self) -> QWidget:
        page, layout = new_page("Last step: the slides",
                             "What should the booth show? Start from the story that comes "
                             "with the kiosk, or from an empty deck of your own.")
        self.sample_choice = QRadioButton("Start from the sample deck", page)
        self.new_choice = QRadioButton("Start a new deck", page)
        self.sample_choice.setChecked(True)
        layout.addWidget(self.sample_choice)
        layout.addLayout(indented(make_label(
            "Cambodia's story: its history, and a mission's answer. Change its words and "
            "photos to your own; saving it asks where to keep your copy.", page, "hint")))
        layout.addWidget(self.new_choice)
        self.folder_label = make_label("", page, "hint")
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folder_button = QPushButton("Choose another folder…", page)
        row = indented(self.folder_label)
        row.addWidget(self.folder_button)
        layout.addLayout(row)
        self.deck_result = result_label(page)
        layout.addWidget(self.deck_result)
        layout.addStretch(1)
        self.folder_button.clicked.connect(self._choose_deck_folder)
        return page

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.step = make_label("", self, "step")
        row.addWidget(self.step, 1)
        self.cancel_button = QPushButton("Cancel", self)
        self.back_button = QPushButton("Back", self)
        self.next_button = QPushButton("Next", self)
        self.finish_button = QPushButton("Finish", self)
        for button in (self.next_button, self.finish_button):
            button.setObjectName("save")  # the studio's dark, bold button
        for button in (self.cancel_button, self.back_button, self.next_button,
                       self.finish_button):
            button.setAutoDefault(False)
            row.addWidget(button)
        self.cancel_button.clicked.connect(self.reject)
        self.back_button.clicked.connect(lambda: self._show_page(self.pages.currentIndex() - 1))
        self.next_button.clicked.connect(self.go_on)
        self.finish_button.clicked.connect(self.finish)
        return row

    def _show_page(self, index: int) -> None:
        self.pages.setCurrentIndex(index)
        last = index == self.pages.count() - 1
        self.step.setText(f"Step {index + 1} of {self.pages.count()}")
        self.back_button.setVisible(index > 0)
        self.next_button.setVisible(not last)
        self.finish_button.setVisible(last)
        (self.finish_button if last else self.next_button).setDefault(True)
        first = {0: self.name, 1: self.pin}.get(index)
        if first is not None:
            first.setFocus()
        if last and not self.folder_picked:  # (the name may have changed since)
            self._find_deck_folder()

    def _set_busy(self, busy: bool) -> None:
        """While a page is being saved, it cannot be left (nor its answers changed)."""
        self._busy = busy
        for widget in (self.pages, self.back_button, self.next_button, self.finish_button,
                       self.cancel_button):
            widget.setEnabled(not busy)

    def _run(self, work: Callable[[], Any], done: Callable[[Any], None],
             failed: Callable[[BaseException], None], busy: bool = True) -> None:
        """``work`` on a worker; its answer is dropped once the dialog has ended."""
        if busy:
            self._set_busy(True)

        def answer(callback: Callable[[Any], None], value: Any) -> None:
            if self.ended:
                return
            if busy:
                self._set_busy(False)
            callback(value)

        self.runner.run(work, done=lambda value: answer(done, value),
                        failed=lambda error: answer(failed, error))

    # -- reading kiosk.yaml
    def _loaded(self, document: SettingsDocument) -> None:
        if self.ended:
            return
        self.document = document
        kiosk_id = document.get("kiosk_id")
        if kiosk_id and not self.name.text():
            self.name.setText(str(kiosk_id))
        self.ways.fill(document)
        self.next_button.setEnabled(True)

    def _not_loaded(self, error: BaseException) -> None:
        if not self.ended:
            say(self.name_result, f"The settings file {self.config} cannot be read ({error}). "
                                  "Fix or remove it, then open the studio again.")

    # -- moving on
    def go_on(self) -> None:
        """Next: check the page, save what it holds, then show the next one."""
        index = self.pages.currentIndex()
        {0: self._leave_name, 1: self._leave_pin, 2: self._leave_way}[index]()

    def _name_typed(self, text: str) -> None:
        made = booth_id(text)
        say(self.name_result, f"Messages will be marked: {made}" if made and made != text.strip()
            else "", good=True)

    def _leave_name(self) -> None:
        text = self.name.text().strip()
        if not text:
            say(self.name_result, "Type a name for the booth first.")
        elif not booth_id(text):
            say(self.name_result, "The name needs at least one letter from a to z, or a digit "
                                  "(for example: Booth 1).")
        else:
            self._show_page(1)

    def _leave_pin(self) -> None:
        pin = self.pin.text().strip()
        if pin != self.pin_again.text().strip():
            say(self.pin_result, "The two PINs are not the same. Type the PIN again in the "
                                 "second box.")
            self.pin_again.setFocus()
            self.pin_again.selectAll()
            return
        try:
            check_pin_shape(pin)
        except PinError as exc:
            say(self.pin_result, str(exc).capitalize() + ".")
            return
        if pin == self.pin_set:
            self._show_page(2)
            return
        say(self.pin_result, "Setting the PIN…", good=True)
        data_dir = self.data_dir
        self._run(lambda: set_pin(data_dir, pin), done=lambda _words: self._pin_done(pin),
                  failed=lambda e: say(self.pin_result, f"The PIN was not set: {e}"))

    def _pin_done(self, pin: str) -> None:
        self.pin_set = pin
        say(self.pin_result, "The staff PIN is set.", good=True)
        self._show_page(2)

    def _settings_text(self) -> str | None:
        """The name and the way out written into the document; its text, or None (with
        words on the page) while a box still needs filling in."""
        missing = self.ways.missing()
        if missing:
            say(self.ways.result, "Fill in first: " + ", ".join(missing) + ".")
            return None
        assert self.document is not None
        self.document.set(("kiosk_id",), booth_id(self.name.text()))
        self.ways.write_into(self.document)
        return self.document.text()

    def _leave_way(self) -> None:
        text = self._settings_text()
        if text is None:
            return
        document = self.document
        assert document is not None
        say(self.ways.result, "Saving…", good=True)
        self._run(lambda: save_checked(document, text), done=self._way_saved,
                  failed=lambda e: say(self.ways.result, f"Not saved: {e}"))

    def _way_saved(self, errors: list[str]) -> None:
        if errors:
            say(self.ways.result, "Please check: " + "; ".join(errors[:3]))
            return
        self.ways.result.clear()
        self._show_page(3)

    def send_test(self) -> None:
        """Try the way out as typed (a copy of the settings; nothing is saved)."""
        text = self._settings_text()
        if text is None:
            return
        say(self.ways.result, "Sending a test… (this can take up to half a minute)", good=True)
        self.ways.test_button.setEnabled(False)
        self._run(lambda: try_delivery(text), done=self._tested, busy=False,
                  failed=lambda e: self._tested((False, f"The test could not run: {e}")))

    def _tested(self, answer: tuple[bool, str]) -> None:
        ok, words = answer
        self.ways.test_button.setEnabled(True)
        say(self.ways.result, ("It works. " if ok else "Not working yet. ") + words, good=ok)

    # -- the deck
    def _find_deck_folder(self) -> None:
        documents, name = self.documents, booth_id(self.name.text())
        self._run(lambda: free_deck_folder(documents, name), done=self._deck_folder,
                  failed=lambda e: say(self.deck_result, f"Choose a folder for a new deck "
                                                         f"({e})."), busy=False)

    def _deck_folder(self, folder: Path) -> None:
        if not self.folder_picked:
            self._show_deck_folder(folder)

    def _folder_picked(self, chosen: str) -> None:
        self.folder_picked = True
        self.new_choice.setChecked(True)
        self._show_deck_folder(Path(chosen))

    def _show_deck_folder(self, folder: Path) -> None:
        self.new_folder = folder
        self.folder_label.setText(f"An empty deck with one slide, in the folder {self.new_folder}")
        self.deck_result.clear()

    def _choose_deck_folder(self) -> None:
        dialog = QFileDialog(self, "Choose an empty folder for the new deck")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.fileSelected.connect(self._folder_picked)
        dialog.open()

    def finish(self) -> None:
        if self.sample_choice.isChecked():
            self._end("sample", None)
            return
        folder = self.new_folder
        if folder is None:
            say(self.deck_result, "Choose a folder for the new deck first.")
            return
        self._run(lambda: deck_folder_problem(folder),
                  done=lambda problem: say(self.deck_result, problem) if problem
                  else self._end("new", folder),
                  failed=lambda e: say(self.deck_result, f"That folder cannot be used: {e}"))

    def _end(self, kind: str, folder: Path | None) -> None:
        self.ended = True
        self.accept()
        self.chosen.emit(kind, folder)

    # -- cancelling
    def reject(self) -> None:
        if not self._busy:  # a page being saved finishes first (a second or so)
            super().reject()

    def _cancelled(self) -> None:
        self.ended = True
        self.cancelled.emit()
