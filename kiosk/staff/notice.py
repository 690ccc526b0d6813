"""What staff read about the slides and the settings on the staff panel (visitors never see
it): how many slides were read, what needs attention and why (slides, the deck itself, the
message form, the settings), and the first problems, errors before warnings, as
``kiosk validate`` writes them; the panel lists them all on a tap. No Qt here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from kiosk.content import Problem
from kiosk.content.form_loader import FORM_FILE
from kiosk.staff.words import text

#: Where a problem is, as ``kiosk validate`` writes it: '/srv/kiosk/deck.yaml:12:5: error: '.
_WHERE = re.compile(r"^(?:.*[/\\])?(?P<file>[^/\\]+?):(?P<line>\d+):\d+: "
                    r"(?P<severity>error|warning): ")

#: On the panel's Slides card, at most this many of the settings' problems and this many of
#: the deck's, errors first; then how many more there are (a tap lists them all).
EACH = 2
#: Lines of problems the card has room for: two of each, and how many more.
PROBLEM_LINES = 2 * EACH + 1

#: Where a deck's errors are: in its slides, in the deck outside them (a deck-level field
#: like keep_together), in its message form.
SLIDES, DECK, FORM = "slides", "deck", "form"


@dataclass(frozen=True)
class ContentNews:
    """The last load of the slides, and the settings' problems since the start."""

    slides: int = 0  # slides read
    errors: int = 0
    warnings: int = 0
    settings: tuple[str, ...] = ()  # the settings' problems (kiosk.yaml), a line each
    problems: tuple[str, ...] = ()  # the slides' problems, a line each
    kept_last_good: bool = False  # an edit worse than what plays was refused
    holding: bool = False  # no slide can play: visitors see a calm holding slide
    loading: bool = False
    causes: frozenset[str] = frozenset()  # where the errors are: SLIDES, DECK, FORM
    plain_form: bool = False  # form.yaml has errors and visitors get the kiosk's plain form
    playing_errors: int = 0  # an edit was refused: the errors of the slides that play

    @property
    def needs_attention(self) -> bool:
        return bool(self.settings or self.errors or self.holding)

    def every(self) -> list[str]:
        """Every problem as ``kiosk validate`` writes it: the settings' first, each part's
        errors before its warnings."""
        return [*by_severity(self.settings), *by_severity(self.problems)]

    def lines(self) -> list[str]:
        """Every problem, a line each, shorter: 'deck.yaml:12: what is wrong'."""
        return [short(line) for line in self.every()]

    def first_lines(self) -> tuple[list[str], int]:
        """The first problems of the settings and of the deck (EACH of each, errors first),
        and how many are left out."""
        settings, deck = by_severity(self.settings), by_severity(self.problems)
        shown = [short(line) for line in (*settings[:EACH], *deck[:EACH])]
        return shown, len(settings) + len(deck) - len(shown)


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


def is_warning(line: str) -> bool:
    """Whether a problem's line is a warning (a line in no known shape, such as a slide that
    could not be painted, counts as an error)."""
    found = _WHERE.match(line)
    return found is not None and found["severity"] == "warning"


def by_severity(lines: Iterable[str]) -> list[str]:
    """Errors first, then warnings, each in the order given."""
    lines = list(lines)
    return [line for line in lines if not is_warning(line)] + [
        line for line in lines if is_warning(line)]


def causes(errors: Iterable[Problem], slides_at: tuple[int, int] | None) -> frozenset[str]:
    """Where ``errors`` are: FORM for form.yaml's, SLIDES for deck.yaml's inside its list of
    slides (lines ``slides_at``, first and last; None: unknown, every one counts), DECK for
    the rest of deck.yaml."""
    found = set()
    for problem in errors:
        if problem.path.endswith(FORM_FILE):
            found.add(FORM)
        elif slides_at is None or slides_at[0] <= problem.line <= slides_at[1]:
            found.add(SLIDES)
        else:
            found.add(DECK)
    return frozenset(found)


#: A key at the top of a YAML file, as a deck is written ('slides:', 'keep_together: [...]').
_TOP_KEY = re.compile(r"^(?P<key>[^\s#:\-{}\[\]'\"][^:#]*?)\s*:(?:\s|$)")


def slides_lines(deck_text: str) -> tuple[int, int] | None:
    """The first and last line of deck.yaml's list of slides: from its ``slides:`` key to the
    line before the next key at the top of the file (None: the file has no such key)."""
    start: int | None = None
    end = 0
    for number, line in enumerate(deck_text.splitlines(), 1):
        found = _TOP_KEY.match(line)
        if found is None:
            end = number if start is not None else end
            continue
        if start is not None:
            return start, max(start, end)
        if found["key"].strip() == "slides":
            start, end = number, number
    return (start, end) if start is not None else None


def panel_words(news: ContentNews, language: str, digits: bool = False) -> PanelWords:
    """The Slides card's words for ``news``, in ``language`` (``digits``: numbers in the
    script's own)."""
    def say(key: str, n: int | None = None, **values: object) -> str:
        return text(key, language, n, digits, **values)

    if news.loading:
        return PanelWords("", say("loading"), [])
    attention = []
    if news.holding:
        attention.append(say("holding"))
    elif news.kept_last_good:
        attention.append(say("kept_worse", news.errors, m=news.playing_errors)
                         if news.playing_errors else say("kept"))
    else:
        found = news.causes or (frozenset({SLIDES}) if news.errors else frozenset())
        attention += [say(key) for cause, key in ((SLIDES, "slides_attention"),
                                                  (DECK, "deck_attention")) if cause in found]
    if FORM in news.causes and not news.kept_last_good:
        attention.append(say("form_plain" if news.plain_form else "form_none"))
    if news.settings:
        attention.append(say("settings_attention"))
    summary = "" if attention else say("counts", slides=news.slides, errors=news.errors,
                                       warnings=news.warnings)
    problems, left = news.first_lines()
    if left:
        problems.append(say("more", left))
    return PanelWords("\n".join(attention), summary, problems)
