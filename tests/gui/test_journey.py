"""The touch journey as a visitor meets it: touches, drags, taps, menus, idle, lockdown."""

from __future__ import annotations

import logging
import weakref
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QVariantAnimation
from PySide6.QtGui import QColor, QContextMenuEvent, QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from kiosk.content import load_deck
from kiosk.platform.clock import ManualClock
from kiosk.setup.config import Settings
from kiosk.ui.journey.invitation import PULSE_EVERY_S
from kiosk.ui.player.player import Player
from kiosk.ui.tasks import TaskRunner
from kiosk.ui.visit.journey import Journey
from kiosk.ui.window import KioskWindow
from kiosk.visit.session import Mode
from tests.decks import write_deck

HEAD = """\
title: Journey
languages: [en, km]
duration: 5
transition: fade
transition_seconds: 0.5
sources: []
chapters:
  - {id: one, title: One, icon: mdi6.numeric-1-circle-outline}
  - {id: two, title: {en: Two, km: ពីរ}, icon: not-an-icon}
"""
SLIDES = """\
- {type: image, id: red, image: red.png, chapter: one}
- {type: image, id: blue, image: blue.png}
- {type: image, id: green, image: green.png, chapter: two}
- {type: text, id: words, heading: {en: Hello, km: សួស្តី}, body: {en: Welcome, km: សូមស្វាគមន៍}}
"""
COLOURS = {"red.png": (220, 20, 20), "blue.png": (20, 20, 220), "green.png": (20, 200, 20)}
W, H = 768, 432  # inside the offscreen screen (800x600): touches beyond it are lost


_TOUCH = []


def touch_device():  # type: ignore[no-untyped-def]
    """One touch screen for the whole run: Qt keeps a pointer to it, so it must never die."""
    if not _TOUCH:
        _TOUCH.append(QTest.createTouchDevice())
    return _TOUCH[0]


@pytest.fixture
def kiosk(make_kiosk, tmp_path: Path):  # type: ignore[no-untyped-def]
    deck = load_deck(write_deck(tmp_path / "deck", SLIDES, head=HEAD, images=COLOURS)).deck
    built, clock = make_kiosk(deck, Settings(cursor_hide_seconds=0.05, idle_seconds=45,
                                             warning_seconds=10), size=(W, H))
    return built.journey, clock


def colour_at(journey: Journey, x: int, y: int = 60) -> QColor:
    return QColor(journey.window.grab().toImage().pixel(x, y))


def is_red(c: QColor) -> bool:
    return c.red() > 150 and c.blue() < 90


def is_blue(c: QColor) -> bool:
    return c.blue() > 150 and c.red() < 90


