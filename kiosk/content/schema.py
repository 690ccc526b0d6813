"""The content format, declared once: each field's kind, whether it is required, and its meaning.

The same declarations check a deck (with file positions) and produce the JSON Schema that
editors use for completion (``kiosk schema``).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.content.images import ImageFacts, inspect_image
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
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            text = str(value).strip()
            return {default: text} if text else ctx.error(path, "must not be empty")
        if not isinstance(value, dict):
            found = _type_name(value)
            return ctx.error(path, f"expected text or a map of languages, found {found}")
        result: dict[str, str] = {}
        for lang, text in value.items():
            if lang not in ctx.languages:
                ctx.problems.warning(
                    ctx.located.key_at((*path, lang)),
                    f"language '{lang}' is not in the deck's languages "
                    f"({', '.join(ctx.languages)}){did_you_mean(lang, ctx.languages)}",
                )
                continue
            if not isinstance(text, str | int | float) or isinstance(text, bool):
                ctx.error((*path, lang), f"expected text, found {_type_name(text)}")
                continue
            result[lang] = str(text).strip()
        if default not in result:
            return ctx.error(path, f"has no text in the deck's first language '{default}'")
        for lang in ctx.languages[1:]:
            if lang not in result:
                ctx.problems.warning(ctx.at(path), f"no '{lang}' translation; '{default}' is shown")
        return result

    def schema(self) -> dict[str, Any]:
        return {"anyOf": [{"type": "string"},
                          {"type": "object", "additionalProperties": {"type": "string"}}]}


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


class Color(Str):
    def __init__(self) -> None:
        super().__init__(r"#[0-9a-fA-F]{6}([0-9a-fA-F]{2})?", "a colour like #1a2b3c")


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


class QrUrl(Url):
    """An address shown as a QR code: it must fit in one (and stay easy to scan)."""

    #: Longer than this, the code gets too dense to scan across a booth.
    EASY_LENGTH = 300

    def check(self, value: Any, path: Path_, ctx: Context) -> Any:
        url = super().check(value, path, ctx)
        if url is INVALID:
            return url
        import segno
        from segno import DataOverflowError

        try:
            segno.make(url, error="m", micro=False)
        except DataOverflowError:
            return ctx.error(path, f"the address is {len(url)} characters long: too long for "
                                   "a QR code; use a short address (a link shortener, or the "
                                   "organisation's own short page)")
        if len(url) > self.EASY_LENGTH:
            ctx.problems.warning(ctx.at(path), f"the address is {len(url)} characters long: "
                                               "its QR code is dense and hard to scan; a "
                                               "shorter one is better")
        return url


class Image(Kind):
    """A path to an image file inside the content folder (a deck must carry its images),
    read in full: a file cut short, or one claiming a huge picture, is an error here rather
    than a grey half-picture at the booth."""

    def check(self, value: Any, path: Path_, ctx: Context) -> Any:
        if not isinstance(value, str) or not value.strip():
            return ctx.error(path, f"expected the path of an image file, found {_type_name(value)}")
        name = value.strip()
        root = ctx.root.resolve()
        file = (root / name).resolve()
        if Path(name).is_absolute() or not file.is_relative_to(root):
            return ctx.error(path, f"'{name}' is outside the content folder: copy the image "
                                   "into the deck's images/ folder, so that the deck carries it")
        if not file.is_file():
            return ctx.error(path, f"image not found: {name}")
        try:
            facts = image_facts(file)
        except OSError as exc:
            return ctx.error(path, f"image cannot be read: {name} ({exc.strerror})")
        if facts.kind is None:
            return ctx.error(path, f"not an image (JPEG, PNG, WebP, GIF or BMP): {name}")
        if facts.problem:
            return ctx.error(path, f"{name}: {facts.problem}")
        ctx.images[file] = facts
        return file

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "minLength": 1}


_FACTS: dict[tuple[str, int, int], ImageFacts] = {}


def image_facts(file: Path) -> ImageFacts:
    """:func:`inspect_image` of a file, remembered while the file is unchanged (a reload
    after an edit reads only the images that changed)."""
    stat = file.stat()
    key = (str(file), stat.st_mtime_ns, stat.st_size)
    facts = _FACTS.get(key)
    if facts is None:
        facts = inspect_image(file.read_bytes())
        if len(_FACTS) > 1000:
            _FACTS.clear()
        _FACTS[key] = facts
    return facts


class Ref(Kind):
    """The id of a source or chapter declared elsewhere in the deck; ``many`` allows a list."""

    def __init__(self, registry: str, many: bool = False) -> None:
        self.registry, self.many = registry, many

    def check(self, value: Any, path: Path_, ctx: Context) -> Any:
        known = ctx.sources if self.registry == "source" else ctx.chapters
        items = value if self.many and isinstance(value, list) else [value]
        result = []
        for i, item in enumerate(items):
            where = (*path, i) if isinstance(value, list) else path
            if not isinstance(item, str):
                return ctx.error(where, f"expected a {self.registry} id, found {_type_name(item)}")
            if item not in known:
                return ctx.error(
                    where, f"unknown {self.registry} '{item}'{did_you_mean(item, sorted(known))}"
                )
            result.append(item)
        return tuple(result) if self.many else result[0]

    def schema(self) -> dict[str, Any]:
        one = {"type": "string"}
        return {"anyOf": [one, {"type": "array", "items": one}]} if self.many else one


class Pair(Kind):
    """Two numbers from 0 to 1, such as a focal point [x, y]."""

    def check(self, value: Any, path: Path_, ctx: Context) -> Any:
        ok = (isinstance(value, list) and len(value) == 2
              and all(isinstance(v, int | float) and not isinstance(v, bool) and 0 <= v <= 1
                      for v in value))
        if not ok:
            return ctx.error(path, "expected two numbers from 0 to 1, like [0.5, 0.3]")
        return (float(value[0]), float(value[1]))

    def schema(self) -> dict[str, Any]:
        item = {"type": "number", "minimum": 0, "maximum": 1}
        return {"type": "array", "items": item, "minItems": 2, "maxItems": 2}


@dataclass
class Field:
    kind: Kind
    doc: str
    required: bool = False
    default: Any = None


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


# ---------------------------------------------------------------- the deck format

TRANSITIONS = ("fade", "slide", "cut")

SOURCE = Obj({
    "id": Field(Str(r"[A-Za-z0-9_-]+", "an id of letters, digits, - and _"),
                "short id that slides use to cite this source", required=True),
    "title": Field(Str(), "title of the work", required=True),
    "publisher": Field(Str(), "author or organisation", required=True),
    "short": Field(Str(), "short form shown on slides; the publisher if absent"),
    "year": Field(Str(), "year of publication"),
    "url": Field(Url(), "where to find it"),
}, "a work that slides cite")

CHAPTER = Obj({
    "id": Field(Str(r"[A-Za-z0-9_-]+", "an id of letters, digits, - and _"),
                "id that slides use", required=True),
    "title": Field(Text(), "chapter title", required=True),
    "icon": Field(Str(), "qtawesome icon name, such as mdi6.book-open-variant",
                  default="mdi6.circle-outline"),
}, "a part of the story")

THEME = Obj({
    "background": Field(Color(), "slide background colour", default="#15202b"),
    "surface": Field(Color(), "colour of cards and panels", default="#1f2d3a"),
    "text": Field(Color(), "main text colour", default="#f6f1e9"),
    "muted": Field(Color(), "colour of captions and sources", default="#b7c0c8"),
    "accent": Field(Color(), "colour of figures, rules and highlights", default="#e3a94f"),
    "heading_font": Field(Str(), "font family for headings", default="Noto Serif Display"),
    "body_font": Field(Str(), "font family for body text", default="Noto Sans"),
    "logo": Field(Image(), "logo image shown small on slides"),
}, "colours, fonts and logo")

DECK_FIELDS: dict[str, Field] = {
    "title": Field(Text(), "the deck's title", required=True),
    "version": Field(Str(), "content version, recorded with each visitor message", default="1"),
    "languages": Field(ListOf(Str(r"[a-z]{2,3}(-[A-Za-z]{2,4})?", "a language code like en or km"),
                              min_items=1),
                       "language codes; the first is the default", default=("en",)),
    "duration": Field(Number(1, 600, " s"), "default seconds each slide shows", default=10.0),
    "transition": Field(Choice(*TRANSITIONS), "default transition", default="fade"),
    "transition_seconds": Field(Number(0.1, 5, " s"), "length of a transition", default=0.9),
    "theme": Field(THEME, "colours, fonts and logo"),
    "sources": Field(ListOf(SOURCE), "the works that slides cite", default=()),
    "chapters": Field(ListOf(CHAPTER), "the parts of the story", default=()),
    "slides": Field(ListOf(Obj({}), min_items=1), "the slides, in order", required=True),
}

COMMON_SLIDE_FIELDS: dict[str, Field] = {
    "type": Field(Str(), "slide type", required=True),
    "id": Field(Str(r"[A-Za-z0-9_-]+", "an id of letters, digits, - and _"),
                "unique id, used in file names and to keep the place on reload"),
    "duration": Field(Number(1, 600, " s"), "seconds this slide shows"),
    "transition": Field(Choice(*TRANSITIONS), "transition into this slide"),
    "chapter": Field(Ref("chapter"), "chapter that starts here (later slides follow it)"),
    "source": Field(Ref("source", many=True), "source id (or list) for what the slide says"),
    "placeholder": Field(Str(), "note that the image is a stand-in, and what should replace it"),
}

SLIDE_TYPES: dict[str, dict[str, Field]] = {
    "title": {
        "heading": Field(Text(), "main title", required=True),
        "subtitle": Field(Text(), "line under the title"),
        "image": Field(Image(), "background photo"),
    },
    "text": {
        "heading": Field(Text(), "heading", required=True),
        "body": Field(Text(), "a few sentences; *italic* and **bold** allowed", required=True),
        "image": Field(Image(), "photo beside the text"),
    },
    "image": {
        "image": Field(Image(), "the photo", required=True),
        "caption": Field(Text(), "what the photo shows"),
        "credit": Field(Text(), "who took it"),
        "fit": Field(Choice("fill", "fit"), "fill crops to the screen; fit shows it whole",
                     default="fill"),
        "focus": Field(Pair(), "point kept in view when cropping, [x, y] from 0 to 1",
                       default=(0.5, 0.5)),
    },
    "quote": {
        "quote": Field(Text(), "the quotation, short", required=True),
        "by": Field(Text(), "who said or wrote it", required=True),
    },
    "stat": {
        "figure": Field(Text(), "the figure, such as 80% or 2 million", required=True),
        "label": Field(Text(), "what the figure counts", required=True),
    },
    "sources": {
        "heading": Field(Text(), "heading above the list"),
    },
    "call_to_action": {
        "heading": Field(Text(), "the invitation", required=True),
        "text": Field(Text(), "one line of explanation"),
        "url": Field(QrUrl(), "address the QR code opens", required=True),
        "url_label": Field(Text(), "short text under the QR code"),
    },
}

FIELD_TYPES = ("text", "long_text", "email", "choice", "checkbox")

OPTION = Obj({
    "key": Field(Str(r"[A-Za-z0-9_-]+", "a key of letters, digits, - and _"),
                 "what is stored when this option is chosen", required=True),
    "label": Field(Text(), "what the visitor sees", required=True),
}, "one choice")

FORM_FIELD = Obj({
    "key": Field(Str(r"[a-z][a-z0-9_]*", "a key of lower-case letters, digits and _"),
                 "name of the field in the stored message and in exports", required=True),
    "label": Field(Text(), "what the visitor reads above the field", required=True),
    "type": Field(Choice(*FIELD_TYPES), "kind of input", required=True),
    "required": Field(Flag(), "the form cannot be sent without it", default=False),
    "required_when": Field(Str(r"[a-z][a-z0-9_]*", "the key of another field"),
                           "required only when this other field is filled in"),
    "max_length": Field(Number(1, 10_000), "longest text accepted", default=200.0),
    "placeholder": Field(Text(), "light text shown while the field is empty"),
    "options": Field(ListOf(OPTION), "the choices, for a choice field"),
}, "one field of the message form")

FORM_FIELDS: dict[str, Field] = {
    "title": Field(Text(), "heading of the form", required=True),
    "intro": Field(Text(), "a line under the heading"),
    "send": Field(Text(), "label of the send button", default=None),
    "thank_you": Field(Text(), "heading of the thank-you screen", required=True),
    "thank_you_text": Field(Text(), "line under the thank-you heading"),
    "fields": Field(ListOf(FORM_FIELD, min_items=1), "the fields, in order", required=True),
}

#: Slide types whose content must cite a source.
NEEDS_SOURCE = {"stat": "a figure without a source", "quote": "a quotation without a source"}


def slide_fields(slide_type: str) -> dict[str, Field]:
    return {**COMMON_SLIDE_FIELDS, **SLIDE_TYPES[slide_type]}


def form_schema() -> dict[str, Any]:
    """The JSON Schema of ``form.yaml``."""
    form = object_schema(FORM_FIELDS, "The visitor message form")
    form["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return form


def json_schema() -> dict[str, Any]:
    """The JSON Schema of ``deck.yaml``."""
    deck = object_schema(DECK_FIELDS, "An awareness kiosk deck")
    variants = []
    for name in SLIDE_TYPES:
        fields = slide_fields(name)
        variant = object_schema(fields, f"a {name} slide")
        variant["properties"]["type"] = {"const": name, "description": "slide type"}
        if name in NEEDS_SOURCE:
            variant["required"] = [*variant.get("required", []), "source"]
        variants.append(variant)
    deck["properties"]["slides"]["items"] = {"oneOf": variants}
    deck["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    deck["title"] = "Awareness kiosk deck"
    return deck
