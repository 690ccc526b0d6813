"""The slide list's buttons in the studio: add a slide of a kind (with first words that show
at once), move, drag, duplicate and delete slides, and "Add a source" beside a slide."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer

from kiosk.content.schema import NEEDS_SOURCE
from kiosk.studio.part import StudioCore
from kiosk.studio.registries import Registries

#: The first words a new slide of each type gets, so that it shows at once.
STARTERS: dict[str, dict[str, Any]] = {
    "title": {"heading": "A new title"},
    "text": {"heading": "A new heading", "body": "A few short sentences."},
    "image": {"caption": "What the photo shows"},
    "quote": {"quote": "A short quotation.", "by": "Who said it"},
    "stat": {"figure": "100", "label": "what the figure counts"},
    "sources": {"heading": "Sources"},
    "call_to_action": {"heading": "Leave a message", "url": "https://example.org/"},
}



class SlideOps:
    def __init__(self, core: StudioCore, registries: Registries) -> None:
        self.core, self.registries = core, registries

    def add_source(self) -> None:
        """"Add a source" beside a slide's source: a new one, cited by this slide, its
        row on the deck's tab ready for its title."""
        document, index = self.core.document, self.core.index
        if document is None or index < 0:
            return
        row = self.registries.add_entry("sources")
        document.set_field(index, "source", str(document.registry("sources")[row]["id"]))
        self.core.record("cite the new source")
        self.registries.load()
        self.core.load_fields(index)
        self.core.window.show_source(row)

    def add_slide(self, kind: str) -> None:
        assert self.core.document is not None
        taken = {str(s.get("id")) for s in self.core.document.slides}
        number = 1
        while f"{kind}-new-{number}" in taken:
            number += 1
        starter = dict(STARTERS.get(kind, {}))
        sources = [str(s.get("id")) for s in self.core.document.data.get("sources") or []]
        if kind in NEEDS_SOURCE and sources:
            starter["source"] = sources[0]  # a figure or quotation always says where from
        at = self.core.document.add_slide({"type": kind, "id": f"{kind}-new-{number}",
                                      **starter}, self.core.index + 1)
        self.core.record(f"add a {kind} slide")
        self.core.fill_list(at)

    def move(self, step: int) -> None:
        assert self.core.document is not None
        to = self.core.index + step
        if 0 <= to < len(self.core.document.slides):
            self.core.document.move_slide(self.core.index, to)
            self.core.record("move a slide")
            self.core.fill_list(to)

    def dragged(self, _parent: Any, start: int, _end: int, _destination: Any, row: int
                 ) -> None:
        """A slide dragged to another place in the list."""
        if self.core.document is None:
            return
        to = row - 1 if row > start else row
        self.core.document.move_slide(start, to)
        self.core.record("move a slide")
        QTimer.singleShot(0, lambda: self.core.fill_list(to))  # after the list finishes its move

    def duplicate(self) -> None:
        assert self.core.document is not None
        at = self.core.document.duplicate_slide(self.core.index)
        self.core.record("duplicate a slide")
        self.core.fill_list(at)

    def delete(self) -> None:
        assert self.core.document is not None
        if len(self.core.document.slides) > 1:
            self.core.document.delete_slide(self.core.index)
            self.core.record("delete a slide")
            self.core.fill_list(self.core.index)
