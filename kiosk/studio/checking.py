"""The deck checked as a whole while it is edited, and what each check found shown. A check
(:func:`kiosk.studio.checks.check`) runs on a worker, one at a time: edits made while one runs
are checked together once it is back. The preview shows the newest picture of the chosen
slide it has, the quick one painted at a keystroke or a check's; the status line, the fields
and the slide list's pictures show what the newest check found."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from PySide6.QtGui import QImage

from kiosk.studio.checks import PREVIEW, Check, check, place_problems
from kiosk.studio.live import Thumbnails
from kiosk.ui.common.images import DecodeCache

if TYPE_CHECKING:
    from kiosk.content.edit import DeckDocument
    from kiosk.studio.window import StudioWindow
    from kiosk.ui.tasks import TaskRunner

log = logging.getLogger(__name__)


class CheckedCore(Protocol):
    """What the checks see of the studio."""

    window: StudioWindow
    runner: TaskRunner
    edits: int  # changes made to the deck so far
    last: Check | None  # the newest check's result, where the parts look for it

    @property
    def document(self) -> DeckDocument | None:
        """The deck being edited (the typing so far made a step to undo first)."""

    @property
    def index(self) -> int:
        """The chosen slide's row."""

    @property
    def text(self) -> str:
        """The deck's text as of the last step to undo."""

    @property
    def typing_pending(self) -> bool:
        """Keys are being pressed: the typing is not yet a step to undo."""


class Checking:
    """``refresh()`` checks the deck as it is now; ``done(result)`` is told each check
    shown (the newest kept as the studio's ``last``). ``generation``: the checks asked for."""

    def __init__(self, core: CheckedCore, decoder: DecodeCache, thumbs: Thumbnails,
                 done: Callable[[Check], None]) -> None:
        self.core, self.decoder, self.thumbs, self.done = core, decoder, thumbs, done
        self.generation = 0
        self._checking: int | None = None  # the generation being checked now, if any
        self._shown = -1  # the changes the preview shows
        self.format_note = ""  # said while a deck read in an older format is unsaved

    def refresh(self) -> None:
        """Check and paint the deck as it is now: one check at a time (each takes a while),
        so edits faster than that are checked together once the one running is back."""
        core = self.core
        document = core.document  # (the typing so far made a step)
        if document is None:
            return
        self.generation += 1
        if self._checking is not None:
            return
        self._checking = self.generation
        size = PREVIEW[max(0, core.window.orientations.checkedId())]
        slide = document.slide(max(0, core.index))
        slide_id = str(slide.get("id") or f"{slide.get('type')}-{max(0, core.index) + 1}")
        job = (document.folder, core.text, slide_id, size, self.generation, self.decoder)
        edit = core.edits
        core.runner.run(lambda: check(*job), done=lambda result: self._checked(result, edit),
                        failed=self._check_failed)

    def _check_back(self) -> None:
        asked, self._checking = self._checking, None
        if asked != self.generation:
            self.refresh()  # edited meanwhile

    def _check_failed(self, error: BaseException) -> None:
        log.error("the deck could not be checked", exc_info=error)
        self._check_back()

    def _checked(self, result: Check, edit: int) -> None:
        self._check_back()
        if result.generation != self.generation:
            return  # an older check: a newer one is on its way
        self.core.last = result
        if edit >= self._shown:
            self._shown = edit
            self.core.window.preview.set_image(
                result.preview, "This slide cannot be shown yet: see its problems.")
        self._show_problems(result)
        if not self.core.typing_pending:
            self.thumbs.release()
        self.thumbs.update(result.deck, result.looks)
        self.done(result)

    def show_quick(self, image: QImage, edit: int) -> None:
        """The chosen slide painted at once, as of ``edit``: shown unless a newer is."""
        if edit > self._shown:
            self._shown = edit
            self.core.window.preview.set_image(image)

    def _show_problems(self, result: Check) -> None:
        window = self.core.window
        errors = [p for p in result.problems if p.is_error]
        if errors:
            window.set_status(f"{len(errors)} problem(s) to fix: not ready for the booth "
                              "(you can still save your work)", ready=False)
        else:
            notes = len(result.problems)
            window.set_status("Ready for the booth" + (f" · {notes} note(s) worth a look"
                                                       if notes else "")
                              + (f" · {self.format_note}" if self.format_note else ""),
                              ready=True)
        by_field, general = place_problems(result, self.core.index,
                                           set(window.fields.problems))
        window.fields.show_problems(by_field)
        window.slide_problems.setText("\n".join(general))
