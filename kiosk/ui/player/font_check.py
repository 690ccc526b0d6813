"""Can this computer show each of the deck's languages? Each text is laid out as a slide lays
it out (the theme's font, then the kiosk's and the system's fallbacks); a letter no font has
is drawn as an empty box, and `kiosk validate` says so, once per language."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence

from PySide6.QtCore import QLocale
from PySide6.QtGui import QTextLayout

from kiosk.content import Deck
from kiosk.content.form_loader import display_path
from kiosk.content.loader import DECK_FILE
from kiosk.content.problems import Problem, Problems, Where
from kiosk.content.yamlpos import YamlSyntaxError, load_located, read_yaml_text
from kiosk.ui.common.fonts import font
from kiosk.visit.words import MESSAGES, NATIVE_DIGITS, language_name
from kiosk.visit.words import text as kiosk_words

#: The font to suggest for a script, where it is not "Noto Sans" and the script's name.
FONT_FOR_SCRIPT = {"Simplified Han": "Noto Sans CJK SC", "Traditional Han": "Noto Sans CJK TC",
                   "Japanese": "Noto Sans CJK JP", "Korean": "Noto Sans CJK KR",
                   "Arabic": "Noto Naskh Arabic"}
#: How many of the letters no font has a warning quotes.
QUOTED = 8


def font_problems(deck: Deck, languages: Sequence[str] | None = None,
                  text: str | None = None) -> list[Problem]:
    """A warning for each of ``languages`` (default: the deck's) whose letters some of the
    deck's or the kiosk's texts in it have that no font on this computer has. ``text`` is
    deck.yaml as edited (for the line of the language), if not the file's."""
    problems = Problems()
    for language in languages or deck.languages:
        missing = _missing(_texts(deck, language), deck.theme.body_font)
        if missing:
            problems.warning(_place(deck, language, text), _message(language, missing))
    return problems.sorted()


def _message(language: str, missing: list[str]) -> str:
    locale = QLocale(language)
    native = [c for c in locale.nativeLanguageName() if c.isalpha()]
    if native and all(c in missing for c in native):  # its own name cannot be shown
        script = QLocale.scriptToString(locale.script())
        suggested = FONT_FOR_SCRIPT.get(script, f"Noto Sans {script}")
        return (f"no font on this computer can show '{language}' "
                f"({QLocale.languageToString(locale.language())}): visitors would see empty "
                f"boxes; install a {script} font such as {suggested}")
    quoted = " ".join([c for c in missing if unicodedata.category(c)[0] != "M"][:QUOTED])
    return (f"no font on this computer has {len(missing)} of the letters of the '{language}' "
            f"texts ({quoted}): visitors would see empty boxes in their place; install a font "
            "that has them")


def _texts(deck: Deck, language: str) -> list[str]:
    """What a visitor may read in ``language``: the deck's texts in it, the kiosk's own words
    in it (the deck's labels first), its name on the language button and its digits."""
    own = [each[language] for each in _deck_texts(deck) if each.get(language)]
    kiosk = [kiosk_words(key, language, deck.labels) for key in MESSAGES]
    names = [language_name(language), QLocale(language).nativeLanguageName(),
             NATIVE_DIGITS.get(language, "")]
    return list(dict.fromkeys([*names, *own, *kiosk]))


def _deck_texts(deck: Deck) -> Iterator[Mapping[str, str]]:
    """Every visible text of the deck (and its form), each per language."""
    yield deck.title
    yield from filter(None, [deck.thank_you, *deck.keep_together, *deck.labels.values()])
    for source in deck.sources:
        yield from filter(None, (source.title, source.publisher, source.short))
    for chapter in deck.chapters:
        yield chapter.title
    for slide in deck.slides:
        yield from (value for value in slide.fields.values() if _is_text(value))
    form = deck.form
    if form is not None:
        yield from filter(None, (form.title, form.thank_you, form.intro, form.send,
                                 form.thank_you_text))
        for field in form.fields:
            yield from filter(None, (field.label, field.placeholder,
                                     *(option.label for option in field.options)))


def _is_text(value: object) -> bool:
    return isinstance(value, Mapping) and all(isinstance(v, str) for v in value.values())


def _missing(texts: Iterable[str], family: str) -> list[str]:
    """The characters of ``texts`` that are drawn as empty boxes in ``family``, with every
    fallback Qt tries, in the order they first appear."""
    missing: dict[str, None] = {}
    shown: set[str] = set()
    for text in texts:
        layout = _laid(text, family)
        if layout is None or not any(0 in run.glyphIndexes() for run in layout.glyphRuns()):
            continue
        unit = 0  # (Qt counts in UTF-16 units)
        for char in text:
            units = 2 if char > "\uffff" else 1
            if char not in missing and char not in shown and _visible(char):
                if any(0 in run.glyphIndexes() for run in layout.glyphRuns(unit, units)):
                    missing[char] = None
                else:
                    shown.add(char)
            unit += units
    return list(missing)


def _laid(text: str, family: str) -> QTextLayout | None:
    if not text.strip():
        return None
    layout = QTextLayout(text, font(family, 24))
    layout.beginLayout()
    while (line := layout.createLine()).isValid():
        line.setLineWidth(100_000)
    layout.endLayout()
    return layout


def _visible(char: str) -> bool:
    """A letter, mark, digit, punctuation or symbol (not a space or an invisible control)."""
    return unicodedata.category(char)[0] in "LMNPS"


def _place(deck: Deck, language: str, text: str | None) -> Where:
    """Where deck.yaml names ``language`` (else its first line)."""
    file = deck.root / DECK_FILE
    shown = display_path(file)
    try:
        located = load_located(text if text is not None else read_yaml_text(file, shown), shown)
    except (OSError, UnicodeDecodeError, YamlSyntaxError):
        return Where(shown)
    languages = located.data.get("languages") if isinstance(located.data, dict) else None
    if isinstance(languages, list) and language in languages:
        return located.at(("languages", languages.index(language)))
    return located.at(("languages",))
