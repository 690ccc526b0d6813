"""Every stylesheet of the kiosk's own screens, built from the deck's Theme in one place.

Widgets call these with the sizes they were laid out for (``u``: one unit at the window's size;
``side``: the touch-target side) and carry no colours of their own.
"""

from __future__ import annotations

from PySide6.QtGui import QColor

from kiosk.content import Theme
from kiosk.content.contrast import HighContrast

#: The dark veil under the floating controls, so they read on light and dark slides alike.
SCRIM = "rgba(10, 16, 24, 165)"
#: A QR code scans best as black on white, whatever the theme.
QR_DARK, QR_LIGHT = "#111111", "#ffffff"


def colour(css: str) -> QColor:
    """A colour of these sheets ("#rrggbb" or "rgba(r, g, b, a)") for a control drawn by
    hand."""
    if css.startswith("rgba("):
        red, green, blue, alpha = (int(v) for v in css[5:-1].split(","))
        return QColor(red, green, blue, alpha)
    return QColor(css)


def line(alpha: int) -> str:
    """A light hairline or wash over the dark theme (``alpha`` 0 to 255)."""
    return f"rgba(255, 255, 255, {alpha})"


def high(t: Theme) -> bool:
    """Whether ``t`` is the high-contrast palette (``high_contrast: true``)."""
    return isinstance(t, HighContrast)


def scrim(t: Theme, alpha: int = 215) -> str:
    """The dark veil under a floating control; solid, the theme's background, in high
    contrast (a slide's light photo must not shine through)."""
    return t.background if high(t) else f"rgba(10, 16, 24, {alpha})"


def edge(t: Theme, alpha: int) -> str:
    """A control's hairline edge; solid, in the text colour, in high contrast."""
    return t.text if high(t) else line(alpha)


def wash(t: Theme, alpha: int) -> str:
    """A faint light fill; none (the background) in high contrast."""
    return t.background if high(t) else line(alpha)


def faded(t: Theme, alpha: int) -> str:
    """The words of a control that cannot be used now; still legible in high contrast."""
    return t.muted if high(t) else line(alpha)


def controls_sheet(t: Theme, side: int) -> str:
    return f"""
        QPushButton[kind="round"] {{
            background: {scrim(t)}; border: {max(3, side // 25)}px solid
            {edge(t, 150)}; border-radius: {side // 2}px; }}
        QPushButton[kind="round"]:pressed {{
            background: {t.accent}; border-color: {t.accent}; }}
        QPushButton[kind="pill"] {{
            background: transparent; color: {t.text}; border: 2px solid transparent;
            padding: 0 {side // 3}px;
            font-family: "{t.body_font}"; font-size: {round(side * 0.34)}px; }}
        QPushButton#message {{ color: {t.background}; font-weight: bold; }}
        QPushButton#sound {{ padding: 0 {side // 5}px; }}
        QPushButton[kind="pill"]:pressed, QPushButton[kind="pill"]:checked {{
            color: {t.background}; }}
    """


def language_chooser_sheet(t: Theme, side: int) -> str:
    """The list of languages on the deck's background, the one on screen marked (solid
    edges: a translucent rounded border shows seams where its corners meet its sides)."""
    return f"""
        QWidget#panel {{ background: {t.background}; border: 2px solid {t.raised};
            border-radius: {side // 2}px; }}
        QPushButton {{ background: transparent; color: {t.text}; border: 2px solid {t.raised};
            border-radius: {side // 2}px; padding: 0 {side // 2}px;
            font-family: "{t.body_font}"; font-size: {round(side * 0.38)}px; }}
        QPushButton:checked {{ border: {max(3, side // 25)}px solid {t.accent};
            color: {t.accent}; font-weight: bold; }}
        QPushButton:pressed {{ background: {t.accent}; color: {t.background}; }}
    """


