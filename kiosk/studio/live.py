"""The preview while a volunteer types, and the slide list's pictures.

At each keystroke the slide being edited is painted at once, from the deck's head and that
slide alone (:meth:`DeckDocument.one_slide`): no whole-deck text, no whole-deck check. The deck
is checked as a whole when the typing pauses (the controller's timer). After each check the
list's pictures come in a few at a time, only for slides that look different now, the rows in
view first, and none is started while keys are being pressed: a worker painting pictures would
hold up the next keystroke's preview."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon, QImage, QPixmap
from shiboken6 import isValid

from kiosk.content import Deck
from kiosk.content.loader import build_deck
from kiosk.studio.checks import PREVIEW, THUMB, badge, paint
from kiosk.ui.common.images import DecodeCache

if TYPE_CHECKING:
    from kiosk.content.edit import DeckDocument
    from kiosk.studio.window import StudioWindow
    from kiosk.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

#: Pictures painted by one worker job: small enough that a keystroke never waits long.
BATCH = 4


class LiveCore(Protocol):
    """What the preview and the pictures see of the studio."""

    window: StudioWindow
    runner: TaskRunner
    edits: int  # changes made to the deck so far

    @property
    def editing(self) -> DeckDocument | None:
        """The deck as it is this moment (while typing, ahead of the last undo step)."""

    @property
    def index(self) -> int:
        """The chosen slide's row."""

    def slide_ids(self) -> list[str]:
        """Each slide's id as the kiosk names it."""


def paint_one(folder: Path, data: dict[str, Any], size: QSize, decoder: DecodeCache
              ) -> QImage | None:
    """The one slide in ``data`` (see :meth:`DeckDocument.one_slide`) at ``size``, or None
    when it cannot be shown as it stands. Runs on a worker."""
    deck = build_deck(folder, data)
    return None if deck is None else paint(deck, deck.slides[0], size, decoder)


class QuickPreview:
    """Paints the chosen slide as it is now, one job at a time (edits made meanwhile are
    painted together when it is back); ``show(image, edit)`` is told each picture and the
    count of edits it includes."""

    def __init__(self, core: LiveCore, decoder: DecodeCache,
                 show: Callable[[QImage, int], None]) -> None:
        self.core, self.decoder, self.show = core, decoder, show
        self._running = False
        self._wanted = False

    def paint(self, edit: int) -> None:
        """Paint the chosen slide as of ``edit`` (the studio's count of changes)."""
        if not isValid(self.core.window):
            return  # (closed meanwhile)
        document, index = self.core.editing, self.core.index
        if document is None or index < 0:
            return
        if self._running:
            self._wanted = True
            return
        self._running, self._wanted = True, False
        data = document.one_slide(index)
        size, folder = PREVIEW[max(0, self.core.window.orientations.checkedId())], \
            document.folder
        self.core.runner.run(lambda: paint_one(folder, data, size, self.decoder),
                             done=lambda image: self._painted(image, edit),
                             failed=self._failed)

    def _painted(self, image: QImage | None, edit: int) -> None:
        self._back()
        if image is not None and isValid(self.core.window):
            self.show(image, edit)

    def _failed(self, error: BaseException) -> None:
        log.info("studio: the slide could not be painted quickly: %s", error)
        self._back()  # (the check of the whole deck says why)

    def _back(self) -> None:
        self._running = False
        if self._wanted:
            self.paint(self.core.edits)


class Thumbnails:
    """The slide list's pictures, painted after each check for the slides whose looks
    changed, :data:`BATCH` at a time; held while keys are pressed."""

    def __init__(self, core: LiveCore, decoder: DecodeCache) -> None:
        self.core, self.decoder = core, decoder
        self._deck: Deck | None = None
        self._looks: dict[str, str] = {}
        self._painted: dict[str, str] = {}  # slide id: the looks its picture shows
        self._queue: list[str] = []
        self._running = False
        self.held = False

    def forget(self) -> None:
        """Another deck: every picture is painted anew."""
        self._painted.clear()
        self._queue.clear()

    def update(self, deck: Deck | None, looks: dict[str, str]) -> None:
        """A new check of the deck: paint whatever looks different now."""
        self._deck, self._looks = deck, looks
        if deck is None:
            self._queue = []
            return
        changed = {i for i, look in looks.items() if self._painted.get(i) != look}
        self._queue = [i for i in self._in_view_first(list(looks)) if i in changed]
        self._next()

    def hold(self) -> None:
        self.held = True

    def release(self) -> None:
        self.held = False
        self._next()

    @property
    def painting(self) -> bool:
        """A batch of pictures is being painted on a worker now."""
        return self._running

    @property
    def pending(self) -> int:
        """Pictures still to paint (and being painted)."""
        return len(self._queue) + (BATCH if self._running else 0)

    def _in_view_first(self, ids: list[str]) -> list[str]:
        slides = self.core.window.slides
        top = slides.indexAt(slides.viewport().rect().topLeft()).row()
        bottom = slides.indexAt(slides.viewport().rect().bottomLeft()).row()
        top = max(0, top)
        bottom = len(ids) - 1 if bottom < 0 else bottom
        return ids[top:bottom + 1] + ids[:top] + ids[bottom + 1:]

    def _next(self) -> None:
        deck = self._deck
        if self._running or self.held or not self._queue or deck is None:
            return
        batch, self._queue = self._queue[:BATCH], self._queue[BATCH:]
        slides = [s for s in deck.slides if s.id in batch]
        looks = {i: self._looks[i] for i in batch}
        self._running = True
        self.core.runner.run(
            lambda: {s.id: paint(deck, s, THUMB, self.decoder) for s in slides},
            done=lambda pictures: self._painted_batch(pictures, looks),
            failed=self._failed)

    def _painted_batch(self, pictures: dict[str, QImage | None], looks: dict[str, str]
                       ) -> None:
        self._running = False
        document = self.core.editing
        if document is not None and isValid(self.core.window):  # (not closed meanwhile)
            for row, slide_id in enumerate(self.core.slide_ids()):
                if slide_id not in pictures:
                    continue
                item, thumb = self.core.window.slides.item(row), pictures[slide_id]
                stand_in = bool(document.slides[row].get("placeholder"))
                picture = badge(thumb) if thumb is not None and stand_in else thumb
                if item is not None:
                    item.setIcon(QIcon(QPixmap.fromImage(picture)) if picture is not None
                                 else QIcon())
            self._painted.update(looks)
        self._next()

    def _failed(self, error: BaseException) -> None:
        log.error("the slide list's pictures could not be painted", exc_info=error)
        self._running = False
        self._next()
