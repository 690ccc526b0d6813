"""What makes a filled-in message form sendable, and what thanks the visitor once it is
sent. No Qt: the form widget asks this module."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Any

from kiosk.content.model import Deck, Form
from kiosk.content.text import pick
from kiosk.messages.store import clean_text

_EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)*\.[^@\s.]{2,}")


class Why(StrEnum):
    """Why a field stops the form from being sent."""

    EMPTY = "empty"
    EMAIL = "email"
    TICK = "tick"
    LONG = "long"
    UNTICK = "untick"  # a tick that needs another field filled in (an email to reply to)
    UNTICK_EMAIL = "untick_email"


def is_email(text: str) -> bool:
    return bool(_EMAIL.fullmatch(text.strip()))


def is_filled(value: Any) -> bool:
    return value is True or (isinstance(value, str) and bool(value.strip()))


def check(form: Form, values: dict[str, Any]) -> dict[str, Why]:
    """Field key -> why it blocks sending. Empty when the form can be sent.

    A field needed because a tick is on is the tick's problem: the visitor just ticked it,
    and either fills the field in or unticks it."""
    problems: dict[str, Why] = {}
    for field in form.fields:
        value = values.get(field.key)
        cause = form.field(field.required_when) if field.required_when else None
        needed = field.required or (cause is not None and is_filled(values.get(cause.key)))
        if needed and not is_filled(value):
            if field.type == "checkbox":
                problems[field.key] = Why.TICK
            elif not field.required and cause is not None and cause.type == "checkbox":
                problems.setdefault(cause.key, Why.UNTICK_EMAIL if field.type == "email"
                                    else Why.UNTICK)
            else:
                problems[field.key] = Why.EMPTY
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
    """The thank-you's heading and line in ``language``. The heading: the deck's
    ``thank_you``, else the form's (the kiosk's when form.yaml has none); the line under it is
    always the form's ``thank_you_text`` (the kiosk's own for its plain form)."""
    fallback = deck.default_language
    heading = pick(deck.thank_you or form.thank_you, language, fallback)
    return heading, pick(form.thank_you_text, language, fallback)
