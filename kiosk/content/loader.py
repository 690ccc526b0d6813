"""Reading a content folder into a Deck, reporting every problem with its file position."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from kiosk.content.contrast import theme_problems
from kiosk.content.form_loader import display_path, load_form, warn_untranslated
from kiosk.content.formats import DECK_FORMAT
from kiosk.content.kinds import INVALID, Context, Obj, did_you_mean
from kiosk.content.model import Chapter, Deck, Slide, Source, Theme
from kiosk.content.problems import Problem, Problems, Where
from kiosk.content.schema import DECK_FIELDS, NEEDS_SOURCE, SLIDE_TYPES, slide_fields
from kiosk.content.text import reading_seconds
from kiosk.content.yamlpos import Located, YamlSyntaxError, load_located, read_yaml_text
from kiosk.schedule.rules import change_dates, empty_hours, local_zone
from kiosk.schedule.words import describe_date, describe_hours

DECK_FILE = "deck.yaml"

FitCheck = Callable[[Deck], list[tuple[Slide, str, str]]]
"""Checks that text fits: returns (slide, field name, message) for each text that does not."""


@dataclass
class LoadResult:
    deck: Deck | None
    problems: list[Problem] = field(default_factory=list)
    #: The deck as read even when none of its slides can play (its title, theme, languages
    #: and form, for a calm holding slide in its own colours); None when it could not be read.
    shell: Deck | None = None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


def booth_today() -> date:
    """The booth's date now: schedules are checked from it."""
    return datetime.now(local_zone()).date()


def load_deck(folder: Path, fit_check: FitCheck | None = None, text: str | None = None,
              today: date | None = None) -> LoadResult:
    """Load and validate ``folder/deck.yaml`` (or ``text``, deck.yaml as it is being edited,
    with its images in ``folder``), upgraded if it is of an older format; one of a newer
    format is not read. The deck holds every slide that is valid. Its schedule is checked
    from ``today`` (if None, the booth's date)."""
    problems = Problems()
    file = folder / DECK_FILE
    shown = display_path(file)
    try:
        text = read_yaml_text(file, shown) if text is None else text
    except YamlSyntaxError as exc:
        problems.error(exc.where, exc.message)
        return LoadResult(None, problems.sorted())
    except FileNotFoundError:
        problems.error(Where(shown, 1, 1), f"no {DECK_FILE} in the content folder {folder}")
        return LoadResult(None, problems.sorted())
    except (OSError, UnicodeDecodeError) as exc:
        problems.error(Where(shown, 1, 1), f"cannot read {DECK_FILE}: {exc}")
        return LoadResult(None, problems.sorted())
    try:
        located = load_located(text, shown)
    except YamlSyntaxError as exc:
        problems.error(exc.where, exc.message)
        return LoadResult(None, problems.sorted())
    located.data = DECK_FORMAT.read(located.data, located, (), problems)
    if problems.has_errors:  # a newer format, or no format number: none of it is read
        return LoadResult(None, problems.sorted())
    shell = _build_deck(located, folder, problems, today or booth_today())
    if shell is not None:
        shell.form = load_form(folder, shell.languages, problems, shell.labels)
    deck = shell if shell is not None and shell.slides else None
    if deck is not None and fit_check is not None:
        problems.items += fit_problems(deck, fit_check)
    return LoadResult(deck, problems.sorted(), shell)


def build_deck(folder: Path, data: Any, today: date | None = None) -> Deck | None:
    """A deck from data already read (plain Python, as YAML gives it), without its form and
    without positions: the studio paints the slide being typed in from it at once, and
    checks the deck as a whole when the typing pauses."""
    located = Located(data=data, file=display_path(folder / DECK_FILE))
    deck = _build_deck(located, folder, Problems(), today or booth_today())
    return deck if deck is not None and deck.slides else None


def fit_problems(deck: Deck, fit_check: FitCheck) -> list[Problem]:
    """Warnings, with their file positions, for every text that does not fit its slide (a
    field's ``name.language`` points at that language's own line)."""
    found = Problems()
    for slide, name, message in fit_check(deck):
        where = slide.field_at.get(name) or slide.field_at.get(name.split(".")[0], slide.where)
        found.warning(where, message)
    return found.sorted()


