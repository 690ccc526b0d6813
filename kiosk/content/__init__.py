"""The deck: its model, its YAML format (read with positions, upgraded from older formats,
edited keeping its comments) and its validation; putting a deck on from a USB stick; its
media files and subtitles. No Qt here."""

from kiosk.content.loader import DECK_FILE, FitCheck, LoadResult, load_deck, visible_texts
from kiosk.content.model import Chapter, Deck, Slide, Source, Theme
from kiosk.content.problems import Problem, Severity
from kiosk.content.schema import json_schema

__all__ = [
    "DECK_FILE", "Chapter", "Deck", "FitCheck", "LoadResult", "Problem", "Severity", "Slide",
    "Source", "Theme", "json_schema", "load_deck", "visible_texts",
]
