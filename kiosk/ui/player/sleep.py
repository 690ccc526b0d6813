"""What the screen shows while the booth is closed: black, and for a touch a short slide that
says when it opens ("We open at 9:00"), in the deck's colours and the visitor's language."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from PySide6.QtCore import QDate, QLocale
from PySide6.QtGui import QPainter

from kiosk.content import Deck
from kiosk.content.loader import native_digit_languages
from kiosk.ui.player.holding import HoldingSlide
from kiosk.visit import words

BLACK = "#000000"

#: The kiosk's words for the notice, in English. (Once the kiosk's word list has them, a
#: deck's labels and the language catalogs say them; until then, English.)
class Dark(HoldingSlide):
    """A black screen: nothing on it, the loop stopped."""

    def __init__(self, deck: Deck | None, language: str | None = None) -> None:
        super().__init__(deck, language)
        self.theme = replace(self.theme, background=BLACK)

    def in_language(self, language: str) -> HoldingSlide:
        return Dark(self.deck, language)

    def _paint(self, painter: QPainter, w: float, h: float) -> None:
        """Nothing over the black."""


class ClosedNotice(HoldingSlide):
    """When the booth opens next (``opens``, None: not again), said on the booth's local
    clock (``now`` and ``opens`` in its time zone)."""

    def __init__(self, deck: Deck | None, language: str | None, opens: datetime | None,
                 now: datetime) -> None:
        super().__init__(deck, language)
        self.opens, self.now = opens, now
        self.title = opening_words(deck, self.language, opens, now)

    def in_language(self, language: str) -> HoldingSlide:
        return ClosedNotice(self.deck, language, self.opens, self.now)


def opening_words(deck: Deck | None, language: str, opens: datetime | None,
                  now: datetime) -> str:
    """"We open at 9:00", "We open tomorrow at 9:00", "We open on Monday at 9:00" (within a
    week, else the date), or "We are closed" when it does not open again."""
    if opens is None:
        return _say("we_are_closed", deck, language)
    days = (opens.date() - now.date()).days
    time = f"{opens.hour}:{opens.minute:02d}"
    if days <= 0:
        return _say("we_open_at", deck, language, time=time)
    if days == 1:
        return _say("we_open_tomorrow", deck, language, time=time)
    locale, day = QLocale(language), QDate(opens.year, opens.month, opens.day)
    name = (locale.dayName(day.dayOfWeek()) if opens.date() - now.date() < timedelta(days=7)
            else locale.toString(day, QLocale.FormatType.LongFormat))
    return _say("we_open_on", deck, language, time=time, day=name)


def _say(key: str, deck: Deck | None, language: str, time: str = "", day: str = "") -> str:
    """The word ``key`` in ``language``, the deck's own way if it has one."""
    labels = deck.labels if deck is not None else None
    digits = deck is not None and language in native_digit_languages(deck)
    return words.text(key, language, labels, digits=digits, time=time, day=day)