def _places(raw: dict[str, Any], path: tuple[Any, ...], ctx: Context) -> dict[str, Where]:
    """Where each field of a slide is, and each language of a translated one
    (``heading.km``)."""
    places = {name: ctx.at((*path, name)) for name in raw}
    for name, value in raw.items():
        if isinstance(value, dict):
            for language in value:
                places[f"{name}.{language}"] = ctx.at((*path, name, language))
    return places


def _build_deck(located: Located, root: Path, problems: Problems, today: date
                ) -> Deck | None:
    for path, where in located.duplicate_keys:
        problems.error(where, f"key '{path[-1]}' appears twice; the second one wins")
    data = located.data
    ctx = Context(located=located, problems=problems, root=root, today=today)
    if not isinstance(data, dict):
        problems.error(located.at(()), "the deck must be a map with title, sources and slides")
        return None
    # Languages first: every text is checked against them.
    head = {k: v for k, v in data.items() if k != "slides"}
    languages = DECK_FIELDS["languages"].kind.check(head.get("languages", ["en"]),
                                                    ("languages",), Context(located, Problems(),
                                                                            root))
    if languages is not INVALID:
        ctx.languages = list(dict.fromkeys(languages))
    fields = {k: v for k, v in DECK_FIELDS.items() if k != "slides"}
    top = Obj.check_fields(head, (), ctx, fields)
    if "slides" not in data:
        ctx.error((), "the deck has no 'slides' list")
    sources = _registry(top.get("sources") or [], ctx, "sources", Source)
    chapters = _registry(top.get("chapters") or [], ctx, "chapters", Chapter)
    ctx.sources = {s.id for s in sources}
    ctx.chapters = {c.id for c in chapters}
    theme_data = top.get("theme") or {}
    theme_data = theme_data if isinstance(theme_data, dict) else {}
    theme = Theme(**{k: v for k, v in theme_data.items() if v is not INVALID and v is not None})
    colours = {k: v for k, v in vars(theme).items() if isinstance(v, str) and v.startswith("#")}
    for name, words in theme_problems(colours):
        ctx.problems.warning(ctx.at(("theme", name)), words)
    title = top["title"] if top.get("title") not in (None, INVALID) else {ctx.languages[0]: ""}

    def setting(name: str) -> Any:
        value = top.get(name)
        return DECK_FIELDS[name].default if value in (None, INVALID) else value

    deck = Deck(title=title, version=setting("version"), languages=ctx.languages,
                duration=setting("duration"), transition=setting("transition"),
                transition_seconds=setting("transition_seconds"), theme=theme,
                sources=sources, chapters=chapters, slides=[], root=root,
                labels={k: v for k, v in (top.get("labels") or {}).items()
                        if isinstance(v, dict)},
                thank_you=top.get("thank_you") if top.get("thank_you") is not INVALID else None,
                keep_together=[term for term in setting("keep_together")
                               if term not in (None, INVALID)],
                opening_hours=setting("opening_hours"),
                narration_in_loop=setting("narration_in_loop"))
    raw_slides = data.get("slides")
    if not isinstance(raw_slides, list):
        if raw_slides is not None or "slides" in data:
            ctx.error(("slides",), "expected a list of slides")
        return deck
    _build_slides(raw_slides, deck, ctx)
    _say_untranslated(ctx)
    _say_empty_hours(deck, ctx, today)
    return deck  # (with no slide that can play, only its shell is of use)


def _say_untranslated(ctx: Context) -> None:
    """A partial translation is normal work in progress: the first language is shown where a
    text has none, and each language gets one warning with the count, not one a text."""
    for language, places in ctx.untranslated.items():
        warn_untranslated(ctx, language, places)


def _registry(items: list[Any], ctx: Context, name: str, cls: type) -> list[Any]:
    out: list[Any] = []
    if not isinstance(items, list):
        return out  # (its problem is reported already)
    seen: set[str] = set()
    for i, item in enumerate(items):
        if not isinstance(item, dict) or item.get("id") in (None, INVALID):
            continue  # (its problems are reported already)
        # A field with a problem is reported and left empty: the entry itself still exists,
        # so slides citing it are not dropped as citing something unknown.
        item = {k: (None if v is INVALID else v) for k, v in item.items()}
        if item["id"] in seen:
            ctx.error((name, i, "id"), f"'{item['id']}' is declared twice in {name}")
            continue
        seen.add(item["id"])
        out.append(cls(**item))
    return out


