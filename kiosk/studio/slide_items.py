"""The slide list's rows: each slide's number, the chapter it begins, its words in a tooltip
and, for a screen reader, what it is ("Slide 3, Video: A new well")."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QListWidgetItem

from kiosk.content.edit import DeckDocument
from kiosk.studio.fields import KIND_NAMES
from kiosk.studio.registries import titled


def chapter_starts(document: DeckDocument) -> list[str]:
    """For each slide, the title of the chapter it begins (a slide without ``chapter:`` is
    in the one before it), else ''."""
    titles = dict(titled(document.registry("chapters")))
    starts, current = [], None
    for slide in document.slides:
        chapter = slide.get("chapter") or current
        starts.append(titles.get(str(chapter), str(chapter)) if chapter != current else "")
        current = chapter
    return starts


def slide_item(number: int, slide: Mapping[str, Any], chapter: str, icon: QIcon
               ) -> QListWidgetItem:
    """Slide ``number`` (from 1) as a row of the list."""
    words = next((str(slide[k]) for k in ("heading", "figure", "quote", "caption")
                  if isinstance(slide.get(k), str)), "")
    item = QListWidgetItem(f"{number}" + (f"\n{chapter}" if chapter else ""))
    kind = str(slide.get("type"))
    said = f"{KIND_NAMES.get(kind, kind)}: {words}" if words else KIND_NAMES.get(kind, kind)
    item.setToolTip(said)
    if slide.get("placeholder"):
        item.setToolTip(f"Replace this photo: {slide['placeholder']}")
    item.setData(Qt.ItemDataRole.AccessibleTextRole,
                 f"Slide {number}, {said}" + (f" (starts the chapter {chapter})"
                                              if chapter else ""))
    item.setIcon(icon)
    return item
