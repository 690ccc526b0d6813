"""Video slides, subtitles and narration in deck.yaml: what the loader makes of them, and each
mistake said at its line (in deck.yaml, or in the subtitle file). The files are not decoded
here (that is the player's check): only their place and kind matter. No Qt here."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.content import load_deck
from kiosk.content.webvtt import Cue
from tests.decks import line_of, png_bytes, write_deck

HEAD = """\
title: {en: Wells, km: អណ្តូង}
languages: [en, km]
duration: 8
"""
EN_VTT = "WEBVTT\n\n00:00.500 --> 00:02.500\nWe met them.\n\n00:03.000 --> 00:05.000\nBye.\n"
KM_VTT = "WEBVTT\n\n00:00.500 --> 00:02.500\nយើង​បាន​ជួប​ពួកគេ។\n"


def files(folder: Path, *names: str, vtt: dict[str, str] | None = None) -> None:
    """Media files that are only bytes (the loader checks their place and kind), a poster,
    and subtitle files with the text given."""
    for name in names:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(b"\x00\x00\x00\x18ftypmp42")
    (folder / "images").mkdir(parents=True, exist_ok=True)
    (folder / "images" / "well.png").write_bytes(png_bytes(64, 36, (40, 90, 140)))
    for name, text in (vtt or {}).items():
        (folder / name).write_text(text, encoding="utf-8")


def deck(folder: Path, slides: str, head: str = HEAD, *, vtt: dict[str, str] | None = None,
         media: tuple[str, ...] = ("video/well.mp4",)) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "video").mkdir(exist_ok=True)
    files(folder, *media, vtt=vtt)
    return write_deck(folder, slides, head=head)


VIDEO = """\
- type: video
  id: well
  video: video/well.mp4
  poster: images/well.png
  caption: {en: A new well, km: អណ្តូងថ្មី}
  credit: The mission
  alt: Children drink from the new well
  subtitles: {en: video/well-en.vtt, km: video/well-km.vtt}
