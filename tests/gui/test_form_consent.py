"""The consent tick, pressed as a visitor presses it, in the kiosk's plain form and in the
bundled one: a tick with no email is refused with a plain reason, said once, and the fields
stay where they were; an email without the tick is still refused (no email is kept without
consent)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.content import load_deck
from kiosk.messages.store import MessageStore
from kiosk.platform import paths
from kiosk.setup.config import Settings
from kiosk.ui.form.form import MessageForm
from kiosk.visit.session import Mode
from tests.bilingual_deck import write_bilingual_deck

UNTICK = "Add your email, or untick this."
TICK = "Please tick this if we may reply to your email."


@pytest.fixture(params=["plain", "bundled"])
def which(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(params=[(1920, 1080), (1080, 1920)], ids=["landscape", "portrait"])
def booth(request, which: str, make_kiosk, tmp_path: Path):  # type: ignore[no-untyped-def]
    folder = paths.bundled_content_dir() if which == "bundled" else write_bilingual_deck(
        tmp_path / "wells")  # (no form.yaml: the kiosk's plain form)
    deck = load_deck(folder).deck
    assert deck is not None
    kiosk, _ = make_kiosk(deck, Settings(cursor_hide_seconds=600), size=request.param)
    store = MessageStore(tmp_path / "data", kiosk_id="consent-test")
    kiosk.set_store(store)
    kiosk.flow.set_thanks_ms(30)
    kiosk.session.interact()
    QTest.mouseClick(kiosk.window.controls.message_button, Qt.MouseButton.LeftButton)
    assert kiosk.session.mode is Mode.FORM
    form = kiosk.flow.form_view
    tap(form, "hi")
    return kiosk, form, store


def tap(form: MessageForm, keys: str) -> None:
    """Tap the on-screen keys (letters, "@" and ".com")."""
    for name in keys.replace("@", " @ ").replace(".com", " .com ").split():
        names = [name] if name in ("@", ".com") else [f"char-{ch}" for ch in name]
        for key in names:
            QTest.mouseClick(form.keyboard.keys[key], Qt.MouseButton.LeftButton)


def press(widget: QWidget) -> None:
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)


def view(form: MessageForm, key: str):  # type: ignore[no-untyped-def]
    return next(v for v in form.views if v.spec.key == key)


def places(form: MessageForm) -> dict[str, tuple[QRect, QRect]]:
    """Where each field's label and box are on the screen."""
    return {v.spec.key: (QRect(v.label.mapTo(form, v.label.rect().topLeft()), v.label.size()),
                         QRect(v.input.mapTo(form, v.input.rect().topLeft()), v.input.size()))
            for v in form.views}


def said(form: MessageForm, words: str) -> int:
    """How many times ``words`` are on screen."""
    return sum(1 for label in form.findChildren(QLabel)
               if label.isVisibleTo(form) and words in label.text())


def send(kiosk, qtbot, store: MessageStore):  # type: ignore[no-untyped-def]
    saved: list[str] = []
    kiosk.flow.saved.connect(saved.append)
    with qtbot.waitSignals([kiosk.flow.saved, kiosk.flow.thanks_done], timeout=5000,
                           order="strict"):
        press(kiosk.flow.form_view.send_button)
    stored = store.get(saved[0])
    assert stored is not None
    return stored.fields


def test_a_tick_without_an_email_is_refused_once_and_nothing_moves(booth, qtbot) -> None:
    kiosk, form, store = booth
    before = places(form)
    tick, email = view(form, "contact_ok"), view(form, "email")
    press(tick.input)
    assert tick.input.isChecked() and not form.send_button.isEnabled()
    assert tick.error.isVisibleTo(form) and tick.error.text() == UNTICK
    assert said(form, UNTICK) == 1  # by the tick, not again beside Send
    assert places(form) == before  # the fields stay where they were
    press(email.input)
    tap(form, "ana@mail.com")
    assert not tick.error.isVisibleTo(form) and form.send_button.isEnabled()
    assert places(form) == before
    fields = send(kiosk, qtbot, store)
    assert fields["contact_ok"] is True and fields["email"] == "ana@mail.com"


def test_unticking_again_sends_without_an_email(booth, qtbot) -> None:
    kiosk, form, store = booth
    tick = view(form, "contact_ok")
    press(tick.input)
    assert not form.send_button.isEnabled()
    press(tick.input)
    assert form.send_button.isEnabled() and said(form, UNTICK) == 0
    fields = send(kiosk, qtbot, store)
    assert fields["contact_ok"] is False and fields["email"] is None


def test_an_email_without_the_tick_is_still_refused_once_and_nothing_moves(booth) -> None:
    _, form, store = booth
    before = places(form)
    tick, email = view(form, "contact_ok"), view(form, "email")
    press(email.input)
    tap(form, "ana@mail.com")
    press(form.keyboard.keys["next"])  # on to the next field: the email is judged
    assert not form.send_button.isEnabled() and said(form, TICK) == 1
    press(tick.input)
    press(tick.input)  # ticked, then unticked: the tick says why, once
    assert tick.error.isVisibleTo(form) and tick.error.text() == TICK
    assert said(form, TICK) == 1 and places(form) == before
    press(form.send_button)
    assert store.count() == 0
