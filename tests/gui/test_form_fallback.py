"""A form.yaml with errors never leaves a "Leave a message" button that does nothing: the kiosk
starts on that deck, the visitor taps the button, the kiosk's plain form opens and what they
send is kept; staff read (and the log says) that visitors get the plain form."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from kiosk.content import load_deck
from kiosk.messages.store import MessageStore
from kiosk.setup.config import Settings
from kiosk.visit.session import Mode
from tests.conftest import close_kiosk
from tests.decks import write_deck

#: Texts that are lists, a yes/no and a missing label where text is expected.
BROKEN = """\
title: Write to us
intro: [one, two, three]
send: {km: 42, en: [a, b]}
thank_you: true
fields:
  - key: message
    label: null
    type: long_text
    required: true
    placeholder: [x]
  - key: topic
    label: Topic
    type: choice
    options:
      - {key: hope, label: Hope}
"""


@pytest.fixture
def started(kiosk_app, qtbot, tmp_path: Path, caplog):  # type: ignore[no-untyped-def]
    """A kiosk started as the app starts one (its loader's result through the deck control),
    on a deck whose form.yaml is broken."""
    from kiosk.platform.clock import ManualClock
    from kiosk.ui.compose import build_kiosk

    folder = write_deck(tmp_path / "deck", "- {type: title, id: hi, heading: Hello}\n")
    (folder / "form.yaml").write_text(BROKEN, encoding="utf-8")
    kiosk = build_kiosk(Settings(cursor_hide_seconds=600), tmp_path / "data", kiosk_mode=True,
                        clock=ManualClock(), player_speed=40.0, journey_tick_ms=10_000)
    try:
        kiosk.window.resize(1920, 1080)
        kiosk.window.show()
        qtbot.waitExposed(kiosk.window)
        caplog.set_level(logging.WARNING)
        with qtbot.waitSignal(kiosk.player.slide_changed, timeout=10_000):
            kiosk.control.on_loaded(load_deck(folder))
        store = MessageStore(tmp_path / "data", kiosk_id="fallback-test")
        kiosk.set_store(store)
        kiosk.flow.set_thanks_ms(30)
        yield kiosk, store, folder
    finally:
        close_kiosk(kiosk)


def test_a_broken_form_yaml_gives_the_plain_form_and_the_message_is_kept(
        started, qtbot, caplog) -> None:  # type: ignore[no-untyped-def]
    kiosk, store, folder = started
    logged = [r.getMessage() for r in caplog.get_records("setup")]  # (the kiosk's start)
    said = [line for line in logged if "plain message form" in line]
    assert len(said) == 1 and f"{folder / 'form.yaml'}:1:1: error:" in said[0], said
    news, _ = kiosk.control.summary  # what the staff panel lists
    assert any("visitors get the kiosk's plain message form" in p for p in news.problems)
    kiosk.session.interact()
    button = kiosk.window.controls.message_button
    assert button.isVisible()
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    form = kiosk.flow.form_view
    assert kiosk.session.mode is Mode.FORM and form.isVisible()
    assert [v.spec.key for v in form.views] == ["message", "name", "email", "contact_ok"]
    assert form.title.text() == "Leave a message" and "[" not in form.intro.text()
    keyboard = form.keyboard
    for ch in "hi there":
        QTest.mouseClick(keyboard.keys["space" if ch == " " else f"char-{ch}"],
                         Qt.MouseButton.LeftButton)
    assert form.send_button.isEnabled() and form.send_button.text() == "Send"
    saved: list[str] = []
    kiosk.flow.saved.connect(saved.append)
    with qtbot.waitSignals([kiosk.flow.saved, kiosk.flow.thanks_done], timeout=5000,
                           order="strict"):
        QTest.mouseClick(form.send_button, Qt.MouseButton.LeftButton)
    stored = store.get(saved[0])
    assert stored is not None and stored.fields["message"] == "Hi there"
    assert stored.fields["contact_ok"] is False and stored.fields["email"] is None


def test_a_deck_that_comes_without_a_form_still_opens_the_plain_one(
        make_kiosk, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """However a deck arrives (the loader always gives a form; a deck built another way may
    not), the button opens a form."""
    folder = write_deck(tmp_path / "deck", "- {type: title, id: hi, heading: Hello}\n")
    deck = load_deck(folder).deck
    assert deck is not None
    deck.form = None
    kiosk, _ = make_kiosk(deck, Settings(cursor_hide_seconds=600), size=(1280, 720))
    kiosk.session.interact()
    QTest.mouseClick(kiosk.window.controls.message_button, Qt.MouseButton.LeftButton)
    assert kiosk.session.mode is Mode.FORM and kiosk.flow.form_view.isVisible()
    assert [v.spec.key for v in kiosk.flow.form_view.views] == ["message", "name", "email",
                                                            "contact_ok"]
