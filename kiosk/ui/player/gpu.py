"""The GPU path (the setting ``renderer: gpu``, for a Raspberry Pi): the player's frames drawn
through OpenGL instead of by the processor.

A surface (a QOpenGLWidget) lies over the player and paints with the player's own code. With
a QPainter on it, Qt's OpenGL paint engine keeps each finished frame as a texture (uploaded
once, by the image's cache key) and a fade becomes two textured rectangles blended by the
graphics chip: the processor only issues the draw calls. The widgets over the player (the
invitation, the controls) are composed over it by Qt. Where no OpenGL context can be had (a
virtual machine, an old driver, Qt's offscreen platform) the surface says so once and the
player draws as usual.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QOpenGLContext, QPainter, QRegion, QShowEvent
from PySide6.QtOpenGLWidgets import QOpenGLWidget
from PySide6.QtWidgets import QWidget


def opengl_works() -> bool:
    """Whether an OpenGL context can be made here (asked quietly, before Qt's widget would
    complain of it)."""
    return QOpenGLContext().create()


class GpuSurface(QOpenGLWidget):
    """Calls ``draw(painter, region)`` for each frame; ``refused()`` once if OpenGL is not
    there when the surface is first shown."""

    def __init__(self, parent: QWidget, draw: Callable[[QPainter, QRegion], None],
                 refused: Callable[[], None]) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)  # the player's
        # (weakly: they are the player's, and the player owns the surface)
        self._draw, self._refused = weakref.WeakMethod(draw), weakref.WeakMethod(refused)
        self._checked = False
        self.show()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._checked:  # the context is made as the surface is shown
            self._checked = True
            QTimer.singleShot(0, self._check)

    def _check(self) -> None:
        refused = self._refused()
        if not self.isValid() and refused is not None:
            refused()

    def paintGL(self) -> None:
        draw = self._draw()
        if draw is None:
            return
        painter = QPainter(self)
        try:
            draw(painter, QRegion(self.rect()))
        finally:
            painter.end()
