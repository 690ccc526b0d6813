"""`kiosk validate` opens each video and narration file as the booth will, and says what a
booth would do wrong with it, at the line of deck.yaml (or of the subtitle file) that names
it; without the media extra, it says once per video slide that the booth shows the poster."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.decks import line_of
from tests.media_files import make_audio, make_video, video_deck

EXTRA = 'pip install "awareness-kiosk[media]"'


def validate(folder: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    """Run `kiosk validate` as a person does (with an empty settings file): its exit code and
    the lines it printed."""
    from kiosk.cli import main

    settings = folder.parent / "kiosk.yaml"
    settings.write_text("", encoding="utf-8")
    code = main(["validate", str(folder), "--config", str(settings)])
    return code, capsys.readouterr().out.splitlines()


def said(lines: list[str]) -> list[str]:
    """The problems printed (not the closing count)."""
    return [line for line in lines if ": error: " in line or ": warning: " in line]


def at_video(folder: Path) -> str:
    return f"{folder}/deck.yaml:{line_of(folder, 'video: video/well.mp4')}:10"


def test_a_good_deck_is_clean_and_an_hevc_video_is_warned_naming_h265(  # type: ignore[no-untyped-def]
        kiosk_app, media, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = video_deck(tmp_path / "wells")
    code, lines = validate(folder, capsys)
    assert code == 0 and said(lines) == []
    assert lines[-1] == f"{folder}: 3 slide(s) playable, 0 error(s), 0 warning(s)"
    make_video(folder / "video" / "well.mp4", 6.0, codec="hevc")
    code, lines = validate(folder, capsys)
    assert code == 0
    assert said(lines) == [f"{at_video(folder)}: warning: well.mp4 is in H.265 (HEVC), which a "
                           "booth may not play: save it as MP4 (H.264)"]


def test_a_video_that_is_really_text_is_an_error(kiosk_app, media, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    folder = video_deck(tmp_path / "wells")
    (folder / "video" / "well.mp4").write_text("This is where the video will go.\n")
    code, lines = validate(folder, capsys)
    assert code == 1
    assert said(lines) == [f"{at_video(folder)}: error: well.mp4 cannot be played: it is "
                           "damaged, or it is not really a video; copy it again from the "
                           "original, or save it again as MP4 (H.264)"]


def test_a_video_with_only_sound_and_a_voice_that_is_not_sound(  # type: ignore[no-untyped-def]
        kiosk_app, media, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = video_deck(tmp_path / "wells")
    make_audio(folder / "video" / "well.mp4", 2.0)
    (folder / "audio" / "welcome-km.m4a").write_bytes(b"\x00" * 5000)
    code, lines = validate(folder, capsys)
    assert code == 1
    assert said(lines) == [
        f"{folder}/deck.yaml:{line_of(folder, 'km: audio/welcome-km.m4a')}:9: error: "
        "welcome-km.m4a cannot be played: it is damaged, or it is not really a sound file; "
        "copy it again from the original, or save it again as M4A or MP3",
        f"{at_video(folder)}: error: well.mp4 has no picture in it, only sound: use a video, or "
        "give the sound as the slide's 'narration:'"]


def test_a_video_larger_than_4k_is_warned(kiosk_app, media, tmp_path: Path,  # type: ignore[no-untyped-def]
                                          capsys: pytest.CaptureFixture[str]) -> None:
    folder = video_deck(tmp_path / "wells")
    make_video(folder / "video" / "well.mp4", 0.4, size=(4096, 2304), fps=5, audio=False)
    write_cues = folder / "video" / "well-en.vtt"
    write_cues.write_text("WEBVTT\n\n00:00.100 --> 00:00.300\nWe met them.\n", encoding="utf-8")
    (folder / "video" / "well-km.vtt").write_text(write_cues.read_text(encoding="utf-8"),
                                                  encoding="utf-8")
    code, lines = validate(folder, capsys)
    assert code == 0
    assert said(lines) == [f"{at_video(folder)}: warning: well.mp4 is 4096x2304: larger than "
                           "any booth screen, it may stutter on a small PC; 1920x1080 is enough"]


def test_a_video_far_too_large_for_a_booth_is_an_error(  # type: ignore[no-untyped-def]
        kiosk_app, media, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Decoding a picture of 8000x4400 takes gigabytes: a booth would run out of memory."""
    folder = video_deck(tmp_path / "wells")
    make_video(folder / "video" / "well.mp4", 0.2, size=(8000, 4400), fps=5, audio=False)
    code, lines = validate(folder, capsys)
    assert code == 1
    assert said(lines) == [f"{at_video(folder)}: error: well.mp4 is 8000x4400: far too large "
                           "for a booth, which would run out of memory; save it at 1920x1080"]


