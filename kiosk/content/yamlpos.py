"""YAML loading that remembers where every key and value stood in the file, and refuses
files built to exhaust the machine (huge, nested without end, aliases that multiply)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any

import yaml

from kiosk.content.problems import Where
from kiosk.content.safe_read import NotRegular, TooLarge, read_capped

Path_ = tuple[str | int, ...]

#: Larger than this is no deck or settings file a person wrote (the default deck is 12 KB).
MAX_BYTES = 2_000_000
#: Deeper than this is no deck a person wrote (a deck needs five levels or so).
MAX_DEPTH = 40
#: Values after every alias is expanded; more means aliases that multiply ("billion laughs").
MAX_VALUES = 200_000
#: libyaml's parser when PyYAML has it (much faster), else PyYAML's own.
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Located:
    """Plain Python data from a YAML file, with the position of each value and key."""

    data: Any
    file: str
    values: dict[Path_, Where] = field(default_factory=dict)
    keys: dict[Path_, Where] = field(default_factory=dict)
    duplicate_keys: list[tuple[Path_, Where]] = field(default_factory=list)

    def at(self, path: Path_) -> Where:
        """Where the value at ``path`` is, or the nearest enclosing value."""
        while path not in self.values and path:
            path = path[:-1]
        return self.values.get(path, Where(self.file))

    def key_at(self, path: Path_) -> Where:
        """Where the key that names ``path`` is (falls back to its value)."""
        return self.keys.get(path) or self.at(path)


class YamlSyntaxError(Exception):
    """A file that cannot be read as YAML, in plain words; ``str()`` says where:
    "deck.yaml line 26: a quotation mark is not closed"."""

    def __init__(self, where: Where, message: str) -> None:
        super().__init__(message)
        self.where = where
        self.message = message

    def __str__(self) -> str:
        return f"{PurePath(self.where.path).name} line {self.where.line}: {self.message}"


def _where(file: str, node: yaml.Node) -> Where:
    mark = node.start_mark
    return Where(file, mark.line + 1, mark.column + 1)


def read_yaml_text(path: Path, shown: str) -> str:
    """The text of a YAML file, refused (YamlSyntaxError) when it is absurdly large or no
    regular file (a device, a pipe: never waited on, never read without end). At most
    MAX_BYTES + 1 bytes are read, whatever size the file states. Raises OSError and
    UnicodeDecodeError as reading does."""
    try:
        data = read_capped(path, MAX_BYTES)
    except NotRegular as exc:
        raise YamlSyntaxError(Where(shown, 1, 1), exc.naming(path.name)) from None
    except TooLarge as exc:
        size = (f"{exc.stated / 1e6:.1f} MB" if exc.stated is not None else
                f"over {MAX_BYTES / 1e6:.0f} MB")
        raise _too_large(shown, size) from None
    return data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")  # as read_text


def _too_large(file: str, size: str) -> YamlSyntaxError:
    return YamlSyntaxError(Where(file, 1, 1), f"the file is {size}: a deck or settings file "
                                              f"may be at most {MAX_BYTES / 1e6:.0f} MB")


def _check_shape(text: str, file: str) -> None:
    """Walk the parser's events once, cheaply, before anything is built: refuse nesting
    deeper than MAX_DEPTH and aliases that expand to more than MAX_VALUES values."""
    loader = _Loader(text)
    try:
        expanded, depth = 0, 0
        starts: list[tuple[int, str | None]] = []
        sizes: dict[str, int] = {}
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise _shape_error(file, event, f"nested more than {MAX_DEPTH} levels "
                                                    "deep: no deck needs that")
                starts.append((expanded, event.anchor))
                expanded += 1
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
                begun, anchor = starts.pop()
                if anchor:
                    sizes[anchor] = expanded - begun
            elif isinstance(event, yaml.ScalarEvent):
                expanded += 1
                if event.anchor:
                    sizes[event.anchor] = 1
            elif isinstance(event, yaml.AliasEvent):
                expanded += sizes.get(event.anchor or "", 1)
            if expanded > MAX_VALUES:
                raise _shape_error(file, event, f"aliases (*name) expand to more than "
                                                f"{MAX_VALUES:,} values: write the values "
                                                "out, or use fewer aliases")
    finally:
        loader.dispose()


def _shape_error(file: str, event: yaml.Event, message: str) -> YamlSyntaxError:
    mark = event.start_mark
    if mark is None:
        return YamlSyntaxError(Where(file), message)
    return YamlSyntaxError(Where(file, mark.line + 1, mark.column + 1), message)


def load_located(text: str, file: str) -> Located:
    """Parse YAML text; raise YamlSyntaxError with the line of a syntax error, or of what
    makes the file unsafe to load (too large, too deep, aliases that multiply)."""
    if len(text) > MAX_BYTES:
        raise _too_large(file, f"{len(text) / 1e6:.1f} MB")
    try:
        _check_shape(text, file)
        return _located(text, file)
    except yaml.MarkedYAMLError as exc:
        raise syntax_error(exc, text, file) from exc
    except yaml.reader.ReaderError as exc:  # a control character, found before parsing
        line = text.count("\n", 0, exc.position) + 1
        raise YamlSyntaxError(Where(file, line), "this line holds an invisible control "
                                                 "character: type the line again") from exc
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(Where(file), UNREADABLE) from exc
    except RecursionError as exc:  # a last guard: _check_shape should have said so
        raise YamlSyntaxError(Where(file), "nested too deeply to read") from exc


def _located(text: str, file: str) -> Located:
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        result = Located(data=None, file=file)
        if root is not None:
            result.data = _build(loader, root, (), result)
        return result
    finally:
        loader.dispose()


#: What a parser's complaint we have no words for becomes.
UNREADABLE = "this line cannot be read (check its quotes, colons and indentation)"
_INDENTED = "this line is indented differently from the lines around it (use spaces, lined up)"


@dataclass(frozen=True)
class _Complaint:
    """A parser's complaint, lower-case, and the line where it stopped."""

    context: str
    problem: str
    before: str  # the line up to where the parser stopped
    found: str  # the character it stopped at
    value: str  # that line's value (after "name: ")

    def has(self, *words: str) -> bool:
        return any(word in self.context or word in self.problem for word in words)


