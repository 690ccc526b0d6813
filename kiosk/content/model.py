"""The deck as the player sees it: validated, typed, with every text per language."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.content.problems import Where
from kiosk.content.text import Text, pick
from kiosk.content.webvtt import Cue
from kiosk.schedule.rules import Opening, Rule


@dataclass(frozen=True)
class Source:
    id: str
    title: Text
    publisher: Text
    short: Text | None = None
    year: str | None = None
    url: str | None = None

    def label(self, language: str, fallback: str) -> str:
        """The short form shown on slides, in ``language`` if it has one."""
        return pick(self.short, language, fallback) or pick(self.publisher, language, fallback)

    def entry(self, language: str, fallback: str) -> tuple[str, str]:
        """(publisher, title) in ``language``, for the sources slide."""
        return pick(self.publisher, language, fallback), pick(self.title, language, fallback)


@dataclass(frozen=True)
class Chapter:
    id: str
    title: Text
    icon: str
    show: Rule | None = None  # when its slides show (and their own rules allow); None: always


@dataclass(frozen=True)
class Theme:
    background: str = "#15202b"
    surface: str = "#1f2d3a"
    text: str = "#f6f1e9"
    muted: str = "#b7c0c8"
    accent: str = "#e3a94f"
    raised: str = "#2a3b4b"
    danger: str = "#8c3a2f"
    error: str = "#f4a08f"
    heading_font: str = "Noto Serif Display"
    body_font: str = "Noto Sans"
    logo: Path | None = None


@dataclass
class Slide:
    index: int
    type: str
    id: str
    duration: float
    transition: str
    chapter: str | None
    sources: tuple[str, ...]
    fields: dict[str, Any]
    where: Where
    field_at: dict[str, Where] = field(default_factory=dict)
    durations: dict[str, float] = field(default_factory=dict)  # per language, where they differ
    placeholder: str | None = None
    show: Rule | None = None  # when it shows (and its chapter's rule allows); None: always
    timed: bool = False  # the author set its duration (a video then lasts that long)

    def text(self, name: str, language: str, fallback: str) -> str:
        return pick(self.fields.get(name), language, fallback)

    def duration_for(self, language: str) -> float:
        """Seconds the slide shows in ``language`` (each language's reading time)."""
        return self.durations.get(language, self.duration)

    def image(self, language: str | None = None) -> Path | None:
        """The slide's photo, in ``language`` when it has one per language (else the
        first)."""
        found = self.fields.get("image")
        if isinstance(found, dict):
            return found.get(language or "") or next(iter(found.values()), None)
        return found

    def all_images(self) -> list[Path]:
        found = self.fields.get("image")
        images = list(found.values()) if isinstance(found, dict) else [found] if found else []
        poster = self.fields.get("poster")
        return [*images, poster] if poster else images

    def narration(self, language: str) -> Path | None:
        """The recorded voice for ``language``; None: the slide is silent in it."""
        return (self.fields.get("narration") or {}).get(language)

    def cues(self, language: str) -> tuple[Cue, ...]:
        """The video's subtitles in ``language`` (none: no subtitles in it)."""
        found: tuple[Cue, ...] = (self.fields.get("cues") or {}).get(language, ())
        return found

    def media_files(self) -> list[Path]:
        """The video, subtitle and sound files the slide plays."""
        files = [self.fields["video"]] if self.fields.get("video") else []
        for name in ("subtitles", "narration"):
            files += list((self.fields.get(name) or {}).values())
        return files


@dataclass(frozen=True)
class Option:
    key: str
    label: Text


@dataclass(frozen=True)
class FormField:
    key: str
    label: Text
    type: str
    required: bool = False
    required_when: str | None = None
    max_length: int = 200
    placeholder: Text | None = None
    options: tuple[Option, ...] = ()


@dataclass(frozen=True)
class Form:
    title: Text
    thank_you: Text
    fields: tuple[FormField, ...]
    intro: Text | None = None
    send: Text | None = None
    thank_you_text: Text | None = None

    def field(self, key: str) -> FormField | None:
        return next((f for f in self.fields if f.key == key), None)

    @property
    def limits(self) -> dict[str, int]:
        return {f.key: f.max_length for f in self.fields}


@dataclass
class Deck:
    title: Text
    version: str
    languages: list[str]
    duration: float
    transition: str
    transition_seconds: float
    theme: Theme
    sources: list[Source]
    chapters: list[Chapter]
    slides: list[Slide]
    root: Path
    form: Form | None = None
    labels: dict[str, Text] = field(default_factory=dict)  # the kiosk's words, the deck's way
    thank_you: Text | None = None  # after a message is sent; None: the form's or the kiosk's
    keep_together: list[Text] = field(default_factory=list)  # terms no line breaks inside
    opening_hours: Opening | None = None  # when the booth is open; None: always
    narration_in_loop: bool = False  # narration plays in the attract loop too

    @property
    def has_sound(self) -> bool:
        """Some slide is a video or has narration (a visitor may turn sound on)."""
        return any(s.type == "video" or s.fields.get("narration") for s in self.slides)

    @property
    def default_language(self) -> str:
        return self.languages[0]

    def source(self, source_id: str) -> Source:
        return next(s for s in self.sources if s.id == source_id)

    def index_of(self, slide_id: str) -> int | None:
        return next((s.index for s in self.slides if s.id == slide_id), None)

    def images(self) -> list[Path]:
        return [p for s in self.slides for p in s.all_images()]