def chapter_menu_sheet(t: Theme, u: float, side: int) -> str:
    return f"""
        QLabel {{ color: {t.text}; font-family: "{t.heading_font}";
                  font-size: {round(72 * u)}px; font-weight: bold; }}
        QPushButton#close {{ background: {wash(t, 18)};
            border: 2px solid {edge(t, 70)}; border-radius: {side // 2}px; }}
        QPushButton#close:pressed {{ background: {t.accent}; }}
        QToolButton#tile {{ background: {t.surface}; color: {t.text};
            border: 2px solid {edge(t, 40)}; border-radius: {round(24 * u)}px;
            font-family: "{t.body_font}"; font-size: {round(40 * u)}px;
            padding: {round(24 * u)}px; }}
        QToolButton#tile:checked {{ border: {max(3, round(5 * u))}px solid {t.accent}; }}
        QToolButton#tile:pressed {{ background: {t.accent}; color: {t.background}; }}
    """


def form_sheet(t: Theme, u: float, side: int) -> str:
    px = round
    return f"""
        QLabel {{ color: {t.text}; font-family: "{t.body_font}"; font-size: {px(28 * u)}px; }}
        QLabel#title {{ font-family: "{t.heading_font}"; font-size: {px(64 * u)}px;
                        font-weight: bold; }}
        QLabel#intro {{ color: {t.muted}; font-size: {px(30 * u)}px; }}
        QLabel#reason {{ color: {t.muted}; font-size: {px(28 * u)}px; }}
        QLabel#error {{ color: {t.error}; font-size: {px(24 * u)}px; }}
        QLabel#counter {{ color: {t.muted}; font-size: {px(24 * u)}px; }}
        QLineEdit, QPlainTextEdit {{
            background: {t.surface}; color: {t.text}; font-family: "{t.body_font}";
            font-size: {px(34 * u)}px; border: 2px solid {edge(t, 60)};
            border-radius: {px(14 * u)}px; padding: {px(8 * u)}px {px(16 * u)}px;
            selection-background-color: {t.accent}; }}
        QLineEdit:focus, QPlainTextEdit:focus {{ border: {max(2, px(4 * u))}px solid
            {t.accent}; }}
        QPushButton {{ color: {t.text}; font-family: "{t.body_font}";
            font-size: {px(30 * u)}px; background: {t.surface};
            border: 2px solid {edge(t, 60)}; border-radius: {side // 2}px;
            padding: 0 {px(28 * u)}px; }}
        QPushButton:pressed {{ background: {t.accent}; color: {t.background}; }}
        QPushButton#chip:checked {{ background: {t.accent}; color: {t.background};
            border-color: {t.accent}; }}
        QPushButton#tick {{ text-align: left; border: none; background: transparent;
            padding: 0; }}
        QPushButton#send {{ background: {t.accent}; color: {t.background};
            border-color: {t.accent}; font-weight: bold; }}
        QPushButton#send:disabled {{ background: {wash(t, 30)};
            color: {faded(t, 110)}; border-color: {edge(t, 40)}; }}
        OnScreenKeyboard QPushButton {{ border-radius: {px(12 * u)}px;
            font-size: {px(36 * u)}px; padding: 0; background: {t.raised}; }}
        OnScreenKeyboard QPushButton:disabled {{ color: {faded(t, 110)}; }}
        OnScreenKeyboard QPushButton:pressed, OnScreenKeyboard QPushButton:checked {{
            background: {t.accent}; color: {t.background}; }}
    """


def pin_pad_sheet(t: Theme, u: float) -> str:
    return f"""
        QLabel {{ color: {t.text}; font-family: "{t.body_font}"; }}
        QLabel#title {{ font-family: "{t.heading_font}"; font-size: {round(64 * u)}px;
                        font-weight: bold; }}
        QLabel#dots {{ color: {t.accent}; font-size: {round(48 * u)}px; }}
        QLabel#message {{ color: {t.muted}; font-size: {round(28 * u)}px;
                          min-height: {round(80 * u)}px; }}
        QPushButton {{ background: {t.surface}; color: {t.text}; border-radius:
            {round(18 * u)}px; border: 2px solid {edge(t, 50)};
            font-family: "{t.body_font}"; font-size: {round(48 * u)}px; }}
        QPushButton:pressed {{ background: {t.accent}; color: {t.background}; }}
        QPushButton#pin-ok {{ background: {t.accent}; }}
        QPushButton:disabled {{ color: {faded(t, 80)}; }}
    """


