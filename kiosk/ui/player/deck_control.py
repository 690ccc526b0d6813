"""Deciding what the player shows when a deck is (re)loaded."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.content import Deck, LoadResult
from kiosk.ui.player.player import Player

log = logging.getLogger(__name__)

PROBLEM_LINES = 12


class DeckControl(QObject):
    """Feeds load results to the player.

    At start-up, whatever slides are valid play (errors are logged); with none, a calm problem
    screen lists the first problems. On a reload, an edit with errors is refused and the last
    good deck keeps playing.
    """

    applied = Signal(object)  # the Deck now playing
    refused = Signal(object)  # the LoadResult that was not applied
    loaded = Signal(str, str)  # what staff read about the last load, and the playing version

    def __init__(self, player: Player, parent: QObject | None = None,
                 notice_ms: int = 12_000) -> None:
        super().__init__(parent)
        self.player = player
        self.notice_ms = notice_ms
        self.startup_problems: list[str] = []  # e.g. the settings file's, shown once at start
        self.good: Deck | None = None
        self.summary = ("The slides are loading.", "")

    def on_loaded(self, result: LoadResult) -> None:
        for problem in result.problems:
            (log.error if problem.is_error else log.warning)("%s", problem)
        if result.deck is not None and (not result.errors or self.good is None):
            first = self.good is None
            self.good = result.deck
            log.info("playing %d slide(s) from %s (version %s)", len(result.deck.slides),
                     result.deck.root, result.deck.version)
            problems = self.startup_problems + [str(p) for p in result.errors]
            if first and problems:
                # Staff should see what is wrong; the valid slides play right after.
                self.player.show_problems(
                    "Some settings or slides need attention",
                    problems[:PROBLEM_LINES],
                    "The slides without problems start in a moment. Staff: run "
                    "'kiosk validate'.")
                deck = result.deck
                QTimer.singleShot(self.notice_ms, lambda: self.player.set_deck(deck))
            else:
                self.player.set_deck(result.deck)
            self.applied.emit(result.deck)
        elif self.good is None:
            lines = [str(p) for p in result.errors[:PROBLEM_LINES]]
            more = len(result.errors) - PROBLEM_LINES
            if more > 0:
                lines.append(f"... and {more} more")
            self.player.show_problems(
                "The slides need attention", lines,
                "Staff: fix the content folder, or run 'kiosk validate' for the full list.")
            self.refused.emit(result)
        else:
            log.warning("content edit has %d error(s); the last good deck keeps playing",
                        len(result.errors))
            self.refused.emit(result)
        self._tell_staff(result)

    def _tell_staff(self, result: LoadResult) -> None:
        deck = result.deck
        playing = self.good if result.errors and self.good is not None else deck
        lines = [f"{len(deck.slides) if deck else 0} slide(s) read, "
                 f"{len(result.errors)} error(s), {len(result.warnings)} warning(s)."]
        if result.errors and self.good is not None:
            lines.append("The last good slides keep playing.")
        lines += [str(p) for p in result.problems[:6]]
        if len(result.problems) > 6:
            lines.append(f"... and {len(result.problems) - 6} more ('kiosk validate').")
        self.summary = ("\n".join(lines), playing.version if playing else "")
        self.loaded.emit(*self.summary)
