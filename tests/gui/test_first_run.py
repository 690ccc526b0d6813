"""Kiosk Studio's first run, as a volunteer goes through it: typing into the real boxes and
pressing the real buttons, on a real worker; kiosk.yaml, the PIN, the shared folder and a
mail server on 127.0.0.1 show what it did."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit, QRadioButton, QWidget

import kiosk.staff.pin as staff
from kiosk.setup.config import load_settings
from kiosk.staff.pin import StaffAuth
from kiosk.studio.first_run import FirstRun
from kiosk.studio.setup_steps import needs_first_run
from kiosk.ui.tasks import TaskRunner

WAIT_MS = 30_000


@pytest.fixture
def wizard(kiosk_app, qtbot, tmp_path: Path,  # type: ignore[no-untyped-def]
           monkeypatch: pytest.MonkeyPatch) -> Iterator[FirstRun]:
    monkeypatch.setattr(staff, "SCRYPT", {"n": 2**10, "r": 8, "p": 1})  # no 0.6 s a PIN
    runner = TaskRunner()
    dialog = FirstRun(None, runner, tmp_path / "config" / "kiosk.yaml", tmp_path / "data",
                      documents=tmp_path / "Documents")
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitUntil(dialog.next_button.isEnabled, timeout=WAIT_MS)  # kiosk.yaml looked for
    yield dialog
    runner.wait(WAIT_MS)


def click(button: QWidget) -> None:
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def choose(radio: QRadioButton) -> None:
    """A click on the round button itself (a wide row's middle may be past its words)."""
    QTest.mouseClick(radio, Qt.MouseButton.LeftButton, pos=QPoint(8, radio.height() // 2))
    assert radio.isChecked()


def type_into(qtbot, box: QLineEdit, text: str) -> None:  # type: ignore[no-untyped-def]
    """Select what the box holds (Ctrl+A) and type over it."""
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    if text:
        qtbot.keyClicks(box, text)
    else:
        qtbot.keyClick(box, Qt.Key.Key_Delete)
    assert box.text() == text


def commit(box: QLineEdit, text: str) -> None:
    """Text as a keyboard layout of another script gives it (the input method commits it)."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(box, event)
    assert box.text() == text


def next_page(qtbot, wizard: FirstRun, expected: int) -> None:  # type: ignore[no-untyped-def]
    click(wizard.next_button)
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == expected, timeout=WAIT_MS)


def to_way_page(qtbot, wizard: FirstRun,  # type: ignore[no-untyped-def]
                name: str = "St Mark's fair", pin: str = "2468") -> None:
    type_into(qtbot, wizard.name, name)
    next_page(qtbot, wizard, 1)
    type_into(qtbot, wizard.pin, pin)
    type_into(qtbot, wizard.pin_again, pin)
    next_page(qtbot, wizard, 2)


def send_test(qtbot, wizard: FirstRun) -> str:  # type: ignore[no-untyped-def]
    """Press "Send a test" and wait for its answer."""
    result = wizard.ways.result
    click(wizard.ways.test_button)
    qtbot.waitUntil(lambda: wizard.ways.test_button.isEnabled()
                    and not result.text().startswith("Sending"), timeout=WAIT_MS)
    return result.text()


def test_the_name_the_way_out_and_the_pin_are_kept(wizard: FirstRun, qtbot,
                                                   tmp_path: Path) -> None:
    config, data = tmp_path / "config" / "kiosk.yaml", tmp_path / "data"
    assert needs_first_run(config, data)
    shared = tmp_path / "shared"
    shared.mkdir()
    to_way_page(qtbot, wizard)
    assert StaffAuth(data).check("2468").ok and not StaffAuth(data).check("2469").ok
    assert not config.exists()  # nothing written until the way out is chosen
    choose(wizard.ways.radios["folder"])
    type_into(qtbot, wizard.ways.boxes[("folder", "path")], str(shared))
    next_page(qtbot, wizard, 3)
    settings, problems = load_settings(config)
    assert problems == [] and settings.kiosk_id == "St-Marks-fair"
    assert settings.sync is not None and settings.sync.folder == str(shared)
    assert settings.sync.email is None and settings.sync.webhook_url is None
    with qtbot.waitSignal(wizard.chosen, timeout=WAIT_MS) as ended:
        click(wizard.finish_button)  # "Start from the sample deck" is chosen at first
    assert ended.args == ["sample", None] and not wizard.isVisible()
    assert not needs_first_run(config, data)


def test_bad_answers_are_refused_on_their_page_and_nothing_is_lost(wizard: FirstRun, qtbot,
                                                                   tmp_path: Path) -> None:
    click(wizard.next_button)  # no name yet
    assert wizard.pages.currentIndex() == 0 and "name" in wizard.name_result.text()
    commit(wizard.name, "ទីតាំង")  # a name with no letter a to z: files need one
    click(wizard.next_button)
    assert wizard.pages.currentIndex() == 0 and "a to z" in wizard.name_result.text()
    type_into(qtbot, wizard.name, "Booth 1")
    next_page(qtbot, wizard, 1)
    type_into(qtbot, wizard.pin, "1357")
    type_into(qtbot, wizard.pin_again, "1375")
    click(wizard.next_button)
    assert wizard.pages.currentIndex() == 1
    assert "not the same" in wizard.pin_result.text()
    assert wizard.pin.text() == "1357" and wizard.pin_again.text() == "1375"  # kept to fix
    type_into(qtbot, wizard.pin, "13a7")
    type_into(qtbot, wizard.pin_again, "13a7")
    click(wizard.next_button)
    assert wizard.pages.currentIndex() == 1 and "4 to 12 digits" in wizard.pin_result.text()
    assert not StaffAuth(tmp_path / "data").has_pin
    type_into(qtbot, wizard.pin, "1357")
    type_into(qtbot, wizard.pin_again, "1357")
    next_page(qtbot, wizard, 2)
    click(wizard.back_button)
    click(wizard.back_button)
    assert wizard.name.text() == "Booth 1"  # the first page still holds its answer
    next_page(qtbot, wizard, 1)
    next_page(qtbot, wizard, 2)
    ways = wizard.ways
    type_into(qtbot, ways.boxes[("email", "host")], "smtp.example.org")
    click(wizard.next_button)
    assert wizard.pages.currentIndex() == 2
    assert ways.result.text() == "Fill in first: Send from, Send to."
    type_into(qtbot, ways.boxes[("email", "from")], "booth@example.org")
    type_into(qtbot, ways.boxes[("email", "to")], "office at example.org")
    click(wizard.next_button)
    qtbot.waitUntil(lambda: ways.result.text().startswith("Please check"), timeout=WAIT_MS)
    assert "'office' is not one plain e-mail address" in ways.result.text()
    assert wizard.pages.currentIndex() == 2 and not (tmp_path / "config" / "kiosk.yaml").exists()
    assert ways.boxes[("email", "host")].text() == "smtp.example.org"
    type_into(qtbot, ways.boxes[("email", "to")], "office@example.org, pastor@example.org")
    next_page(qtbot, wizard, 3)
    settings, problems = load_settings(tmp_path / "config" / "kiosk.yaml")
    assert problems == [] and settings.kiosk_id == "Booth-1"
    assert settings.sync is not None and settings.sync.email is not None
    assert settings.sync.email["to"] == ["office@example.org", "pastor@example.org"]
    assert settings.sync.email["host"] == "smtp.example.org"
    assert StaffAuth(tmp_path / "data").check("1357").ok


def test_send_a_test_writes_into_the_shared_folder_and_says_so(
        wizard: FirstRun, qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kiosk.sync.folder import FolderTarget

    written: list[list[str]] = []
    deliver = FolderTarget.deliver

    def seen(target: FolderTarget, *args: Any) -> Any:
        outcome = deliver(target, *args)
        if target.path.is_dir():  # what it holds before the test file is taken away
            written.append(sorted(p.name for p in target.path.iterdir()))
        return outcome

    monkeypatch.setattr(FolderTarget, "deliver", seen)
    shared = tmp_path / "shared"
    shared.mkdir()
    to_way_page(qtbot, wizard)
    choose(wizard.ways.radios["folder"])
    type_into(qtbot, wizard.ways.boxes[("folder", "path")], str(shared))
    words = send_test(qtbot, wizard)
    assert words == "It works. The folder can be written to."
    assert wizard.ways.result.property("ready") == "true"
    assert len(written) == 1 and written[0][0].startswith("St-Marks-fair-test-")
    assert list(shared.iterdir()) == []  # the test file is taken away again
    assert not (tmp_path / "config" / "kiosk.yaml").exists()  # a test saves nothing
    type_into(qtbot, wizard.ways.boxes[("folder", "path")], str(tmp_path / "unplugged"))
    words = send_test(qtbot, wizard)
    assert words.startswith("Not working yet. The folder cannot be used")
    assert wizard.ways.result.property("ready") == "false"


class Mailbox:
    def __init__(self) -> None:
        self.subjects: list[str] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        from email import message_from_bytes
        from email.policy import default

        self.subjects.append(str(message_from_bytes(envelope.content, policy=default)
                                 ["Subject"]))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_send_a_test_e_mail_to_a_mail_server_and_to_a_closed_port(wizard: FirstRun, qtbot
                                                                   ) -> None:
    pytest.importorskip("aiosmtpd")
    from aiosmtpd.controller import Controller

    box, port = Mailbox(), free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        to_way_page(qtbot, wizard)
        ways = wizard.ways
        type_into(qtbot, ways.boxes[("email", "host")], "127.0.0.1")
        ways.security.setCurrentIndex(ways.security.findData("plain"))  # this computer only
        type_into(qtbot, ways.port, str(port))
        type_into(qtbot, ways.boxes[("email", "from")], "booth@example.org")
        type_into(qtbot, ways.boxes[("email", "to")], "office@example.org")
        words = send_test(qtbot, wizard)
    finally:
        controller.stop()
    assert words == "It works. A test e-mail was sent to office@example.org."
    assert len(box.subjects) == 1 and "St-Marks-fair" in box.subjects[0]
    type_into(qtbot, ways.port, str(free_port()))  # nobody answers there
    words = send_test(qtbot, wizard)
    assert words.startswith("Not working yet. The test e-mail to office@example.org was not "
                            "sent: cannot reach the mail server")
    assert len(box.subjects) == 1


def test_cancel_keeps_only_what_was_saved(wizard: FirstRun, qtbot, tmp_path: Path) -> None:
    config, data = tmp_path / "config" / "kiosk.yaml", tmp_path / "data"
    type_into(qtbot, wizard.name, "Booth 1")
    next_page(qtbot, wizard, 1)
    with qtbot.waitSignal(wizard.cancelled, timeout=WAIT_MS):
        click(wizard.cancel_button)
    assert not wizard.isVisible()
    assert not config.exists() and not (data / "staff.json").exists()
    assert needs_first_run(config, data)  # asked again next time


def test_a_google_sheet_and_a_new_deck_under_documents(wizard: FirstRun, qtbot,
                                                       tmp_path: Path) -> None:
    taken = tmp_path / "Documents" / "Kiosk decks" / "St-Marks-fair"
    taken.mkdir(parents=True)
    (taken / "deck.yaml").write_text("title: someone's work\n", encoding="utf-8")
    to_way_page(qtbot, wizard)
    ways = wizard.ways
    choose(ways.radios["webhook"])
    address = "https://script.google.com/macros/s/AKfycb-booth/exec"
    type_into(qtbot, ways.boxes[("webhook", "url")], address)
    click(ways.findChild(QWidget, "webhook-secret-button"))
    secret = ways.boxes[("webhook", "secret")].text()
    assert secret.startswith("whsec_") and "KIOSK_SECRET" in ways.result.text()
    next_page(qtbot, wizard, 3)
    settings, problems = load_settings(tmp_path / "config" / "kiosk.yaml")
    assert problems == [] and settings.sync is not None
    assert (settings.sync.webhook_url, settings.sync.webhook_secret) == (address, secret)
    beside = taken.with_name("St-Marks-fair 2")  # someone's deck is never written over
    qtbot.waitUntil(lambda: str(beside) in wizard.folder_label.text(), timeout=WAIT_MS)
    choose(wizard.new_choice)
    with qtbot.waitSignal(wizard.chosen, timeout=WAIT_MS) as ended:
        click(wizard.finish_button)
    assert ended.args == ["new", beside]


def test_a_chosen_deck_folder_with_files_in_it_is_refused(wizard: FirstRun, qtbot,
                                                          tmp_path: Path) -> None:
    full, empty = tmp_path / "full", tmp_path / "empty"
    full.mkdir()
    (full / "notes.txt").write_text("mine", encoding="utf-8")
    empty.mkdir()
    to_way_page(qtbot, wizard)
    choose(wizard.ways.radios["export"])
    assert not wizard.ways.test_button.isVisible()  # nothing to test
    next_page(qtbot, wizard, 3)
    settings, problems = load_settings(tmp_path / "config" / "kiosk.yaml")
    assert problems == [] and settings.sync is None and settings.kiosk_id == "St-Marks-fair"
    for folder in (full, empty):
        click(wizard.folder_button)
        picker = wizard.findChild(QFileDialog)
        qtbot.waitUntil(picker.isVisible)
        picker.setDirectory(str(folder.parent))
        picker.selectFile(str(folder))
        picker.accept()
        assert wizard.new_choice.isChecked() and str(folder) in wizard.folder_label.text()
        if folder == full:
            click(wizard.finish_button)
            qtbot.waitUntil(lambda: "already has files" in wizard.deck_result.text(),
                            timeout=WAIT_MS)
            assert wizard.isVisible() and wizard.pages.currentIndex() == 3
            qtbot.waitUntil(lambda: wizard.findChild(QFileDialog) is None)  # the old one gone
    with qtbot.waitSignal(wizard.chosen, timeout=WAIT_MS) as ended:
        click(wizard.finish_button)
    assert ended.args == ["new", empty]


def test_a_settings_file_already_there_is_shown_and_keeps_its_comments(
        kiosk_app, qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(staff, "SCRYPT", {"n": 2**10, "r": 8, "p": 1})
    config = tmp_path / "kiosk.yaml"
    config.write_text("# set up at the office\nkiosk_id: hall-2\nidle_seconds: 30  # short\n"
                      "sync:\n  email:\n    host: smtp.example.org\n    port: 465\n"
                      "    security: ssl\n    from: booth@example.org\n"
                      "    to: [office@example.org]\n", encoding="utf-8")
    assert not needs_first_run(config, tmp_path / "data")
    runner = TaskRunner()
    wizard = FirstRun(None, runner, config, tmp_path / "data")
    qtbot.addWidget(wizard)
    wizard.open()
    qtbot.waitUntil(wizard.next_button.isEnabled, timeout=WAIT_MS)
    assert wizard.name.text() == "hall-2"
    qtbot.keyClick(wizard.name, Qt.Key.Key_Return)  # Enter is Next
    assert wizard.pages.currentIndex() == 1
    type_into(qtbot, wizard.pin, "97531")
    type_into(qtbot, wizard.pin_again, "97531")
    next_page(qtbot, wizard, 2)
    ways = wizard.ways
    assert ways.way == "email" and ways.port.text() == "465"
    assert ways.security.currentData() == "ssl"
    assert ways.boxes[("email", "to")].text() == "office@example.org"
    next_page(qtbot, wizard, 3)
    runner.wait(WAIT_MS)
    text = config.read_text(encoding="utf-8")
    assert "# set up at the office" in text and "idle_seconds: 30  # short" in text
    settings, problems = load_settings(config)
    assert problems == [] and settings.sync is not None and settings.sync.email is not None
    assert settings.sync.email["port"] == 465 and settings.sync.email["security"] == "ssl"


def test_the_studio_opens_with_the_first_run_and_takes_its_answers(
        kiosk_app, qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Kiosk Studio on a computer set up for nothing: the questions come over its window;
    once answered, "The kiosk" tab shows them and the new deck is the one being edited.
    Opened again, the studio asks nothing."""
    from kiosk.studio import first_run
    from kiosk.studio.app import build_studio, offer_first_run

    monkeypatch.setattr(staff, "SCRYPT", {"n": 2**10, "r": 8, "p": 1})
    monkeypatch.setattr("platformdirs.user_documents_path", lambda: tmp_path / "Documents")
    config, data = tmp_path / "config" / "kiosk.yaml", tmp_path / "data"
    runner = TaskRunner()
    studio, _errors = build_studio(None, runner, config, data)
    qtbot.addWidget(studio.window)
    studio.window.show()
    offer_first_run(studio, deck_given=False)  # looks on a worker, then asks
    qtbot.waitUntil(lambda: studio.window.findChild(first_run.FirstRun) is not None,
                    timeout=WAIT_MS)
    first = studio.window.findChild(first_run.FirstRun)
    assert first.isVisible()
    qtbot.waitUntil(first.next_button.isEnabled, timeout=WAIT_MS)
    to_way_page(qtbot, first)
    choose(first.ways.radios["export"])
    next_page(qtbot, first, 3)
    new = tmp_path / "Documents" / "Kiosk decks" / "St-Marks-fair"
    qtbot.waitUntil(lambda: str(new) in first.folder_label.text(), timeout=WAIT_MS)
    choose(first.new_choice)
    with qtbot.waitSignal(studio.checked, timeout=WAIT_MS):
        click(first.finish_button)
    qtbot.waitUntil(lambda: studio.document is not None and studio.document.folder == new,
                    timeout=WAIT_MS)
    assert (new / "deck.yaml").is_file()
    qtbot.waitUntil(lambda: studio.kiosk_settings.settings is not None, timeout=WAIT_MS)
    assert studio.window.settings.inputs[("kiosk_id",)].text() == "St-Marks-fair"
    first.deleteLater()  # (gone, as a closed dialog is once the studio runs on)
    qtbot.waitUntil(lambda: studio.window.findChild(first_run.FirstRun) is None,
                    timeout=WAIT_MS)
    offer_first_run(studio, deck_given=False)
    runner.wait(WAIT_MS)  # the look is done...
    QTest.qWait(0)  # ...and its answer delivered
    assert studio.window.findChild(first_run.FirstRun) is None  # set up now: never asked
    studio.dirty = False
    runner.wait(WAIT_MS)
