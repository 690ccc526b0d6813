"""The message form as a visitor uses it: tap keys, send, thanks; and every way it can fail."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit

from kiosk.content import load_deck
from kiosk.messages.store import MessageStore, StoreError
from kiosk.platform import paths
from kiosk.setup.config import Settings
from kiosk.ui.form.message_flow import MessageFlow
from kiosk.visit.session import Mode

W, H = 768, 432


@pytest.fixture
def booth(make_kiosk, tmp_path: Path):  # type: ignore[no-untyped-def]
    deck = load_deck(paths.bundled_content_dir()).deck
    assert deck is not None and deck.form is not None
    kiosk, clock = make_kiosk(deck, Settings(cursor_hide_seconds=600, idle_seconds=45,
                                             warning_seconds=10, form_idle_seconds=60),
                              size=(W, H))
    store = MessageStore(tmp_path / "data", kiosk_id="booth-test")
    kiosk.set_store(store)
    flow, journey = kiosk.flow, kiosk.journey
    flow.set_thanks_ms(30)  # the thank-you, quickly: the test waits for its signal
    kiosk.session.interact()
    return flow, journey, store, clock


def field(flow: MessageFlow, key: str):  # type: ignore[no-untyped-def]
    return next(v for v in flow.form_view.views if v.spec.key == key)


def tap_keys(flow: MessageFlow, text: str) -> None:
    keyboard = flow.form_view.keyboard
    for ch in text:
        if ch == " ":
            name = "space"
        elif ch.isupper():
            if not keyboard.shift:
                QTest.mouseClick(keyboard.keys["shift"], Qt.MouseButton.LeftButton)
            name = f"char-{ch.lower()}"
        else:
            name = f"char-{ch}"
        QTest.mouseClick(keyboard.keys[name], Qt.MouseButton.LeftButton)


def test_tapping_keys_then_send_saves_the_message(booth, qtbot) -> None:
    flow, journey, store, _ = booth
    for _ in range(4):  # the visitor reads a few slides first
        with qtbot.waitSignal(journey.player.slide_changed, timeout=5000):
            QTest.mouseClick(journey.window.controls.next_button, Qt.MouseButton.LeftButton)
    reading = journey.player.index
    assert reading == 4
    QTest.mouseClick(journey.window.controls.message_button, Qt.MouseButton.LeftButton)
    assert journey.session.mode is Mode.FORM and flow.form_view.isVisible()
    form = flow.form_view
    assert not form.send_button.isEnabled() and "write your message" in form.reason.text()
    tap_keys(flow, "We pray for you")  # the first letter is a capital by itself
    message = field(flow, "message").input
    assert isinstance(message, QPlainTextEdit) and message.toPlainText() == "We pray for you"
    QTest.mouseClick(field(flow, "topic").chips["prayer"], Qt.MouseButton.LeftButton)
    assert form.send_button.isEnabled()
    at_save: list[tuple[str, bool]] = []  # what the visitor sees once it is on disk
    flow.saved.connect(lambda message_id: at_save.append(
        (message_id, flow.thanks.isVisible() and not form.isVisible())))
    with qtbot.waitSignals([flow.saved, flow.thanks_done], timeout=5000, order="strict"):
        QTest.mouseClick(form.send_button, Qt.MouseButton.LeftButton)
    assert len(at_save) == 1 and at_save[0][1]  # thanked once it was saved, the form gone
    stored = store.get(at_save[0][0])
    assert stored is not None
    assert stored.fields["message"] == "We pray for you" and stored.fields["topic"] == "prayer"
    assert stored.fields["contact_ok"] is False and stored.fields["email"] is None
    assert stored.kiosk_id == "booth-test" and stored.content_version == "2026.11-1"
    assert message.toPlainText() == ""  # wiped on send
    assert journey.session.mode is Mode.BROWSE  # then back to the slide they were reading
    assert journey.player.index == reading
    assert not flow.thanks.isVisible()


def test_send_says_why_it_is_disabled(booth, qtbot) -> None:
    flow, _, store, _ = booth
    flow.open_form()
    form = flow.form_view
    field(flow, "message").input.setFocus()
    QTest.keyClicks(field(flow, "message").input, "Hello")  # a physical keyboard works too
    assert form.send_button.isEnabled()
    email = field(flow, "email").input
    assert isinstance(email, QLineEdit)
    email.setFocus()
    assert form.keyboard.email and "key-@" in [k.objectName() for k in
                                               form.keyboard.keys.values() if k.isVisible()]
    QTest.keyClicks(email, "ana@")
    assert not form.send_button.isEnabled() and "email" in form.reason.text()
    tap_keys(flow, "mail")
    QTest.mouseClick(form.keyboard.keys[".com"], Qt.MouseButton.LeftButton)
    assert email.text() == "ana@mail.com"
    assert not form.send_button.isEnabled() and "tick" in form.reason.text()
    QTest.mouseClick(field(flow, "contact_ok").input, Qt.MouseButton.LeftButton)
    assert form.send_button.isEnabled() and form.reason.text() == ""
    assert store.count() == 0


def test_idle_wipes_the_form(booth, qtbot) -> None:
    flow, journey, store, clock = booth
    flow.open_form()
    field(flow, "message").input.setFocus()
    tap_keys(flow, "secret words")
    clock.now += 61
    journey.on_tick()
    assert journey.window.idle.isVisible()
    clock.now += 10
    journey.on_tick()
    assert journey.session.mode is Mode.ATTRACT and not flow.form_view.isVisible()
    assert all(not v.value() for v in flow.form_view.views)
    journey.session.interact()
    flow.open_form()  # the next visitor sees an empty form
    assert field(flow, "message").input.toPlainText() == "" and store.count() == 0


def test_cancel_wipes_and_returns_to_the_slides(booth, qtbot) -> None:
    flow, journey, _, _ = booth
    flow.open_form()
    field(flow, "message").input.setFocus()
    tap_keys(flow, "draft")
    QTest.mouseClick(flow.form_view.cancel_button, Qt.MouseButton.LeftButton)
    assert journey.session.mode is Mode.BROWSE and not flow.form_view.isVisible()
    assert field(flow, "message").input.toPlainText() == ""


@pytest.mark.parametrize("fault", ["read-only", "disk-full"])
def test_a_store_fault_keeps_the_words_on_screen(booth, qtbot, tmp_path: Path, fault: str
                                                 ) -> None:
    flow, journey, store, _ = booth
    if fault == "read-only":  # what a disk that turned read-only looks like to the flow
        flow.set_store(MessageStore(tmp_path / "data", read_only=True))
    else:
        pages = store.read("PRAGMA page_count")[0][0]
        store.read(f"PRAGMA max_page_count={pages}")
        with pytest.raises(StoreError):  # fill what room is left: the disk is now full
            for _ in range(2000):
                store.add({"message": "filler"})
    flow.open_form()
    message = field(flow, "message").input
    message.setFocus()
    QTest.keyClicks(message, "Please keep this " * 30)
    with qtbot.waitSignal(flow.failed, timeout=5000):
        QTest.mouseClick(flow.form_view.send_button, Qt.MouseButton.LeftButton)
    assert "tell a staff member" in flow.form_view.reason.text()
    assert message.toPlainText().startswith("Please keep this")  # nothing lost
    assert journey.session.mode is Mode.FORM and flow.form_view.isVisible()
    assert flow.form_view.send_button.isEnabled()  # they may try again


def test_the_invitation_slide_opens_the_form(booth, qtbot) -> None:
    flow, journey, _, _ = booth
    cta = next(s.index for s in flow.deck.slides if s.type == "call_to_action")
    journey.player.go_to(cta, "cut")
    qtbot.waitUntil(lambda: journey.player.index == cta)
    QTest.mouseClick(journey.player, Qt.MouseButton.LeftButton, pos=QPoint(W // 2, H // 3))
    assert journey.session.mode is Mode.FORM


def test_backspace_repeats_while_held(booth, qtbot) -> None:
    flow, _, _, _ = booth
    flow.open_form()
    message = field(flow, "message").input
    message.setFocus()
    QTest.keyClicks(message, "abcdefghijkl")
    back = flow.form_view.keyboard.keys["back"]
    assert back.autoRepeat()
    back.setAutoRepeatDelay(20)
    back.setAutoRepeatInterval(10)
    QTest.mousePress(back, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(message.toPlainText()) <= 8, timeout=2000)
    QTest.mouseRelease(back, Qt.MouseButton.LeftButton)
    assert len(message.toPlainText()) < 12


def test_symbols_page_and_caps(booth, qtbot) -> None:
    flow, _, _, _ = booth
    flow.open_form()
    keyboard = flow.form_view.keyboard
    message = field(flow, "message").input
    message.setFocus()
    QTest.mouseClick(keyboard.keys["page"], Qt.MouseButton.LeftButton)
    QTest.mouseClick(keyboard.keys["char-1"], Qt.MouseButton.LeftButton)
    QTest.mouseClick(keyboard.keys["char-!"], Qt.MouseButton.LeftButton)
    QTest.mouseClick(keyboard.keys["page"], Qt.MouseButton.LeftButton)
    for _ in range(2):  # shift twice: capitals stay on
        QTest.mouseClick(keyboard.keys["shift"], Qt.MouseButton.LeftButton)
    tap_keys(flow, "ab")
    assert message.toPlainText() == "1!AB"


def test_every_key_of_the_number_page_shows_and_types_its_sign(booth, qtbot) -> None:
    """The "&" key looked blank (Qt took it for a shortcut mark), and "," and "." of the
    number page left two holes in its third row (the bottom row has them)."""
    flow, _, _, _ = booth
    flow.open_form()
    keyboard = flow.form_view.keyboard
    message = field(flow, "message").input
    message.setFocus()
    QTest.mouseClick(keyboard.keys["page"], Qt.MouseButton.LeftButton)
    shown = [b for b in keyboard.keys.values() if b.isVisible()]
    assert all(b.text() and b.text() != "&" for b in shown)  # "&&" draws one "&"
    third = sorted((b for b in shown if abs(b.y() - keyboard.keys["shift"].y()) < 2),
                   key=lambda b: b.x())
    gaps = [right.x() - (left.x() + left.width()) for left, right in pairwise(third)]
    assert max(gaps) < keyboard.keys["char-?"].width() // 2, gaps  # no hole in the row
    QTest.mouseClick(keyboard.keys["char-&"], Qt.MouseButton.LeftButton)
    QTest.mouseClick(keyboard.keys["char-."], Qt.MouseButton.LeftButton)
    assert message.toPlainText() == "&."


def test_message_length_is_capped_with_a_counter(booth, qtbot) -> None:
    flow, _, _, _ = booth
    flow.open_form()
    message = field(flow, "message").input
    message.setPlainText("x" * 1200)
    assert len(message.toPlainText()) == 1000
    assert field(flow, "message").counter.text() == "1000 / 1000"


def tap_label(flow: MessageFlow, label: str) -> None:
    """Tap the key showing ``label`` (Korean and Khmer keys are named by place)."""
    keyboard = flow.form_view.keyboard
    shift = keyboard.keys["shift"]
    for _ in range(2):
        key = next((b for b in keyboard.keys.values() if b.isVisible() and b.text() == label),
                   None)
        if key is not None:
            QTest.mouseClick(key, Qt.MouseButton.LeftButton)
            return
        QTest.mouseClick(shift, Qt.MouseButton.LeftButton)  # on the shifted layer
    raise AssertionError(f"no key {label}")


def test_a_korean_visitor_writes_in_hangul(booth, qtbot) -> None:
    flow, _journey, store, _ = booth
    flow.open_form()
    flow.form_view.set_language("ko", "en")
    keyboard = flow.form_view.keyboard
    globe = keyboard.keys["globe"]  # a globe drawn from the icon font, then the script
    assert keyboard.script == "ko" and globe.text() == "ABC" and not globe.icon().isNull()
    message = field(flow, "message").input
    message.setFocus()
    for jamo in "ㅇㅏㄴㄴㅕㅇ":
        tap_label(flow, jamo)
    assert message.toPlainText() == "안"  # '녕' is still composing, shown underlined
    QTest.mouseClick(keyboard.keys["back"], Qt.MouseButton.LeftButton)  # takes back ㅇ
    tap_label(flow, "ㅇ")
    QTest.mouseClick(keyboard.keys["space"], Qt.MouseButton.LeftButton)
    for jamo in "ㄱㅗㅏㅇ":  # a compound vowel
        tap_label(flow, jamo)
    QTest.mouseClick(field(flow, "topic").chips["prayer"], Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(flow.saved, timeout=5000) as saved:
        QTest.mouseClick(flow.form_view.send_button, Qt.MouseButton.LeftButton)
    stored = store.get(saved.args[0])
    assert stored is not None and stored.fields["message"] == "안녕 광"


def test_a_khmer_visitor_types_clusters_and_can_switch_to_latin(booth, qtbot) -> None:
    flow, _journey, _store, _ = booth
    flow.open_form()
    flow.form_view.set_language("km", "en")
    keyboard = flow.form_view.keyboard
    message = field(flow, "message").input
    message.setFocus()
    for label in ("ក", "្", "រ", "ា"):
        tap_label(flow, label)
    assert message.toPlainText() == "\u1780\u17d2\u179a\u17b6"  # ក្រា
    QTest.mouseClick(keyboard.keys["globe"], Qt.MouseButton.LeftButton)
    assert keyboard.script == "latin" and "char-a" in keyboard.keys
    QTest.mouseClick(keyboard.keys["char-a"], Qt.MouseButton.LeftButton)
    assert message.toPlainText().endswith("a")
    email = field(flow, "email").input
    email.setFocus()
    assert keyboard.script == "latin" and "globe" not in [
        n for n, b in keyboard.keys.items() if b.isVisible()]  # an email is Latin


def test_a_khmer_visitor_writes_independent_vowels_repeats_and_digits(booth, qtbot, tmp_path
                                                                       ) -> None:
    import csv

    from kiosk.messages.export import export

    flow, _journey, store, _ = booth
    flow.open_form()
    flow.form_view.set_language("km", "en")
    keyboard = flow.form_view.keyboard
    message = field(flow, "message").input
    message.setFocus()

    def tap(name: str) -> None:
        QTest.mouseClick(keyboard.keys[name], Qt.MouseButton.LeftButton)

    tap("accents")  # the independent vowels, a key away ...
    tap_label(flow, "ឱ")  # ... then the letters again by themselves
    for label in "្យម្តាយ":
        tap_label(flow, label)
    tap("accents")
    tap_label(flow, "ៗ")  # the repeat sign
    tap("space")
    tap("page")  # Khmer digits on the number page
    assert keyboard.keys["page"].text() == "ខ្មែរ"
    for label in "១៩៧៥។":
        tap_label(flow, label)
    written = "ឱ្យម្តាយៗ ១៩៧៥។"
    assert message.toPlainText() == written
    QTest.mouseClick(field(flow, "topic").chips["prayer"], Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(flow.saved, timeout=5000) as saved:
        QTest.mouseClick(flow.form_view.send_button, Qt.MouseButton.LeftButton)
    stored = store.get(saved.args[0])
    assert stored is not None and stored.fields["message"] == written
    export(store.messages(), tmp_path / "m.csv", "csv", ["message"])
    with open(tmp_path / "m.csv", encoding="utf-8-sig", newline="") as exported:
        assert [row["message"] for row in csv.DictReader(exported)] == [written]


def test_a_spanish_visitor_types_accents_a_key_away(booth, qtbot) -> None:
    flow, _journey, _store, _ = booth
    flow.form_view.set_language("es", "en")  # the visitor chose Spanish, then opened the form
    flow.open_form()
    keyboard = flow.form_view.keyboard
    message = field(flow, "message").input
    assert keyboard.keys["space"].text() == "espacio"  # the keyboard's words translated
    QTest.mouseClick(keyboard.keys["char-a"], Qt.MouseButton.LeftButton)  # a capital first
    QTest.mouseClick(keyboard.keys["accents"], Qt.MouseButton.LeftButton)
    QTest.mouseClick(keyboard.keys["char-ñ"], Qt.MouseButton.LeftButton)
    QTest.mouseClick(keyboard.keys["char-o"], Qt.MouseButton.LeftButton)  # letters again
    assert message.toPlainText() == "Año"


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)])
def test_every_keyboard_keeps_keys_a_finger_can_hit_and_fits_the_form(make_kiosk, size
                                                                       ) -> None:  # type: ignore[no-untyped-def]
    deck = load_deck(paths.bundled_content_dir()).deck
    kiosk, _clock = make_kiosk(deck, Settings(cursor_hide_seconds=600), size=size)
    kiosk.session.interact()
    flow = kiosk.flow
    for language in ("en", "ko", "km", "es"):
        flow.form_view.set_language(language, "en")
        flow.open_form()
        keyboard = flow.form_view.keyboard
        for page in (None, "accents", "page"):
            if page is not None and page in keyboard.keys and keyboard.keys[page].isVisible():
                QTest.mouseClick(keyboard.keys[page], Qt.MouseButton.LeftButton)
            letters = [b for n, b in keyboard.keys.items() if b.isVisible()
                       and n.startswith(("char-", "pos-"))]
            assert min(b.width() for b in letters) >= 64, (language, page)
            assert min(b.height() for b in letters) >= 64, (language, page)
        assert keyboard.width() == flow.form_view.fields_box.width()
        flow.on_cancel()



@pytest.fixture
def raised(monkeypatch: pytest.MonkeyPatch) -> list[BaseException]:
    """What reached ``sys.excepthook`` (where the kiosk's crash guard sits) during the test."""
    import sys

    seen: list[BaseException] = []
    monkeypatch.setattr(sys, "excepthook", lambda kind, error, trace: seen.append(error))
    return seen


def test_a_bad_email_then_the_empty_message_says_why_by_each_field(booth, qtbot, raised
                                                                   ) -> None:
    flow, _, _, _ = booth
    flow.open_form()
    form = flow.form_view
    email, message = field(flow, "email"), field(flow, "message")
    email.input.setFocus()
    tap_keys(flow, "ana")  # not an address yet
    QTest.mouseClick(form.keyboard.keys["next"], Qt.MouseButton.LeftButton)
    assert QApplication.focusWidget() is message.input  # on to the still-empty message
    assert raised == []
    assert email.error.isVisibleTo(form) and "looks incomplete" in email.error.text()
    assert not message.error.isVisibleTo(form)
    assert "write your message" in form.reason.text()
    QTest.keyClicks(message.input, "Hi")  # the counter and the reasons go on updating
    assert raised == [] and message.counter.text() == "2 / 1000"
    assert not form.send_button.isEnabled()  # the email's reason is by it, not said twice
    assert email.error.isVisibleTo(form) and "looks incomplete" in email.error.text()
    assert "looks incomplete" not in form.reason.text()


def test_each_field_shows_its_own_reason(booth, qtbot, raised) -> None:
    flow, _, _, _ = booth
    flow.open_form()
    form = flow.form_view
    email, tick = field(flow, "email"), field(flow, "contact_ok")
    QTest.keyClicks(field(flow, "message").input, "Hello")
    email.input.setFocus()
    QTest.keyClicks(email.input, "ana@mail")  # incomplete, and so the tick is needed too
    for _ in range(2):  # ticked, then unticked again
        QTest.mouseClick(tick.input, Qt.MouseButton.LeftButton)
    QTest.mouseClick(form.keyboard.keys["next"], Qt.MouseButton.LeftButton)
    assert raised == []
    assert "looks incomplete" in email.error.text() and email.error.isVisibleTo(form)
    assert "Please tick" in tick.error.text() and tick.error.isVisibleTo(form)
