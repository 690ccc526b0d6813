"""The on-screen keyboard in every script, as a visitor uses it: labels of one size, the grey
words gone as soon as a syllable is being composed, a counter that counts what is on screen,
and the deck's own Khmer and Korean typed key by key and found again in `kiosk export`."""

from __future__ import annotations

import csv
import statistics
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QInputMethodEvent, QRawFont, QTextLayout
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QPushButton

from kiosk.content import load_deck
from kiosk.messages.store import MessageStore
from kiosk.platform import paths
from kiosk.setup.config import Settings
from kiosk.ui.form.keyboard import OnScreenKeyboard
from kiosk.ui.form.message_flow import MessageFlow
from kiosk.visit.keyboards import CHOSEONG, FINAL_SPLIT, JONGSEONG, JUNGSEONG, VOWEL_PAIRS
from tests.bilingual_deck import KM_GIVING, KM_QUOTE, write_bilingual_deck

KHMER_WRITTEN = f"ឱ្យម្តាយៗ {KM_QUOTE}។ {KM_GIVING} ១៩៧៥ ទស្សនៈ"
KOREAN_WRITTEN = "감사합니다 함께 기도합니다"


def open_form(make_kiosk, deck_dir: Path, size: tuple[int, int]):  # type: ignore[no-untyped-def]
    deck = load_deck(deck_dir).deck
    assert deck is not None
    kiosk, _clock = make_kiosk(deck, Settings(cursor_hide_seconds=600, form_idle_seconds=600),
                               size=size)
    kiosk.session.interact()
    kiosk.flow.open_form()
    return kiosk


def message_view(flow: MessageFlow):  # type: ignore[no-untyped-def]
    return next(v for v in flow.form_view.views if isinstance(v.input, QPlainTextEdit))


def letter_keys(keyboard: OnScreenKeyboard) -> list[QPushButton]:
    """The keys that type a letter, as they show now (not the bottom row's , and .)."""
    return [b for n, b in keyboard.keys.items() if b.isVisible()
            and (n.startswith("pos-") or (n.startswith("char-") and n not in ("char-,",
                                                                              "char-.")))]


# ------------------------------------------------------------------ label size
def ink_rows(key: QPushButton) -> int:
    """How many pixel rows the key's label darkens or lights: its ink, as drawn on screen."""
    image = key.grab().toImage().convertToFormat(QImage.Format.Format_Grayscale8)
    left, right = image.width() // 5, image.width() * 4 // 5  # clear of the rounded corners
    inset = 5  # clear of the border
    rows = [bytes(image.constScanLine(y))[left:right] for y in range(inset,
                                                                      image.height() - inset)]
    background = statistics.median(row[0] for row in rows)
    far = max(abs(v - background) for row in rows for v in row)
    return sum(1 for row in rows if max(abs(v - background) for v in row) > far / 2)


def test_key_labels_of_every_script_stand_as_tall_as_latin_ones(make_kiosk, qtbot
                                                                 ) -> None:  # type: ignore[no-untyped-def]
    kiosk = open_form(make_kiosk, paths.bundled_content_dir(), (1920, 1080))
    form = kiosk.flow.form_view

    def measured() -> float:
        return statistics.median(ink_rows(k) for k in letter_keys(form.keyboard))

    form.set_language("ko", "en")
    for size in ((1920, 1080), (1080, 1920), (1280, 720)):  # the screen turned, then smaller
        kiosk.window.resize(*size)
        qtbot.waitUntil(lambda s=size: form.size().toTuple() == s)
        heights = {"resized": measured()}  # the Korean keys of before, at the new size
        for language in ("en", "km", "ko"):
            form.set_language(language, "en")
            heights[language] = measured()
        for language in ("ko", "km", "resized"):  # jamo were drawn about 4/5 as tall as Latin
            assert abs(heights[language] / heights["en"] - 1) <= 0.1, (size, heights)
    form.set_language("ko", "en")
    QTest.mouseClick(form.keyboard.keys["page"], Qt.MouseButton.LeftButton)  # digits: plain
    assert letter_keys(form.keyboard)[0].font().pixelSize() == form.keyboard.keys[
        "shift"].font().pixelSize()


