"""The visitor's controls: prev/next, progress dots, home, chapters, larger text, sound,
language, message.

They float over the slides while a visitor browses and hide in the attract loop, where a
single hint invites a touch.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QRegion
from PySide6.QtWidgets import QPushButton, QWidget

from kiosk.content import Deck, Theme
from kiosk.content.loader import native_digit_languages
from kiosk.ui.common import access, style
from kiosk.ui.common.icons import icon
from kiosk.ui.common.metrics import fill_parent, touch_target, unit
from kiosk.ui.journey.buttons import PillButton, ProgressDots, RoundButton, round_button
from kiosk.ui.journey.invitation import Hint
from kiosk.ui.journey.language_chooser import LanguageChooser
from kiosk.visit import words


class Controls(QWidget):
    """Every control, laid over the slides. Transparent where there is no control."""

    previous = Signal()
    next = Signal()
    home = Signal()
    chapters = Signal()
    larger_text = Signal()
    jump = Signal(int)  # a progress dot was tapped: go to that slide
    language_chosen = Signal(str)  # the visitor chose this language
    message = Signal()
    sound = Signal(bool)  # the Sound button was pressed: sound on (True) or off

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.theme = Theme()
        self.labels: Mapping[str, Mapping[str, str]] = {}  # the deck's own words
        self.prev_button = round_button(self, "mdi6.chevron-left", "previous")
        self.next_button = round_button(self, "mdi6.chevron-right", "next")
        self.home_button = round_button(self, "mdi6.home-outline", "home")
        self.chapters_button = round_button(self, "mdi6.view-grid-outline", "chapters")
        self.text_button = round_button(self, "mdi6.format-size", "larger-text")
        self.text_button.setCheckable(True)
        self.sound_button = PillButton(self)
        self.sound_button.setCheckable(True)
        self.language_button = PillButton(self)
        self.message_button = PillButton(self)
        for button in (self.sound_button, self.language_button, self.message_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setProperty("kind", "pill")
        self.sound_button.setObjectName("sound")
        self.language_button.setObjectName("language")
        self.message_button.setObjectName("message")
        self.dots = ProgressDots(self)
        self.dots.jump.connect(self.jump)
        self.hint = Hint(parent)
        self.chooser = LanguageChooser(parent)  # more than two languages: the list of them
        self.chooser.chosen.connect(self.language_chosen)
        self.prev_button.clicked.connect(self.previous)
        self.next_button.clicked.connect(self.next)
        self.home_button.clicked.connect(self.home)
        self.chapters_button.clicked.connect(self.chapters)
        self.text_button.clicked.connect(self.larger_text)
        self.sound_button.clicked.connect(lambda: self.sound.emit(self.sound_button.isChecked()))
        self.language_button.clicked.connect(self._on_language_button)
        self.message_button.clicked.connect(self.message)
        self.browsing = False
        self.has_chapters = False
        self.languages: list[str] = []  # the deck's
        self.language = "en"  # the one on screen
        self.native: set[str] = set()  # languages whose numbers are in their own digits
        self.has_sound = False  # the deck has something to hear, and the kiosk can play it
        self.show_message = False
        self.holding = False  # no slide can play: a holding slide stands in
        self.dark = False  # the booth is closed and its screen black: no control at all
        self.may_write = True  # the message button may show (closed: as the booth says)
        self._sheet = ""
        self._paint_icons()
        self.apply_mode(False)

    @property
    def round_buttons(self) -> tuple[RoundButton, ...]:
        return (self.prev_button, self.next_button, self.home_button, self.chapters_button,
                self.text_button)

    def _paint_icons(self) -> None:
        t = self.theme
        for button in self.round_buttons:
            button.setIcon(icon(button.property("glyph"), t.text, color_active=t.background))
            button.set_colours(t.accent, style.scrim(t), style.edge(t, 150), style.edge(t, 230))
        self.message_button.setIcon(icon("mdi6.message-text-outline", t.background))
        self.message_button.set_colours(t.accent, t.accent, t.text)
        for pill in (self.language_button, self.sound_button):
            pill.set_colours(style.scrim(t, 165), style.edge(t, 70), t.accent,
                             style.edge(t, 230))
        self.language_button.setIcon(icon("mdi6.translate", t.text, color_active=t.background))
        self.sound_button.setIcon(icon("mdi6.volume-off", t.text, on="mdi6.volume-high",
                                       color_on=t.background, color_active=t.background))

    @property
    def has_languages(self) -> bool:
        return len(self.languages) > 1

    # ---------------------------------------------------------------- state
    def set_deck(self, deck: Deck) -> None:
        self.theme = deck.theme
        self.labels = deck.labels
        self.hint.theme = deck.theme
        self.dots.set_deck(deck)
        self.has_chapters = bool(deck.chapters)
        self.has_sound = offers_sound(deck)
        self.languages = list(deck.languages)
        self.native = native_digit_languages(deck)
        self.chooser.set_languages(self.languages, deck.theme)
        self._paint_icons()
        self._style()
        self.apply_mode(self.browsing)

    def set_index(self, index: int) -> None:
        """The slide showing now (its dot is marked)."""
        self.dots.set_index(index)

    def set_language(self, language: str) -> None:
        self.language = language
        self.language_button.setText(self._language_label(language))
        self.message_button.setText(words.text("leave_message", language, self.labels))
        self.sound_button.setText(words.text("sound", language, self.labels))
        self.hint.text = words.text("touch_to_explore", language, self.labels)
        self._name(language)
        self.relayout()

    def _name(self, language: str) -> None:
        """What a screen reader calls each control, in ``language`` (the signs and icons
        too; the message button by its whole words, even when shortened on screen)."""
        for button, key in ((self.prev_button, "previous_slide"),
                            (self.next_button, "next_slide"), (self.home_button, "home"),
                            (self.chapters_button, "chapters"),
                            (self.text_button, "larger_text"), (self.sound_button, "sound"),
                            (self.message_button, "leave_message")):
            access.name(button, words.text(key, language, self.labels))
        access.name(self.language_button, words.text(
            "language_is", language, self.labels, name=self._language_label(language)))
        access.name(self.hint, self.hint.text)
        self.dots.set_language(language, self.labels, language in self.native)

    def set_sound(self, on: bool) -> None:
        """The Sound button on or off (the visit's end turns it off)."""
        self.sound_button.setChecked(on)

    def _language_label(self, language: str) -> str:
        """What the language button says: with two languages the other one's name (what a
        tap gives), with more the name of the one on screen (a tap opens the list)."""
        others = [code for code in self.languages if code != language]
        shown = others[0] if len(self.languages) == 2 and others else language
        return words.language_name(shown)

    def _on_language_button(self) -> None:
        if len(self.languages) == 2:
            other = next(code for code in self.languages if code != self.language)
            self.language_chosen.emit(other)
        elif len(self.languages) > 2:
            side = touch_target(self)
            anchor = self.language_button.geometry().translated(self.pos())
            self.chooser.open(self.language, anchor, side, round(20 * unit(self.size())))

    def apply_mode(self, browsing: bool) -> None:
        """Controls while a visitor browses; in the attract loop the hint, and the language
        button if the deck has more than one (a visitor may choose before anything else).
        On a holding slide (``holding``: no slide can play) nothing to browse and no hint
        of it: the language button, and the message button if visitors may write; on a
        black screen (``dark``) nothing."""
        self.browsing = browsing
        slides = browsing and not self.holding
        for control in (self.prev_button, self.next_button, self.home_button, self.dots):
            control.setVisible(slides)
        self.chapters_button.setVisible(slides and self.has_chapters)
        self.text_button.setVisible(slides)
        self.sound_button.setVisible(slides and self.has_sound)
        self.language_button.setVisible(self.has_languages)
        writes = self.show_message and self.may_write and (browsing or self.holding)
        self.message_button.setVisible(writes)
        self.setVisible(not self.dark and (slides or writes or self.has_languages))
        self.hint.setVisible(not browsing and not self.holding)
        self.chooser.hide()  # a new visitor, or the form: the list is not left open
        self.relayout()

    # ---------------------------------------------------------------- layout
    def _style(self) -> None:
        sheet = style.controls_sheet(self.theme, touch_target(self))
        if sheet != self._sheet:  # (setting it again polishes every control again)
            self._sheet = sheet
            self.setStyleSheet(sheet)

    def _place_dots(self, size: QSize, portrait: bool, x_right: int, bottom: int) -> None:
        """The progress dots: 64 px a dot where it fits; in portrait a row of their own
        between the arrows, in landscape between the buttons at the bottom."""
        u, side, margin = unit(size), touch_target(self), round(40 * unit(size))
        slots = self.dots.count + len(self.dots.breaks) + 2
        if portrait:
            left_edge = margin + side + round(20 * u)
            right_edge = size.width() - margin - side - round(20 * u)
            row_y = self.prev_button.y()
        else:
            left_edge = self._left_end() + round(40 * u)
            right_edge = x_right - round(20 * u)
            row_y = bottom
        want = max(side * 3, slots * max(64, round(48 * u)))
        centre_x = (left_edge + right_edge) // 2 if portrait else size.width() // 2
        room = 2 * min(centre_x - left_edge, right_edge - centre_x)  # never over a button
        width = min(room, want)
        self.dots.setGeometry(centre_x - width // 2, row_y, max(width, side), side)

    def _place_round(self, size: QSize, portrait: bool, bottom: int) -> None:
        """The round buttons: home, chapters and larger text at the bottom left; the arrows
        in the side margins (in portrait, above the bottom row)."""
        u, side = unit(size), touch_target(self)
        margin, gap = round(40 * u), round(20 * u)
        for button in self.round_buttons:
            button.setFixedSize(side, side)
            button.setIconSize(QSize(round(side * 0.55), round(side * 0.55)))
        if portrait:  # mid-height arrows would sit on the text: they go above the buttons
            arrows = bottom - side - round(24 * u)
            self.prev_button.move(margin, arrows)
            self.next_button.move(size.width() - margin - side, arrows)
        else:  # in the side margins, clear of the text
            mid = (size.height() - side) // 2
            self.prev_button.move(margin // 2, mid)
            self.next_button.move(size.width() - margin // 2 - side, mid)
        self.home_button.move(margin, bottom)
        self.chapters_button.move(margin + side + gap, bottom)
        self.text_button.move(margin + 2 * (side + gap), bottom)
        sound = self.sound_button
        sound.setFixedWidth(self._pill_width(sound, [sound.text()], side))
        sound.move(margin + 3 * (side + gap), bottom)

    def _left_end(self) -> int:
        """The right edge of the buttons at the bottom left (Sound last, when shown)."""
        last = self.sound_button if self.sound_button.isVisibleTo(self) else self.text_button
        return last.x() + last.width()

    def _pill_width(self, button: QPushButton, labels: list[str], least: int) -> int:
        """The widest ``button`` is with any of ``labels`` (its own words kept)."""
        own = button.text()
        button.ensurePolished()
        widths = []
        for label in labels:
            button.setText(label)
            widths.append(button.sizeHint().width())
        button.setText(own)
        return max([least, *widths])

    def _place_message(self, size: QSize, portrait: bool, x_right: int, bottom: int) -> int:
        """The invitation to write, in the bottom row: in landscape at the right, before
        the language button; in portrait in the middle of the row, between the round buttons
        and the language button (its words shortened if the row is too narrow). Returns the
        left edge of what is placed at the right."""
        u, side = unit(size), touch_target(self)
        button = self.message_button
        words_ = words.text("leave_message", self.language, self.labels)
        button.setText(words_)  # whole again (a narrower screen may have shortened it)
        width = self._pill_width(button, [words_], side * 2)
        if not portrait:
            button.setFixedWidth(width)
            button.move(x_right - width, bottom)
            return x_right - width - round(20 * u)
        left = self._left_end() + round(20 * u)
        room = max(side, x_right - left)
        button.setFixedWidth(min(width, room))
        if width > room:
            spare = width - button.fontMetrics().horizontalAdvance(words_)
            button.setText(button.fontMetrics().elidedText(
                words_, Qt.TextElideMode.ElideRight, max(1, room - spare)))
        button.move(left + (room - button.width()) // 2, bottom)
        return x_right

    def relayout(self) -> None:
        """Place every control for the window's size (called on resize). The language button
        keeps one place and one width whatever language is on screen, so a second tap finds
        it where the first one did."""
        size = fill_parent(self)
        if size is None:
            return
        self._style()
        u, side = unit(size), touch_target(self)
        margin, gap = round(40 * u), round(20 * u)
        bottom = size.height() - margin - side
        portrait = size.height() > size.width()
        for button in (self.sound_button, self.message_button, self.language_button):
            button.setFixedHeight(side)
            share = 0.45 if button is self.sound_button else 0.55  # (a pill kept narrow)
            button.setIconSize(QSize(round(side * share), round(side * share)))
        self._place_round(size, portrait, bottom)
        x_right = size.width() - margin
        if self.has_languages:  # the bottom right corner, in the loop as while browsing
            labels = [self._language_label(code) for code in self.languages]
            width = self._pill_width(self.language_button, labels, side * 2)
            self.language_button.setFixedWidth(width)
            self.language_button.move(x_right - width, bottom)
            x_right -= width + gap
        if self.show_message:
            x_right = self._place_message(size, portrait, x_right, bottom)
        self._place_dots(size, portrait, x_right, bottom)
        avoid = self.language_button.geometry() if self.has_languages else None
        self.hint.setGeometry(self.hint.fit(size, avoid))
        # Only the controls themselves take touches; the slide beneath gets the rest.
        region = QRegion()
        for child in (*self.round_buttons, self.sound_button, self.language_button,
                      self.message_button, self.dots):
            if child.isVisibleTo(self):
                region = region.united(child.geometry())
        self.setMask(region)


def offers_sound(deck: Deck) -> bool:
    """Whether the deck has something to hear (a video, a slide's narration) and this kiosk
    can play it (the media extra is installed)."""
    if not deck.has_sound:
        return False
    from kiosk.ui import media

    return media.available()
