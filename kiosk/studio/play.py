"""Playing the deck as edited in a real kiosk window, from the chosen slide."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, QSize, Qt

from kiosk.studio.part import StudioCore


class _PreviewCloser(QObject):
    """When the preview window closes: the pointer back, the kiosk's input filter off, and
    ``closed()``; then it lets the kiosk go (Qt deletes the window, Python the rest)."""

    def __init__(self, kiosk: Any, parent: QObject, closed: Callable[[], None]) -> None:
        super().__init__(parent)
        self.kiosk, self.closed = kiosk, closed
        kiosk.window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kiosk = self.kiosk
        if event.type() == QEvent.Type.Close and kiosk is not None and kiosk.journey:
            kiosk.journey.guard.show_cursor()
            kiosk.journey.detach()
            self.kiosk = None
            self.closed()
            self.deleteLater()
        return False


class Playing:
    """"Play from here": the real kiosk, in a window (its messages go to a throwaway
    folder; it closes like any window)."""

    def __init__(self, core: StudioCore) -> None:
        self.core = core
        self.played: Any = None  # the kiosk playing the deck in a window, if any
        self._scratch: tempfile.TemporaryDirectory[str] | None = None  # its data folder
        self._closer: _PreviewCloser | None = None

    def play_from_here(self) -> None:
        from kiosk.setup.config import Settings
        from kiosk.ui.compose import build_kiosk

        last = self.core.last
        deck = last.deck if last is not None else None
        if deck is None:
            self.core.window.set_status("Nothing to play yet: fix the problems first.", False)
            return
        if self.played is not None:  # (None once its window closed: Qt deletes it then)
            self.played.window.close()
        self._scratch = tempfile.TemporaryDirectory(prefix="kiosk-preview-")
        # No analytics: a preview's visits are nobody's, and a recorder would outlive it.
        kiosk = build_kiosk(Settings(kiosk_id="preview", keep_awake=False,
                                     cursor_hide_seconds=600, analytics=False),
                            Path(self._scratch.name), kiosk_mode=False,
                            runner=self.core.runner, schedule=False)  # any hour: a preview
        kiosk.window.allow_close = True
        kiosk.window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._closer = _PreviewCloser(kiosk, self.core.window, self._closed)
        kiosk.show_deck(deck)
        ids, index = self.core.slide_ids(), self.core.index
        chosen = ids[index] if 0 <= index < len(ids) else ""
        start = next((i for i, s in enumerate(deck.slides) if s.id == chosen), 0)
        kiosk.player.go_to(start, "cut")
        kiosk.window.present(windowed=True, size=QSize(1280, 720))
        self.played = kiosk

    def _closed(self) -> None:
        self.played = self._closer = None
        if self._scratch is not None:  # its throwaway folder goes with it
            self._scratch.cleanup()
            self._scratch = None
