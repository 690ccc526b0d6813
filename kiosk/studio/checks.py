"""What the studio does off the GUI thread after each edit: check the deck with the kiosk's
own loader, paint the chosen slide and the thumbnails with the kiosk's own painter, and
find where each slide and field stands; plus the small picture and file helpers."""

from __future__ import annotations

import logging
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter

from kiosk.content import Deck, Slide, load_deck
from kiosk.content.images import inspect_file
from kiosk.content.loader import DECK_FILE
from kiosk.content.problems import Problem, Severity
from kiosk.content.yamlpos import YamlSyntaxError, load_located
from kiosk.studio.intake import copy_file_into
from kiosk.ui.common.images import Decoder, decode
from kiosk.ui.player.fit import CHECK_SIZES, slide_misfits, where
from kiosk.ui.player.font_check import font_problems
from kiosk.ui.player.media_check import media_problems
from kiosk.ui.player.slides import render_slide

log = logging.getLogger(__name__)

#: Preview sizes: landscape, portrait, 4K (drawn at half size: the layout scales with it).
PREVIEW = (QSize(960, 540), QSize(540, 960), QSize(1920, 1080))
#: Where the studio keeps unsaved changes, beside deck.yaml, until they are saved.
RECOVERY = ".deck.yaml.recovery"
#: Files the studio takes as photos (dropped, chosen, found in a dropped folder).
PHOTO_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp"})
#: Thumbnails in the slide list.
THUMB = QSize(192, 108)


@dataclass
class Check:
    """What one background check found."""

    generation: int
    deck: Deck | None
    problems: list[Problem]
    preview: QImage | None
    #: By slide id: what its picture in the list is painted from (a changed one is new).
    looks: dict[str, str] = field(default_factory=dict)
    #: Per slide in the file: its first line and which field each line holds (1-based).
    spans: list[tuple[int, dict[int, str]]] = field(default_factory=list)
    #: Per slide: the files of its own that the checks read (subtitles), as resolved paths,
    #: and the field naming each (a mistake inside one is said under that field).
    files: list[dict[str, str]] = field(default_factory=list)


def check(folder: Path, text: str, slide_id: str, size: QSize, generation: int,
          decoder: Decoder = decode) -> Check:
    """Validate the deck as edited and paint the chosen slide at ``size``. Runs on a
    worker; the list's pictures are painted after it (:mod:`kiosk.studio.live`)."""
    result = load_deck(folder, text=text)
    deck, problems = result.deck, list(result.problems)
    preview, looks = None, {}
    if deck is not None:
        problems += font_problems(deck, text=text)  # a language no font here can show
        problems += media_problems(deck)  # a video or recording a booth cannot play
        chosen = next((s for s in deck.slides if s.id == slide_id), None)
        if chosen is not None:
            preview = paint(deck, chosen, size, decoder)
            problems += _fit_problems(deck, chosen)
        looks = looks_of(deck)
    return Check(generation, deck, problems, preview, looks, *_spans(folder, text))


def looks_of(deck: Deck) -> dict[str, str]:
    """By slide id, all that its picture is painted from: the deck's head as the painter
    reads it, and the slide without its place in the file."""
    head = repr((deck.title, deck.languages, deck.theme, deck.sources, deck.labels,
                 deck.keep_together, deck.root))
    return {s.id: head + repr((s.type, s.fields, s.chapter, s.sources, s.placeholder))
            for s in deck.slides}


def _fit_problems(deck: Deck, slide: Slide) -> list[Problem]:
    """The slide's texts that were drawn smaller so that a long word fits, or that do not fit
    even so, at the booth's sizes, in each language (shown under the field)."""
    found = []
    for language in deck.languages:
        for size in CHECK_SIZES:
            for misfit in slide_misfits(deck, slide, language, size):
                at = where(slide, misfit.field)
                found.append(Problem(at.path, at.line, at.column, Severity.WARNING,
                                     f"{misfit.message} ({language})"))
    return found


#: Fields naming files whose own mistakes the checks report (at their line in that file).
READ_FILES = ("subtitles",)


def _spans(folder: Path, text: str
           ) -> tuple[list[tuple[int, dict[int, str]]], list[dict[str, str]]]:
    """Where each slide and each of its fields (a language's too) stand in ``text``, as the
    kiosk's own loader reads them (so they match the lines its problems give); and each
    slide's files that the checks read."""
    try:
        located = load_located(text, DECK_FILE)
    except YamlSyntaxError:
        return [], []
    slides = located.data.get("slides") if isinstance(located.data, dict) else None
    spans, files = [], []
    for i, slide in enumerate(slides if isinstance(slides, list) else []):
        names = slide if isinstance(slide, dict) else {}
        lines = {located.key_at(("slides", i, name)).line: str(name) for name in names}
        for name, value in names.items():
            for each in value if isinstance(value, dict) else ():
                lines.setdefault(located.key_at(("slides", i, name, each)).line, str(name))
        spans.append((located.at(("slides", i)).line, lines))
        files.append({str((folder / str(path)).resolve()): name for name in READ_FILES
                      for path in _values(names.get(name))})
    return spans, files


def _values(value: Any) -> list[Any]:
    """A field's value, or its values by language."""
    return list(value.values()) if isinstance(value, dict) else [value] if value else []


