"""The message form speaks the deck's languages: a deck's own form.yaml per language, the
kiosk's own plain form for a deck without one, the deck's thank-you, and `kiosk validate`
naming what is not translated yet."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QPushButton

from kiosk.content import load_deck
from kiosk.messages.store import MessageStore
from kiosk.setup.config import Settings
from kiosk.ui.form.form import MessageForm
from kiosk.visit.session import Mode
from tests.bilingual_deck import write_bilingual_deck

W, H = 768, 432
THANKS = {"en": "Thank you. Your words will reach the villages.",
          "km": "សូមអរគុណ។ ពាក្យរបស់អ្នកនឹងទៅដល់ភូមិនានា។"}  # the deck's thank_you
KEPT = {"en": "Your message is safely kept.",
        "km": "សាររបស់អ្នកត្រូវបានរក្សាទុកដោយសុវត្ថិភាព។"}  # the plain form's thank_you_text
CAMPAIGN = re.compile(r"girls|women|Cambodia|prayer|pray|encouragement", re.IGNORECASE)
KHMER = re.compile(r"[\u1780-\u17ff]")
LATIN = re.compile(r"[A-Za-z]")

FORM = """\
title: {en: Write to the villages, km: សរសេរទៅកាន់ភូមិ}
intro: {en: A word for the families who dig the wells., km: ពាក្យមួយសម្រាប់គ្រួសារដែលជីកអណ្តូង។}
send: {en: Send my words, km: ផ្ញើពាក្យរបស់ខ្ញុំ}
thank_you: {en: Thanks from the form, km: អរគុណពីទម្រង់}
fields:
  - key: message
    label: {en: Your words, km: ពាក្យរបស់អ្នក}
    type: long_text
    required: true
    placeholder: {en: Write here, km: សរសេរនៅទីនេះ}
  - key: topic
    label: {en: This is, km: នេះជា}
    type: choice
    options:
      - {key: hope, label: {en: A hope, km: ក្តីសង្ឃឹម}}
      - {key: help, label: {en: I can help, km: ខ្ញុំអាចជួយ}}
  - key: name
    label: Name
    type: text
  - key: ok
    label: {en: Reply to me, km: ឆ្លើយមកខ្ញុំ}
    type: checkbox
"""


def shown(form: MessageForm) -> dict[str, str]:
    """Every text a visitor reads on the open form (the counter aside), by where it is."""
    texts = {"title": form.title.text(), "intro": form.intro.text(),
             "send": form.send_button.text(), "cancel": form.cancel_button.text()}
    for view in form.views:
        key = view.spec.key
        if view.label.isVisible():
            texts[f"{key} label"] = view.label.text()
        if isinstance(view.input, QPlainTextEdit | QLineEdit) and view.input.placeholderText():
            texts[f"{key} placeholder"] = view.input.placeholderText()
        for option, chip in view.chips.items():
            texts[f"{key} {option}"] = chip.text()
        if isinstance(view.input, QPushButton) and not view.chips:
            texts[f"{key} tick"] = view.input.text().strip()
    return {where: text for where, text in texts.items() if text}


def open_booth(make_kiosk, folder: Path, data: Path):  # type: ignore[no-untyped-def]
    result = load_deck(folder)
    assert result.errors == [] and result.deck is not None
    kiosk, _clock = make_kiosk(result.deck, Settings(cursor_hide_seconds=600, idle_seconds=45,
                                                     warning_seconds=10, form_idle_seconds=60),
                               size=(W, H))
    kiosk.set_store(MessageStore(data, kiosk_id="booth-test"))
    kiosk.flow.set_thanks_ms(30)
    kiosk.session.interact()
    return kiosk


def choose(kiosk, language: str) -> None:  # type: ignore[no-untyped-def]
    """The visitor taps the language button until the kiosk speaks ``language``."""
    for _ in range(3):
        if kiosk.session.language == language:
            return
        QTest.mouseClick(kiosk.window.controls.language_button, Qt.MouseButton.LeftButton)
    assert kiosk.session.language == language


def open_form(kiosk) -> MessageForm:  # type: ignore[no-untyped-def]
    QTest.mouseClick(kiosk.window.controls.message_button, Qt.MouseButton.LeftButton)
    assert kiosk.session.mode is Mode.FORM and kiosk.flow.form_view.isVisible()
    return kiosk.flow.form_view


def send(kiosk, qtbot, words: str) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """Tap ``words`` as the message on the on-screen keyboard and press Send: the
    thank-you's (heading, line)."""
    form = kiosk.flow.form_view
    message = next(v for v in form.views if v.spec.key == "message").input
    assert isinstance(message, QPlainTextEdit) and message.hasFocus()
    for ch in words:  # the key that reads that letter
        key = next(k for k in form.keyboard.keys.values() if k.isVisible() and k.text() == ch)
        QTest.mouseClick(key, Qt.MouseButton.LeftButton)
    assert message.toPlainText() == words
    assert form.send_button.isEnabled()
    seen: list[tuple[str, str]] = []
    thanks = kiosk.flow.thanks
    kiosk.flow.saved.connect(lambda _id: seen.append(
        (thanks.heading, thanks.text) if thanks.isVisible() else ("", "")))
    with qtbot.waitSignals([kiosk.flow.saved, kiosk.flow.thanks_done], timeout=5000,
                           order="strict"):
        QTest.mouseClick(form.send_button, Qt.MouseButton.LeftButton)
    assert len(seen) == 1
    return seen[0]