def test_every_key_label_has_its_glyphs(make_kiosk) -> None:  # type: ignore[no-untyped-def]
    """No empty box on any key of any page (the script key's globe is an icon)."""
    kiosk = open_form(make_kiosk, paths.bundled_content_dir(), (1920, 1080))
    form = kiosk.flow.form_view
    keyboard = form.keyboard
    for language in ("en", "ko", "km"):
        form.set_language(language, "en")
        for page in (None, "accents", "page", "shift"):
            if page is not None and page in keyboard.keys and keyboard.keys[page].isVisible():
                QTest.mouseClick(keyboard.keys[page], Qt.MouseButton.LeftButton)
            for key in (b for b in keyboard.keys.values() if b.isVisible()):
                layout = QTextLayout(key.text(), key.font())
                layout.beginLayout()
                layout.createLine()
                layout.endLayout()
                for run in layout.glyphRuns():
                    font: QRawFont = run.rawFont()
                    assert 0 not in run.glyphIndexes(), (language, key.text(),
                                                         font.familyName())
        if language != "en":  # the script key: a globe from the icon font, and "ABC"
            globe = keyboard.keys["globe"]
            assert not globe.icon().isNull() and globe.text() == "ABC"


# ------------------------------------------------------------------ composing
def preedit(widget: QPlainTextEdit, composing: str, commit: str = "") -> None:
    """What an input method sends while a syllable is composed (the system's or ours)."""
    event = QInputMethodEvent(composing, [])
    event.setCommitString(commit)
    QApplication.sendEvent(widget, event)


def lit_columns(widget: QPlainTextEdit, left: int) -> int:
    """Columns right of ``left`` on the first text line with anything drawn in them."""
    viewport = widget.viewport()
    image = viewport.grab().toImage().convertToFormat(QImage.Format.Format_Grayscale8)
    line = widget.cursorRect().adjusted(0, 2, 0, -2)
    background = image.pixelColor(image.width() - 3, image.height() - 3).value()
    return sum(1 for x in range(left, image.width() - 4)
               if any(abs(image.pixelColor(x, y).value() - background) > 40
                      for y in range(line.top(), line.bottom())))


def test_the_grey_words_go_as_soon_as_a_syllable_is_being_composed(make_kiosk, qtbot
                                                                     ) -> None:  # type: ignore[no-untyped-def]
    kiosk = open_form(make_kiosk, paths.bundled_content_dir(), (1920, 1080))
    form = kiosk.flow.form_view
    form.set_language("ko", "en")
    box = message_view(kiosk.flow).input
    box.setFocus()
    assert box.toPlainText() == "" and lit_columns(box, 80) > 200  # the grey words
    preedit(box, "가")  # a syllable begins: only it is on screen
    assert lit_columns(box, 80) == 0
    preedit(box, "")  # taken back: the grey words again
    assert lit_columns(box, 80) > 200
    for jamo in "ㄱㅏ":  # and the same through the keys
        QTest.mouseClick(next(k for k in letter_keys(form.keyboard) if k.text() == jamo),
                         Qt.MouseButton.LeftButton)
    assert box.toPlainText() == "" and lit_columns(box, 80) == 0


def test_the_counter_counts_the_syllable_being_composed(make_kiosk) -> None:  # type: ignore[no-untyped-def]
    kiosk = open_form(make_kiosk, paths.bundled_content_dir(), (1920, 1080))
    form = kiosk.flow.form_view
    form.set_language("ko", "en")
    view = message_view(kiosk.flow)
    view.input.setFocus()
    assert view.counter.text() == "0 / 1000"
    preedit(view.input, "가")
    assert view.counter.text() == "1 / 1000" and form.send_button.isEnabled()
    preedit(view.input, "나", commit="각")  # 각 final, 나 composing
    assert view.input.toPlainText() == "각" and view.counter.text() == "2 / 1000"
    view.input.moveCursor(view.input.textCursor().MoveOperation.Start)
    preedit(view.input, "", commit="")  # (a move ends composing, as the keyboard does)
    preedit(view.input, "한")  # composing before the text
    assert message_view(kiosk.flow).value() == "한각"
    assert view.counter.text() == "2 / 1000"


