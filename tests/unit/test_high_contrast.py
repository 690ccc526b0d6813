"""High contrast (``high_contrast: true``): every pair of colours the kiosk's screens draw
one on the other is at least 7:1, whatever colours the deck chose; the deck's fonts and
logo stay. No Qt here."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest

from kiosk.content import Theme
from kiosk.content.contrast import (
    HIGH_RATIO,
    SCREEN_PAIRS,
    HighContrast,
    high_contrast,
    ratio,
    screen_problems,
)
from kiosk.setup.config import Settings, load_settings, settings_schema

#: Themes a deck may have: the kiosk's own, a blue one, a light one, one whose colours are
#: too close to read, and one of strong colours that are too dark for high contrast.
THEMES = {
    "kiosk": Theme(),
    "wells": Theme(background="#12263a", surface="#1c3550", text="#f2f5f7", muted="#b4c2cf",
                   accent="#5fb3d9"),
    "light": Theme(background="#fdfaf3", surface="#ffffff", text="#222222", muted="#666666",
                   accent="#b5651d", raised="#eeeeee", danger="#ffcccc", error="#cc0000"),
    "faint": Theme(background="#777777", surface="#808080", text="#999999", muted="#888888",
                   accent="#7a7a7a", raised="#858585", danger="#7f7f7f", error="#8a8a8a"),
    "deep": Theme(accent="#1a237e", muted="#3e2723", error="#b71c1c", danger="#ff8a80"),
}


@pytest.mark.parametrize("name", THEMES)
def test_every_pair_on_screen_is_at_least_seven_to_one(name: str) -> None:
    theme = high_contrast(THEMES[name])
    colours = {f.name: getattr(theme, f.name) for f in fields(theme)}
    for fore, back in SCREEN_PAIRS:
        assert ratio(colours[fore], colours[back]) >= HIGH_RATIO, (fore, back, colours)
    assert screen_problems(theme) == []


def test_most_deck_themes_are_not_high_contrast_already() -> None:
    """(Else the setting would change nothing: the pairs are the ones the screens draw.)"""
    assert all(screen_problems(THEMES[name]) for name in ("kiosk", "light", "faint", "deep"))


def test_the_decks_fonts_logo_and_hues_stay() -> None:
    deck = Theme(heading_font="Noto Serif Khmer", body_font="Noto Sans Khmer",
                 logo=Path("images/logo.png"), accent="#e3a94f")
    theme = high_contrast(deck)
    assert isinstance(theme, HighContrast) and isinstance(theme, Theme)
    assert (theme.heading_font, theme.body_font, theme.logo) == (
        deck.heading_font, deck.body_font, deck.logo)
    assert theme.accent == "#e3a94f"  # already 7:1 on every ground: the deck's own accent
    assert (theme.background, theme.text) == ("#000000", "#ffffff")
    dark_blue = high_contrast(THEMES["deep"]).accent
    red, green, blue = (int(dark_blue[i:i + 2], 16) for i in (1, 3, 5))
    assert blue > red and blue > green  # lightened, still blue


def test_the_setting_is_off_unless_set(tmp_path: Path) -> None:
    assert Settings().high_contrast is False
    path = tmp_path / "kiosk.yaml"
    path.write_text("high_contrast: true\n")
    settings, problems = load_settings(path)
    assert problems == [] and settings.high_contrast is True
    path.write_text("high_contrast: bright\n")
    settings, problems = load_settings(path)
    assert settings.high_contrast is False and ":1:16: error: expected yes or no" in str(
        problems[0])
    assert settings_schema()["properties"]["high_contrast"]["type"] == "boolean"