@pytest.mark.parametrize("language", ["en", "km"])
def test_a_deck_without_a_form_gets_a_plain_one_in_the_visitors_language(
        make_kiosk, tmp_path: Path, qtbot, language: str) -> None:
    kiosk = open_booth(make_kiosk, write_bilingual_deck(tmp_path / "deck"), tmp_path / "data")
    choose(kiosk, language)
    texts = shown(open_form(kiosk))
    assert {"title", "intro", "message label", "message placeholder", "name label",
            "email label", "contact_ok tick", "send", "cancel"} <= set(texts), texts
    assert not [t for t in texts.values() if CAMPAIGN.search(t)], texts
    if language == "km":  # every word on the form is Khmer, none is English
        assert all(KHMER.search(t) and not LATIN.search(t) for t in texts.values()), texts
    else:
        assert not [t for t in texts.values() if KHMER.search(t)], texts
    heading, line = send(kiosk, qtbot, "សម" if language == "km" else "Hello")
    assert (heading, line) == (THANKS[language], KEPT[language])  # the deck's, the form's line


def test_a_decks_own_form_follows_the_visitors_language(make_kiosk, tmp_path: Path,
                                                        qtbot) -> None:
    folder = write_bilingual_deck(tmp_path / "deck")
    (folder / "form.yaml").write_text(FORM, encoding="utf-8")
    kiosk = open_booth(make_kiosk, folder, tmp_path / "data")
    choose(kiosk, "km")
    khmer = shown(open_form(kiosk))
    assert khmer["title"] == "សរសេរទៅកាន់ភូមិ" and khmer["send"] == "ផ្ញើពាក្យរបស់ខ្ញុំ"
    assert khmer["intro"] == "ពាក្យមួយសម្រាប់គ្រួសារដែលជីកអណ្តូង។"
    assert khmer["message label"] == "ពាក្យរបស់អ្នក"
    assert khmer["message placeholder"] == "សរសេរនៅទីនេះ"
    assert (khmer["topic hope"], khmer["topic help"]) == ("ក្តីសង្ឃឹម", "ខ្ញុំអាចជួយ")
    assert khmer["ok tick"] == "ឆ្លើយមកខ្ញុំ"
    assert khmer["name label"] == "Name"  # given once: the deck's first language
    QTest.mouseClick(kiosk.flow.form_view.cancel_button, Qt.MouseButton.LeftButton)
    choose(kiosk, "en")
    english = shown(open_form(kiosk))
    assert english["title"] == "Write to the villages" and english["send"] == "Send my words"
    assert (english["topic hope"], english["ok tick"]) == ("A hope", "Reply to me")
    assert english["message placeholder"] == "Write here"
    QTest.mouseClick(kiosk.flow.form_view.cancel_button, Qt.MouseButton.LeftButton)
    choose(kiosk, "km")
    open_form(kiosk)
    assert send(kiosk, qtbot, "សម") == (THANKS["km"], "")  # the deck's wins over the form's


def test_validate_names_the_untranslated_form_texts_with_their_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from kiosk.cli import main

    folder = write_bilingual_deck(tmp_path / "deck")
    (folder / "form.yaml").write_text(FORM, encoding="utf-8")
    assert main(["validate", str(folder)]) == 0
    out = capsys.readouterr().out
    line = FORM.splitlines().index("    label: Name") + 1
    found = [row for row in out.splitlines() if "form.yaml" in row and "'km'" in row]
    assert len(found) == 1, out
    assert f"form.yaml:{line}:" in found[0] and "1 form text(s)" in found[0], found
    assert "name label" in found[0] and "no 'km' translation" in found[0], found