def wake(journey: Journey, qtbot) -> None:  # type: ignore[no-untyped-def]
    QTest.mouseClick(journey.player, Qt.MouseButton.LeftButton, pos=QPoint(W // 2, H // 2))
    assert journey.session.mode is Mode.BROWSE


def _later(journey: Journey, seconds: float) -> None:
    """The gesture's clock moves on (the kiosk's clock, which tests drive; a real finger
    takes this long between two positions, whatever the machine is doing meanwhile)."""
    clock = journey.session.clock
    assert isinstance(clock, ManualClock)
    clock.advance(seconds)


def drag(journey: Journey, start: tuple[int, int], end: tuple[int, int], steps: int = 8,
         release: bool = True, step_s: float = 0.03) -> None:
    """A mouse drag, ``step_s`` seconds a step on the kiosk's clock."""
    player = journey.player
    QTest.mousePress(player, Qt.MouseButton.LeftButton, pos=QPoint(*start))
    for i in range(1, steps + 1):
        x = start[0] + (end[0] - start[0]) * i // steps
        y = start[1] + (end[1] - start[1]) * i // steps
        _later(journey, step_s)
        QTest.mouseMove(player, QPoint(x, y))
    if release:
        _later(journey, step_s)
        QTest.mouseRelease(player, Qt.MouseButton.LeftButton, pos=QPoint(*end))


def touch_drag(journey: Journey, start: tuple[int, int], end: tuple[int, int],
               steps: int = 8) -> None:
    device = touch_device()
    player = journey.player
    QTest.touchEvent(player, device).press(0, QPoint(*start)).commit()
    for i in range(1, steps + 1):
        x = start[0] + (end[0] - start[0]) * i // steps
        y = start[1] + (end[1] - start[1]) * i // steps
        _later(journey, 0.02)
        QTest.touchEvent(player, device).move(0, QPoint(x, y)).commit()
    QTest.touchEvent(player, device).release(0, QPoint(*end)).commit()


# ---------------------------------------------------------------- waking
def test_a_touch_wakes_the_loop_on_the_slide_showing(kiosk, qtbot) -> None:
    journey, _ = kiosk
    journey.player.go_to(1, "cut")
    qtbot.waitUntil(lambda: journey.player.index == 1)
    controls = journey.window.controls
    assert not controls.next_button.isVisible() and controls.hint.isVisible()
    # A tap on the right edge in the loop only wakes the kiosk; it does not move on.
    QTest.mouseClick(journey.player, Qt.MouseButton.LeftButton, pos=QPoint(W - 10, H // 2))
    assert journey.session.mode is Mode.BROWSE
    assert journey.player.index == 1
    assert controls.next_button.isVisible() and not controls.hint.isVisible()
    assert not journey.player.autoplay  # browsing pauses the loop


# ---------------------------------------------------------------- swiping
def test_touch_swipe_left_and_right_commit(kiosk, qtbot) -> None:
    journey, _ = kiosk
    wake(journey, qtbot)
    qtbot.waitUntil(lambda: journey.player.frames.get(1) is not None)
    touch_drag(journey, (640, 240), (240, 240))
    qtbot.waitUntil(lambda: journey.player.index == 1 and not journey.player.transitioning)
    qtbot.waitUntil(lambda: journey.player.frames.get(0) is not None)
    touch_drag(journey, (160, 240), (560, 240))
    qtbot.waitUntil(lambda: journey.player.index == 0 and not journey.player.transitioning)


def test_mouse_drag_follows_then_commits(kiosk, qtbot) -> None:
    journey, _ = kiosk
    wake(journey, qtbot)
    qtbot.waitUntil(lambda: journey.player.frames.get(1) is not None)
    drag(journey, (600, 240), (300, 240), release=False)
    assert journey.player.drag_offset == pytest.approx(-300, abs=3)
    # The slide moved with the finger: the next (blue) slide shows at the right.
    assert is_red(colour_at(journey, 200)) and is_blue(colour_at(journey, 650))
    QTest.mouseRelease(journey.player, Qt.MouseButton.LeftButton, pos=QPoint(290, 240), delay=30)
    qtbot.waitUntil(lambda: journey.player.index == 1 and not journey.player.transitioning)


def test_short_slow_drag_springs_back(kiosk, qtbot) -> None:
    journey, _ = kiosk
    wake(journey, qtbot)
    drag(journey, (450, 240), (350, 240), steps=10)  # 100 px of 768, slowly
    qtbot.waitUntil(lambda: abs(journey.player.drag_offset) < 0.5, timeout=2000)
    assert journey.player.index == 0 and not journey.player.transitioning


def test_short_quick_flick_moves_on(kiosk, qtbot) -> None:
    journey, _ = kiosk
    wake(journey, qtbot)
    qtbot.waitUntil(lambda: journey.player.frames.get(1) is not None)
    drag(journey, (450, 240), (350, 240), steps=4, step_s=0.01)  # the same 100 px, in 50 ms
    qtbot.waitUntil(lambda: journey.player.index == 1 and not journey.player.transitioning)


def test_vertical_drag_does_not_move_the_slide(kiosk, qtbot) -> None:
    journey, _ = kiosk
    wake(journey, qtbot)
    drag(journey, (400, 80), (440, 400), release=False)
    assert journey.player.drag_offset == 0
    QTest.mouseRelease(journey.player, Qt.MouseButton.LeftButton, pos=QPoint(440, 400))
    assert journey.player.index == 0 and not journey.player.transitioning


def test_two_fingers_do_not_move_the_slide(kiosk, qtbot) -> None:
    journey, _ = kiosk
    wake(journey, qtbot)
    device = touch_device()
    player = journey.player
    QTest.touchEvent(player, device).press(0, QPoint(480, 240)).commit()
    QTest.touchEvent(player, device).move(0, QPoint(400, 240)).commit()
    QTest.touchEvent(player, device).move(0, QPoint(360, 240)).press(1, QPoint(560, 160)).commit()
    QTest.touchEvent(player, device).move(0, QPoint(80, 240)).move(1, QPoint(240, 160)).commit()
    QTest.touchEvent(player, device).release(0, QPoint(80, 240)).release(1, QPoint(240, 160)
                                                                          ).commit()
    qtbot.waitUntil(lambda: abs(player.drag_offset) < 0.5, timeout=2000)
    assert player.index == 0 and not player.transitioning


# ---------------------------------------------------------------- taps and buttons
def test_edge_taps_move_back_and_on(kiosk, qtbot) -> None:
    journey, _ = kiosk
    wake(journey, qtbot)
    QTest.mouseClick(journey.player, Qt.MouseButton.LeftButton, pos=QPoint(W - 30, 80))
    qtbot.waitUntil(lambda: journey.player.index == 1)
    QTest.mouseClick(journey.player, Qt.MouseButton.LeftButton, pos=QPoint(W // 2, 80))
    QTest.mouseClick(journey.player, Qt.MouseButton.LeftButton, pos=QPoint(30, 80))
    qtbot.waitUntil(lambda: journey.player.index == 0)


def test_buttons_and_progress_dots(kiosk, qtbot) -> None:
    journey, _ = kiosk
    wake(journey, qtbot)
    controls = journey.window.controls
    QTest.mouseClick(controls.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: journey.player.index == 1)
    dots = controls.dots
    slots = dots.slots()
    QTest.mouseClick(dots, Qt.MouseButton.LeftButton, pos=QPoint(round(slots[3]), dots.height()
                                                                 // 2))
    qtbot.waitUntil(lambda: journey.player.index == 3)
    assert dots.index == 3
    QTest.mouseClick(controls.prev_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: journey.player.index == 2)
    QTest.mouseClick(controls.home_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: journey.player.index == 0)


def test_chapter_menu_jumps_to_a_chapter(kiosk, qtbot) -> None:
    journey, _ = kiosk
    wake(journey, qtbot)
    menu = journey.window.chapters
    QTest.mouseClick(journey.window.controls.chapters_button, Qt.MouseButton.LeftButton)
    assert menu.isVisible() and menu.tiles["one"].isChecked()
    assert set(menu.tiles) == {"one", "two"}  # the unknown icon fell back, nothing broke
    QTest.mouseClick(menu.tiles["two"], Qt.MouseButton.LeftButton)
    assert not menu.isVisible()
    qtbot.waitUntil(lambda: journey.player.index == 2)


def test_keys_navigate(kiosk, qtbot) -> None:
    journey, _ = kiosk
    wake(journey, qtbot)
    window = journey.window
    for key, expected in ((Qt.Key.Key_Right, 1), (Qt.Key.Key_Space, 2),
                          (Qt.Key.Key_PageUp, 1), (Qt.Key.Key_Left, 0),
                          (Qt.Key.Key_PageDown, 1), (Qt.Key.Key_Home, 0)):
        QTest.keyClick(window, key)
        qtbot.waitUntil(lambda e=expected: journey.player.index == e)


def test_touch_targets_are_large_enough_at_1080p(kiosk, qtbot) -> None:
    journey, _ = kiosk
    journey.window.resize(1920, 1080)
    qtbot.waitUntil(lambda: journey.window.width() == 1920)
    controls = journey.window.controls
    for button in (controls.prev_button, controls.next_button, controls.home_button,
                   controls.chapters_button, controls.language_button):
        assert min(button.width(), button.height()) >= 64, button.objectName()
    assert controls.dots.height() >= 64


# ---------------------------------------------------------------- language
def test_language_switch_changes_text_and_resets_in_the_loop(kiosk, qtbot) -> None:
    journey, clock = kiosk
    wake(journey, qtbot)
    journey.player.go_to(3, "cut")
    qtbot.waitUntil(lambda: journey.player.index == 3)
    before = journey.player.grab().toImage()
    button = journey.window.controls.language_button
    assert button.isVisible() and button.text() == "ខ្មែរ"  # what a tap gives
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    assert journey.session.language == "km" and button.text() == "English"
    qtbot.waitUntil(lambda: journey.player.grab().toImage() != before)
    clock.now += 60
    journey.on_tick()
    assert journey.session.mode is Mode.ATTRACT and journey.session.language == "en"
    assert journey.player.language == "en"


def test_the_language_can_be_chosen_in_the_loop_with_the_touch_that_wakes_it(kiosk, qtbot
                                                                            ) -> None:
    journey, _clock = kiosk
    controls = journey.window.controls
    assert journey.session.mode is Mode.ATTRACT
    button = controls.language_button
    assert button.isVisible() and not controls.next_button.isVisible()  # only the language
    assert controls.hint.isVisible() and not button.geometry().intersects(
        controls.hint.geometry())
    centre = controls.mapTo(journey.window, button.geometry().center())
    handle = journey.window.windowHandle()
    QTest.mouseClick(handle, Qt.MouseButton.LeftButton, pos=centre)
    assert journey.session.mode is Mode.BROWSE and journey.session.language == "km"
    assert controls.hint.text == "ប៉ះអេក្រង់ ដើម្បីស្វែងយល់"  # from the Khmer catalog
    assert controls.message_button.text() == "ទុកសារ"
    for other in (controls.dots, controls.message_button, controls.chapters_button):
        assert not other.geometry().intersects(button.geometry())  # nothing over it


# ---------------------------------------------------------------- idle
def test_idle_countdown_then_back_to_the_start(kiosk, qtbot) -> None:
    journey, clock = kiosk
    wake(journey, qtbot)
    journey.player.go_to(2, "cut")
    qtbot.waitUntil(lambda: journey.player.index == 2)
    journey.on_open_chapters()
    clock.now += 46
    journey.on_tick()
    idle = journey.window.idle
    assert idle.isVisible() and idle.seconds == 9
    clock.now += 10
    journey.on_tick()
    assert journey.session.mode is Mode.ATTRACT
    assert not idle.isVisible() and not journey.window.chapters.isVisible()
    assert not journey.window.controls.next_button.isVisible()
    qtbot.waitUntil(lambda: journey.player.index == 0)  # faded back to the deck's start
    assert journey.player.autoplay


def test_a_touch_during_the_countdown_only_dismisses_it(kiosk, qtbot) -> None:
    journey, clock = kiosk
    wake(journey, qtbot)
    clock.now += 50
    journey.on_tick()
    assert journey.window.idle.isVisible()
    QTest.mouseClick(journey.window.idle, Qt.MouseButton.LeftButton, pos=QPoint(W - 20, 100))
    assert not journey.window.idle.isVisible()
    assert journey.session.mode is Mode.BROWSE and journey.player.index == 0


# ---------------------------------------------------------------- lockdown
@pytest.fixture
def staff_pin_set(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The staff PIN is set before the kiosk starts: a set-up booth lets no visitor out.
    (With none set, the ways out offer the first steps: see test_booth_setup_gui.py.)"""
    import kiosk.staff.pin as staff

    monkeypatch.setattr(staff, "SCRYPT", {"n": 2**4, "r": 1, "p": 1})
    staff.StaffAuth(tmp_path / "data").set_pin("2468")


@pytest.mark.parametrize("key, modifier", [
    (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
    (Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier),
    (Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier),
])
def test_escape_keys_do_nothing_in_kiosk_mode(staff_pin_set, kiosk, qtbot, key,
                                              modifier) -> None:
    journey, _ = kiosk
    wake(journey, qtbot)
    event = QKeyEvent(QEvent.Type.KeyPress, key, modifier)
    assert journey.guard.eventFilter(journey.window, event) is True  # swallowed
    QTest.keyClick(journey.window, key, modifier)
    assert journey.window.isVisible() and journey.session.mode is Mode.BROWSE
    journey.guard.kiosk_mode = False  # a preview window lets them through
    assert journey.guard.eventFilter(journey.window, QKeyEvent(QEvent.Type.KeyPress, key,
                                                                modifier)) is False


def test_closing_is_refused_in_kiosk_mode(kiosk, qtbot) -> None:
    journey, _ = kiosk
    assert journey.window.close() is False
    assert journey.window.isVisible()


def test_preview_window_closes_normally(kiosk_app, qtbot) -> None:
    window = KioskWindow(Player(TaskRunner()), kiosk_mode=False)
    qtbot.addWidget(window)
    window.show()
    assert window.close() is True


def test_no_context_menu(kiosk, qtbot) -> None:
    journey, _ = kiosk
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, QPoint(10, 10), QPoint(10, 10))
    assert journey.guard.eventFilter(journey.player, event) is True
    assert event.type() == QEvent.Type.ContextMenu


def test_pointer_hides_when_resting_and_returns_on_movement(kiosk, qtbot) -> None:
    journey, _ = kiosk
    qtbot.waitUntil(lambda: journey.guard.cursor_hidden, timeout=2000)
    QTest.mouseMove(journey.player, QPoint(100, 100))
    assert not journey.guard.cursor_hidden


def test_keeping_awake_never_fails_the_kiosk(kiosk_app, monkeypatch,
                                             caplog: pytest.LogCaptureFixture) -> None:
    from kiosk.ui.platform.keep_awake import KeepAwake

    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    awake = KeepAwake()
    with caplog.at_level(logging.INFO):
        assert awake.hold() is False  # nothing can keep this screen awake: said, no error
    assert any("no way to keep the screen awake" in r.getMessage() for r in caplog.records)
    awake.release()


def test_larger_text_for_this_visit_only(kiosk, qtbot) -> None:
    from kiosk.ui.player.slides import paint_slide

    journey, clock = kiosk
    wake(journey, qtbot)
    journey.player.go_to(3, "cut")
    qtbot.waitUntil(lambda: journey.player.index == 3)
    button = journey.window.controls.text_button
    assert button.isVisible() and not button.isChecked()
    before = journey.player.grab().toImage()
    with qtbot.waitSignal(journey.player.slide_changed, timeout=5000):
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    assert button.isChecked() and journey.player.frames.text_scale > 1.2
    qtbot.waitUntil(lambda: journey.player.grab().toImage() != before)
    deck, slide = journey.deck, journey.deck.slides[3]
    size = journey.player.size()
    usual = paint_slide(deck, slide, "en", size)[1]
    larger = paint_slide(deck, slide, "en", size, text_scale=1.3)[1]
    name = next(iter(usual))
    assert larger[name].height() > usual[name].height()  # the words are bigger, reflowed
    clock.now += 60
    journey.on_tick()  # the visitor left: the next one starts with the usual size
    assert journey.session.mode is Mode.ATTRACT
    assert not button.isChecked() and journey.player.frames.text_scale == 1.0


def test_a_khmer_deck_counts_in_khmer_digits(make_kiosk, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from kiosk.setup.config import Settings
    from tests.decks import write_deck

    folder = write_deck(tmp_path / "d", """\
- {type: stat, figure: {en: "1975", km: "១៩៧៥"}, label: {en: Year Zero, km: ឆ្នាំសូន្យ},
   chapter: one, source: un}
- {type: title, heading: {en: Hope, km: សង្ឃឹម}}
""", head="title: T\nlanguages: [en, km]\nchapters:\n  - {id: one, title: {en: One, km: មួយ}}\n"
       "sources:\n  - {id: un, title: A report, publisher: United Nations}\n")
    result = load_deck(folder)
    assert result.errors == [], result.errors
    deck = result.deck
    kiosk, _clock = make_kiosk(deck, Settings(cursor_hide_seconds=600))
    kiosk.session.set_language("km")
    kiosk.session.interact()
    kiosk.journey.on_open_chapters()
    assert "២ ស្លាយ" in kiosk.window.chapters.tiles["one"].text()


def test_the_invitation_ripples_once_a_new_slide_comes_then_keeps_still(kiosk, qtbot) -> None:
    journey, clock = kiosk
    hint = journey.window.controls.hint
    assert hint.isVisible()
    hint._soon.stop()
    clock.advance(PULSE_EVERY_S)  # a slide's time later
    with qtbot.waitSignal(journey.player.slide_changed, timeout=5000):
        journey.player.next()
    assert hint._soon.isActive() and hint._soon.isSingleShot()  # one ripple, then stillness


def test_slides_a_second_apart_bring_a_ripple_every_few_seconds_not_one_each(kiosk, qtbot
                                                                             ) -> None:
    """A deck of short slides would keep the ring going without a pause: a new slide soon
    after a ripple began brings none, one a few seconds later does."""
    journey, clock = kiosk
    hint = journey.window.controls.hint
    hint._soon.stop()
    clock.advance(PULSE_EVERY_S)
    with qtbot.waitSignal(journey.player.slide_changed, timeout=5000):
        journey.player.next()
    assert hint._soon.isActive()
    hint._soon.stop()
    clock.advance(1.0)
    with qtbot.waitSignal(journey.player.slide_changed, timeout=5000):
        journey.player.next()
    assert not hint._soon.isActive()
    clock.advance(PULSE_EVERY_S)
    with qtbot.waitSignal(journey.player.slide_changed, timeout=5000):
        journey.player.next()
    assert hint._soon.isActive()


def test_a_slide_too_brief_for_a_whole_ripple_brings_none(make_kiosk, tmp_path: Path,
                                                         qtbot) -> None:
    """Slides a second apart fade in and out all the time: a ring that would be cut off by
    the next fade is not started (nor drawn); the same deck with slides long enough has it."""
    for duration, ripples in ((1, False), (3, True)):
        head = HEAD.replace("duration: 5", f"duration: {duration}")
        folder = write_deck(tmp_path / f"deck{duration}", SLIDES.replace(
            "- {", f"- {{duration: {duration}, "), head=head, images=COLOURS)
        built, clock = make_kiosk(load_deck(folder).deck, Settings(cursor_hide_seconds=600))
        hint = built.journey.window.controls.hint
        hint._soon.stop()
        clock.advance(PULSE_EVERY_S)
        with qtbot.waitSignal(built.player.slide_changed, timeout=5000):
            built.player.next()
        assert built.player.still_seconds == pytest.approx(duration - 0.5, abs=0.1)
        assert hint._soon.isActive() is ripples


def test_the_loop_runs_no_idle_timer_a_visitor_starts_it(kiosk) -> None:
    """Nothing times out in the attract loop, so its timer does not tick there (a still slide
    wakes nothing); a touch starts it, and the way back to the loop stops it again."""
    journey, clock = kiosk
    assert journey.session.mode is Mode.ATTRACT and not journey.ticker.isActive()
    journey.session.interact()
    assert journey.session.mode is Mode.BROWSE and journey.ticker.isActive()
    clock.advance(journey.session.current_rules.idle_s + journey.session.current_rules.warn_s
                  + 1)
    journey.on_tick()
    assert journey.session.mode is Mode.ATTRACT and not journey.ticker.isActive()


def test_the_guard_keeps_qt_s_own_timers_so_each_tick_costs_a_lookup(kiosk, qtbot) -> None:
    """The guard sees every event of the application. Qt's animation clock has no Python
    object: without the guard keeping one, PySide would make and drop one at every tick."""
    seen: list[weakref.ref[QObject]] = []

    class Spy(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Timer and type(watched) is QObject:
                seen.append(weakref.ref(watched))
            return False

    spy = Spy()
    QApplication.instance().installEventFilter(spy)  # type: ignore[union-attr]
    try:
        ticks = QVariantAnimation()
        ticks.setStartValue(0.0)
        ticks.setEndValue(1.0)
        ticks.setDuration(80)
        with qtbot.waitSignal(ticks.finished, timeout=2000):
            ticks.start()
    finally:
        QApplication.instance().removeEventFilter(spy)  # type: ignore[union-attr]
    # The spy sees each tick before the guard does: the first tick's object is made for the
    # spy, then kept by the guard, and every later tick finds that same object.
    assert len(seen) >= 3, "the animation clock did not tick"
    alive = [ref() for ref in seen[1:]]
    assert all(obj is not None for obj in alive)
    assert all(obj in kiosk[0].guard.kept for obj in alive)
