"""Does every text fit? The slide painters lay out each slide without drawing, at the sizes a
booth may have, and say which slides had to draw their text smaller so that a long word fits
its line (a note), and which texts do not fit even so (a warning): `kiosk validate` and the
studio report both, with the line of the text in deck.yaml."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from PySide6.QtCore import QSize

from kiosk.content import Deck, Slide
from kiosk.content.problems import Where
from kiosk.ui.player.slides import settle

#: The screens every deck is checked at: landscape and portrait 1080p.
CHECK_SIZES = (QSize(1920, 1080), QSize(1080, 1920))


@dataclass(frozen=True)
class Misfit:
    """A text of a slide that needed smaller text (``note``) or does not fit even so."""

    field: str  # the text's name ("heading"), or "sources", "chapter"
    message: str
    note: bool = False


def slide_misfits(deck: Deck, slide: Slide, language: str, size: QSize) -> list[Misfit]:
    """Whether the slide's text had to step down at ``size``, and what does not fit even so."""
    settled = settle(deck, slide, language, size)
    found = [Misfit(name, message) for name, message in settled.canvas.misfits]
    if settled.step < 1 and not settled.canvas.cut:
        found += [Misfit(name, f"at {size.width()}x{size.height()} the slide's text is drawn "
                               f"smaller ({round(settled.step * 100)}%) so that a long word of "
                               f"'{name}' fits its line; a shorter word or a space in it keeps "
                               f"the usual size", note=True)
                  for name in dict.fromkeys(settled.wide)]
    return found


def misfits(deck: Deck, slide: Slide, language: str, size: QSize) -> list[tuple[str, str]]:
    """(field, message) for every text of the slide that does not fit at ``size``, even with
    the slide's text stepped down."""
    return [(m.field, m.message) for m in slide_misfits(deck, slide, language, size)
            if not m.note]


@dataclass(frozen=True)
class Note:
    """A note for the deck's author, with its place (the words of a ``kiosk validate`` line)."""

    where: Where
    message: str

    def __str__(self) -> str:
        return f"{self.where.path}:{self.where.line}:{self.where.column}: note: {self.message}"


def where(slide: Slide, field: str) -> Where:
    """The line of ``field`` (``heading.km``: that language's own line) in the slide."""
    return slide.field_at.get(field) or slide.field_at.get(field.split(".")[0], slide.where)


class FitReport:
    """A fit check for ``load_deck`` (the texts that do not fit: warnings) that keeps, in
    ``notes``, the slides whose text was drawn smaller so that every word fits."""

    def __init__(self) -> None:
        self.notes: list[Note] = []

    def __call__(self, deck: Deck) -> list[tuple[Slide, str, str]]:
        """Every text that does not fit, at each checked size and language: a deck in several
        languages is told which language, and its line (``heading.km``); a text cut the same
        way at several sizes is told once, naming each."""
        warnings: dict[tuple[str, str, str], tuple[Slide, str, str, list[str]]] = {}
        notes: dict[tuple[str, str], Note] = {}
        for slide, field, said, size, note in _everywhere(deck):
            if note:
                notes.setdefault((slide.id, field), Note(where(slide, field), said))
                continue
            at = f"{size.width()}x{size.height()}"
            template = said.replace(f"at {at}", f"at {_SIZES}")
            entry = warnings.setdefault((slide.id, field, template), (slide, field, template, []))
            entry[3].append(at)
        self.notes = sorted(notes.values(), key=lambda n: (n.where.path, n.where.line))
        return [(slide, field, template.replace(_SIZES, _and(sizes)))
                for slide, field, template, sizes in warnings.values()]


def _everywhere(deck: Deck) -> Iterator[tuple[Slide, str, str, QSize, bool]]:
    """(slide, field, message, size, is a note) for each misfit of each slide, language and
    checked size; in a deck of several languages, the field and message name the language."""
    several = len(deck.languages) > 1
    for slide in deck.slides:
        for language in deck.languages:
            for size in CHECK_SIZES:
                for found in slide_misfits(deck, slide, language, size):
                    field = f"{found.field}.{language}" if several else found.field
                    said = f"in '{language}': {found.message}" if several else found.message
                    yield slide, field, said, size, found.note


#: Where a warning names the screen sizes, until it knows them all.
_SIZES = "\x00"


def _and(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def fit_check(deck: Deck) -> list[tuple[Slide, str, str]]:
    """Every text that does not fit (for validation; see :class:`FitReport`)."""
    return FitReport()(deck)
