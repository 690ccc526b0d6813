"""Every control a visitor (or staff) can reach has an accessible name in the language on
screen, and the right role: the kiosk is walked through its screens (the attract loop,
browsing, the chapter menu, the language list, "Still there?", the message form with its
keyboard, the thank-you, the staff PIN pad and panel) in English and in Khmer, and the
accessibility tree a screen reader reads (``QAccessible``, from the real window down) is
checked on each."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, QSize, Qt
from PySide6.QtGui import QAccessible, QAccessibleInterface, QColor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.content import Deck, load_deck
from kiosk.staff import words as staff_words
from kiosk.visit import words
from tests.bilingual_deck import write_bilingual_deck
from tests.gui.access_walk import walk

Role = QAccessible.Role
NAME = QAccessible.Text.Name
#: What a person presses, ticks, types in or picks: each needs a name.
INTERACTIVE = {Role.Button, Role.CheckBox, Role.RadioButton, Role.EditableText, Role.ComboBox,
               Role.Slider, Role.SpinBox, Role.ListItem, Role.PageTab, Role.MenuItem,
               Role.Link, Role.ButtonMenu, Role.ButtonDropDown, Role.ButtonDropGrid}
SIZE = QSize(1280, 720)


#: Placeholders that stand for a number in the catalogs' words.
NUMBERS = {"n", "m", "limit", "total", "days"}


def _pattern(message: str) -> str | None:
    """A catalog message as a pattern (each number in it, any number); None when it holds
    other words (a name, a time): those are not what a control is called."""
    holes = re.findall(r"\{([^{}]*)\}", message)
    if any(hole not in NUMBERS for hole in holes):
        return None
    parts = re.split(r"\{[^{}]*\}", message.strip())
    return r"[\d.,]+".join(re.escape(part) for part in parts)


def _said(language: str) -> dict[str, str]:
    """Every word of both catalogs in ``language`` (plurals: one and many), by its English."""
    found: dict[str, str] = {}
    for module, domain in ((words, words.DOMAIN), (staff_words, staff_words.DOMAIN)):
        catalog = words.catalog(language, domain)
        for message in module.MESSAGES.values():
            if isinstance(message, tuple):
                for n, english in ((1, message[0]), (2, message[1])):
                    found[english] = catalog.ngettext(message[0], message[1], n)
            else:
                found[message] = catalog.gettext(message)
    return found


def foreign_words(language: str) -> re.Pattern[str]:
    """The catalogs' words in another language than ``language`` where ``language`` has
    words of its own (English on a Khmer screen; Khmer on an English one)."""
    other = "km" if language == "en" else "en"
    mine, theirs = _said(language), _said(other)
    wrong = {theirs[english] for english in mine if mine[english] != theirs[english]}
    patterns = sorted(p for p in map(_pattern, wrong) if p and p.strip())
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


def is_sign(name: str) -> bool:
    """A name that is only a drawn sign (an arrow, ⌫, ✓, a dot): what it means is missing."""
    return all(0x2190 <= ord(ch) <= 0x27BF or ch.isspace() for ch in name)


def describe(face: QAccessibleInterface) -> str:
    widget = face.object()
    name = widget.objectName() if widget is not None else ""
    kind = type(widget).__name__ if widget is not None else "?"
    return f"{kind} '{name}' ({face.role().name}, named {face.text(NAME)!r})"


def problems(window: QWidget, language: str) -> list[str]:
    """Each visible, enabled control with no name, or named in the wrong language."""
    QApplication.processEvents()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    wrong = foreign_words(language)
    root = QAccessible.queryAccessibleInterface(window)
    assert root is not None and root.isValid()
    found = []
    for face in walk(root):
        if face.role() not in INTERACTIVE or face.state().disabled:
            continue
        name = face.text(NAME).strip()
        if not name:
            found.append(f"{describe(face)}: no name")
        elif is_sign(name):
            found.append(f"{describe(face)}: named by a sign, not by what it does")
        elif wrong.fullmatch(name):
            found.append(f"{describe(face)}: a name in the wrong language")
    return found


def _three_languages(deck: Deck) -> Deck:
    """The deck with a third language (Korean, as English): its language button opens the
    list of languages."""
    return dataclasses.replace(deck, languages=[*deck.languages, "ko"])


@pytest.fixture(scope="module")
def deck(qapp, tmp_path_factory: pytest.TempPathFactory) -> Deck:  # type: ignore[no-untyped-def]
    from kiosk.ui.app import application

    application(headless=True)
    folder = write_bilingual_deck(tmp_path_factory.mktemp("bilingual"))
    loaded = load_deck(Path(folder)).deck
    assert loaded is not None
    return loaded


@pytest.fixture(scope="module")
def found(deck: Deck) -> dict[str, list[str]]:
    """The problems seen on each screen, by screen and language: one kiosk walked through
    its screens in English, then in Khmer (the names must follow the language)."""
    from kiosk.ui.tools.screens import screens_kiosk, visit_screens

    seen: dict[str, list[str]] = {}
    with screens_kiosk(deck, SIZE) as (kiosk, clock):
        for language in ("en", "km"):
            def look(screen: str, language: str = language) -> None:
                seen.setdefault(f"{screen}-{language}", []).extend(
                    problems(kiosk.window, language))

            visit_screens(kiosk, clock, look, language=language, staff_panel=True)
    return seen


SCREENS = ("attract", "browse", "chapters", "idle", "form", "form-filled", "thank-you",
           "staff-pin", "staff-panel", "staff-usb-refused", "staff-usb")


@pytest.mark.parametrize("language", ["en", "km"])
@pytest.mark.parametrize("screen", SCREENS)
def test_every_control_has_a_name_in_the_language_on_screen(found: dict[str, list[str]],
                                                            screen: str, language: str) -> None:
    said = found.get(f"{screen}-{language}")
    assert said is not None, f"the walk never reached {screen} in {language}"
    assert not said, f"{len(said)} problem(s):\n" + "\n".join(sorted(set(said)))


@pytest.mark.parametrize("language", ["en", "km"])
def test_the_language_list_is_named(deck: Deck, language: str, qtbot) -> None:  # type: ignore[no-untyped-def]
    from kiosk.ui.tools.screens import screens_kiosk

    with screens_kiosk(_three_languages(deck), SIZE) as (kiosk, _clock):
        kiosk.session.set_language(language)
        kiosk.session.interact()
        button = kiosk.window.controls.language_button
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)
        chooser = kiosk.window.controls.chooser
        assert chooser.isVisible()
        said = problems(kiosk.window, language)
        assert not said, "\n".join(said)
        names = {QAccessible.queryAccessibleInterface(b).text(NAME)
                 for b in chooser.buttons.values()}
        assert names == {words.language_name(code) for code in ("en", "km", "ko")}


def _face(widget: QWidget) -> QAccessibleInterface:
    face = QAccessible.queryAccessibleInterface(widget)
    assert face is not None and face.isValid()
    return face


def test_the_slide_is_named_by_its_heading_in_the_language_on_screen(deck: Deck) -> None:
    from kiosk.ui.tools.screens import screens_kiosk

    with screens_kiosk(deck, SIZE) as (kiosk, _clock):
        player = kiosk.player
        kiosk.session.interact()
        player.go_to(1, "cut")
        face = _face(player)
        assert face.role() in (Role.Graphic, Role.StaticText)
        assert face.text(NAME) == "The daily walk"
        assert face.text(QAccessible.Text.Description).startswith("In many villages")
        kiosk.session.set_language("km")
        assert _face(player).text(NAME) == "ការដើររកទឹករៀងរាល់ថ្ងៃដ៏វែងឆ្ងាយ"
        player.go_to(2, "cut")  # a figure: the figure, then what it counts
        assert _face(player).text(NAME) == "៣ ម៉ោង"


def test_each_progress_dot_says_which_slide_it_is_and_goes_there(deck: Deck, qtbot  # type: ignore[no-untyped-def]
                                                                 ) -> None:
    from kiosk.ui.tools.screens import screens_kiosk

    with screens_kiosk(deck, SIZE) as (kiosk, _clock):
        kiosk.session.interact()
        kiosk.player.go_to(1, "cut")
        dots = [_face(dot) for dot in kiosk.window.controls.dots.dots]
        assert [d.text(NAME) for d in dots] == [f"Slide {n} of 5" for n in range(1, 6)]
        assert [d.state().checked for d in dots] == [False, True, False, False, False]
        kiosk.session.set_language("km")  # the deck writes Khmer numbers in Khmer digits
        assert _face(kiosk.window.controls.dots.dots[3]).text(NAME) == "ស្លាយទី ៤ នៃ ៥"
        actions = dots[3].actionInterface()
        assert actions is not None
        with qtbot.waitSignal(kiosk.player.slide_changed, timeout=5000,
                              check_params_cb=lambda index: index == 3):
            actions.doAction(actions.pressAction())  # as a screen reader presses it


def test_larger_text_is_a_checked_toggle_for_a_screen_reader(deck: Deck) -> None:
    """The "Tt" button shows its on state (lit) and says it (checked), pressed through the
    real button."""
    from kiosk.ui.tools.screens import screens_kiosk

    with screens_kiosk(deck, SIZE) as (kiosk, _clock):
        kiosk.session.interact()
        button = kiosk.window.controls.text_button
        face = _face(button)
        assert face.text(NAME) == "Larger text" and face.state().checkable
        assert not face.state().checked
        before = button.grab().toImage()
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)
        assert button.isChecked() and _face(button).state().checked
        middle = QPoint(button.width() // 2, button.height() // 5)  # the disc, above its sign
        lit = button.grab().toImage().pixelColor(middle)
        assert lit.name() == QColor(deck.theme.accent).name() != before.pixelColor(middle).name()
        kiosk.session.set_language("km")
        assert _face(button).text(NAME) == "អក្សរធំ"
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)
        assert not button.isChecked() and not _face(button).state().checked


#: What a screen reader calls the keyboard's keys that show a sign or another key's words.
KEYS = {"en": {"shift": "Shift", "back": "Delete", "page": "Numbers and symbols",
               "accents": "More letters", "next": "next", "space": "space",
               "char-,": ","},
        "km": {"shift": "ប្ដូរតួអក្សរ", "back": "លុប", "page": "លេខ និងសញ្ញា",
               "accents": "អក្សរបន្ថែម", "next": "បន្ទាប់", "space": "ដកឃ្លា",
               "globe": "ក្ដារចុច៖ ABC", "pos-0-0": "ឆ"}}


@pytest.mark.parametrize("language", ["en", "km"])
def test_the_keyboards_keys_are_named_by_what_they_type_or_do(deck: Deck,
                                                              language: str) -> None:
    from kiosk.ui.tools.screens import screens_kiosk

    with screens_kiosk(deck, SIZE) as (kiosk, _clock):
        kiosk.session.set_language(language)
        kiosk.session.interact()
        assert kiosk.flow is not None
        kiosk.flow.open_form()
        keyboard = kiosk.window.form.keyboard
        for key, name in KEYS[language].items():
            assert _face(keyboard.keys[key]).text(NAME) == name, key
        QTest.mouseClick(keyboard.keys["page"], Qt.MouseButton.LeftButton)
        assert _face(keyboard.keys["page"]).text(NAME) == words.text("key_letters", language)


@pytest.mark.parametrize("language", ["en", "km"])
def test_still_there_is_said_in_the_language_on_screen(deck: Deck, language: str) -> None:
    from kiosk.ui.tools.screens import screens_kiosk

    with screens_kiosk(deck, SIZE) as (kiosk, clock):
        kiosk.session.set_language(language)
        kiosk.session.interact()
        assert kiosk.journey is not None
        clock.now += kiosk.settings.idle_seconds + 1
        kiosk.journey.on_tick()
        idle = kiosk.window.idle
        assert idle.isVisible()
        face = _face(idle)
        assert face.role() == Role.AlertMessage
        assert face.text(NAME) == words.text("still_there", language)
