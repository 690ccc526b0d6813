"""What each part of the studio (photos, pages, sources and chapters, saving, decks, the
stick, the preview) may use of the whole: the deck being edited and its list, checks and
undo steps. ``controller.Studio`` provides it and holds the parts; a part never reaches
into another except through what it was given."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from kiosk.content.edit import DeckDocument
    from kiosk.studio.checks import Check
    from kiosk.studio.window import StudioWindow
    from kiosk.ui.tasks import TaskRunner


class StudioCore(Protocol):
    """The deck being edited, as the parts see it."""

    window: StudioWindow
    runner: TaskRunner
    last: Check | None  # the newest check's result (problems, pictures), if any

    @property
    def document(self) -> DeckDocument | None:
        """The deck being edited (None until one is open)."""

    @property
    def text(self) -> str:
        """The deck's text as of the last step to undo: the document's own text once
        :attr:`document` has been read (which makes any typing a step), at no cost."""

    @property
    def index(self) -> int:
        """The chosen slide's row."""

    @property
    def dirty(self) -> bool:
        """The deck was changed since it was opened or saved."""

    def mark_saved(self, text: str, folder: Path) -> None:
        """``text`` is on disk in ``folder``: unsaved only if edited since."""

    def discard(self) -> None:
        """Forget the unsaved changes (the volunteer said so)."""

    def replace_text(self, text: str, label: str) -> None:
        """The whole deck becomes ``text``, as one step to undo."""

    def record(self, label: str, merge: int = -1) -> None:
        """After a change to the document: one step to undo, and the deck is unsaved."""

    def fill_list(self, select: int) -> None:
        """The slide list anew (it keeps its place), ``select`` chosen."""

    def load_fields(self, index: int) -> None:
        """The fields of slide ``index``, with the deck's sources and chapters to choose."""

    def recheck(self) -> None:
        """Check and repaint soon, the slide list's pictures too."""

    def slide_ids(self) -> list[str]:
        """Each slide's id as the kiosk names it."""

    def open(self, folder: Path, select: int = 0, create: bool = False) -> None:
        """Read the deck in ``folder`` (on a worker) and edit it."""

    def failed(self, what: str) -> FailureHandler:
        """A worker's failure handler: ``what`` and the error in the window, and in the log."""


class FailureHandler(Protocol):
    def __call__(self, error: BaseException) -> None: ...
