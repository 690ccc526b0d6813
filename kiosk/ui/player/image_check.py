"""`kiosk validate` decodes every image as the player will, and reports what the decoder says
about it (a JPEG damaged inside shows a smeared band; its only other trace is a line on
stderr without the file's name)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, qInstallMessageHandler

from kiosk.content import Deck
from kiosk.content.problems import Problem, Problems, Where
from kiosk.ui.common.images import ImageError, decode


def decode_problems(deck: Deck) -> list[Problem]:
    """Decode each image of ``deck`` once, at booth size; a problem for each complaint.
    Run it on one thread at a time (it listens to Qt's messages while it decodes)."""
    problems = Problems()
    places: dict[Path, Where] = {}
    for slide in deck.slides:
        for path in slide.all_images():
            if path not in places:
                field = "poster" if path == slide.fields.get("poster") else "image"
                places[path] = slide.field_at.get(field, slide.where)
    said: list[str] = []

    def listen(_mode: Any, _context: Any, message: str) -> None:
        said.append(message)

    for path, where in places.items():
        said.clear()
        previous = qInstallMessageHandler(listen)
        try:
            decode(path, QSize(1920, 1920), "fit")
        except ImageError as exc:
            problems.error(where, f"{exc}: the picture cannot be decoded")
            continue
        finally:
            qInstallMessageHandler(previous)
        if said:
            problems.warning(where, f"{path.name}: the decoder reports '{said[0]}': the "
                                    "picture may show a smeared or grey band; copy it again "
                                    "from the original")
    return problems.sorted()
