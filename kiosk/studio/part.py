"""What each part of the studio's controller (photos, sources and chapters, saving) may use
of the whole; ``controller.Studio`` provides it."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtCore import QTimer

    from kiosk.content.edit import DeckDocument
    from kiosk.studio.window import StudioWindow
    from kiosk.ui.tasks import TaskRunner


class StudioPart:
    document: DeckDocument | None
    window: StudioWindow
    runner: TaskRunner
    dirty: bool
    _thumbs_wanted: bool
    _timer: QTimer

    @property
    def index(self) -> int:
        raise NotImplementedError

    def _record(self, label: str, merge: int = -1) -> None:
        raise NotImplementedError

    def on_slide_chosen(self, index: int) -> None:
        raise NotImplementedError

    def _fill_list(self, select: int) -> None:
        raise NotImplementedError
