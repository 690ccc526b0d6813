"""YAML loading that remembers where every key and value stood in the file."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from kiosk.content.problems import Where

Path_ = tuple[str | int, ...]


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


def load_located(text: str, file: str) -> Located:
    """Parse YAML text; raise YamlSyntaxError with the line of a syntax error."""
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
        result = Located(data=None, file=file)
        if root is not None:
            result.data = _build(loader, root, (), result)
        return result
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Where(file, mark.line + 1, mark.column + 1) if mark else Where(file)
        raise YamlSyntaxError(where, f"YAML syntax: {exc.problem or exc}") from exc
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(Where(file), f"YAML syntax: {exc}") from exc
    finally:
        loader.dispose()


def _build(loader: yaml.SafeLoader, node: yaml.Node, path: Path_, out: Located) -> Any:
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
