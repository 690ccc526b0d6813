"""The kiosk's own fonts (assets/fonts), so every machine draws the same letters."""

from __future__ import annotations

import logging

from PySide6.QtGui import QFont, QFontDatabase

from kiosk.platform import paths

log = logging.getLogger(__name__)

#: Tried in order for characters the chosen family lacks (Khmer, Korean, ...).
FALLBACKS = ["Noto Sans", "Noto Sans Khmer", "Noto Sans CJK KR"]

_loaded = False


def load_fonts() -> None:
    """Register the bundled fonts once (needs a QGuiApplication)."""
    global _loaded
    if _loaded:
        return
    for file in sorted(paths.fonts_dir().glob("*.[ot]tf")):
        if QFontDatabase.addApplicationFont(str(file)) < 0:
            log.warning("could not load font %s", file.name)
    _loaded = True


def font(family: str, pixel_size: float, bold: bool = False, italic: bool = False) -> QFont:
    f = QFont()
    f.setFamilies([family, *[fb for fb in FALLBACKS if fb != family]])
    f.setPixelSize(max(1, round(pixel_size)))
    f.setWeight(QFont.Weight.Bold if bold else QFont.Weight.Normal)
    f.setItalic(italic)
    f.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return f
