"""The kinds of value a deck, form or settings file holds: each checks a value (with the
file position of any problem) and describes itself for the JSON Schema. The kinds only a
deck has are in deck_kinds.py, its schedules in schedule_kind.py. No Qt here."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from kiosk.content.images import ImageFacts
from kiosk.content.problems import Problems, Where
from kiosk.content.yamlpos import Located, Path_

INVALID = object()
"""Returned by a check when the value could not be used (a problem was reported)."""


@dataclass
class Context:
    """What checking a value needs to know about the deck around it."""

    located: Located
    problems: Problems
    root: Path
    languages: list[str] = field(default_factory=lambda: ["en"])
    sources: set[str] = field(default_factory=set)
    chapters: set[str] = field(default_factory=set)
    images: dict[Path, ImageFacts] = field(default_factory=dict)  # each image checked
    #: Texts with no translation in a language, by language: said once each, with the count.
    untranslated: dict[str, list[Where]] = field(default_factory=dict)
    #: The booth's date, for a schedule's 'until' that has passed (None: not checked).
    today: date | None = None

    def at(self, path: Path_) -> Where:
        return self.located.at(path)

    def error(self, path: Path_, message: str) -> object:
        self.problems.error(self.at(path), message)
        return INVALID


def _type_name(value: Any) -> str:
    if value is None:
        return "nothing"
    return {str: "text", bool: "yes/no", int: "a number", float: "a number", list: "a list",
            dict: "a map of keys"}.get(type(value), type(value).__name__)


def did_you_mean(word: str, choices: list[str]) -> str:
    import difflib  # (only for a mistake: not on the way to the first slide)

    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


class Kind:
    """One kind of value: how to check it and how to describe it in JSON Schema."""

    def check(self, value: Any, path: Path_, ctx: Context) -> Any:
        raise NotImplementedError

    def schema(self) -> dict[str, Any]:
        raise NotImplementedError


class Str(Kind):
    def __init__(self, pattern: str | None = None, hint: str = "") -> None:
        self.pattern = re.compile(pattern) if pattern else None
        self.hint = hint

    def check(self, value: Any, path: Path_, ctx: Context) -> Any:
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            return ctx.error(path, f"expected text, found {_type_name(value)}")
        value = str(value).strip()
        if not value:
            return ctx.error(path, "must not be empty")
        if self.pattern and not self.pattern.fullmatch(value):
            return ctx.error(path, f"'{value}' is not {self.hint}")
        return value

    def schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "string", "minLength": 1}
        if self.pattern:
            out["pattern"] = f"^{self.pattern.pattern}$"
        return out


class Text(Kind):
    """Visible text: a string, or a map of language code to string."""

    def check(self, value: Any, path: Path_, ctx: Context) -> Any:
        default = ctx.languages[0]
        result = self.read(value, path, ctx)
        if result is INVALID or not isinstance(value, dict):
            return result  # (plain text: the same in every language)
        if default not in result:
            return ctx.error(path, f"has no text in the deck's first language '{default}'")
        for lang in ctx.languages[1:]:
            if lang not in result:
                ctx.untranslated.setdefault(lang, []).append(ctx.at(path))
        return result

    @staticmethod
    def read(value: Any, path: Path_, ctx: Context, about: str = "") -> Any:
        """``value`` as {language: text} (a string is in the deck's first language); each
        problem begins with ``about``."""
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            text = str(value).strip()
            return {ctx.languages[0]: text} if text else ctx.error(path,
                                                                 f"{about}must not be empty")
        if not isinstance(value, dict):
            found = _type_name(value)
            return ctx.error(path, f"{about}expected text or a map of languages, found {found}")
        result: dict[str, str] = {}
        for lang, text in value.items():
            if lang not in ctx.languages:
                ctx.problems.warning(
                    ctx.located.key_at((*path, lang)),
                    f"{about}language '{lang}' is not in the deck's languages "
                    f"({', '.join(ctx.languages)}){did_you_mean(lang, ctx.languages)}",
                )
                continue
            if not isinstance(text, str | int | float) or isinstance(text, bool):
                ctx.error((*path, lang), f"{about}expected text, found {_type_name(text)}")
                continue
            result[lang] = str(text).strip()
        return result

    def schema(self) -> dict[str, Any]:
        return {"anyOf": [{"type": "string"},
                          {"type": "object", "additionalProperties": {"type": "string"}}]}


class Term(Text):
    """A name or term that a line never breaks inside: plain text (kept whole in every
    language), or a map with only the languages it is written in (``{km: ពលពត}``). A language
    without it needs no translation of it."""

    def __init__(self, owner: str) -> None:
        self.owner = owner  # the setting it belongs to, named in its problems

    def check(self, value: Any, path: Path_, ctx: Context) -> Any:
        result = self.read(value, path, ctx, f"{self.owner}: ")
        if result is INVALID or any(result.values()):
            return result
        return ctx.error(path, f"{self.owner}: the term has no text in any of the deck's "
                               f"languages ({', '.join(ctx.languages)})")


class Number(Kind):
    def __init__(self, minimum: float, maximum: float, unit: str = "") -> None:
        self.minimum, self.maximum, self.unit = minimum, maximum, unit

    def check(self, value: Any, path: Path_, ctx: Context) -> Any:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return ctx.error(path, f"expected a number, found {_type_name(value)} '{value}'")
        if not self.minimum <= value <= self.maximum:
            return ctx.error(
                path, f"{value} is outside {self.minimum:g} to {self.maximum:g}{self.unit}"
            )
        return float(value)

    def schema(self) -> dict[str, Any]:
        return {"type": "number", "minimum": self.minimum, "maximum": self.maximum}


def per_language(value: dict[Any, Any], path: Path_, ctx: Context,
                 check: Callable[[Any, Path_, Context], Any], unused: str) -> Any:
    """A value given once per language: each checked by ``check``; a language the deck does
    not have is warned about (``unused`` says what that means). Given only in such
    languages (or as an empty map), it counts as not given (None), not as a mistake that
    would take the slide away."""
    errors = sum(p.is_error for p in ctx.problems.items)
    result = {}
    for language, each in value.items():
        if language not in ctx.languages:
            ctx.problems.warning(ctx.at((*path, language)),
                                 f"'{language}' is not in the deck's languages: {unused}")
            continue
        checked = check(each, (*path, language), ctx)
        if checked is not INVALID:
            result[str(language)] = checked
    if result:
        return result
    return None if errors == sum(p.is_error for p in ctx.problems.items) else INVALID


def content_file(value: Any, path: Path_, ctx: Context, expected: str,
                 copy: str) -> Path | object:
    """The file ``value`` names inside the content folder (a deck carries its files), or
    INVALID (said why): ``expected`` says what the value should be the path of, ``copy``
    what to copy where when the file is outside."""
    if not isinstance(value, str) or not value.strip():
        return ctx.error(path, f"expected the path of {expected}, found {_type_name(value)}")
    name = value.strip()
    root = ctx.root.resolve()
    file = (root / name).resolve()
    if Path(name).is_absolute() or not file.is_relative_to(root):
        return ctx.error(path, f"'{name}' is outside the content folder: copy {copy}, so "
                               "that the deck carries it")
    return file


class Seconds(Number):
    """A number of seconds, or one per language (Khmer takes longer to read than English)."""

    def check(self, value: Any, path: Path_, ctx: Context) -> Any:
        if not isinstance(value, dict):
            return super().check(value, path, ctx)
        return per_language(value, path, ctx, super().check, "this duration is never used")

    def schema(self) -> dict[str, Any]:
        one = super().schema()
        return {"anyOf": [one, {"type": "object", "additionalProperties": one}]}


class Choice(Kind):
    def __init__(self, *values: str) -> None:
        self.values = list(values)

    def check(self, value: Any, path: Path_, ctx: Context) -> Any:
        if value not in self.values:
            return ctx.error(
                path,
                f"'{value}' is not one of {', '.join(self.values)}"
                f"{did_you_mean(str(value), self.values)}",
            )
        return value

    def schema(self) -> dict[str, Any]:
        return {"enum": self.values}


class Flag(Kind):
    def check(self, value: Any, path: Path_, ctx: Context) -> Any:
        if not isinstance(value, bool):
            return ctx.error(path, f"expected yes or no (true/false), found {_type_name(value)}")
        return value

    def schema(self) -> dict[str, Any]:
        return {"type": "boolean"}


class Url(Str):
    _EXAMPLE = re.compile(r"https?://([^/]*\.)?example\.(com|org|net)(/|$)", re.IGNORECASE)

    def __init__(self) -> None:
        super().__init__(r"https?://\S+", "a web address starting with https://")

    def check(self, value: Any, path: Path_, ctx: Context) -> Any:
        url = super().check(value, path, ctx)
        if isinstance(url, str) and self._EXAMPLE.match(url):
            ctx.problems.warning(ctx.at(path), f"'{url}' is an example address: set the "
                                               "organisation's own before the booth opens")
        return url


@dataclass
class Field:
    kind: Kind
    doc: str
    required: bool = False
    default: Any = None


def default_of(fields_: dict[str, Field], name: str) -> Any:
    """A setting's default, as declared (once) in its Field."""
    return fields_[name].default


class Obj(Kind):
    """A map with known keys; unknown keys are errors with a suggestion."""

    def __init__(self, fields: dict[str, Field], doc: str = "") -> None:
        self.fields, self.doc = fields, doc

    def check(self, value: Any, path: Path_, ctx: Context) -> Any:
        if not isinstance(value, dict):
            return ctx.error(path, f"expected a map of keys, found {_type_name(value)}")
        return self.check_fields(value, path, ctx, self.fields)

    @staticmethod
    def check_fields(
        value: dict[str, Any], path: Path_, ctx: Context, fields: dict[str, Field]
    ) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key in value:
            if key not in fields:
                ctx.problems.error(
                    ctx.located.key_at((*path, key)),
                    f"unknown key '{key}'{did_you_mean(key, list(fields))}",
                )
        for name, spec in fields.items():
            if name not in value or value[name] is None:
                if spec.required:
                    ctx.error(path, f"missing '{name}' ({spec.doc})")
                    result[name] = INVALID
                else:
                    result[name] = spec.default
                continue
            result[name] = spec.kind.check(value[name], (*path, name), ctx)
            if result[name] is None and spec.required:  # (given only in other languages)
                result[name] = ctx.error((*path, name), f"missing '{name}' in the deck's "
                                                        f"languages ({spec.doc})")
        return result

    def schema(self) -> dict[str, Any]:
        return object_schema(self.fields, self.doc)


class ListOf(Kind):
    def __init__(self, item: Kind, min_items: int = 0) -> None:
        self.item, self.min_items = item, min_items

    def check(self, value: Any, path: Path_, ctx: Context) -> Any:
        if not isinstance(value, list):
            return ctx.error(path, f"expected a list, found {_type_name(value)}")
        if len(value) < self.min_items:
            return ctx.error(path, f"needs at least {self.min_items} item(s)")
        return [self.item.check(item, (*path, i), ctx) for i, item in enumerate(value)]

    def schema(self) -> dict[str, Any]:
        return {"type": "array", "items": self.item.schema(), "minItems": self.min_items}


def object_schema(fields: dict[str, Field], doc: str = "") -> dict[str, Any]:
    props = {}
    for name, spec in fields.items():
        prop = dict(spec.kind.schema())
        prop["description"] = spec.doc
        if spec.default is not None and not isinstance(spec.default, tuple):
            prop["default"] = spec.default
        props[name] = prop
    out: dict[str, Any] = {"type": "object", "properties": props, "additionalProperties": False}
    required = [name for name, spec in fields.items() if spec.required]
    if required:
        out["required"] = required
    if doc:
        out["description"] = doc
    return out
