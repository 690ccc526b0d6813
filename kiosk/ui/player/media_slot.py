"""The video and the narration of the slide on screen, for the player.

A video starts once its slide has come in (muted in the attract loop; with sound while a
visitor browses with the Sound button on) and stops as the slide leaves: its last frame
stays as the still the transition moves away. A slide's narration, in the language on
screen, plays while the slide shows: with sound on while browsing, and in the attract loop
when the deck says ``narration_in_loop``.

How long such a slide stays (:meth:`MediaSlot.dwell_ms`): a video without a duration of its
own that does not loop lasts the video (``ended``); any other slide its duration, stretched
to its narration's length and a second more.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QElapsedTimer, QObject, QSize, Signal
from PySide6.QtGui import QImage

from kiosk.content.model import Deck
from kiosk.ui import media
from kiosk.ui.player.media_engine import finish
from kiosk.ui.player.narration import Narration
from kiosk.ui.player.video import VideoPlayback

#: The pause after a narration before the slide moves on, in the deck's seconds.
AFTER_NARRATION_S = 1.0


class MediaSlot(QObject):
    """Starts and stops the playing parts of the slide on screen."""

    frame_ready = Signal()  # the video's frame changed: frame()
    ended = Signal()  # a video that lasts its slide has ended: the slide may move on
    retimed = Signal()  # how long the slide stays changed (a video failed, a voice measured)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.index = -1  # the slide whose video or narration this holds
        self.sound = False  # the visitor's Sound button
        self.browsing = False
        self._deck: Deck | None = None
        self._language = ""
        self._video: VideoPlayback | None = None
        self._voice: Narration | None = None
        self._since = QElapsedTimer()  # since the slide came in
        self._video_over = False  # it ended, or could not play: the slide is a still
        self._broken: tuple[Deck | None, set[Path]] = (None, set())  # videos that failed

    # ---------------------------------------------------------------- the slide
    def enter(self, deck: Deck, index: int, language: str, size: QSize, ratio: float,
              text_scale: float) -> None:
        """Slide ``index`` has come in: start its video and narration (the same slide again,
        in another language or text size: they go on, unless its video had ended)."""
        if index == self.index and deck is self._deck and not self._video_over:
            if self._video is not None:
                self._video.look.set_text_scale(text_scale)
            self.set_language(language)
            return
        self.leave()
        self._deck, self.index, self._language = deck, index, language
        self._since.start()
        self._video_over = False
        slide = deck.slides[index]
        if self._broken[0] is not deck:
            self._broken = (deck, set())  # (another deck: every video is tried again)
        if (slide.type == "video" and media.available()  # (else its poster is its still)
                and slide.fields["video"] not in self._broken[1]):
            video = VideoPlayback(deck, slide, language, size, ratio, self, text_scale)
            video.frame_ready.connect(self.frame_ready)
            video.ended.connect(self._on_ended)
            video.failed.connect(self._on_failed)
            self._video = video
            video.play(muted=not self.audible)
        self._narrate()

    def leave(self) -> QImage | None:
        """The slide leaves: everything stops; the video's last frame, if it showed one."""
        self.index, self._deck = -1, None
        if self._voice is not None:
            self._voice.stop()
        video, self._video = self._video, None
        if video is None:
            return None
        video.stop()
        video.deleteLater()
        return video.frame()

    def stop_now(self) -> None:
        """Stop everything and let Qt delete the players at once (the kiosk's exit, once
        its event loop has ended: :func:`kiosk.ui.player.media_engine.finish`)."""
        self.leave()
        finish()

    def frame(self) -> QImage | None:
        return self._video.frame() if self._video is not None else None

    @property
    def video(self) -> VideoPlayback | None:
        return self._video

    @property
    def voice(self) -> Narration | None:
        return self._voice

    def pause(self) -> None:
        if self._video is not None:
            self._video.pause()

    def resume(self) -> None:
        if self._video is not None and not self._video_over:
            self._video.play(muted=not self.audible)

    def set_language(self, language: str) -> None:
        """Subtitles switch (the video goes on); the narration starts again in
        ``language``."""
        if self.index < 0 or language == self._language:
            return
        self._language = language
        if self._video is not None:
            self._video.look.set_language(language)
        if self._voice is not None:
            self._voice.stop()
        self._narrate()

    def set_size(self, size: QSize, ratio: float) -> None:
        if self._video is not None:
            self._video.look.set_size(size, ratio)

    # ---------------------------------------------------------------- sound
    @property
    def audible(self) -> bool:
        """A visitor browses with sound on."""
        return self.browsing and self.sound

    def set_sound(self, on: bool) -> None:
        self._hear(self.browsing, on)

    def set_browsing(self, on: bool) -> None:
        """A visitor took over, or left (the loop: sound off until the next one asks)."""
        self._hear(on, self.sound and on)

    def _hear(self, browsing: bool, sound: bool) -> None:
        """Sound follows a change (only a change: a voice that has come to its end is not
        heard again because the visitor opened the form)."""
        if (browsing, sound) == (self.browsing, self.sound):
            return
        self.browsing, self.sound = browsing, sound
        if self._video is not None:
            self._video.set_muted(not self.audible)
        self._narrate()

    def _narration(self) -> Path | None:
        """The narration of the slide on screen, when it should be playing now."""
        deck = self._deck
        if deck is None or self.index < 0:
            return None
        heard = self.audible or (not self.browsing and deck.narration_in_loop)
        return deck.slides[self.index].narration(self._language) if heard else None

    def _narrate(self) -> None:
        """Play the narration due now (if not already playing), or stop the one not due."""
        due = self._narration()
        voice = self._voice
        if due is None:
            if voice is not None:
                voice.stop()
            return
        if voice is None:
            voice = self._voice = Narration(self)
            voice.measured.connect(self._on_measured)
        if voice.playing != due:
            voice.play(due)

    # ---------------------------------------------------------------- how long it stays
    def dwell_ms(self, base_ms: int, speed: float) -> int | None:
        """How long the slide on screen stays from now, given its usual ``base_ms``; None
        while it lasts its video (until ``ended``)."""
        if self._lasts_video() and not self._video_over:
            return None
        voice = self._voice
        length = voice.length_ms(voice.playing) if voice and voice.playing else None
        if length is None:
            return base_ms
        rest = length + round(AFTER_NARRATION_S * 1000 / speed) - self._since.elapsed()
        return max(base_ms, rest)

    def _lasts_video(self) -> bool:
        """A video slide with no duration of its own that does not loop is playing."""
        video = self._video
        return video is not None and not video.slide.timed and not video.slide.fields.get(
            "loop")

    def _on_ended(self) -> None:
        self._video_over = True  # (its last frame stays)
        if self._lasts_video():
            self.ended.emit()

    def _on_measured(self, _path: Path) -> None:
        self.retimed.emit()

    def _on_failed(self, _reason: str) -> None:
        self._video_over = True  # the poster stays, for the slide's duration
        if self._video is not None:  # (and stands for the video from now on)
            self._broken[1].add(self._video.slide.fields["video"])
        self.retimed.emit()
