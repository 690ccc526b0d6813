"""Sizes that scale with the screen, and touch targets that stay big enough to hit."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QWidget

#: Smallest touch target on the physical screen, in millimetres.
MIN_TARGET_MM = 9.0


def unit(size: QSize) -> float:
    """1.0 on a 1080-pixel short side; everything on screen is measured in this unit."""
    return min(size.width(), size.height()) / 1080


#: The invitation's capital letters are at least this share of the screen's height (so a
#: passer-by three metres away reads it).
INVITATION_CAP = 0.026


def controls_strip(width: float, height: float) -> float:
    """Height of the strip along the bottom that slides leave to the controls and to the
    loop's invitation: no slide text is drawn there."""
    u = min(width, height) / 1080
    return 290 * u if height > width else 140 * u


def fill_parent(widget: QWidget) -> QSize | None:
    """Make ``widget`` cover its parent; the parent's size, or None without a parent."""
    parent = widget.parentWidget()
    if parent is None:
        return None
    widget.setGeometry(parent.rect())
    return parent.size()


class Layer(QWidget):
    """A full-window layer above the slides (countdown, thank-you screen)."""

    def cover(self) -> None:
        """Fill the window, show on top, repaint."""
        fill_parent(self)
        if not self.isVisible():
            self.show()
            self.raise_()
        self.update()


def touch_target(widget: QWidget) -> int:
    """Side of a touch target in pixels: 76 units, and never under 9 mm on this screen."""
    screen = widget.screen()
    dpi = screen.physicalDotsPerInch() if screen else 96.0
    ratio = screen.devicePixelRatio() if screen else 1.0
    physical = MIN_TARGET_MM / 25.4 * dpi / max(ratio, 1.0)
    window = widget.window().size() if widget.window() else widget.size()
    return max(round(76 * unit(window)), round(physical))
