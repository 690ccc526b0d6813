"""The content format, declared once: each field's kind, whether it is required, and its meaning.

The same declarations check a deck (with file positions) and produce the JSON Schema that
editors use for completion (``kiosk schema``).
"""

from __future__ import annotations

from typing import Any

from kiosk.content.deck_kinds import Color, Icon, Pair, QrUrl, Ref
from kiosk.content.formats import DECK_FORMAT, FormatNumber
from kiosk.content.image_kind import Image
from kiosk.content.kinds import (
    Choice,
    Field,
    Flag,
    ListOf,
    Number,
    Obj,
    Seconds,
    Str,
    Term,
    Text,
    Url,
    object_schema,
)
from kiosk.content.media_kind import AUDIO_SUFFIXES, VIDEO_SUFFIXES, MediaFile, SubtitleFiles
from kiosk.content.schedule_kind import Schedule
from kiosk.visit.words import LABELS, MESSAGES

TRANSITIONS = ("fade", "slide", "cut")

SOURCE = Obj({
    "id": Field(Str(r"[A-Za-z0-9_-]+", "an id of letters, digits, - and _"),
                "short id that slides use to cite this source", required=True),
    "title": Field(Text(), "title of the work", required=True),
    "publisher": Field(Text(), "author or organisation", required=True),
    "short": Field(Text(), "short form shown on slides; the publisher if absent"),
    "year": Field(Str(), "year of publication"),
    "url": Field(Url(), "where to find it"),
}, "a work that slides cite")

CHAPTER = Obj({
    "id": Field(Str(r"[A-Za-z0-9_-]+", "an id of letters, digits, - and _"),
                "id that slides use", required=True),
    "title": Field(Text(), "chapter title", required=True),
    "icon": Field(Icon(), "qtawesome icon name, such as mdi6.book-open-variant",
                  default="mdi6.circle-outline"),
    "show": Field(Schedule("chapter"), "when the chapter's slides show, such as {days: [sat, "
                  "sun], from: \"09:00\", to: \"13:00\"}; if absent, always"),
}, "a part of the story")

THEME = Obj({
    "background": Field(Color(), "slide background colour", default="#15202b"),
    "surface": Field(Color(), "colour of cards and panels", default="#1f2d3a"),
    "text": Field(Color(), "main text colour", default="#f6f1e9"),
    "muted": Field(Color(), "colour of captions and sources", default="#b7c0c8"),
    "accent": Field(Color(), "colour of figures, rules and highlights", default="#e3a94f"),
    "raised": Field(Color(), "colour of buttons on cards and keys", default="#2a3b4b"),
    "danger": Field(Color(), "colour of buttons that end something (Exit)", default="#8c3a2f"),
    "error": Field(Color(), "colour of what a visitor must fix on the form",
                   default="#f4a08f"),
    "heading_font": Field(Str(), "font family for headings", default="Noto Serif Display"),
    "body_font": Field(Str(), "font family for body text", default="Noto Sans"),
    "logo": Field(Image(), "logo image shown small on slides"),
}, "colours, fonts and logo")

def _english(key: str) -> str:
    message = MESSAGES[key]
    return message if isinstance(message, str) else message[1]


DECK_FIELDS: dict[str, Field] = {
    "format": Field(FormatNumber(DECK_FORMAT), "the deck's format: which kiosks can read it "
                    "(the kiosk and Kiosk Studio write it; an older one is upgraded as it is "
                    "read)", default=1),
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
    "labels": Field(Obj({key: Field(Text(), f"instead of '{_english(key)}'") for key in LABELS},
                        "the kiosk's own words"),
                    "the kiosk's own words said the deck's way, per language"),
    "thank_you": Field(Text(), "heading of the thank-you a visitor reads after sending a "
                       "message (or one per language); the form's thank_you_text shows under "
                       "it; if absent, the form's or the kiosk's own"),
    "keep_together": Field(ListOf(Term("keep_together")),
                           "names and terms a line never breaks inside: plain text, such as "
                           "Year Zero, in every language, or a map with only the languages "
                           "it is written in, such as {km: ពលពត}", default=()),
    "opening_hours": Field(Schedule("opening"), "when the booth is open, such as {days: [mon, "
                           "tue, wed, thu, fri], from: \"09:00\", to: \"18:00\", closed: "
                           "[2026-12-25]}, or a list of such; if absent, always"),
    "narration_in_loop": Field(Flag(), "play each slide's narration while the slides play "
                               "by themselves too (else only for a visitor who turns sound on)",
                               default=False),
    "slides": Field(ListOf(Obj({}), min_items=1), "the slides, in order", required=True),
}