def staff_panel_sheet(t: Theme, u: float, side: int) -> str:
    return f"""
        QLabel {{ color: {t.text}; font-family: "{t.body_font}";
                  font-size: {round(28 * u)}px; }}
        QLabel#title {{ font-family: "{t.heading_font}"; font-size: {round(64 * u)}px;
                        font-weight: bold; }}
        QLabel#heading {{ font-family: "{t.heading_font}"; font-size: {round(40 * u)}px;
                          font-weight: bold; }}
        QLabel#muted {{ color: {t.muted}; font-size: {round(24 * u)}px; }}
        QLabel#warning {{ color: {t.accent}; font-size: {round(22 * u)}px; }}
        QLabel#detail {{ font-size: {round(22 * u)}px; }}
        QLabel#number {{ color: {t.accent}; font-family: "{t.heading_font}";
                         font-size: {round(64 * u)}px; font-weight: bold; }}
        QLabel#figure {{ color: {t.accent}; font-family: "{t.heading_font}";
                         font-size: {round(34 * u)}px; font-weight: bold; }}
        QWidget#card {{ background: {t.surface}; border-radius: {round(24 * u)}px; }}
        QScrollArea#staff-scroll, QWidget#staff-body {{ background: transparent; }}
        QScrollBar:vertical {{ background: transparent; width: {round(48 * u)}px;
                               margin: 0 0 0 {round(12 * u)}px; }}
        QScrollBar::add-page:vertical, QScrollBar::sub-page:vertical {{
            background: {t.surface}; }}
        QScrollBar::handle:vertical {{ background: {t.muted}; border-radius: {round(18 * u)}px;
                                       min-height: {side}px; }}
        QScrollBar::add-line, QScrollBar::sub-line {{ height: 0; }}
        QPushButton {{ background: {t.raised}; color: {t.text}; border-radius: {side // 2}px;
            border: 2px solid {edge(t, 50)}; padding: 0 {round(26 * u)}px;
            font-family: "{t.body_font}"; font-size: {round(28 * u)}px; }}
        QPushButton:checked {{ background: {t.accent}; color: {t.background};
                               border-color: {t.accent}; }}
        QPushButton:pressed {{ background: {t.accent}; color: {t.background}; }}
        QPushButton:disabled {{ color: {faded(t, 90)}; }}
        QPushButton#exit, QPushButton#confirm-yes {{ background: {t.danger};
            border-color: {t.danger}; }}
        QPushButton#sync, QPushButton#export {{ background: {t.accent};
            color: {t.background}; font-weight: bold; }}
        QProgressBar {{ background: {t.raised}; border-radius: {round(8 * u)}px;
                        min-height: {round(16 * u)}px; }}
        QProgressBar::chunk {{ background: {t.accent}; border-radius: {round(8 * u)}px; }}
    """


def confirm_sheet(t: Theme, u: float, side: int) -> str:
    """The staff panel's yes/no question: the panel's look, with larger words."""
    return staff_panel_sheet(t, u, side) + f"""
        QLabel {{ font-size: {round(40 * u)}px; }}"""


def deck_picker_sheet(t: Theme, u: float, side: int) -> str:
    """Load slides from USB: the panel's look; each deck a wide, left-aligned card."""
    return staff_panel_sheet(t, u, side) + f"""
        QLabel#warning {{ font-size: {round(26 * u)}px; }}
        QPushButton#deck {{ text-align: left; border-radius: {round(20 * u)}px;
            padding: {round(14 * u)}px {round(30 * u)}px; }}
        QPushButton#use-deck {{ background: {t.accent}; color: {t.background};
            font-weight: bold; }}"""
