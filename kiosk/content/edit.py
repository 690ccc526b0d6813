"""Editing a deck as its author wrote it: deck.yaml loaded with ruamel.yaml's round-trip mode,
so that saving keeps every comment, the key order and the quoting of what was not edited.

The kiosk's own loader (``yamlpos``) stays as it is: it reads, this module writes. Saving is
atomic and keeps the previous file as ``deck.yaml.bak``. A file of an older format is
upgraded as it is opened and saved in the current one, which it then declares
(:mod:`kiosk.content.formats`); a newer one is refused. No Qt here.
"""

from __future__ import annotations

import copy
import io
import os
from collections.abc import Mapping, MutableMapping
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError

from kiosk.content.formats import DECK_FORMAT, FORMAT_KEY, FileFormat, FormatError
from kiosk.content.loader import DECK_FILE
from kiosk.content.problems import Where
from kiosk.content.safe_read import NotRegular, read_capped
from kiosk.content.yamlpos import MAX_BYTES, YamlSyntaxError, read_yaml_text, syntax_error
from kiosk.files import write_atomically
from kiosk.setup.config_formats import SETTINGS_FORMAT

BACKUP_SUFFIX = ".bak"


class EditError(ValueError):
    """An edit that cannot be made (no such slide, a file that is not a deck)."""


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap an author's long line
    yaml.indent(mapping=2, sequence=4, offset=2)  # the style the default deck is written in
    return yaml


def _parse(yaml: YAML, text: str, path: Path) -> Any:
    """``text`` read as YAML; a syntax error in plain words ("deck.yaml line 26: a quotation
    mark is not closed"), never the parser's own."""
    try:
        return yaml.load(text)
    except MarkedYAMLError as exc:
        raise syntax_error(exc, text, path.name) from None
    except ValueError as exc:  # a date that is none, such as 2027-02-30
        raise YamlSyntaxError(Where(path.name, _no_date_line(text)), f"a date that does not "
                              f"exist ({exc}): put it right, or in quotes") from None


