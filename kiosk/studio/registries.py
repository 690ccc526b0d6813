"""The deck's sources and chapters in the studio: add, edit and remove them; each source
says which slides cite it."""

from __future__ import annotations

from typing import Any

from ruamel.yaml.comments import CommentedMap

from kiosk.studio.part import StudioCore


def titled(entries: list[Any]) -> list[tuple[str, str]]:
    """Sources or chapters as (id, title) for choosing them by title."""
    pairs = []
    for entry in entries:
        title = entry.get("title")
        first = next(iter(title.values()), "") if isinstance(title, dict) else title
        pairs.append((str(entry.get("id")), str(first or entry.get("id"))))
    return pairs


class Registries:
    def __init__(self, core: StudioCore) -> None:
        self.core = core

    def load(self) -> None:
        """The tables anew, from the deck being edited."""
        document = self.core.document
        assert document is not None
        sources = document.registry("sources")
        cited = []
        for entry in sources:
            rows = document.citing(str(entry.get("id")))
            cited.append(", ".join(str(i + 1) for i in rows) or "no slide")
        self.core.window.deck.sources.load(sources, cited)
        self.core.window.deck.chapters.load(document.registry("chapters"))

    def edit_entry(self, name: str, row: int, key: str, value: str | None) -> None:
        """A source's or chapter's field; problems (a missing title) show as usual."""
        document = self.core.document
        assert document is not None
        document.set_entry(name, row, key, value)
        self.core.record(f"edit the {name}", merge=hash((name, row, key)) & 0x3FFFFFFF)
        if key == "title":  # a slide's source or chapter is chosen by its title
            self.core.load_fields(self.core.index)
        self.core.recheck()

    def add_entry(self, name: str) -> int:
        """A new source or chapter at the end; its row."""
        document = self.core.document
        assert document is not None
        registry = document.registry(name, make=True)
        taken = {str(entry.get("id")) for entry in registry}
        number = len(registry) + 1
        prefix = "source" if name == "sources" else "chapter"
        while f"{prefix}-{number}" in taken:
            number += 1
        # A source starts empty: words standing in for its title or publisher would reach
        # visitors; empty, the deck is not ready until the volunteer types them.
        entry = ({"id": f"source-{number}", "title": "", "publisher": ""} if name == "sources"
                 else {"id": f"chapter-{number}", "title": "A new chapter"})
        registry.append(CommentedMap(entry))
        self.core.record(f"add to the {name}")
        self._changed()
        return len(registry) - 1

    def remove_entry(self, name: str, row: int) -> None:
        document = self.core.document
        assert document is not None
        registry = document.registry(name)
        if 0 <= row < len(registry):
            del registry[row]
            self.core.record(f"remove from the {name}")
            self._changed()

    def _changed(self) -> None:
        self.load()
        self.core.load_fields(self.core.index)  # the lists of sources and chapters change
        self.core.recheck()