COMMON_SLIDE_FIELDS: dict[str, Field] = {
    "type": Field(Str(), "slide type", required=True),
    "id": Field(Str(r"[A-Za-z0-9_-]+", "an id of letters, digits, - and _"),
                "unique id, used in file names and to keep the place on reload"),
    "duration": Field(Seconds(1, 600, " s"),
                      "seconds this slide shows (or one per language); if absent, the deck's "
                      "default, longer in a language that takes longer to read"),
    "transition": Field(Choice(*TRANSITIONS), "transition into this slide"),
    "chapter": Field(Ref("chapter"), "chapter that starts here (later slides follow it)"),
    "source": Field(Ref("source", many=True), "source id (or list) for what the slide says"),
    "placeholder": Field(Str(), "note that the image is a stand-in, and what should replace it"),
    "show": Field(Schedule("slide"), "when the slide shows, such as {days: [sat, sun], from: "
                  "\"09:00\", to: \"13:00\", until: 2027-03-01}; if absent, always (and "
                  "only when its chapter shows)"),
    "narration": Field(MediaFile("a sound file", AUDIO_SUFFIXES, per_lang=True),
                       "a recorded voice reading the slide, one per language (M4A, MP3, OGG, "
                       "WAV): played for a visitor who turns sound on"),
}

#: What a photo on a title or text slide may say about itself, as on an image slide.
PHOTO_EXTRAS: dict[str, Field] = {
    "credit": Field(Text(), "who took the photo"),
    "alt": Field(Text(), "what the photo shows, in words (for narration and for staff)"),
    "focus": Field(Pair(), "point of the photo kept in view when cropping, [x, y] from 0 to 1",
                   default=(0.5, 0.5)),
}

SLIDE_TYPES: dict[str, dict[str, Field]] = {
    "title": {
        "heading": Field(Text(), "main title", required=True),
        "subtitle": Field(Text(), "line under the title"),
        "image": Field(Image(), "background photo (or one per language)"),
        **PHOTO_EXTRAS,
    },
    "text": {
        "heading": Field(Text(), "heading", required=True),
        "body": Field(Text(), "a few sentences; *italic* and **bold** allowed", required=True),
        "image": Field(Image(), "photo beside the text (or one per language)"),
        **PHOTO_EXTRAS,
    },
    "image": {
        "image": Field(Image(), "the photo", required=True),
        "caption": Field(Text(), "what the photo shows"),
        "credit": Field(Text(), "who took it"),
        "alt": Field(Text(), "what the photo shows, in words (for narration and for staff)"),
        "fit": Field(Choice("fill", "fit"), "fill crops to the screen; fit shows it whole",
                     default="fill"),
        "focus": Field(Pair(), "point kept in view when cropping, [x, y] from 0 to 1",
                       default=(0.5, 0.5)),
    },
    "video": {
        "video": Field(MediaFile("a video file", VIDEO_SUFFIXES),
                       "the video file; MP4 with H.264 plays everywhere", required=True),
        "poster": Field(Image(), "a still shown while the video starts, and instead of it "
                        "where video cannot play"),
        "caption": Field(Text(), "what the video shows"),
        "credit": Field(Text(), "who made it"),
        "alt": Field(Text(), "what the video shows, in words (for narration and for staff)"),
        "loop": Field(Flag(), "play it again from the start until the slide's duration is "
                      "over", default=False),
        "subtitles": Field(SubtitleFiles(), "subtitles, one WebVTT (.vtt) file per language"),
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
                           "required only when this other field is filled in or ticked"),
    "max_length": Field(Number(1, 10_000), "longest text accepted", default=200.0),
    "placeholder": Field(Text(), "light text shown while the field is empty"),
    "options": Field(ListOf(OPTION), "the choices, for a choice field"),
}, "one field of the message form")

FORM_FIELDS: dict[str, Field] = {
    "title": Field(Text(), "heading of the form", required=True),
    "intro": Field(Text(), "a line under the heading"),
    "send": Field(Text(), "label of the send button; if absent, the kiosk's own 'Send'",
                  default=None),
    "thank_you": Field(Text(), "heading of the thank-you screen (the deck's 'thank_you' wins); "
                       "if absent, the kiosk's own"),
    "thank_you_text": Field(Text(), "line under the thank-you heading (under the deck's "
                            "'thank_you' too)"),
    "fields": Field(ListOf(FORM_FIELD, min_items=1), "the fields, in order", required=True),
}

#: Slide types whose content must cite a source.
NEEDS_SOURCE = {"stat": "a figure without a source", "quote": "a quotation without a source"}


def slide_fields(slide_type: str) -> dict[str, Field]:
    return {**COMMON_SLIDE_FIELDS, **SLIDE_TYPES[slide_type]}


def form_schema() -> dict[str, Any]:
    """The JSON Schema of ``form.yaml``."""
    form = object_schema(FORM_FIELDS, "The visitor message form; every text may be one per "
                                      "language of the deck")
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