def _duplicate(c: _Complaint) -> str:
    key = c.problem.split("duplicate key", 1)[1].split("with value")[0].strip(" \"'")
    return f"'{key}' appears twice here: keep one"


#: (does it match, show where it opened rather than where the parser stopped, the words):
#: the first that matches wins.
_WORDS: tuple[tuple[Callable[[_Complaint], bool], bool, str | Callable[[_Complaint], str]],
              ...] = (
    (lambda c: c.has("nesting depth"), False,
     f"nested more than {MAX_DEPTH} levels deep: no deck needs that"),
    (lambda c: c.has("escape"), False,
     'a backslash (\\) inside "double quotes": write it twice, or use \'single quotes\''),
    (lambda c: c.has("quoted scalar"), True, "a quotation mark is not closed"),
    (lambda c: c.has("tab") or c.found == "\t", False,
     "a tab is used here: indent with spaces instead"),
    (lambda c: c.has("flow sequence"), True,
     "a [ is not closed with ] (or a comma is missing between its items)"),
    (lambda c: c.has("flow mapping"), True,
     "a { is not closed with } (or a comma is missing between its items)"),
    (lambda c: c.has("duplicate key"), False, _duplicate),
    (lambda c: c.has("alias"), True, "a value starts with *: put the whole value in quotes"),
    (lambda c: c.value.startswith("*"), False,
     "a value starts with *: put the whole value in quotes"),
    (lambda c: c.has("tag", "anchor"), False,
     "a value starts with ! or &: put the whole value in quotes"),
    (lambda c: c.has("mapping values") and (": " in c.before or c.before.endswith(":")),
     False, "a colon (:) inside a value: put the whole value in quotes"),
    (lambda c: c.has("simple key"), True, "this line needs a colon (:) after its name"),
    (lambda c: c.has("cannot start any token"), False,
     lambda c: f"a value cannot start with {c.found.strip() or 'this character'}: put the "
               "whole value in quotes"),
    (lambda c: c.before.endswith(('"', "'")), False,
     "there is more after the closing quotation mark: put the whole value in quotes"),
    (lambda c: c.has("block", "expected key", "mapping values"), False, _INDENTED),
)


def syntax_error(exc: Any, text: str, file: str) -> YamlSyntaxError:
    """A YAML parser's complaint (PyYAML's or ruamel.yaml's MarkedYAMLError: both have
    ``context``, ``problem`` and their marks) in plain words, at the line a person should
    look at: where an unclosed quotation mark or bracket opened, else where the parser
    stopped."""
    opened, stopped = exc.context_mark or exc.problem_mark, exc.problem_mark or exc.context_mark
    lines = text.split("\n")
    line = lines[stopped.line] if stopped is not None and stopped.line < len(lines) else ""
    column = stopped.column if stopped is not None else 0
    complaint = _Complaint(str(exc.context or "").lower(), str(exc.problem or "").lower(),
                           line[:column].rstrip(), line[column:column + 1],
                           line.partition(": ")[2].strip())
    at_opening, words = next(((o, w) for test, o, w in _WORDS if test(complaint)),
                             (False, UNREADABLE))
    mark = opened if at_opening else stopped
    where = Where(file, mark.line + 1, mark.column + 1) if mark is not None else Where(file)
    return YamlSyntaxError(where, words if isinstance(words, str) else words(complaint))


def _build(loader: Any, node: yaml.Node, path: Path_, out: Located) -> Any:
    out.values[path] = _where(out.file, node)
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _scalar(loader, key_node)
            key = key if isinstance(key, str) else str(key)
            child = (*path, key)
            if key in result:
                out.duplicate_keys.append((child, _where(out.file, key_node)))
            out.keys[child] = _where(out.file, key_node)
            result[key] = _build(loader, value_node, child, out)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(loader, item, (*path, i), out) for i, item in enumerate(node.value)]
    return _scalar(loader, node)


def _scalar(loader: Any, node: yaml.Node) -> Any:
    """A value as YAML reads it, except where YAML 1.1 would surprise an author: ``13:00`` is
    the time they wrote (not the base-60 number 780), and ``2027-02-30``, which looks like a
    date but is none, is the text they wrote (for a plain message, not a traceback)."""
    if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":int") and ":" in node.value:
        return node.value
    try:
        return loader.construct_object(node, deep=True)
    except ValueError:
        return node.value
