"""Whether text can be read on its background: WCAG 2.2 contrast ratios. No Qt here."""

from __future__ import annotations

#: Normal text needs this much contrast (WCAG 2.2 AA); large text, such as figures, 3:1.
TEXT_RATIO, LARGE_RATIO = 4.5, 3.0


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
