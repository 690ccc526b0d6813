"""The sound and video kinds of the content format: a video file, recorded narration per
language and subtitles per language, each a file inside the content folder. Whether a file
plays is checked by the kiosk's player (kiosk/ui/player/media_check.py); here, that it is
there, inside the deck and of a kind that can. No Qt here."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.content.kinds import INVALID, Context, Kind, content_file, per_language
from kiosk.content.problems import Where
from kiosk.content.safe_read import Refused, read_capped
from kiosk.content.webvtt import Cue, parse
from kiosk.content.yamlpos import Path_

VIDEO_SUFFIXES = (".mp4", ".m4v", ".mov", ".webm", ".mkv")
AUDIO_SUFFIXES = (".m4a", ".mp3", ".ogg", ".opus", ".wav", ".aac", ".flac")
#: A subtitle longer than this does not fit the two lines a booth shows.
LONGEST_CUE = 100
#: At most this many long subtitles of a file are named.
MAX_LONG_SAID = 5
#: A subtitle file larger than this is not a subtitle file.
MAX_SUBTITLES = 2_000_000


def _inside(value: Any, path: Path_, ctx: Context, what: str) -> Path | object:
    """The file ``value`` names inside the content folder, or INVALID (said why)."""
    file = content_file(value, path, ctx, what, "it into the deck's folder")
    if isinstance(file, Path) and not file.is_file():
        return ctx.error(path, f"{what} not found: {value.strip()}")
    return file


class MediaFile(Kind):
    """A video or a sound file (``what``) with one of ``suffixes``; with ``per_language``, a
    single path (the deck's first language) or one per language."""

    def __init__(self, what: str, suffixes: tuple[str, ...], per_lang: bool = False) -> None:
        self.what, self.suffixes, self.per_lang = what, suffixes, per_lang

    def check(self, value: Any, path: Path_, ctx: Context) -> Any:
        if not self.per_lang:
            return self.one(value, path, ctx)
        if isinstance(value, dict):
            return per_language(value, path, ctx, self.one, "this file is never played")
        found = self.one(value, path, ctx)
        return INVALID if found is INVALID else {ctx.languages[0]: found}

    def one(self, value: Any, path: Path_, ctx: Context) -> Any:
        file = _inside(value, path, ctx, self.what)
        if isinstance(file, Path) and file.suffix.lower() not in self.suffixes:
            return ctx.error(path, f"{file.name} is not {self.what} the kiosk plays: use "
                                   f"{', '.join(s.lstrip('.').upper() for s in self.suffixes)}")
        return file

    def schema(self) -> dict[str, Any]:
        one = {"type": "string", "minLength": 1}
        if not self.per_lang:
            return one
        return {"anyOf": [one, {"type": "object", "additionalProperties": one}]}


@dataclass(frozen=True)
class Subtitles:
    """One language's subtitle file and its cues."""

    path: Path
    cues: tuple[Cue, ...]


class SubtitleFiles(MediaFile):
    """WebVTT subtitles, one file per language: each read and checked, its mistakes said at
    their line in the subtitle file."""

    def __init__(self) -> None:
        super().__init__("a subtitle file", (".vtt",), per_lang=True)

    def one(self, value: Any, path: Path_, ctx: Context) -> Any:
        file = super().one(value, path, ctx)
        if not isinstance(file, Path):
            return file
        name = file.relative_to(ctx.root.resolve()).as_posix()
        try:
            text = read_capped(file, MAX_SUBTITLES).decode("utf-8")
        except Refused as exc:
            return ctx.error(path, exc.naming(name))
        except UnicodeDecodeError:
            return ctx.error(path, f"{name} is not written in UTF-8: save it again as UTF-8")
        except OSError as exc:
            return ctx.error(path, f"{name} cannot be read ({exc.strerror or exc})")
        cues, mistakes = parse(text)
        shown = str(Path(ctx.at(path).path).parent / name) if ctx.at(path).path else name
        for mistake in mistakes:
            ctx.problems.error(Where(shown, mistake.line), mistake.message)
        for cue in [c for c in cues if len(c.text) > LONGEST_CUE][:MAX_LONG_SAID]:
            ctx.problems.warning(Where(shown, cue.line),
                                 f"this subtitle is {len(cue.text)} characters long: a booth "
                                 f"shows at most two short lines at a time (about "
                                 f"{LONGEST_CUE} characters); split it into several")
        if not cues and not mistakes:
            ctx.problems.warning(ctx.at(path), f"{name} has no subtitles in it")
        return Subtitles(file, tuple(cues)) if not mistakes else INVALID