def _build_slides(raw_slides: list[Any], deck: Deck, ctx: Context) -> None:
    seen_ids: dict[str, Where] = {}
    chapter: str | None = None
    for i, raw in enumerate(raw_slides):
        path = ("slides", i)
        if not isinstance(raw, dict):
            ctx.error(path, "a slide must be a map with a 'type'")
            continue
        slide_type = raw.get("type")
        if slide_type not in SLIDE_TYPES:
            if slide_type is None:
                ctx.error(path, f"slide has no 'type' (one of {', '.join(SLIDE_TYPES)})")
            else:
                ctx.error((*path, "type"), f"unknown slide type '{slide_type}'"
                          f"{did_you_mean(str(slide_type), list(SLIDE_TYPES))}")
            continue
        values = Obj.check_fields(raw, path, ctx, slide_fields(slide_type))
        if slide_type in NEEDS_SOURCE and values.get("source") is None:
            ctx.error(path, f"{slide_type} slide without 'source': {NEEDS_SOURCE[slide_type]} "
                            "is not shown; add the id of a source")
            continue
        if values.get("chapter") not in (None, INVALID):
            chapter = values["chapter"]
        if any(v is INVALID for v in values.values()):
            continue
        slide_id = values["id"] or f"{slide_type}-{i + 1}"
        if slide_id in seen_ids:
            first = seen_ids[slide_id]
            ctx.error((*path, "id"), f"duplicate slide id '{slide_id}' (first used on line "
                                     f"{first.line})")
            continue
        seen_ids[slide_id] = ctx.at((*path, "id"))
        content = _media_fields({k: v for k, v in values.items() if k not in _COMMON})
        slide = Slide(
            index=len(deck.slides), type=slide_type, id=slide_id,
            duration=_first(values["duration"], deck) or deck.duration,
            transition=values["transition"] or deck.transition,
            chapter=chapter, sources=values["source"] or (), fields=content,
            where=ctx.at(path), placeholder=values["placeholder"],
            field_at=_places(raw, path, ctx), show=values["show"],
            timed=values["duration"] is not None,
        )
        _check_reading_time(slide, deck, ctx, values["duration"])
        _check_photo_size(slide, ctx)
        _check_poster(slide, ctx)
        deck.slides.append(slide)


def _media_fields(content: dict[str, Any]) -> dict[str, Any]:
    """A slide's fields with its subtitles split into files and cues, per language."""
    subtitles = content.pop("subtitles", None)
    if subtitles:
        content["subtitles"] = {lang: each.path for lang, each in subtitles.items()}
        content["cues"] = {lang: each.cues for lang, each in subtitles.items()}
    return content


def _check_poster(slide: Slide, ctx: Context) -> None:
    if slide.type == "video" and not slide.fields.get("poster"):
        ctx.problems.warning(slide.field_at.get("video", slide.where),
                             "add a poster (a still of the video): it shows while the video "
                             "starts, and instead of it on a booth that cannot play video")


_COMMON = ("type", "id", "duration", "transition", "chapter", "source", "placeholder", "show")

#: The most dates ahead (when a rule starts or stops applying) whose week is checked for
#: hours with no slide to play.
MAX_CHANGE_DATES = 24


def _say_empty_hours(deck: Deck, ctx: Context, today: date) -> None:
    """Warn of the hours of a week when the booth is open but no slide may play: the week
    as it stands today, and from each later date when a rule starts or stops applying."""
    chapters = {c.id: c.show for c in deck.chapters if c.show is not None}
    slides = [(s.chapter, s.show) for s in deck.slides]
    opening = deck.opening_hours
    if not deck.slides or (opening is None and not chapters
                           and all(rule is None for _, rule in slides)):
        return
    where = (ctx.located.key_at(("opening_hours",)) if opening is not None
             else ctx.at(("slides", 0)))
    always = ("" if opening is not None else
              " (opening_hours has an error: it counts as open at all hours)"
              if "opening_hours" in ctx.located.data else
              " (with no opening_hours, it is open at all hours)")
    days = [today, *change_dates(slides, opening, after=today, chapters=chapters)]
    before: list[tuple[int, int]] = []
    for day in days[:MAX_CHANGE_DATES + 1]:
        gaps = empty_hours(slides, opening, chapters=chapters, on=day)
        if gaps and gaps != before:
            since = "" if day == today else f"from {describe_date(day)}, "
            ctx.problems.warning(where, f"{since}no slide plays on {describe_hours(gaps)} "
                                        f"while the booth is open{always}")
        before = gaps