def paint(deck: Deck, slide: Any, size: QSize, decoder: Decoder = decode) -> QImage | None:
    """``slide`` in the deck's first language, or None if it cannot be painted."""
    try:
        return render_slide(deck, slide, deck.default_language, size, decoder=decoder)
    except Exception as exc:  # a photo that cannot be decoded: the problem list says why
        log.info("studio: slide %s not painted: %s", slide.id, exc)
        return None


def focus_for_click(photo: tuple[int, int], screen: tuple[int, int],
                    focus: tuple[float, float], click: tuple[float, float]
                    ) -> tuple[float, float]:
    """The focal point that centres what was clicked on a cropped photo's preview. ``focus``
    places the crop as the player does (0: its left or top edge, 1: its right or bottom);
    ``click`` is where the preview was clicked, 0 to 1 across and down."""
    scale = max(screen[0] / photo[0], screen[1] / photo[1])
    result = []
    for axis in (0, 1):
        visible = screen[axis] / (photo[axis] * scale)  # the share of the photo on screen
        if visible >= 0.999:
            result.append(focus[axis])  # nothing is cropped this way: nothing to choose
            continue
        start = (1 - visible) * focus[axis]
        point = start + click[axis] * visible  # where on the whole photo the click fell
        wanted = (point - visible / 2) / (1 - visible)
        result.append(round(min(1.0, max(0.0, wanted)), 3))
    return result[0], result[1]


def slug(text: str) -> str:
    """A name fit for a slide id or a file: lower-case letters, digits and dashes."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "photo"


def badge(thumb: QImage) -> QImage:
    """A stand-in photo's thumbnail, saying so: 'Replace this photo'."""
    marked = thumb.copy()
    painter = QPainter(marked)
    band = QRect(0, marked.height() - 24, marked.width(), 24)
    painter.fillRect(band, QColor("#e3a94f"))
    painter.setPen(QColor("#15202b"))
    font = painter.font()
    font.setPixelSize(14)
    font.setBold(True)
    painter.setFont(font)
    painter.drawText(band, Qt.AlignmentFlag.AlignCenter, "Replace this photo")
    painter.end()
    return marked


def place_problems(result: Check, index: int, shown: set[str]
                   ) -> tuple[dict[str, list[str]], list[str]]:
    """The chosen slide's problems: by the field on their line (when that field is shown),
    and the rest for the slide as a whole; then what is about no slide (the deck's head,
    form.yaml), said as such, so that every problem counted is shown somewhere."""
    by_field: dict[str, list[str]] = {}
    general: list[str] = []
    elsewhere: list[str] = []
    first_slide = min((first for first, _ in result.spans), default=10**9)
    start, lines = result.spans[index] if 0 <= index < len(result.spans) else (-1, {})
    end = min((first for first, _ in result.spans if first > start), default=10**9)
    own = result.files[index] if 0 <= index < len(result.files) else {}
    slides_files = {path for files in result.files for path in files}
    for problem in result.problems:
        text = ("" if problem.is_error else "note: ") + problem.message
        file = Path(problem.path)
        key = str(file.resolve())  # (a deck opened by a relative path names its files so)
        if key in slides_files:  # a slide's subtitles: at their line in that file
            said = f"{file.name}, line {problem.line}: {text}"
            if own.get(key) in shown:
                by_field.setdefault(own[key], []).append(said)
            else:
                elsewhere.append(said)
        elif file.name != DECK_FILE:  # form.yaml's line 12 is not a slide's
            elsewhere.append(f"{file.name}: {text}")
        elif problem.line < first_slide:
            elsewhere.append(f"The deck: {text}")
        elif start <= problem.line < end:
            name = lines.get(problem.line)
            if name is not None and name in shown:
                by_field.setdefault(name, []).append(text)
            else:
                general.append(text)
    return by_field, general + elsewhere


class PhotoRefused(ValueError):
    """A file chosen or dropped as a photo that is none (or one the booth cannot show)."""


def copy_into_deck(folder: Path, photo: Path) -> str:
    """Copy ``photo`` into the deck's images/ (a same-named other photo is not replaced);
    returns the path the deck names it by."""
    facts = inspect_file(photo)  # before a byte is copied: a photo the booth can show?
    if facts.kind is None or facts.problem:
        raise PhotoRefused(f"{photo.name} is not a photo the kiosk can show "
                           f"({facts.problem or 'JPEG, PNG or WebP only'})")
    return copy_file_into(folder, photo, "images")


def photos_in(files: list[Path]) -> list[Path]:
    """The photos among dropped files and folders (a folder's own photos, by name)."""
    photos: list[Path] = []
    for item in files:
        if item.is_dir():
            photos += sorted(p for p in item.iterdir() if p.suffix.lower() in PHOTO_SUFFIXES)
        elif item.suffix.lower() in PHOTO_SUFFIXES:
            photos.append(item)
    return photos


def copy_deck(source: Path, target: Path) -> None:
    """A copy of a deck takes its images and form along (never the installed package)."""
    target.mkdir(parents=True, exist_ok=True)
    for item in source.iterdir():
        if item.name in (DECK_FILE, DECK_FILE + ".bak"):
            continue
        destination = target / item.name
        if item.is_dir():
            shutil.copytree(item, destination, dirs_exist_ok=True)
        elif not destination.exists():
            shutil.copy2(item, destination)
