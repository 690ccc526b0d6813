"""What the deck's commands do: `kiosk paths`, `validate` (the deck and the settings file,
as the kiosk would play and read them), `render` (PNG files without a screen), `import` (a
PDF's pages as slides) and `schema`. Each imports what it needs (Qt, the deck's loader) when
it runs."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.platform import paths

if TYPE_CHECKING:
    from kiosk.content.problems import Problem


def print_paths(args: argparse.Namespace) -> int:
    rows = [
        ("content (playing)", paths.content_dir(args.content)),
        ("content (staff copy a deck here)", paths.user_content_dir()),
        ("content (bundled)", paths.bundled_content_dir()),
        ("settings file", paths.config_file(args.config)),
        ("messages", paths.data_dir(args.data_dir)),
        ("logs", paths.log_dir()),
        ("start-up cache (safe to delete)", paths.cache_dir()),
    ]
    for label, where in rows:
        print(f"{label:<34} {where}")
    return 0


def print_schema(args: argparse.Namespace) -> int:
    import json

    from kiosk.content import json_schema
    from kiosk.content.schema import form_schema

    print(json.dumps(form_schema() if args.form else json_schema(), indent=2))
    return 0


def validate(args: argparse.Namespace) -> int:
    from kiosk.content import load_deck
    from kiosk.ui.app import application
    from kiosk.ui.player.fit import FitReport
    from kiosk.ui.player.font_check import font_problems
    from kiosk.ui.player.image_check import decode_problems
    from kiosk.ui.player.media_check import media_problems

    folder = paths.content_dir(args.dir or args.content)
    application(headless=True)
    settings = _settings_problems(args.config)
    for problem in settings:
        print(problem)
    fits = FitReport()  # also notes the slides whose text was drawn smaller to fit
    result = load_deck(folder, fit_check=fits)
    deck = result.deck
    found = (decode_problems(deck) + font_problems(deck) + media_problems(deck)) if deck else []
    problems = sorted(result.problems + found, key=lambda p: (p.path, p.line, p.column))
    for problem in problems:
        print(problem)
    for note in fits.notes:
        print(note)
    problems += settings
    errors = [p for p in problems if p.is_error]
    slides = len(result.deck.slides) if result.deck else 0
    notes = f", {len(fits.notes)} note(s)" if fits.notes else ""
    of_settings = f" ({len(settings)} of them in the settings)" if settings else ""
    print(f"{folder}: {slides} slide(s) playable, {len(errors)} error(s), "
          f"{len(problems) - len(errors)} warning(s){of_settings}{notes}")
    return 1 if errors else 0


def _settings_problems(given: str | None) -> list[Problem]:
    """The settings file's problems, as the kiosk logs them when it starts (a file named
    with --config that is not there, too)."""
    from dataclasses import replace

    from kiosk.content.problems import Problems, Where
    from kiosk.setup.config import load_settings

    file = paths.config_file(given)
    if given and not file.exists():
        missing = Problems()
        missing.warning(Where(str(file)), "there is no settings file here: the kiosk would "
                                          "use its own settings")
        return missing.items
    return [replace(problem, message=f"{problem.message} (the default is used)")
            for problem in load_settings(file)[1]]


def render(args: argparse.Namespace) -> int:
    from PySide6.QtCore import QSize

    from kiosk.content import load_deck
    from kiosk.ui.app import application
    from kiosk.ui.player.font_check import font_problems
    from kiosk.ui.tools.render import render_deck

    application(headless=True)
    folder = paths.content_dir(args.content)
    result = load_deck(folder)
    for problem in result.problems:
        print(problem, file=sys.stderr)
    if result.deck is None:
        print(f"{folder}: no slide can be shown", file=sys.stderr)
        return 1
    unknown = _unknown_language(args.language, result.deck.languages)
    if unknown:
        print(unknown, file=sys.stderr)
        return 2
    for problem in font_problems(result.deck, [args.language or result.deck.default_language]):
        print(problem, file=sys.stderr)
    written = render_deck(result.deck, Path(args.out), QSize(*args.size), args.language)
    complete = len(written) == len(result.deck.slides)
    if args.screens:
        from kiosk.ui.tools.screens import render_screens

        written += render_screens(result.deck, Path(args.out), QSize(*args.size),
                                  language=args.language)
    print(f"wrote {len(written)} PNG file(s) to {args.out}")
    return 0 if complete else 1


def _unknown_language(language: str | None, deck_languages: list[str]) -> str:
    """Why ``kiosk render --language`` cannot draw ``language`` (empty if it can): it must be
    one of the deck's, or one the kiosk has its own words in (to review them)."""
    from kiosk.visit.words import shipped_languages

    own = sorted({"en", *shipped_languages()})
    if language is None or language in deck_languages or language in own:
        return ""
    return (f"kiosk render: '{language}' is neither a language of the deck "
            f"({', '.join(deck_languages)}) nor one the kiosk has its own words in "
            f"({', '.join(own)}); nothing was drawn")


def import_pdf(args: argparse.Namespace) -> int:
    from kiosk.studio.pdf_import import import_command

    return import_command(Path(args.pdf), paths.content_dir(args.content),
                          args.size)
