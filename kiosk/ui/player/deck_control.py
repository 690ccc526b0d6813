"""Deciding what the player shows when a deck is (re)loaded, and what staff read about it."""

from __future__ import annotations

import logging
from dataclasses import replace

from PySide6.QtCore import QObject, Signal

from kiosk.content import Deck, LoadResult
from kiosk.content.form_loader import FORM_FILE
from kiosk.content.model import Form
from kiosk.staff.notice import FORM, ContentNews, causes
from kiosk.ui.player.player import Player

log = logging.getLogger(__name__)


class DeckControl(QObject):
    """Feeds load results to the player.

    Problems in the slides or the settings are for staff (the staff panel, the log), never
    on a visitor's screen: whatever slides are valid play; with none, a calm holding slide
    in the deck's own colours stands in. A deck is treated alike at start-up and after an
    edit: an edit plays when it has no more errors than the slides playing (a restart would
    play it too); one with more is refused, the slides playing keep playing and staff read
    why.
    """

    applied = Signal(object)  # the Deck now playing
    held = Signal(object)  # the Deck (its shell: no slide of it can play) on a holding slide
    refused = Signal(object)  # the LoadResult that was not applied
    loaded = Signal(object, str)  # what staff read (ContentNews), and the playing version

    def __init__(self, player: Player, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.player = player
        self.startup_problems: list[str] = []  # the settings file's, for staff to read
        self.good: Deck | None = None
        self.good_errors = 0  # the errors of the deck playing, when it was read
        self.shell: Deck | None = None  # the deck on the holding slide (none of it plays)
        self._fresh = False  # the next deck is another folder's: taken as at start-up
        self.summary: tuple[ContentNews, str] = (ContentNews(loading=True), "")
        player.nothing_plays.connect(self._nothing_plays)

    @property
    def look(self) -> Deck | None:
        """The deck whose colours and languages the kiosk takes: the one playing, else the
        one on the holding slide."""
        return self.good or self.shell

    def start_over(self) -> None:
        """The content folder now holds another deck (staff swapped it, or went back): the
        next one loaded plays as it would at start-up, not measured against this one."""
        self._fresh = True

    def on_loaded(self, result: LoadResult, slides_at: tuple[int, int] | None = None) -> None:
        """A (re)load's ``result``; ``slides_at``: the lines of deck.yaml its slides span
        (staff then read whether the deck's errors are in its slides or outside them)."""
        for problem in result.problems:
            (log.error if problem.is_error else log.warning)("%s", problem)
        errors, fresh = len(result.errors), self._fresh
        self._fresh = False
        if result.deck is not None and (self.good is None or fresh
                                        or errors <= self.good_errors):
            self.good, self.good_errors, self.shell = result.deck, errors, None
            log.info("playing %d slide(s) from %s (version %s)", len(result.deck.slides),
                     result.deck.root, result.deck.version)
            self.player.set_deck(result.deck)
            self.applied.emit(result.deck)
        elif self.good is None:
            log.error("no slide can be shown: visitors see a holding slide")
            self.shell = result.shell
            self.player.hold(result.shell)
            if result.shell is not None:
                self.held.emit(result.shell)
            self.refused.emit(result)
        else:
            log.warning("the content as edited %s: the slides playing keep playing",
                        "has no slide that can play" if result.deck is None else
                        f"has {errors} error(s), more than their {self.good_errors}")
            self.refused.emit(result)
        self._tell_staff(result, slides_at)

    def _tell_staff(self, result: LoadResult, slides_at: tuple[int, int] | None) -> None:
        deck = result.deck
        kept = self.good is not None and deck is not self.good
        playing = self.good if kept or deck is None else deck
        form_errors = FORM in causes(result.errors, slides_at)
        news = ContentNews(slides=len(deck.slides) if deck else 0, errors=len(result.errors),
                           warnings=len(result.warnings),
                           settings=tuple(self.startup_problems),
                           problems=tuple(str(p) for p in [*result.errors, *result.warnings]),
                           kept_last_good=kept, holding=self.good is None,
                           causes=causes(result.errors, slides_at),
                           plain_form=form_errors and _form_of(result) is not None,
                           playing_errors=self.good_errors if kept and deck else 0)
        if news.needs_attention:
            log.warning("%d problem(s) in the settings or the slides need attention (the staff "
                        "panel lists them); visitors see only the slides that can play",
                        len(news.settings) + news.errors)
        if form_errors:
            log.warning("%s has errors: visitors %s", FORM_FILE,
                        "get the kiosk's plain form" if news.plain_form
                        else "cannot leave a message")
        self._tell(news, playing.version if playing else "")

    def _nothing_plays(self, reasons: list[str]) -> None:
        """Not one slide of the deck could be painted: staff learn why."""
        news, version = self.summary
        self._tell(replace(news, holding=True, problems=(*reasons, *news.problems)), version)

    def _tell(self, news: ContentNews, version: str) -> None:
        self.summary = (news, version)
        self.loaded.emit(news, version)


def _form_of(result: LoadResult) -> Form | None:
    """The form visitors get from ``result`` (None: they cannot leave a message)."""
    deck = result.deck or result.shell
    return deck.form if deck is not None else None
