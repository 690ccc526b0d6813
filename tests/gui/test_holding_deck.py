"""A deck none of whose slides can play still speaks for itself: the holding slide shows its
title in its first language and its colours, the kiosk's words and the staff screens follow
that language and those colours, and a touch opens nothing that leads nowhere: no arrows,
no progress dots, only what a visitor can do here (choose the language, leave a message)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

from kiosk.staff.words import text
from kiosk.visit.session import Mode
from tests.decks import write_deck
from tests.gui.test_staff import quick_hash
from tests.gui.test_staff_notice import accent_on, open_panel, painted, start

__all__ = ["painted", "quick_hash", "start"]  # fixtures, used here too

BLUE = {"background": "#0b2545", "accent": "#8ecae6"}
HEAD = f"""\
title: {{en: Wells for the villages, km: អណ្តូងទឹកសម្រាប់ភូមិ}}
languages: [km, en]
theme: {{background: "{BLUE['background']}", surface: "#13315c", raised: "#1d4e89",
         text: "#f2f5f7", muted: "#b4c2cf", accent: "{BLUE['accent']}"}}
sources:
  - {{id: un, title: A report, publisher: United Nations}}
"""
#: Not one of these can play: a figure and a quotation without a source, a missing photo.
NOTHING_PLAYS = """\
- {type: stat, id: one, figure: {km: '៣', en: '3'}, label: {km: ម៉ោង, en: hours}}
- {type: quote, id: two, quote: {km: ពាក្យ, en: Words}, by: {km: ម្តាយ, en: A mother}}
- {type: image, id: three, image: not-there.jpg}
"""


def shown(widget: QWidget) -> bool:
    return widget.isVisibleTo(widget.window()) and widget.window().isVisible()


def browsing_controls(kiosk) -> list[str]:  # type: ignore[no-untyped-def]
    """The controls for moving through slides a visitor can see now."""
    c = kiosk.window.controls
    return [w.objectName() or "dots" for w in (c.prev_button, c.next_button, c.home_button,
                                               c.chapters_button, c.text_button, c.dots)
            if shown(w)]


def test_a_khmer_deck_with_nothing_to_play_holds_in_its_own_words_and_colours(
        start, painted: list[str], qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = write_deck(tmp_path / "deck", NOTHING_PLAYS, head=HEAD)
    kiosk = start(folder, "kiosk_id: booth-3\n")
    player, controls = kiosk.player, kiosk.window.controls
    assert player.deck is None and player.holding is not None
    assert painted == ["អណ្តូងទឹកសម្រាប់ភូមិ"]  # the deck's title, in its first language
    frame = player.grab().toImage()
    assert QColor(frame.pixel(4, 4)) == QColor(BLUE["background"])
    assert accent_on(frame, BLUE["accent"])
    assert kiosk.session.language == "km"
    assert not shown(controls.hint)  # nothing to explore: no invitation to
    assert controls.language_button.text() == "English" and shown(controls.language_button)
    assert controls.message_button.text() == "ទុកសារ" and shown(controls.message_button)
    assert browsing_controls(kiosk) == []

    QTest.mouseClick(player, Qt.MouseButton.LeftButton, pos=player.rect().center())
    assert kiosk.session.mode is Mode.BROWSE
    assert browsing_controls(kiosk) == []  # a touch leads nowhere it cannot go
    assert player.holding is not None and not shown(controls.hint)
    QTest.mouseClick(player, Qt.MouseButton.LeftButton,  # where a tap moves on
                     pos=QPoint(player.width() - 4, player.height() // 2))
    assert player.holding is not None and painted == ["អណ្តូងទឹកសម្រាប់ភូមិ"]

    QTest.mouseClick(controls.language_button, Qt.MouseButton.LeftButton)
    assert kiosk.session.language == "en" and painted[-1] == "Wells for the villages"
    assert controls.message_button.text() == "Leave a message"
    QTest.mouseClick(controls.message_button, Qt.MouseButton.LeftButton)
    assert kiosk.session.mode is Mode.FORM and kiosk.window.form.isVisible()


def test_the_first_touch_on_a_holding_slide_may_open_the_form_at_once(
        start, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = write_deck(tmp_path / "deck", NOTHING_PLAYS, head=HEAD)
    kiosk = start(folder, "kiosk_id: booth-3\n")
    button = kiosk.window.controls.message_button
    assert kiosk.session.mode is Mode.ATTRACT and shown(button)
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    assert kiosk.session.mode is Mode.FORM  # not a touch that only woke the kiosk


def test_the_staff_screens_of_a_holding_deck_speak_its_language_in_its_colours(
        start, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = write_deck(tmp_path / "deck", NOTHING_PLAYS, head=HEAD)
    kiosk = start(folder, "kiosk_id: booth-3\n")
    panel = open_panel(kiosk, qtbot)
    assert panel.title.text() == "បុគ្គលិក" and panel.lock_button.text() == "ចាក់សោ"
    assert panel.attention.text().startswith(text("holding", "km"))
    assert QColor(panel.grab().toImage().pixel(4, 4)) == QColor(BLUE["background"])