def test_a_subtitle_after_the_end_is_warned_at_its_line(  # type: ignore[no-untyped-def]
        kiosk_app, media, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = video_deck(tmp_path / "wells", seconds=2.0)  # (its second cue begins at 3 s)
    code, lines = validate(folder, capsys)
    assert code == 0
    assert said(lines) == [
        f"{folder}/video/well-{language}.vtt:6:1: warning: this subtitle begins after the "
        "video ends (at 00:02.000): it is never shown" for language in ("en", "km")]


def test_a_video_or_a_voice_longer_than_the_slide_set_for_it(  # type: ignore[no-untyped-def]
        kiosk_app, media, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import yaml

    folder = video_deck(tmp_path / "wells", extra={"duration": 3})
    deck = yaml.safe_load((folder / "deck.yaml").read_text(encoding="utf-8"))
    deck["slides"][0]["duration"] = {"en": 1, "km": 4}
    (folder / "deck.yaml").write_text(yaml.safe_dump(deck, allow_unicode=True), encoding="utf-8")
    code, lines = validate(folder, capsys)
    assert code == 0
    assert [line for line in said(lines) if "narration" in line or "well.mp4" in line] == [
        f"{folder}/deck.yaml:{line_of(folder, 'en: audio/welcome-en.m4a')}:9: warning: the "
        "narration in 'en' is 2 s, the slide is set to show for 1 s: set 'duration: 3' so "
        "that the slide stays while it speaks",
        f"{folder}/deck.yaml:{line_of(folder, 'video: video/well.mp4')}:10: warning: well.mp4 "
        "is 6 s, the slide is set to show for 3 s: its end is cut (remove 'duration:' to play "
        "it to the end)"]


def test_a_very_large_video_file_is_warned(kiosk_app, media, tmp_path: Path,  # type: ignore[no-untyped-def]
                                           capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from kiosk.ui.player import media_check

    folder = video_deck(tmp_path / "wells")
    size = (folder / "video" / "well.mp4").stat().st_size
    monkeypatch.setattr(media_check, "LARGEST_FILE", size - 1)  # (not 500 MB made for a test)
    code, lines = validate(folder, capsys)
    assert code == 0
    assert said(lines) == [f"{at_video(folder)}: warning: well.mp4 is {size / 2**20:.0f} MB: slow "
                           "to copy to a booth, and it may stutter on a small PC; save it at "
                           "1920x1080 (a minute is about 30 MB)"]


def test_without_the_media_extra_the_booth_shows_the_poster(  # type: ignore[no-untyped-def]
        kiosk_app, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    from kiosk.ui import media

    monkeypatch.setattr(media, "available", lambda: False)  # (as --no-media does)
    folder = video_deck(tmp_path / "wells")
    (folder / "video" / "well.mp4").write_text("not even opened")
    code, lines = validate(folder, capsys)
    assert code == 0
    assert said(lines) == [
        f"{folder}/deck.yaml:{line_of(folder, 'en: audio/welcome-en')}:5: warning: narration needs "
        f"the media extra ({EXTRA}): this booth is silent",
        f"{at_video(folder)}: warning: video slides need the media extra ({EXTRA}): this booth "
        "shows the poster"]
