"""The deck's sources and chapters in the studio (a part of ``controller.Studio``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ruamel.yaml.comments import CommentedMap

from kiosk.studio.part import StudioPart

if TYPE_CHECKING:
    pass


class Registries(StudioPart):
    """Add, edit and remove sources and chapters; each source says which slides cite it."""

    def _load_registries(self) -> None:
        assert self.document is not None
        sources = self.document.registry("sources")
        cited = []
        for entry in sources:
            rows = self.document.citing(str(entry.get("id")))
            cited.append(", ".join(str(i + 1) for i in rows) or "no slide")
        self.window.deck.sources.load(sources, cited)
        self.window.deck.chapters.load(self.document.registry("chapters"))

    def edit_entry(self, name: str, row: int, key: str, value: str | None) -> None:
        """A source's or chapter's field; problems (a missing title) show as usual."""
        assert self.document is not None
        self.document.set_entry(name, row, key, value)
        self._record(f"edit the {name}", merge=hash((name, row, key)) & 0x3FFFFFFF)
        self._thumbs_wanted = True
        self._timer.start()

    def add_entry(self, name: str) -> None:
        assert self.document is not None
        registry = self.document.registry(name)
        number = len(registry) + 1
        entry = ({"id": f"source-{number}", "title": "Title of the work",
                  "publisher": "Who published it"} if name == "sources"
                 else {"id": f"chapter-{number}", "title": "A new chapter"})
        registry.append(CommentedMap(entry))
        self._record(f"add to the {name}")
        self._load_registries()
        self.on_slide_chosen(self.index)  # the lists of sources and chapters change

    def remove_entry(self, name: str, row: int) -> None:
        assert self.document is not None
        registry = self.document.registry(name)
        if 0 <= row < len(registry):
            del registry[row]
            self._record(f"remove from the {name}")
            self._load_registries()
            self.on_slide_chosen(self.index)
