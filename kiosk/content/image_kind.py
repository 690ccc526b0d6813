"""The image kind of the content format: a file inside the content folder, read in full, or
one per language; and the remembered facts of each image file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kiosk.content.images import ImageFacts, inspect_file
from kiosk.content.kinds import Context, Kind, content_file, per_language
from kiosk.content.safe_read import Refused
from kiosk.content.yamlpos import Path_


class Image(Kind):
    """A path to an image file inside the content folder (a deck must carry its images),
    read in full: a file cut short, or one claiming a huge picture, is an error here rather
    than a grey half-picture at the booth."""

    def check(self, value: Any, path: Path_, ctx: Context) -> Any:
        if isinstance(value, dict):  # a photo with words in it: one per language
            return per_language(value, path, ctx, self._file, "this picture is never shown")
        return self._file(value, path, ctx)

    def _file(self, value: Any, path: Path_, ctx: Context) -> Any:
        file = content_file(value, path, ctx, "an image file (or one per language)",
                            "the image into the deck's images/ folder")
        if not isinstance(file, Path):
            return file
        name = value.strip()
        if not file.exists():
            return ctx.error(path, f"image not found: {name}")
        try:
            facts = image_facts(file)
        except Refused as exc:  # a device, a pipe, a folder; or far too large
            return ctx.error(path, exc.naming(name))
        except OSError as exc:
            return ctx.error(path, f"image cannot be read: {name} ({exc.strerror or exc})")
        if facts.kind is None:
            return ctx.error(path, f"not an image (JPEG, PNG, WebP, GIF or BMP): {name}")
        if facts.problem:
            return ctx.error(path, f"{name}: {facts.problem}")
        ctx.images[file] = facts
        return file

    def schema(self) -> dict[str, Any]:
        one = {"type": "string", "minLength": 1}
        return {"anyOf": [one, {"type": "object", "additionalProperties": one}]}


_FACTS: dict[tuple[str, int, int], ImageFacts] = {}


def image_facts(file: Path) -> ImageFacts:
    """:func:`inspect_file`, remembered while the file is unchanged (a reload
    after an edit reads only the images that changed)."""
    stat = file.stat()
    key = (str(file), stat.st_mtime_ns, stat.st_size)
    facts = _FACTS.get(key)
    if facts is None:
        facts = inspect_file(file)
        if len(_FACTS) > 1000:
            _FACTS.clear()
        _FACTS[key] = facts
    return facts
