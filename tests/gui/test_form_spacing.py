"""The form's room, as drawn: every label stands the same gap under the box before it (chips
too, at every size), and the words of the keyboard's bottom row ("?១២៣", "ABC", "next")
keep a margin inside their keys in every language."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetricsF
from PySide6.QtTest import QTest

from kiosk.content import load_deck
from kiosk.platform import paths
from kiosk.setup.config import Settings
from kiosk.ui.common.metrics import unit
from kiosk.ui.form.form import MessageForm
from kiosk.ui.form.keyboard import WORD_KEYS

SIZES = [(1920, 1080), (3840, 2160), (1080, 1920)]


def open_form(make_kiosk, size: tuple[int, int]) -> MessageForm:  # type: ignore[no-untyped-def]
    """The bundled deck's form (its chips too), opened by its button."""
    deck = load_deck(paths.bundled_content_dir()).deck
    kiosk, _ = make_kiosk(deck, Settings(cursor_hide_seconds=600), size=size)
    kiosk.session.interact()
    QTest.mouseClick(kiosk.window.controls.message_button, Qt.MouseButton.LeftButton)
    form = kiosk.flow.form_view
    assert form.isVisible()
    return form


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_each_label_stands_the_same_gap_under_the_box_before_it(  # type: ignore[no-untyped-def]
        make_kiosk, size: tuple[int, int]) -> None:
    form = open_form(make_kiosk, size)
    gaps: dict[str, int] = {}
    views = [v for v in form.views if not v.label.isHidden()]
    for view in views:  # the box just above the label's words, in the same column
        words_top = view.label.geometry().top() + view.label.contentsRect().top()
        above = [v.input.geometry() for v in form.views if v.input.geometry().bottom()
                 < words_top and v.input.x() == view.input.x()]
        if above:
            gaps[view.spec.key] = words_top - max(box.bottom() for box in above)
    assert len(gaps) >= 2, gaps  # (the chips, then the name's label, among them)
    least = round(16 * unit(form.size()))
    assert min(gaps.values()) >= least and max(gaps.values()) - min(gaps.values()) <= 1, gaps


LANGUAGES = ["en", "km", "ko", "es"]


@pytest.mark.parametrize("size", [*SIZES, (1280, 720)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_bottom_rows_words_keep_a_margin_in_their_keys(  # type: ignore[no-untyped-def]
        make_kiosk, size: tuple[int, int]) -> None:
    form = open_form(make_kiosk, size)
    keyboard = form.keyboard
    for language in LANGUAGES:
        form.set_language(language, "en")
        for page in (False, True):  # the letters, then the number page
            if page:
                QTest.mouseClick(keyboard.keys["page"], Qt.MouseButton.LeftButton)
            shown = [keyboard.keys[n] for n in WORD_KEYS
                     if n in keyboard.keys and keyboard.keys[n].isVisible()]
            sizes = {key.fontInfo().pixelSize() for key in shown}
            assert len(sizes) == 1, (language, page, sizes)  # one size for the row's words
            for key in shown:
                words = QFontMetricsF(key.font()).horizontalAdvance(key.text())
                room = key.width() - words - (key.iconSize().width() if not key.icon().isNull()
                                              else 0)
                assert room / 2 >= 0.12 * key.height(), (language, page, key.text(), room)
            if page:
                QTest.mouseClick(keyboard.keys["page"], Qt.MouseButton.LeftButton)
