"""YAML loading that remembers where every key and value stood in the file, and refuses
files built to exhaust the machine (huge, nested without end, aliases that multiply)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
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
    def __init__(self, where: Where, message: str) -> None:
        super().__init__(message)
        self.where = where
        self.message = message


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
    loader = _Loader(text)
    try:
        _check_shape(text, file)
        root = loader.get_single_node()
        result = Located(data=None, file=file)
        if root is not None:
            result.data = _build(loader, root, (), result)
        return result
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Where(file, mark.line + 1, mark.column + 1) if mark else Where(file)
        raise YamlSyntaxError(where, _syntax_message(exc)) from exc
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(Where(file), f"YAML syntax: {exc}") from exc
    except RecursionError as exc:  # a last guard: _check_shape should have said so
        raise YamlSyntaxError(Where(file), "nested too deeply to read") from exc
    finally:
        loader.dispose()


def _syntax_message(exc: yaml.MarkedYAMLError) -> str:
    """The parser's complaint, in our words where newer libyaml refuses deep nesting first."""
    problem = str(exc.problem or exc)
    if "nesting depth" in problem:
        return f"nested more than {MAX_DEPTH} levels deep: no deck needs that"
    return f"YAML syntax: {problem}"


def _build(loader: Any, node: yaml.Node, path: Path_, out: Located) -> Any:
    out.values[path] = _where(out.file, node)
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            key = key if isinstance(key, str) else str(key)
            child = (*path, key)
            if key in result:
                out.duplicate_keys.append((child, _where(out.file, key_node)))
            out.keys[child] = _where(out.file, key_node)
            result[key] = _build(loader, value_node, child, out)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(loader, item, (*path, i), out) for i, item in enumerate(node.value)]
    return loader.construct_object(node, deep=True)
