"""What makes a filled-in message form sendable, and what thanks the visitor once it is
sent. No Qt: the form widget asks this module."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Any

from kiosk.content.model import Deck, Form
from kiosk.content.text import pick
from kiosk.store import clean_text

_EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)*\.[^@\s.]{2,}")


class Why(StrEnum):
    """Why a field stops the form from being sent."""

    EMPTY = "empty"
    EMAIL = "email"
    TICK = "tick"
    LONG = "long"


def is_email(text: str) -> bool:
    return bool(_EMAIL.fullmatch(text.strip()))


def is_filled(value: Any) -> bool:
    return value is True or (isinstance(value, str) and bool(value.strip()))


def check(form: Form, values: dict[str, Any]) -> dict[str, Why]:
    """Field key -> why it blocks sending. Empty when the form can be sent."""
    problems: dict[str, Why] = {}
    for field in form.fields:
        value = values.get(field.key)
        needed = field.required or (field.required_when is not None
                                    and is_filled(values.get(field.required_when)))
        if needed and not is_filled(value):
            problems[field.key] = Why.TICK if field.type == "checkbox" else Why.EMPTY
        elif isinstance(value, str) and len(clean_text(value)) > field.max_length:
            problems[field.key] = Why.LONG
        elif field.type == "email" and is_filled(value) and not is_email(str(value)):
            problems[field.key] = Why.EMAIL
    return problems


def fields_to_store(form: Form, values: dict[str, Any]) -> dict[str, Any]:
    """The values as a message: every form field, trimmed text, None for what was left empty."""
    out: dict[str, Any] = {}
    for field in form.fields:
        value = values.get(field.key)
        if field.type == "checkbox":
            out[field.key] = bool(value)
        elif isinstance(value, str) and value.strip():
            out[field.key] = value.strip() if field.type != "long_text" else value.strip("\n ")
        else:
            out[field.key] = None
    return out


def thanks(deck: Deck, form: Form, language: str) -> tuple[str, str]:
    """The thank-you's heading and line in ``language``: the deck's ``thank_you`` (alone),
    else the form's own (the kiosk's, when form.yaml has none)."""
    fallback = deck.default_language
    if deck.thank_you:
        return pick(deck.thank_you, language, fallback), ""
    return pick(form.thank_you, language, fallback), pick(form.thank_you_text, language, fallback)
