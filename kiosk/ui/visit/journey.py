"""Wiring the visitor's journey: session <-> player, controls, menu, countdown, input."""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPointF, Qt, QTimer, Signal
from PySide6.QtGui import QAccessible, QKeyEvent, QPointerEvent
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.content import Deck
from kiosk.content.loader import native_digit_languages
from kiosk.content.text import pick
from kiosk.setup.config import Settings
from kiosk.ui.common import access
from kiosk.ui.visit.guard import CornerHold, InputGuard
from kiosk.ui.visit.touch import SwipeInput
from kiosk.visit import words
from kiosk.visit.session import Event, Mode, Session

if TYPE_CHECKING:
    from kiosk.ui.player.schedule_gate import ScheduleGate
    from kiosk.ui.window import KioskWindow

#: Share of the width at each side where a tap moves back or on.
EDGE = 0.12
#: How much larger slide text is when a visitor asks for larger text.
LARGER_TEXT = 1.3
#: Each slide type's texts a screen reader says of the slide: the first is its name.
SPOKEN_FIELDS = {"title": ("heading", "subtitle"), "text": ("heading", "body"),
                 "image": ("caption", "alt", "credit"), "video": ("caption", "alt", "credit"),
                 "quote": ("quote", "by"), "stat": ("figure", "label"), "sources": ("heading",),
                 "call_to_action": ("heading", "text", "url_label")}
#: Journeys whose input guard watches the whole application now (tests check that each
#: closes what it opened: a forgotten guard would read the next window's keys as its own).
LISTENING: weakref.WeakSet[Journey] = weakref.WeakSet()


