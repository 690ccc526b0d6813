"""What staff read about the slides and the settings on the staff panel (visitors never see
it): how many slides were read, what needs attention, and the first problems as
``kiosk validate`` writes them. No Qt here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kiosk.staff_words import text

#: Where a problem is, as ``kiosk validate`` writes it: '/srv/kiosk/deck.yaml:12:5: error: '.
_WHERE = re.compile(r"^(?:.*[/\\])?(?P<file>[^/\\]+?):(?P<line>\d+):\d+: (?:error|warning): ")

#: Lines of problems on the panel, the last saying how many more there are ('kiosk validate'
#: lists them all).
PROBLEM_LINES = 3


@dataclass(frozen=True)
class ContentNews:
    """The last load of the slides, and the settings' problems since the start."""

    slides: int = 0  # slides read
    errors: int = 0
    warnings: int = 0
    settings: tuple[str, ...] = ()  # the settings' problems (kiosk.yaml), a line each
    problems: tuple[str, ...] = ()  # the slides' problems, a line each
    kept_last_good: bool = False  # an edit with errors was refused: the last good deck plays
    holding: bool = False  # no slide can play: visitors see a calm holding slide
    loading: bool = False

    @property
    def needs_attention(self) -> bool:
        return bool(self.settings or self.errors or self.holding)

    def lines(self) -> list[str]:
        """Every problem, the settings' first, a line each: 'deck.yaml:12: what is wrong'."""
        return [short(line) for line in (*self.settings, *self.problems)]


@dataclass(frozen=True)
class PanelWords:
    """What the panel's Slides card says."""

    attention: str  # what needs attention, a sentence a line ('' when nothing does)
    summary: str  # how the slides are (when nothing needs attention)
    problems: list[str]  # the first problems, a line each, then how many more


def short(line: str) -> str:
    """A problem as ``kiosk validate`` writes it, for the panel: the file's name and the line,
    then what is wrong ('/srv/kiosk/deck.yaml:12:5: error: …' becomes 'deck.yaml:12: …')."""
    return _WHERE.sub(lambda found: f"{found['file']}:{found['line']}: ", line, count=1)


def panel_words(news: ContentNews, language: str) -> PanelWords:
    """The Slides card's words for ``news``, in ``language``."""
    if news.loading:
        return PanelWords("", text("loading", language), [])
    attention = []
    if news.holding:
        attention.append(text("holding", language))
    elif news.kept_last_good:
        attention.append(text("kept", language))
    elif news.errors:
        attention.append(text("slides_attention", language))
    if news.settings:
        attention.append(text("settings_attention", language))
    summary = "" if attention else text("counts", language, slides=news.slides,
                                        errors=news.errors, warnings=news.warnings)
    problems = news.lines()
    if len(problems) > PROBLEM_LINES:
        more = len(problems) - PROBLEM_LINES + 1
        problems = [*problems[:PROBLEM_LINES - 1], text("more", language, n=more)]
    return PanelWords("\n".join(attention), summary, problems)
