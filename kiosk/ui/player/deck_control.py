"""Deciding what the player shows when a deck is (re)loaded, and what staff read about it."""

from __future__ import annotations

import logging
from dataclasses import replace

from PySide6.QtCore import QObject, Signal

from kiosk.content import Deck, LoadResult
from kiosk.staff_notice import ContentNews
from kiosk.ui.player.player import Player

log = logging.getLogger(__name__)


class DeckControl(QObject):
    """Feeds load results to the player.

    Problems in the slides or the settings are for staff (the staff panel, the log), never
    on a visitor's screen: at start-up whatever slides are valid play at once; with none, a
    calm holding slide stands in. On a reload, an edit with errors is refused and the last
    good deck keeps playing.
    """

    applied = Signal(object)  # the Deck now playing
    refused = Signal(object)  # the LoadResult that was not applied
    loaded = Signal(object, str)  # what staff read (ContentNews), and the playing version

    def __init__(self, player: Player, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.player = player
        self.startup_problems: list[str] = []  # the settings file's, for staff to read
        self.good: Deck | None = None
        self.summary: tuple[ContentNews, str] = (ContentNews(loading=True), "")
        player.nothing_plays.connect(self._nothing_plays)

    def on_loaded(self, result: LoadResult) -> None:
        for problem in result.problems:
            (log.error if problem.is_error else log.warning)("%s", problem)
        if result.deck is not None and (not result.errors or self.good is None):
            self.good = result.deck
            log.info("playing %d slide(s) from %s (version %s)", len(result.deck.slides),
                     result.deck.root, result.deck.version)
            self.player.set_deck(result.deck)
            self.applied.emit(result.deck)
        elif self.good is None:
            log.error("no slide can be shown: visitors see a holding slide")
            self.player.hold(None)
            self.refused.emit(result)
        else:
            log.warning("content edit has %d error(s); the last good deck keeps playing",
                        len(result.errors))
            self.refused.emit(result)
        self._tell_staff(result)

    def _tell_staff(self, result: LoadResult) -> None:
        deck = result.deck
        kept = bool(result.errors) and self.good is not None and deck is not self.good
        playing = self.good if kept or deck is None else deck
        news = ContentNews(slides=len(deck.slides) if deck else 0, errors=len(result.errors),
                           warnings=len(result.warnings),
                           settings=tuple(self.startup_problems),
                           problems=tuple(str(p) for p in [*result.errors, *result.warnings]),
                           kept_last_good=kept, holding=self.good is None)
        if news.needs_attention:
            log.warning("%d problem(s) in the settings or the slides need attention (the staff "
                        "panel lists them); visitors see only the slides that can play",
                        len(news.settings) + news.errors)
        self._tell(news, playing.version if playing else "")

    def _nothing_plays(self, reasons: list[str]) -> None:
        """Not one slide of the deck could be painted: staff learn why."""
        news, version = self.summary
        self._tell(replace(news, holding=True, problems=(*reasons, *news.problems)), version)

    def _tell(self, news: ContentNews, version: str) -> None:
        self.summary = (news, version)
        self.loaded.emit(news, version)