class Journey(QObject):
    """Connects what the visitor does to what the kiosk shows. Slots are public so tests can
    call them directly."""

    message_requested = Signal()  # the "Leave a message" button: the message form answers it
    sound_changed = Signal(bool)  # the visitor's Sound: video sound and narration on or off

    def __init__(self, window: KioskWindow, session: Session, settings: Settings,
                 tick_ms: int = 250) -> None:
        super().__init__(window)
        self.window, self.session, self.settings = window, session, settings
        self.player = window.player
        self.deck: Deck | None = None
        self.native: set[str] = set()  # the deck's languages that write their own digits
        self.schedule: ScheduleGate | None = None  # the booth's opening hours, if followed
        self.asleep_touch = "notice_and_form"  # what a touch does while the booth is closed
        self.swipe = SwipeInput(self.player, session.clock)
        self.swipe.tapped.connect(self.on_tap)
        controls = window.controls
        controls.show_message = settings.message_button
        controls.previous.connect(self.on_previous)
        controls.next.connect(self.on_next)
        controls.home.connect(self.on_home)
        controls.chapters.connect(self.on_open_chapters)
        controls.larger_text.connect(self.on_larger_text)
        controls.language_chosen.connect(self.on_language)
        controls.message.connect(self.message_requested)
        controls.jump.connect(self.on_jump)
        controls.sound.connect(self.set_sound)
        self.sound = False  # off until a visitor turns it on, and again when the visit ends
        access.set_role(self.player, QAccessible.Role.Graphic)  # named after its slide
        self.player.slide_changed.connect(lambda _i: self._name_slide())
        window.chapters.chosen.connect(self.on_chapter)
        window.chapters.closed.connect(self.on_close_chapters)
        self.player.slide_changed.connect(controls.set_index)
        self.player.notice_shown.connect(self._apply_mode)  # a holding slide: nothing to browse
        self.player.slide_changed.connect(
            lambda _i: controls.hint.pulse(session.clock(), self.player.still_seconds))
        session.subscribe(self.on_session)
        self.ticker = QTimer(self)
        self.ticker.setInterval(tick_ms)
        self.ticker.timeout.connect(self.on_tick)
        self.ticker.start()
        self.corner = CornerHold(window, settings.staff_corner,
                                 round(settings.staff_hold_seconds * 1000), self)
        self.guard = InputGuard(self._activity, self.on_key, window.kiosk_mode,
                                round(settings.cursor_hide_seconds * 1000), self, self.corner,
                                window)
        self.guard.passes = self._passes
        self.staff_requested = self.guard.staff_requested
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.guard)
            LISTENING.add(self)
        controls.set_language(session.language)
        self._apply_mode()

    def detach(self) -> None:
        """Stop listening to the whole application (tests, shutdown)."""
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.guard)
        LISTENING.discard(self)
        self.ticker.stop()

    def follow(self, schedule: ScheduleGate, asleep_touch: str = "notice_and_form") -> None:
        """Follow the booth's opening hours: while closed the screen is black, and a touch
        shows when it opens and the message button ("notice_and_form"), only when it opens
        ("notice"), or nothing ("nothing")."""
        self.schedule, self.asleep_touch = schedule, asleep_touch
        schedule.changed.connect(self._apply_mode)
        self._apply_mode()

    def _activity(self) -> bool:
        """A press or key: it wakes the session (True: it did only that), unless the booth
        is closed and a touch does nothing then."""
        if (self.schedule is not None and self.schedule.dark and self.asleep_touch == "nothing"
                and self.session.mode is Mode.ATTRACT):
            self.schedule.touched()
            return True
        return self.session.interact()

    # ---------------------------------------------------------------- deck and session
    def on_deck(self, deck: Deck) -> None:
        self.deck = deck
        self.session.default_language = deck.default_language
        if self.session.mode is Mode.ATTRACT or self.session.language not in deck.languages:
            self.session.set_language(deck.default_language)  # no visitor: the deck's first
        self.window.controls.show_message = self.settings.message_button and (
            deck.form is not None)  # (a button that opens nothing is never shown)
        self.window.controls.set_deck(deck)
        self.window.idle.labels = deck.labels
        self.native = native_digit_languages(deck)  # its numbers as the deck writes them
        self.window.idle.native = self.native
        self.window.controls.set_language(self.session.language)
        self.window.chapters.set_deck(deck, self.session.language)
        self.window.controls.set_index(max(self.player.index, 0))
        if not self.window.controls.has_sound:
            self.set_sound(False)  # nothing to hear: no sound left on unseen
        self._name_slide()
        self._apply_mode()

    def on_session(self, event: Event, session: Session) -> None:
        if event is Event.MODE:
            self._apply_mode()
            if session.mode is not Mode.BROWSE:
                self.window.chapters.hide()
            if session.mode is Mode.ATTRACT:
                self.window.chapters.hide()
                self.set_larger_text(False)  # the next visitor starts with the usual size
                self.set_sound(False)  # and in silence
                self.on_home()  # back to the start, gently
        elif event is Event.WARNING:
            if session.warning:
                self.on_tick()
            else:
                self.window.idle.hide()
        elif event is Event.LANGUAGE:
            self.player.set_language(session.language)
            self.window.controls.set_language(session.language)
            if self.deck is not None:
                self.window.chapters.set_deck(self.deck, session.language)
            self._name_slide()

    def _apply_mode(self) -> None:
        rules, schedule, controls = self.session.current_rules, self.schedule, self.window.controls
        controls.holding = self.player.holding is not None
        controls.dark = schedule is not None and schedule.dark
        controls.may_write = (schedule is None or not schedule.notice
                              or self.asleep_touch == "notice_and_form")
        if schedule is not None:
            controls.dots.set_shown(self.player.lineup.allowed())
        self.window.controls.apply_mode(self.session.mode is Mode.BROWSE)
        self.player.set_browsing(self.session.mode is not Mode.ATTRACT)
        self.player.set_autoplay(rules.dwell_factor is not None, rules.dwell_factor or 1.0)
        if rules.idle_s is None:
            self.ticker.stop()  # nothing to time out (the loop): a still slide wakes nothing
        elif not self.ticker.isActive():
            self.ticker.start()
        if not self.session.warning:
            self.window.idle.hide()

    def on_tick(self) -> None:
        self.session.tick()
        if self.schedule is not None:
            self.schedule.tick()
        if self.session.warning:
            rules = self.session.current_rules
            self.window.idle.theme = self.deck.theme if self.deck else self.window.idle.theme
            self.window.idle.show_countdown(self.session.seconds_left(), round(rules.warn_s),
                                            self.session.language)

    # ---------------------------------------------------------------- visitor actions
    def on_tap(self, pos: QPointF) -> None:
        width = self.player.width()
        if pos.x() < width * EDGE:
            self.on_previous()
        elif pos.x() > width * (1 - EDGE):
            self.on_next()
        elif self.deck is not None and self.player.index >= 0 and (
                self.deck.slides[self.player.index].type == "call_to_action"):
            self.message_requested.emit()  # the invitation slide opens the form

    def on_previous(self) -> None:
        self.player.previous()

    def on_next(self) -> None:
        self.player.next()

    def on_home(self) -> None:
        self.player.go_to(self.player.lineup.first(), "fade")

    def on_jump(self, index: int) -> None:
        self.player.go_to(index, "fade")

    def on_open_chapters(self) -> None:
        if self.deck is None or not self.deck.slides:
            return
        index = max(self.player.index, 0)
        if self.schedule is not None:
            self.window.chapters.playable = set(self.player.lineup.allowed())
        self.window.chapters.open(self.deck.slides[index].chapter, self.session.language)

    def on_close_chapters(self) -> None:
        self.window.chapters.hide()

    def on_chapter(self, chapter_id: str) -> None:
        self.window.chapters.hide()
        if self.deck is None:
            return
        allowed = (self.player.lineup.allowed() if self.schedule is not None
                   else range(len(self.deck.slides)))
        first = next((i for i in allowed if self.deck.slides[i].chapter == chapter_id), None)
        if first is not None:
            self.player.go_to(first, "fade")

    def _passes(self, watched: QObject, event: QEvent) -> bool:
        """Whether a press that wakes the kiosk also does what it presses: the language
        button (a visitor may choose their language first), and on a holding slide the
        message button (all there is to do there)."""
        controls = self.window.controls
        buttons = [controls.language_button, *([controls.message_button] if controls.holding
                                               else [])]
        return any(self._on_button(button, watched, event) for button in buttons)

    def _on_button(self, button: QWidget, watched: QObject, event: QEvent) -> bool:
        """Whether a press is on ``button`` (shown)."""
        if not button.isVisible():
            return False
        if isinstance(watched, QWidget):
            return watched is button
        points = event.points() if isinstance(event, QPointerEvent) else []
        if not points:
            return False
        at = self.window.controls.mapFrom(self.window, points[0].position().toPoint())
        return button.geometry().contains(at)

    def on_larger_text(self) -> None:
        """The "Tt" button was pressed: it is now on or off (checkable)."""
        self.set_larger_text(self.window.controls.text_button.isChecked())

    def set_larger_text(self, on: bool) -> None:
        """Slide text a third larger, the layout reflowed, for this visit."""
        self.window.controls.text_button.setChecked(on)
        self.player.set_text_scale(LARGER_TEXT if on else 1.0)

    def set_sound(self, on: bool) -> None:
        """The Sound button on or off (a visitor pressed it, or the visit ended): the
        player hears of each change (``sound_changed``)."""
        self.window.controls.set_sound(on)
        if on != self.sound:
            self.sound = on
            self.sound_changed.emit(on)

    def _name_slide(self) -> None:
        """The slide area's name for a screen reader: the slide's heading (or caption,
        figure, quotation), the rest of its words as its description."""
        deck, index, language = self.deck, self.player.index, self.session.language
        if deck is None or not 0 <= index < len(deck.slides):
            access.name(self.player, pick(deck.title, language, deck.default_language)
                        if deck else "")
            return
        slide = deck.slides[index]
        said = [slide.text(key, language, deck.default_language).replace("*", "")
                for key in SPOKEN_FIELDS.get(slide.type, ("heading",))]
        said = [text for text in said if text]
        if not said:
            said = [words.text("sources_heading" if slide.type == "sources" else "slide_of",
                               language, deck.labels, n=index + 1, total=len(deck.slides),
                               digits=language in self.native)]
        access.name(self.player, said[0], "\n".join(said[1:]))

    def on_language(self, language: str) -> None:
        """The visitor chose ``language`` (one of the deck's) for the rest of the visit."""
        if self.deck is not None and language in self.deck.languages:
            self.session.set_language(language)

    def on_key(self, event: QKeyEvent) -> bool:
        if self.session.mode is not Mode.BROWSE:
            return False  # in the message form, keys are typing
        key = event.key()
        if key in (Qt.Key.Key_Left, Qt.Key.Key_PageUp, Qt.Key.Key_Up):
            self.on_previous()
        elif key in (Qt.Key.Key_Right, Qt.Key.Key_PageDown, Qt.Key.Key_Space, Qt.Key.Key_Down):
            self.on_next()
        elif key == Qt.Key.Key_Home:
            self.on_home()
        else:
            return False
        return True