def visible_texts(slide: Slide, deck: Deck, language: str) -> list[str]:
    """Every text a visitor reads on the slide, in one language."""
    texts = [slide.text(name, language, deck.default_language)
             for name, value in slide.fields.items()
             if isinstance(value, dict) and all(isinstance(v, str) for v in value.values())]
    if slide.type == "sources":
        texts += [" ".join(s.entry(language, deck.default_language)) + f" {s.year or ''}"
                  for s in deck.sources]
    texts += [deck.source(s).label(language, deck.default_language) for s in slide.sources]
    return [t for t in texts if t]


def native_digit_languages(deck: Deck) -> set[str]:
    """The deck's languages whose slides write numbers in their script's own digits (a
    Khmer deck's ១៩៧៥): the kiosk then writes its own numbers that way too."""
    from kiosk.visit.words import NATIVE_DIGITS

    found = set()
    for language in deck.languages:
        digits = NATIVE_DIGITS.get(language)
        if digits and any(ch in digits for slide in deck.slides
                          for t in visible_texts(slide, deck, language) for ch in t):
            found.add(language)
    return found


#: Screens a deck is checked against (landscape and portrait booths).
SCREENS = ((1920, 1080), (1080, 1920))
#: A photo shown full-bleed and enlarged more than this looks blurred from a metre away.
MAX_ENLARGEMENT = 3.0


def _check_photo_size(slide: Slide, ctx: Context) -> None:
    """Warn when a photo shown across the whole screen is far smaller than the screen."""
    full_bleed = slide.type == "title" or (slide.type == "image"
                                           and slide.fields.get("fit") == "fill")
    file = slide.image()
    facts = ctx.images.get(file) if file is not None else None
    if not full_bleed or facts is None or not facts.width or not facts.height:
        return
    width, height = max(SCREENS, key=lambda s: max(s[0] / facts.width, s[1] / facts.height))
    scale = max(width / facts.width, height / facts.height)
    if scale > MAX_ENLARGEMENT:
        ctx.problems.warning(
            slide.field_at.get("image", slide.where),
            f"the photo is only {facts.width}x{facts.height} pixels: across a {width}x{height} "
            f"screen it is enlarged {scale:.1f} times and looks blurred; use one at least "
            f"{round(width / MAX_ENLARGEMENT)}x{round(height / MAX_ENLARGEMENT)}")


def _first(duration: Any, deck: Deck) -> float | None:
    """A slide's duration in the deck's first language (a number, or one per language)."""
    if isinstance(duration, dict):
        return float(duration.get(deck.default_language) or max(duration.values()))
    return float(duration) if isinstance(duration, int | float) else None


def _check_reading_time(slide: Slide, deck: Deck, ctx: Context, set_by_author: Any) -> None:
    """Each language's time: as the author set it (warned when too short to read), else the
    deck's default, longer where that language's words take longer to read."""
    explicit = isinstance(set_by_author, int | float | dict)
    for language in deck.languages:
        need = (reading_seconds(visible_texts(slide, deck, language))
                if slide.type != "sources" else 0.0)  # a reference list is not read in full
        if isinstance(set_by_author, dict) and language in set_by_author:
            shown = float(set_by_author[language])
        elif explicit and not isinstance(set_by_author, dict):
            shown = slide.duration
        else:
            slide.durations[language] = max(slide.duration, float(math.ceil(need)))
            continue
        slide.durations[language] = shown
        if shown + 0.5 < need:
            at = slide.field_at.get(f"duration.{language}") or slide.field_at["duration"]
            ctx.problems.warning(
                at, f"shows for {shown:g} s but takes about {need:.0f} s to read"
                    + (f" in '{language}'" if len(deck.languages) > 1 else "")
                    + f"; set 'duration: {math.ceil(need)}' or shorten the text")
