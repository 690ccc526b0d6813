"""How long the slide on screen stays before the next one comes.

A slide's duration counts from the start of the transition that brought it in, as in slide
software (``duration: 10`` is a new slide every 10 s), times the mode's factor, sped up by
the player's speed (tests). The slide's playing parts may change that
(:meth:`kiosk.ui.player.media_slot.MediaSlot.dwell_ms`): a video may last its own length
(its end is then the slide's), a narration stretches the slide to its end.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.content.model import Slide
from kiosk.ui.player.media_slot import MediaSlot


class Dwell(QObject):
    """The countdown of the slide on screen: ``due`` when it is time for the next."""

    due = Signal()

    def __init__(self, media: MediaSlot, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._media = media
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.due)
        self.faded_ms = 0  # how long the transition that brought the slide in took
        self._waiting = False  # for the video's end
        self._counted: tuple[Slide, str, float, float] | None = None
        media.ended.connect(self._on_ended)
        media.retimed.connect(self._retime)

    def start(self, slide: Slide, language: str, factor: float, speed: float) -> None:
        """Count ``slide``'s time in ``language``, times ``factor``, ``speed`` times faster."""
        self._counted = (slide, language, factor, speed)
        faded, self.faded_ms = self.faded_ms, 0
        usual = round(slide.duration_for(language) * factor * 1000 / speed) - faded
        ms = self._media.dwell_ms(usual, speed)
        self._waiting = ms is None
        if ms is None:
            self._timer.stop()
        else:
            self._timer.start(max(1, ms))

    def stop(self) -> None:
        self._timer.stop()
        self._waiting = False

    @property
    def active(self) -> bool:
        """Counting down, or waiting for the video's end."""
        return self._timer.isActive() or self._waiting

    @property
    def ms(self) -> int:
        """The countdown's length (0: none runs)."""
        return self._timer.interval() if self._timer.isActive() else 0

    def _on_ended(self) -> None:
        if self._waiting:
            self._waiting = False
            self.due.emit()

    def _retime(self) -> None:
        """The slide's time changed (its video failed, its narration's length is known):
        counted again, if it was being counted."""
        if self.active and self._counted is not None:
            self.start(*self._counted)
