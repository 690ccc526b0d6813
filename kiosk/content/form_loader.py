"""Reading a deck's form.yaml (or giving the kiosk's plain form to a deck without one), and
saying which of its texts are untranslated."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from kiosk.content.kinds import INVALID, Context, Obj, did_you_mean
from kiosk.content.model import Form, FormField, Option
from kiosk.content.problems import Problems, Where
from kiosk.content.schema import FORM_FIELDS
from kiosk.content.text import Text
from kiosk.content.yamlpos import YamlSyntaxError, load_located, read_yaml_text
from kiosk.visit.words import text as kiosk_word

FORM_FILE = "form.yaml"


def display_path(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def load_form(folder: Path, languages: list[str], problems: Problems,
              labels: Mapping[str, Text] | None = None) -> Form:
    """The message form: ``form.yaml`` in the content folder, else the kiosk's own neutral
    form in the deck's languages (``labels``: the deck's own words for the kiosk's).

    A form.yaml with any error gives way to the plain form, with an error that says so: a
    form half read could lose a field, or the rule that keeps no email without consent."""
    file = folder / FORM_FILE
    if not file.exists():
        return neutral_form(languages, labels)
    found = Problems()
    form = _read_form(file, folder, languages, found)
    problems.items += found.items
    errors = [p for p in found.items if p.is_error]
    if form is not None and not errors:
        return form
    count = len(errors) or 1
    problems.error(Where(display_path(file)),
                   f"{FORM_FILE} has {count} error(s): visitors get the kiosk's plain message "
                   "form until they are fixed")
    return neutral_form(languages, labels)


def _read_form(file: Path, folder: Path, languages: list[str], problems: Problems
               ) -> Form | None:
    """form.yaml as a Form, or None where it cannot give one (its problems said)."""
    shown = display_path(file)
    try:
        located = load_located(read_yaml_text(file, shown), shown)
    except (OSError, UnicodeDecodeError) as exc:
        problems.error(Where(shown), f"cannot read {FORM_FILE}: {exc}")
        return None
    except YamlSyntaxError as exc:
        problems.error(exc.where, exc.message)
        return None
    ctx = Context(located=located, problems=problems, root=folder, languages=languages)
    if not isinstance(located.data, dict):
        problems.error(located.at(()), "the form must be a map with title and fields")
        return None
    values = Obj.check_fields(located.data, (), ctx, FORM_FIELDS)
    _say_untranslated_form(values, ctx)
    raw_fields = values.get("fields")
    if any(v is INVALID for v in values.values()) or not isinstance(raw_fields, list):
        return None
    fields = _form_fields(raw_fields, ctx)
    if not fields:
        return None
    heading, line = values["thank_you"], values["thank_you_text"]
    if heading is None:  # the kiosk's own thank-you (its line too, unless the form has one)
        heading, line = _said("thanks", languages), line or _said("thanks_text", languages)
    return Form(title=values["title"], thank_you=heading, fields=tuple(fields),
                intro=values["intro"], send=values["send"], thank_you_text=line)


def _form_fields(raw_fields: list[Any], ctx: Context) -> list[FormField]:
    """The valid fields of form.yaml; a repeated key or an unknown ``required_when`` is
    an error."""
    fields: list[FormField] = []
    for i, raw in enumerate(raw_fields):
        if raw is INVALID or any(v is INVALID for v in raw.values()):
            continue
        at = ("fields", i)
        if any(f.key == raw["key"] for f in fields):
            ctx.error((*at, "key"), f"field key '{raw['key']}' is used twice")
            continue
        if raw["type"] == "choice" and not raw["options"]:
            ctx.error(at, "a choice field needs 'options'")
            continue
        options = tuple(Option(o["key"], o["label"]) for o in raw["options"] or ()
                        if o is not INVALID)
        fields.append(FormField(key=raw["key"], label=raw["label"], type=raw["type"],
                                required=raw["required"], required_when=raw["required_when"],
                                max_length=int(raw["max_length"]),
                                placeholder=raw["placeholder"], options=options))
    keys = {f.key for f in fields}
    for i, f in enumerate(fields):
        if f.required_when and f.required_when not in keys:
            ctx.error(("fields", i, "required_when"), f"unknown field '{f.required_when}'"
                      f"{did_you_mean(f.required_when, sorted(keys))}")
    return fields


def _said(key: str, languages: list[str], labels: Mapping[str, Text] | None = None) -> Text:
    """One of the kiosk's own words (from its catalogs) in each of the deck's languages."""
    return {language: kiosk_word(key, language, labels) for language in languages}


def neutral_form(languages: list[str], labels: Mapping[str, Text] | None = None) -> Form:
    """The form of a deck without a form.yaml: the kiosk's own words from its catalogs, no
    campaign in them (English in a language without a catalog); its title is the deck's
    'Leave a message'."""
    def said(key: str) -> Text:
        return _said(key, languages, labels)

    fields = (
        FormField("message", said("form_message"), "long_text", required=True,
                  max_length=1000, placeholder=said("form_message_hint")),
        FormField("name", said("form_name"), "text", max_length=60),
        FormField("email", said("form_email"), "email", max_length=120,
                  required_when="contact_ok"),  # a tick asks for the address to reply to
        FormField("contact_ok", said("form_contact_ok"), "checkbox", required_when="email"),
    )
    return Form(title=said("leave_message"), thank_you=said("thanks"), fields=fields,
                intro=said("form_intro"), thank_you_text=said("thanks_text"))


def _form_texts(values: dict[str, Any]) -> Iterator[tuple[tuple[Any, ...], str, Any]]:
    """(path, name, value) of every text of a checked form.yaml."""
    for name in ("title", "intro", "send", "thank_you", "thank_you_text"):
        yield (name,), name, values.get(name)
    raw_fields = values.get("fields")
    for i, raw in enumerate(raw_fields if isinstance(raw_fields, list) else ()):
        if not isinstance(raw, dict):
            continue
        key = raw["key"] if isinstance(raw.get("key"), str) else f"field {i + 1}"
        yield ("fields", i, "label"), f"{key} label", raw.get("label")
        yield ("fields", i, "placeholder"), f"{key} placeholder", raw.get("placeholder")
        options = raw.get("options")
        for j, option in enumerate(options if isinstance(options, list) else ()):
            if isinstance(option, dict):
                which = option["key"] if isinstance(option.get("key"), str) else j + 1
                yield ("fields", i, "options", j, "label"), f"{key} option {which}", option.get(
                    "label")


def _say_untranslated_form(values: dict[str, Any], ctx: Context) -> None:
    """Each language's form texts without a translation, by name: every text of a form is
    read by visitors, so a plain one (the first language's) counts as untranslated too."""
    missing: dict[str, list[tuple[Where, str]]] = {}
    for path, name, text in _form_texts(values):
        if isinstance(text, dict):
            for language in ctx.languages[1:]:
                if language not in text:
                    missing.setdefault(language, []).append((ctx.at(path), name))
    for language, found in missing.items():
        warn_untranslated(ctx, language, [where for where, _ in found],
                           [name for _, name in found])


def warn_untranslated(ctx: Context, language: str, places: list[Where],
                       names: list[str] | None = None) -> None:
    """One warning for a language's texts without a translation, at the first of them;
    ``names`` say which (the first few)."""
    first = ctx.languages[0]
    if names:
        listed = ", ".join(names[:_NAMED]) + (f" and {len(names) - _NAMED} more"
                                               if len(names) > _NAMED else "")
        what = f"{len(places)} form text(s) have no '{language}' translation yet ({listed})"
    else:
        what = f"{len(places)} text(s) have no '{language}' translation yet (the first is here)"
    ctx.problems.warning(places[0], f"{what}; the '{first}' text is shown in their place")


#: Untranslated form texts named in a warning (the rest are counted).
_NAMED = 8


