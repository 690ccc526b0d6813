"""The kiosk's own words on screen (not the deck's), per language, English as the fallback."""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "touch_to_explore": {"en": "Touch the screen to explore"},
    "still_there": {"en": "Still there?"},
    "touch_to_continue": {"en": "Touch the screen to continue."},
    "chapters": {"en": "Chapters"},
    "leave_message": {"en": "Leave a message"},
    "slides": {"en": "{n} slides"},
    "send": {"en": "Send"},
    "cancel": {"en": "Cancel"},
    "saving": {"en": "Saving…"},
    "why_empty": {"en": "Please write your message."},
    "why_empty_field": {"en": "Please fill this in."},
    "why_email": {"en": "This email address looks incomplete."},
    "why_tick": {"en": "Please tick this if we may reply to your email."},
    "why_long": {"en": "This is a little too long."},
    "sorry": {"en": "Sorry, we could not save this. Please tell a staff member; "
                    "your message is still here."},
    "counter": {"en": "{n} / {limit}"},
}

LANGUAGE_NAMES = {
    "en": "English", "km": "ខ្មែរ", "ko": "한국어", "fr": "Français", "es": "Español",
    "de": "Deutsch", "pt": "Português", "zh": "中文", "th": "ไทย", "vi": "Tiếng Việt",
}


def text(key: str, language: str, **values: object) -> str:
    entry = STRINGS[key]
    return (entry.get(language) or entry["en"]).format(**values)


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code.upper())