def _no_date_line(text: str) -> int:
    """The first line holding a date that does not exist (1 if none is found)."""
    import datetime
    import re

    for number, line in enumerate(text.split("\n"), 1):
        for year, month, day in re.findall(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b", line):
            try:
                datetime.date(int(year), int(month), int(day))
            except ValueError:
                return number
    return 1


def _current(formats: FileFormat, data: CommentedMap, program: str
             ) -> tuple[CommentedMap, int | None]:
    """``data`` upgraded to the current format, which it then declares (at its top, under
    the comments there, when it did not), and the format it was written in when that was an
    older one. A newer one is an :class:`EditError` in words; a new, empty one is current."""
    try:
        found = formats.found(data, program) if data else formats.current
    except FormatError as exc:
        raise EditError(str(exc)) from None
    if FORMAT_KEY not in data:
        data.insert(0, FORMAT_KEY, found)
    return formats.upgrade(data, found), (found if found < formats.current else None)


def plain(value: Any) -> Any:
    """``value`` as the plain Python the kiosk's own loader makes of YAML (dicts, lists,
    strings, numbers, dates): a copy that the editor may go on changing meanwhile."""
    if isinstance(value, Mapping):
        return {plain(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return value


class DeckDocument:
    """``DeckDocument(folder)``: the deck in ``folder``, ready to be edited and saved, in
    the current format (``upgraded_from`` says which older one it was written in)."""

    def __init__(self, folder: Path, text: str | None = None) -> None:
        self.folder = Path(folder)
        self.path = self.folder / DECK_FILE
        self._yaml = _yaml()
        source = text if text is not None else read_yaml_text(self.path, str(self.path))
        data = _parse(self._yaml, source, self.path)
        if not isinstance(data, CommentedMap):
            raise EditError(f"{self.path} is not a deck (a map with title and slides)")
        self.data, self.upgraded_from = _current(DECK_FORMAT, data, "Kiosk Studio")
        if not isinstance(self.data.get("slides"), CommentedSeq):
            self.data["slides"] = CommentedSeq()

    # ---------------------------------------------------------------- reading
    @property
    def slides(self) -> CommentedSeq:
        slides: CommentedSeq = self.data["slides"]
        return slides

    @property
    def languages(self) -> list[str]:
        found = self.data.get("languages")
        return [str(x) for x in found] if isinstance(found, list) and found else ["en"]

    def slide(self, index: int) -> CommentedMap:
        if not 0 <= index < len(self.slides) or not isinstance(self.slides[index],
                                                                 CommentedMap):
            raise EditError(f"there is no slide {index + 1}")
        slide: CommentedMap = self.slides[index]
        return slide

    def text(self) -> str:
        """The whole deck.yaml as it would be saved now."""
        out = io.StringIO()
        self._yaml.dump(self.data, out)
        return out.getvalue()

    def one_slide(self, index: int) -> dict[str, Any]:
        """The deck's head and slide ``index`` alone, as plain data, with the id and chapter
        that slide has in the whole deck: enough to paint it, quickly, while it is typed in."""
        head = {k: plain(v) for k, v in self.data.items() if k != "slides"}
        slide = plain(self.slide(index))
        if not slide.get("id"):
            slide["id"] = f"{slide.get('type')}-{index + 1}"
        for before in range(index - 1, -1, -1):
            if slide.get("chapter"):
                break
            earlier = self.slides[before]
            if isinstance(earlier, Mapping) and earlier.get("chapter"):
                slide["chapter"] = plain(earlier["chapter"])
        return {**head, "slides": [slide]}

    # ---------------------------------------------------------------- editing
    def set_field(self, index: int, name: str, value: Any, language: str | None = None
                  ) -> None:
        """Set a slide's field. With ``language``, only that language's text changes (a plain
        text becomes a map of languages when a second language is written)."""
        self._set(self.slide(index), name, value, language)

    def set_deck_field(self, name: str, value: Any, language: str | None = None) -> None:
        """Set a deck-wide field (title, languages, duration, ...), as ``set_field`` does."""
        self._set(self.data, name, value, language)

    def registry(self, name: str, make: bool = False) -> CommentedSeq:
        """The deck's ``sources`` or ``chapters`` list; a deck with none gives an empty one,
        put into the deck only with ``make`` (reading a deck never changes it)."""
        found = self.data.get(name)
        if not isinstance(found, CommentedSeq):
            found = CommentedSeq()
            if make:
                self.data[name] = found
        return found

    def set_entry(self, name: str, row: int, key: str, value: str | None) -> None:
        """Set (or, with None, remove) one field of a source or a chapter."""
        entry = self.registry(name)[row]
        if value is None:
            entry.pop(key, None)
        else:
            entry[key] = value

    def citing(self, source_id: str) -> list[int]:
        """The slides (by position) that cite ``source_id``."""
        found = []
        for i, slide in enumerate(self.slides):
            cited = slide.get("source") if isinstance(slide, Mapping) else None
            ids = cited if isinstance(cited, list) else [cited]
            if source_id in [str(x) for x in ids if x is not None]:
                found.append(i)
        return found

    def set_theme(self, name: str, value: str) -> None:
        theme = self.data.get("theme")
        if not isinstance(theme, MutableMapping):
            theme = self.data["theme"] = CommentedMap()
        theme[name] = value

    def _set(self, slide: MutableMapping[str, Any], name: str, value: Any,
             language: str | None) -> None:
        if language is None:
            slide[name] = value
            return
        current = slide.get(name)
        default = self.languages[0]
        if isinstance(current, MutableMapping):
            current[language] = value
        elif current is None or language == default:
            if current is None and language != default:
                slide[name] = CommentedMap([(language, value)])
            else:
                slide[name] = value
        else:
            slide[name] = CommentedMap([(default, current), (language, value)])

    def remove_field(self, index: int, name: str) -> None:
        self.slide(index).pop(name, None)

    def add_slide(self, fields: Mapping[str, Any], at: int | None = None) -> int:
        """Insert a slide (at the end unless ``at``); returns its index."""
        slide = CommentedMap(fields)
        where = len(self.slides) if at is None else max(0, min(at, len(self.slides)))
        self.slides.insert(where, slide)
        return where

    def duplicate_slide(self, index: int) -> int:
        copied = copy.deepcopy(self.slide(index))
        if "id" in copied:
            copied["id"] = self._free_id(str(copied["id"]))
        self.slides.insert(index + 1, copied)
        return index + 1

    def delete_slide(self, index: int) -> CommentedMap:
        """Remove a slide and return it (so that it can be put back: undo)."""
        slide = self.slide(index)
        del self.slides[index]
        return slide

    def move_slide(self, index: int, to: int) -> None:
        slide = self.delete_slide(index)
        self.slides.insert(max(0, min(to, len(self.slides))), slide)

    def _free_id(self, base: str) -> str:
        taken = {str(s.get("id")) for s in self.slides if isinstance(s, Mapping)}
        number = 2
        while f"{base}-{number}" in taken:
            number += 1
        return f"{base}-{number}"

    # ---------------------------------------------------------------- saving
    def save(self, folder: Path | None = None) -> Path:
        """Write deck.yaml (into ``folder`` if given, else where it came from) atomically; the
        file it replaces is kept beside it as deck.yaml.bak. Returns the path written."""
        target = (Path(folder) if folder is not None else self.folder) / DECK_FILE
        save_with_backup(target, self.text())
        if folder is not None:
            self.folder, self.path = Path(folder), target
        return target


#: A new deck: one welcome slide, one chapter, ready to grow in the studio (written in
#: format 1, and upgraded to the current format as it is written).
STARTER_DECK = """\
# A deck made with Kiosk Studio. Check it with: kiosk validate <this folder>
format: 1
title: Our booth
version: "1"
languages: [en]
duration: 10
transition: fade
sources: []
chapters:
  - id: story
    title: Our story
    icon: mdi6.book-open-variant
slides:
  - type: title
    id: welcome
    heading: Welcome to our booth
    subtitle: Touch the screen to begin
    chapter: story
"""


def new_deck(folder: Path) -> Path:
    """Start a deck in ``folder`` (made if missing); a folder with files in it is refused,
    so no one's work is ever written over."""
    folder.mkdir(parents=True, exist_ok=True)
    if any(folder.iterdir()):
        raise EditError(f"{folder} is not empty: choose an empty folder for a new deck")
    (folder / "images").mkdir()
    write_atomically(folder / DECK_FILE, DeckDocument(folder, STARTER_DECK).text().encode())
    return folder / DECK_FILE


def save_with_backup(target: Path, text: str) -> None:
    """Write ``text`` to ``target`` atomically, the file it replaces kept as ``NAME.bak``."""
    if not target.parent.is_dir():
        raise FileNotFoundError(f"the folder {target.parent} does not exist")
    try:
        kept = read_capped(target, MAX_BYTES)
    except (FileNotFoundError, NotRegular):
        kept = None  # nothing there, or nothing of an author's (a device, a pipe)
    if kept is not None:
        write_atomically(target.with_name(target.name + BACKUP_SUFFIX), kept)
    write_atomically(target, text.encode("utf-8"))


class SettingsDocument:
    """kiosk.yaml as its author wrote it (a new, empty one if there is none yet), in the
    current format (``upgraded_from`` as for :class:`DeckDocument`)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._yaml = _yaml()
        text = read_yaml_text(self.path, str(self.path)) if self.path.exists() else ""
        data = _parse(self._yaml, text, self.path) if text.strip() else None
        self.data: CommentedMap
        self.data, self.upgraded_from = _current(
            SETTINGS_FORMAT, data if isinstance(data, CommentedMap) else CommentedMap(), "kiosk")

    def get(self, *path: str) -> Any:
        node: Any = self.data
        for key in path:
            node = node.get(key) if isinstance(node, Mapping) else None
        return node

    def set(self, path: tuple[str, ...], value: Any) -> None:
        """Set (or, with None, remove) the setting at ``path``, making sections as needed and
        removing sections left empty."""
        if value is None:
            self._remove(self.data, path)
            return
        node: MutableMapping[str, Any] = self.data
        for key in path[:-1]:
            child = node.get(key)
            if not isinstance(child, MutableMapping):
                child = node[key] = CommentedMap()
            node = child
        node[path[-1]] = value

    def _remove(self, node: MutableMapping[str, Any], path: tuple[str, ...]) -> None:
        if len(path) == 1:
            node.pop(path[0], None)
            return
        child = node.get(path[0])
        if isinstance(child, MutableMapping):
            self._remove(child, path[1:])
            if not child:
                node.pop(path[0], None)

    def text(self) -> str:
        out = io.StringIO()
        self._yaml.dump(self.data, out)
        return out.getvalue()

    def save(self) -> Path:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        save_with_backup(self.path, self.text())
        return self.path


def relative_image(folder: Path, image: Path) -> str:
    """How a deck in ``folder`` names ``image`` (which must be inside it), with / always."""
    return Path(os.path.relpath(image.resolve(), Path(folder).resolve())).as_posix()