# ------------------------------------------------------------------ typing
def key_labels(text: str) -> list[str]:
    """The keys a visitor taps for ``text``: Hangul as its jamo in order (compound vowels and
    finals as their two letters), anything else as the longest key label it starts with."""
    vowel_parts = {pair: parts for parts, pair in VOWEL_PAIRS.items()}
    taps: list[str] = []
    for ch in text:
        code = ord(ch) - 0xAC00
        if not 0 <= code < 11172:
            taps.append(ch)
            continue
        cho, rest = divmod(code, 21 * 28)
        jung, jong = divmod(rest, 28)
        taps.append(CHOSEONG[cho])
        taps.extend(vowel_parts.get(JUNGSEONG[jung], (JUNGSEONG[jung],)))
        if jong:
            taps.extend(FINAL_SPLIT.get(JONGSEONG[jong], (JONGSEONG[jong],)))
    return taps


def flat(rows: tuple[tuple[str, ...], ...]) -> set[str]:
    return {key for row in rows for key in row}


def tap(keyboard: OnScreenKeyboard, name: str) -> None:
    QTest.mouseClick(keyboard.keys[name], Qt.MouseButton.LeftButton)


def go_to_page_of(keyboard: OnScreenKeyboard, label: str) -> None:
    """Tap the number, extra-letters and shift keys as a visitor would to see ``label``."""
    layout = keyboard.letters
    symbols = label not in flat(layout.rows) | flat(layout.shifted) | flat(layout.extra)
    extra = not symbols and label not in flat(layout.rows) | flat(layout.shifted)
    shifted = not (symbols or extra) and label not in flat(layout.rows)
    if keyboard.symbols != symbols:
        tap(keyboard, "page")
    if keyboard.accents != extra:
        tap(keyboard, "accents")
    while not (symbols or extra) and (keyboard.shift or keyboard.caps) != shifted:
        tap(keyboard, "shift")


def type_on_keys(keyboard: OnScreenKeyboard, text: str) -> None:
    """Tap the keys for ``text`` one by one, finding each by its label."""
    layout = keyboard.letters
    labels = flat(layout.rows) | flat(layout.shifted) | flat(layout.extra) | flat(layout.symbols)
    taps = "".join(key_labels(text))
    at = 0
    while at < len(taps):
        if taps[at] == " ":
            tap(keyboard, "space")
            at += 1
            continue
        # The longest key that types what comes next (ុំ and ោះ are keys of their own).
        label = max((k for k in labels if taps.startswith(k, at)), key=len, default=taps[at])
        shown = [b for b in letter_keys(keyboard) if b.text() == label]
        if not shown:
            go_to_page_of(keyboard, label)
            shown = [b for b in letter_keys(keyboard) if b.text() == label]
        assert shown, f"no key {label!r}"
        QTest.mouseClick(shown[0], Qt.MouseButton.LeftButton)
        at += len(label)


def test_the_decks_khmer_and_korean_typed_key_by_key_come_back_from_export(
        make_kiosk, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from kiosk.cli import main

    deck_dir = write_bilingual_deck(tmp_path / "wells")
    kiosk = open_form(make_kiosk, deck_dir, (1920, 1080))
    store = MessageStore(tmp_path / "data", kiosk_id="booth-test")
    kiosk.set_store(store)
    flow = kiosk.flow
    flow.set_thanks_ms(30)
    written = {"km": KHMER_WRITTEN, "ko": KOREAN_WRITTEN}
    for language, text in written.items():
        kiosk.session.interact()
        flow.open_form()
        flow.form_view.set_language(language, "en")
        view = message_view(flow)
        view.input.setFocus()
        type_on_keys(flow.form_view.keyboard, text)
        assert view.value() == text  # (the last syllable still composing, on screen)
        with qtbot.waitSignal(flow.thanks_done, timeout=5000):
            QTest.mouseClick(flow.form_view.send_button, Qt.MouseButton.LeftButton)
    out = tmp_path / "messages.csv"
    assert main(["export", "--data-dir", str(tmp_path / "data"), "--content", str(deck_dir),
                 "--config", str(tmp_path / "kiosk.yaml"), "--out", str(out)]) == 0
    exported = out.read_bytes()
    for text in written.values():
        assert text.encode("utf-8") in exported
    with open(out, encoding="utf-8-sig", newline="") as rows:
        got = [row[view.spec.key] for row in csv.DictReader(rows)]
    assert sorted(got) == sorted(written.values())


def test_labels_name_the_keys_a_visitor_taps() -> None:
    assert key_labels("감사") == ["ㄱ", "ㅏ", "ㅁ", "ㅅ", "ㅏ"]
    assert key_labels("광 닭") == ["ㄱ", "ㅗ", "ㅏ", "ㅇ", " ", "ㄷ", "ㅏ", "ㄹ", "ㄱ"]
