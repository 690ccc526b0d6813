"""Whether text can be read on its background: WCAG 2.2 contrast ratios. No Qt here."""

from __future__ import annotations

from dataclasses import dataclass, replace

from kiosk.content.model import Deck, Theme

#: Normal text needs this much contrast (WCAG 2.2 AA); large text, such as figures, 3:1.
TEXT_RATIO, LARGE_RATIO = 4.5, 3.0
#: What every word and control has in high contrast (WCAG 2.2 AAA for text).
HIGH_RATIO = 7.0


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """Relative luminance of ``#rrggbb`` (0 black to 1 white)."""
    value = colour.lstrip("#")[:6]
    r, g, b = (int(value[i:i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def ratio(foreground: str, background: str) -> float:
    """The contrast ratio, from 1 (none) to 21 (black on white)."""
    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


#: (the theme's text colour, the colour it stands on, the ratio it needs, what it is)
PAIRS = (
    ("text", "background", TEXT_RATIO, "text on the slides"),
    ("muted", "background", TEXT_RATIO, "captions and sources on the slides"),
    ("text", "surface", TEXT_RATIO, "text on cards and panels"),
    ("accent", "background", LARGE_RATIO, "figures and highlights"),
)


def theme_problems(colours: dict[str, str]) -> list[tuple[str, str]]:
    """(colour name, plain words) for each pair of theme colours too close to read."""
    found = []
    for fore, back, need, what in PAIRS:
        if fore in colours and back in colours:
            have = ratio(colours[fore], colours[back])
            if have < need:
                found.append((fore, f"{what}: {colours[fore]} on {colours[back]} has a "
                                    f"contrast of {have:.1f}:1; it needs at least {need:g}:1 "
                                    "to be read (WCAG 2.2 AA)"))
    return found


# ---------------------------------------------------------------- high contrast
#: The high-contrast grounds: the screen, cards and fields, keys and buttons.
BLACK, CARD, KEY, WHITE = "#000000", "#141414", "#262626", "#ffffff"

#: (words or a control's sign, what it is drawn on) for every pair of theme colours the
#: kiosk's screens draw one on the other: slides, controls, the form, keyboard, staff.
SCREEN_PAIRS = (
    ("text", "background"), ("text", "surface"), ("text", "raised"),
    ("muted", "background"), ("muted", "surface"), ("muted", "raised"),
    ("accent", "background"), ("accent", "surface"), ("accent", "raised"),
    ("background", "accent"), ("error", "background"), ("error", "surface"),
    ("text", "danger"),
)


@dataclass(frozen=True)
class HighContrast(Theme):
    """The high-contrast palette (``high_contrast: true`` in kiosk.yaml): the kiosk's
    screens draw their controls' edges solid in it."""


def _rgb(colour: str) -> list[int]:
    value = colour.lstrip("#")[:6]
    return [int(value[i:i + 2], 16) for i in (0, 2, 4)]


def _mix(colour: str, toward: str, share: float) -> str:
    """``colour`` moved ``share`` (0 to 1) of the way to ``toward``."""
    return "#" + "".join(f"{round(a * (1 - share) + b * share):02x}"
                         for a, b in zip(_rgb(colour), _rgb(toward), strict=True))


def _toward(colour: str, end: str, grounds: tuple[str, ...]) -> str:
    """``colour``, moved toward ``end`` in small steps until it stands out from each of
    ``grounds`` at HIGH_RATIO (its hue kept as far as it can be)."""
    for step in range(21):
        mixed = _mix(colour, end, step / 20)
        if all(ratio(mixed, ground) >= HIGH_RATIO for ground in grounds):
            return mixed
    return end


def high_contrast(theme: Theme) -> Theme:
    """``theme``'s colours replaced by a high-contrast palette: white words on black, cards
    and keys a shade lighter, the deck's accent, muted, error and danger colours lightened
    (or, under white words, darkened) until every pair in SCREEN_PAIRS is at least 7:1.
    Its fonts and logo stay."""
    grounds = (BLACK, CARD, KEY)
    return HighContrast(
        background=BLACK, surface=CARD, raised=KEY, text=WHITE,
        muted=_toward(theme.muted, WHITE, grounds), accent=_toward(theme.accent, WHITE, grounds),
        error=_toward(theme.error, WHITE, grounds), danger=_toward(theme.danger, BLACK, (WHITE,)),
        heading_font=theme.heading_font, body_font=theme.body_font, logo=theme.logo)


def in_high_contrast(deck: Deck | None) -> Deck | None:
    """``deck`` with its theme in high contrast (None stays None)."""
    return None if deck is None else replace(deck, theme=high_contrast(deck.theme))


def screen_problems(theme: Theme, need: float = HIGH_RATIO) -> list[str]:
    """Each pair of SCREEN_PAIRS under ``need``, in words."""
    colours = vars(theme)
    return [f"{fore} {colours[fore]} on {back} {colours[back]}: "
            f"{ratio(colours[fore], colours[back]):.1f}:1"
            for fore, back in SCREEN_PAIRS if ratio(colours[fore], colours[back]) < need]
