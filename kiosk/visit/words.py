"""The kiosk's own words on screen (not the deck's): English in the code, every other language
in a gettext catalog (``kiosk/locale/<language>/LC_MESSAGES/kiosk.po``), and a deck may say
any of them its own way (``labels:`` in deck.yaml).

The catalogs are the usual gettext files, so translators use the usual tools (Poedit, Weblate);
``python tools/update_catalogs.py`` writes the template and adds new words to each catalog.
"""

from __future__ import annotations

import functools
import gettext
import io
import logging
from collections.abc import Mapping
from pathlib import Path

log = logging.getLogger(__name__)

DOMAIN = "kiosk"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"

#: Each word's key, and its English (singular and plural where it counts something).
MESSAGES: dict[str, str | tuple[str, str]] = {
    "touch_to_explore": "Touch the screen to explore",
    "still_there": "Still there?",
    "touch_to_continue": "Touch the screen to continue.",
    "chapters": "Chapters",
    "leave_message": "Leave a message",
    "slides": ("{n} slide", "{n} slides"),
    "send": "Send",
    "cancel": "Cancel",
    "saving": "Saving…",
    "why_empty": "Please write your message.",
    "why_empty_field": "Please fill this in.",
    "why_email": "This email address looks incomplete.",
    "why_tick": "Please tick this if we may reply to your email.",
    "why_untick_email": "Add your email, or untick this.",
    "why_untick": "Fill in what this asks for, or untick this.",
    "why_long": "This is a little too long.",
    "sorry": "Sorry, we could not save this. Please tell a staff member; your message is "
             "still here.",
    "counter": "{n} / {limit}",
    "source": ("Source:", "Sources:"),
    "sources_heading": "Sources",
    "larger_text": "Larger text",
    "sound": "Sound",
    "space": "space",
    "next_field": "next",
    # Said only to a screen reader: the names of controls drawn as a sign or an icon.
    "previous_slide": "Previous slide",
    "next_slide": "Next slide",
    "home": "Back to the start",
    "close": "Close",
    "language_is": "Language: {name}",
    "slide_of": "Slide {n} of {total}",
    "key_shift": "Shift",
    "key_caps": "Caps lock",
    "key_delete": "Delete",
    "key_symbols": "Numbers and symbols",
    "key_letters": "Letters",
    "key_more_letters": "More letters",
    "key_keyboard": "Keyboard: {keyboard}",
    # While the booth is closed (its opening hours), a touch reads when it opens.
    "we_open_at": "We open at {time}",
    "we_open_tomorrow": "We open tomorrow at {time}",
    "we_open_on": "We open on {day} at {time}",
    "we_are_closed": "We are closed",
    # The kiosk's own message form, for a deck without a form.yaml (no campaign in it);
    # its title is "leave_message" and its button "send".
    "form_intro": "Write to us: a thought, a question or an offer to help.",
    "form_message": "Your message",
    "form_message_hint": "Write your message here",
    "form_name": "First name (optional)",
    "form_email": "Email (optional)",
    "form_contact_ok": "You may reply to me by email",
    "thanks": "Thank you",
    "thanks_text": "Your message is safely kept.",
}

#: The words of the kiosk's own form: a deck says them its own way in a form.yaml (or the
#: thank-you in ``thank_you:``), not in ``labels:``.
FORM_WORDS = ("form_intro", "form_message", "form_message_hint", "form_name", "form_email",
              "form_contact_ok", "thanks", "thanks_text")

#: The words only a screen reader says (what a sign or an icon means): not for ``labels:``.
SPOKEN = ("previous_slide", "next_slide", "home", "close", "language_is", "slide_of",
          "key_shift", "key_caps", "key_delete", "key_symbols", "key_letters",
          "key_more_letters", "key_keyboard")

#: The words a deck may say its own way in ``labels:``.
LABELS = tuple(key for key in MESSAGES if key not in FORM_WORDS and key not in SPOKEN)

LANGUAGE_NAMES = {
    "en": "English", "km": "ខ្មែរ", "ko": "한국어", "fr": "Français", "es": "Español",
    "de": "Deutsch", "pt": "Português", "zh": "中文", "th": "ไทย", "vi": "Tiếng Việt",
}

#: Digits of scripts that have their own, for languages whose decks write numbers with them.
NATIVE_DIGITS = {"km": "០១២៣៤៥៦៧៨៩", "th": "๐๑๒๓๔๕๖๗๘๙", "lo": "໐໑໒໓໔໕໖໗໘໙"}


def shipped_languages(domain: str = DOMAIN) -> list[str]:
    """The languages with a catalog of ``domain`` in the kiosk (English needs none)."""
    if not LOCALE_DIR.is_dir():
        return []
    return sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{domain}.po"))


@functools.cache
def catalog(language: str, domain: str = DOMAIN) -> gettext.NullTranslations:
    """The language's translations (of the visitors' words, or of ``domain``'s): its
    compiled ``.mo`` if the build made one, else its ``.po`` compiled now (in memory);
    English, or a language with no catalog, as written."""
    folder = LOCALE_DIR / language / "LC_MESSAGES"
    compiled, source = folder / f"{domain}.mo", folder / f"{domain}.po"
    try:
        if compiled.is_file() and (not source.is_file()
                                   or compiled.stat().st_mtime >= source.stat().st_mtime):
            with compiled.open("rb") as handle:
                return gettext.GNUTranslations(handle)
        if source.is_file():
            return gettext.GNUTranslations(io.BytesIO(compile_po(source.read_bytes())))
    except Exception as exc:  # a damaged catalog must never stop the kiosk: English then
        log.error("the %s %s words could not be read (%s); English is shown", language,
                  domain, exc)
    return gettext.NullTranslations()


def compile_po(po: bytes) -> bytes:
    """A ``.po`` file as the ``.mo`` bytes gettext reads (Babel's reader and writer)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    out = io.BytesIO()
    write_mo(out, read_po(io.BytesIO(po)))
    return out.getvalue()


def text(key: str, language: str, labels: Mapping[str, Mapping[str, str]] | None = None,
         n: int | None = None, digits: bool = False, **values: object) -> str:
    """The word ``key`` in ``language``: the deck's own (``labels``) first, then the catalog,
    then English. ``n`` picks the plural; ``digits`` writes numbers in the script's own."""
    own = (labels or {}).get(key, {})
    message = MESSAGES[key]
    if own.get(language):
        words = own[language]
    elif isinstance(message, tuple):
        words = catalog(language).ngettext(message[0], message[1], n if n is not None else 1)
    else:
        words = catalog(language).gettext(message)
    number = localize_digits(str(n), language) if digits and n is not None else n
    shown = {k: localize_digits(str(v), language) if digits else v for k, v in values.items()}
    try:
        return words.format(n=number, **shown) if (n is not None or shown) else words
    except (KeyError, IndexError, ValueError):  # a deck's label with stray braces: as written
        return words


def localize_digits(text: str, language: str) -> str:
    table = NATIVE_DIGITS.get(language)
    return text.translate(str.maketrans("0123456789", table)) if table else text


def language_name(code: str) -> str:
    """A language's name in its own script, for the language button."""
    return LANGUAGE_NAMES.get(code, code.upper())