"""


def problems(folder: Path) -> list[str]:
    return [str(p) for p in load_deck(folder).problems]


def test_a_video_slide_loads_with_its_fields(tmp_path: Path) -> None:
    folder = deck(tmp_path, VIDEO, vtt={"video/well-en.vtt": EN_VTT,
                                        "video/well-km.vtt": KM_VTT})
    result = load_deck(folder)
    assert result.problems == []
    slide = result.deck.slides[0]  # type: ignore[union-attr]
    root = folder.resolve()
    assert slide.type == "video" and slide.id == "well"
    assert slide.fields["video"] == root / "video" / "well.mp4"
    assert slide.fields["poster"] == root / "images" / "well.png"
    assert slide.text("caption", "km", "en") == "អណ្តូងថ្មី"
    assert slide.text("credit", "en", "en") == "The mission"
    assert slide.fields["loop"] is False
    assert not slide.timed and slide.duration == 8
    assert slide.all_images() == [root / "images" / "well.png"]  # (the poster is its still)
    assert slide.media_files() == [root / "video" / "well.mp4", root / "video" / "well-en.vtt",
                                   root / "video" / "well-km.vtt"]


def test_subtitles_are_split_into_files_and_cues(tmp_path: Path) -> None:
    folder = deck(tmp_path, VIDEO, vtt={"video/well-en.vtt": EN_VTT,
                                        "video/well-km.vtt": KM_VTT})
    slide = load_deck(folder).deck.slides[0]  # type: ignore[union-attr]
    root = folder.resolve()
    assert slide.fields["subtitles"] == {"en": root / "video" / "well-en.vtt",
                                         "km": root / "video" / "well-km.vtt"}
    assert slide.cues("en") == (Cue(0.5, 2.5, "We met them.", 3), Cue(3.0, 5.0, "Bye.", 6))
    assert slide.cues("km") == (Cue(0.5, 2.5, "យើង​បាន​ជួប​ពួកគេ។", 3),)
    assert slide.cues("th") == ()


def test_one_subtitle_file_is_the_first_languages(tmp_path: Path) -> None:
    folder = deck(tmp_path, VIDEO.replace("{en: video/well-en.vtt, km: video/well-km.vtt}",
                                          "video/well-en.vtt"),
                  vtt={"video/well-en.vtt": EN_VTT})
    slide = load_deck(folder).deck.slides[0]  # type: ignore[union-attr]
    assert list(slide.fields["subtitles"]) == ["en"]
    assert len(slide.cues("en")) == 2 and slide.cues("km") == ()


def test_a_mistake_in_a_subtitle_file_is_named_at_its_own_line(tmp_path: Path) -> None:
    bad = "WEBVTT\n\n00:01.000 --> 00:02.000\nFine\n\n00:03.000 -> 00:04.000\nArrow\n"
    folder = deck(tmp_path, VIDEO, vtt={"video/well-en.vtt": bad, "video/well-km.vtt": KM_VTT})
    found = problems(folder)
    assert found == [f"{folder}/video/well-en.vtt:6:1: error: '00:03.000 -> 00:04.000' is not "
                     "a cue's times: write them as 00:01.000 --> 00:04.000 (minutes, seconds "
                     "and thousandths)"]


@pytest.mark.parametrize(("text", "said"), [
    (b"\xff\xfeW\x00E\x00", "well-en.vtt is not written in UTF-8: save it again as UTF-8"),
    (b"WEBVTT\n", "well-en.vtt has no subtitles in it"),
])
def test_a_subtitle_file_not_in_utf8_or_with_no_cues(tmp_path: Path, text: bytes,
                                                     said: str) -> None:
    folder = deck(tmp_path, VIDEO.replace("{en: video/well-en.vtt, km: video/well-km.vtt}",
                                          "video/well-en.vtt"))
    (folder / "video" / "well-en.vtt").write_bytes(text)
    found = [p for p in problems(folder) if "well-en.vtt" in p]
    assert len(found) == 1 and found[0].endswith(said), found
    assert f"deck.yaml:{line_of(folder, 'subtitles:')}:" in found[0]


@pytest.mark.parametrize(("video", "said"), [
    ("../outside.mp4", "'../outside.mp4' is outside the content folder: copy it into the "
                       "deck's folder, so that the deck carries it"),
    ("/tmp/elsewhere.mp4", "'/tmp/elsewhere.mp4' is outside the content folder"),
    ("video/gone.mp4", "a video file not found: video/gone.mp4"),
    ("video/clip.avi", "clip.avi is not a video file the kiosk plays: use MP4, M4V, MOV, WEBM, "
                       "MKV"),
    ("video/notes.txt", "notes.txt is not a video file the kiosk plays"),
    ("[1, 2]", "expected the path of a video file, found a list"),
])
def test_a_video_outside_missing_or_of_the_wrong_kind_is_refused(
        tmp_path: Path, video: str, said: str) -> None:
    (tmp_path / "outside.mp4").write_bytes(b"x")
    folder = deck(tmp_path / "d", f"- {{type: video, video: {video}, poster: images/well.png}}\n",
                  media=("video/clip.avi", "video/notes.txt"))
    result = load_deck(folder)
    errors = [str(p) for p in result.errors]
    assert len(errors) == 1 and said in errors[0], errors
    assert f"deck.yaml:{line_of(folder, 'video:')}:" in errors[0]
    assert result.deck is None or result.deck.slides == []  # (the slide is not shown)


def test_a_video_slide_needs_its_video(tmp_path: Path) -> None:
    folder = deck(tmp_path, "- {type: video, poster: images/well.png}\n")
    assert "missing 'video' (the video file; MP4 with H.264 plays everywhere)" \
        in "\n".join(problems(folder))


def test_narration_per_language_and_as_one_path(tmp_path: Path) -> None:
    folder = deck(tmp_path, """\
- type: text
  heading: {en: Welcome, km: សូមស្វាគមន៍}
  body: {en: A story., km: រឿង។}
  narration: {en: audio/welcome-en.m4a, km: audio/welcome-km.mp3}
- type: quote
  quote: Water is life.
  by: A villager
  source: un
  narration: audio/quote.wav
- type: stat
  figure: "3"
  label: wells
  source: un
""", head=HEAD + "sources: [{id: un, title: A report, publisher: UN}]\n",
        media=("audio/welcome-en.m4a", "audio/welcome-km.mp3", "audio/quote.wav"))
    result = load_deck(folder)
    assert result.problems == []
    welcome, quote, stat = result.deck.slides  # type: ignore[union-attr]
    root = folder.resolve()
    assert welcome.narration("en") == root / "audio" / "welcome-en.m4a"
    assert welcome.narration("km") == root / "audio" / "welcome-km.mp3"
    assert quote.narration("en") == root / "audio" / "quote.wav"
    assert quote.narration("km") is None and stat.narration("en") is None
    assert quote.media_files() == [root / "audio" / "quote.wav"]
    assert result.deck.has_sound and not result.deck.narration_in_loop  # type: ignore[union-attr]


def test_narration_of_the_wrong_kind_or_missing(tmp_path: Path) -> None:
    folder = deck(tmp_path, """\
- type: title
  heading: Wells
  narration: {en: audio/voice.mp4, km: audio/gone.m4a}
""", media=("audio/voice.mp4",))
    at = f"{folder}/deck.yaml:{line_of(folder, 'narration:')}"
    assert problems(folder) == [
        f"{at}:21: error: voice.mp4 is not a sound file the kiosk plays: use M4A, MP3, OGG, "
        "OPUS, WAV, AAC, FLAC",
        f"{at}:42: error: a sound file not found: audio/gone.m4a"]


def test_narration_in_a_language_not_in_the_deck_is_warned_and_the_slide_stays(
        tmp_path: Path) -> None:
    folder = deck(tmp_path, """\
- type: title
  heading: Wells
  narration: {fr: audio/fr.m4a}
- type: title
  heading: More wells
  narration: {en: audio/en.m4a, th: audio/fr.m4a}
""", media=("audio/fr.m4a", "audio/en.m4a"))
    result = load_deck(folder)
    assert [str(p) for p in result.problems] == [
        f"{folder}/deck.yaml:{line_of(folder, '{fr:')}:21: warning: 'fr' is not in the deck's "
        "languages: this file is never played",
        f"{folder}/deck.yaml:{line_of(folder, 'th:')}:39: warning: 'th' is not in the deck's "
        "languages: this file is never played"]
    first, second = result.deck.slides  # type: ignore[union-attr]
    assert first.narration("en") is None and first.media_files() == []
    assert second.narration("en") == folder.resolve() / "audio" / "en.m4a"
    assert result.deck.has_sound  # type: ignore[union-attr]


def test_a_video_without_a_poster_is_warned_at_its_video(tmp_path: Path) -> None:
    folder = deck(tmp_path, "- type: video\n  video: video/well.mp4\n")
    assert problems(folder) == [
        f"{folder}/deck.yaml:{line_of(folder, 'video: video')}:12: warning: add a poster (a "
        "still of the video): it shows while the video starts, and instead of it on a booth "
        "that cannot play video"]


def test_timed_is_set_only_by_a_duration_the_author_wrote(tmp_path: Path) -> None:
    folder = deck(tmp_path, """\
- {type: video, video: video/well.mp4, poster: images/well.png, loop: yes, duration: 20}
- {type: video, video: video/well.mp4, poster: images/well.png, duration: {en: 12, km: 15}}
- {type: video, video: video/well.mp4, poster: images/well.png}
""")
    looped, per_language, plain = load_deck(folder).deck.slides  # type: ignore[union-attr]
    assert looped.timed and looped.duration == 20 and looped.fields["loop"] is True
    assert per_language.timed and per_language.duration_for("km") == 15
    assert not plain.timed and plain.duration == 8


def test_narration_in_loop_and_has_sound(tmp_path: Path) -> None:
    quiet = deck(tmp_path / "quiet", "- {type: title, heading: Wells}\n")
    assert load_deck(quiet).deck.has_sound is False  # type: ignore[union-attr]
    looped = deck(tmp_path / "loop", "- {type: title, heading: Wells}\n",
                  head=HEAD + "narration_in_loop: yes\n")
    result = load_deck(looped)
    assert result.problems == [] and result.deck.narration_in_loop  # type: ignore[union-attr]
    video = deck(tmp_path / "video", "- {type: video, video: video/well.mp4, "
                                     "poster: images/well.png}\n")
    assert load_deck(video).deck.has_sound  # type: ignore[union-attr]
    wrong = deck(tmp_path / "wrong", "- {type: title, heading: Wells}\n",
                 head=HEAD + "narration_in_loop: sometimes\n")
    assert f"deck.yaml:{line_of(wrong, 'narration_in_loop')}:" in "\n".join(problems(wrong))


def test_a_duration_or_image_only_in_other_languages(tmp_path: Path) -> None:
    """A duration given only in a language the deck does not have is as if not given (the
    slide stays, at the deck's duration); a required photo given only so is missing."""
    folder = deck(tmp_path, """\
- type: title
  id: first
  heading: Wells
  duration: {fr: 4}
- type: image
  id: photo
  image: {fr: images/well.png}
""")
    result = load_deck(folder)
    assert result.deck is not None
    assert [s.id for s in result.deck.slides] == ["first"]
    assert result.deck.slides[0].duration == 8
    said = [str(p) for p in result.problems]
    assert any("error: missing 'image' in the deck's languages" in line for line in said), said


def test_a_subtitle_too_long_for_two_lines_is_warned_at_its_line(tmp_path: Path) -> None:
    long = "We met them in Phnom Penh, and they asked us to stay with them. " * 3
    folder = deck(tmp_path, VIDEO, vtt={
        "video/well-en.vtt": f"WEBVTT\n\n00:00.500 --> 00:02.500\nShort.\n\n"
                             f"00:03.000 --> 00:05.000\n{long}\n",
        "video/well-km.vtt": KM_VTT})
    assert problems(folder) == [
        f"{folder.resolve()}/video/well-en.vtt:6:1: warning: this subtitle is "
        f"{len(long.strip())} characters long: a booth shows at most two short lines at a "
        "time (about 100 characters); split it into several"]
