"""Video slides in Kiosk Studio as a volunteer makes them: a video dropped on the slide list
becomes a video slide (the file copied into the deck on a worker, a poster made from it), its
subtitles chosen or dropped for each language, a broken subtitle file said at its line, the
preview playing the chosen video; and on a computer without the media extra, the slide still
added, without a poster, and the studio saying why."""

from __future__ import annotations

import itertools
import os
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog, QLabel, QPushButton, QWidget

from kiosk.content import load_deck
from kiosk.studio.controller import Studio
from tests.gui.drops import drop_files
from tests.gui.studio_media import media_studio
from tests.gui.test_studio import choose, open_studio, save
from tests.media_files import make_video, video_deck, write_vtt

VIDEO_ROW = 1  # in tests.media_files.video_deck: a text slide, the video, a quotation
#: Qt Multimedia turning a frame into a picture without a graphics card says so.
pytestmark = pytest.mark.qt_log_ignore(r"No RHI backend\. Using CPU conversion")


@pytest.fixture
def studio(kiosk_app, qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    with media_studio(qtbot, tmp_path, seconds=2.0) as studio:
        yield studio


def colours(image: QImage) -> set[str]:
    """The colours seen on a coarse grid over ``image``."""
    return {image.pixelColor(x * image.width() // 12, y * image.height() // 8).name()
            for x in range(12) for y in range(8)}


def lit(image: QImage) -> bool:
    """Not black, not one flat colour: a picture."""
    seen = colours(image)
    return len(seen) > 4 and any(max(int(c[i:i + 2], 16) for i in (1, 3, 5)) > 60
                                 for c in seen)


def near(colour: str, other: str) -> bool:
    """The same colour, but for a JPEG's rounding."""
    return all(abs(int(colour[i:i + 2], 16) - int(other[i:i + 2], 16)) <= 3 for i in (1, 3, 5))


def drop_on_list(studio: Studio, files: list[Path], row: int = 0) -> None:
    slides = studio.window.slides
    assert drop_files(slides.viewport(), files, slides.visualItemRect(slides.item(row)).center())


def press(qtbot, widget: QWidget | None) -> None:  # type: ignore[no-untyped-def]
    """Click ``widget`` once it shows (a slide's new fields show on the next turn)."""
    assert widget is not None
    qtbot.waitUntil(lambda: widget.isVisible() and widget.isEnabled(), timeout=5000)
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)


def button(studio: Studio, name: str) -> QPushButton:
    found = studio.window.fields.findChild(QPushButton, name)
    assert found is not None, name
    return found


def answer(studio: Studio, qtbot, name: str, file: Path) -> None:  # type: ignore[no-untyped-def]
    """Choose ``file`` in the open file dialog ``name`` and press its Open."""
    qtbot.waitUntil(lambda: (d := studio.window.findChild(QFileDialog, name)) is not None
                    and d.isVisible(), timeout=5000)
    dialog = studio.window.findChild(QFileDialog, name)
    dialog.fileSelected.emit(str(file))  # what choosing it and Open do
    dialog.close()


def test_a_video_dropped_on_the_list_becomes_a_slide_with_a_poster(studio: Studio, qtbot,
                                                                    tmp_path: Path,
                                                                    media: None) -> None:
    video = make_video(tmp_path / "outside" / "Harvest Day.mp4", seconds=2.0)
    count = len(studio.document.slides)
    drop_on_list(studio, [video], row=0)
    qtbot.waitUntil(lambda: len(studio.document.slides) == count + 1, timeout=20_000)
    slide = studio.document.slide(1)  # after the slide it was dropped on, and chosen
    assert (slide["type"], slide["id"], slide["video"]) == ("video", "harvest-day",
                                                            "video/Harvest Day.mp4")
    assert studio.window.slides.count() == count + 1 and studio.index == 1
    folder = studio.document.folder
    assert (folder / "video" / "Harvest Day.mp4").read_bytes() == video.read_bytes()
    qtbot.waitUntil(lambda: "poster" in studio.document.slide(1), timeout=30_000)
    assert studio.document.slide(1)["poster"] == "images/harvest-day-poster.jpg"
    poster = QImage(str(folder / "images" / "harvest-day-poster.jpg"))
    assert poster.size().width() == 640 and lit(poster)  # a frame of it, not black
    assert studio.window.fields.inputs[("poster", None)].text() == slide["poster"]
    saved = save(studio, qtbot)
    deck = load_deck(saved.parent).deck
    assert deck is not None
    added = next(s for s in deck.slides if s.id == "harvest-day")
    assert added.type == "video" and added.fields["poster"].name == "harvest-day-poster.jpg"
    studio.undo_stack.undo()  # the poster, then the slide: a step each
    assert "poster" not in studio.document.slide(1)


def test_the_window_answers_while_a_large_video_is_copied(studio: Studio, qtbot,
                                                          tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("kiosk.ui.media.available", lambda: False)  # (no poster to wait for)
    monkeypatch.setattr("kiosk.studio.intake.CHUNK", 64 * 1024)
    video = make_video(tmp_path / "outside" / "long.mp4", seconds=4.0, size=(1280, 720))
    held, real_replace = threading.Event(), os.replace

    def slow_replace(source: object, target: object) -> None:
        if Path(str(target)).parent.name == "video":
            assert held.wait(30), "the test never let the copy end"  # (on the worker)
        real_replace(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr("kiosk.studio.intake.os.replace", slow_replace)
    count = len(studio.document.slides)
    drop_on_list(studio, [video], row=0)
    qtbot.waitUntil(lambda: "100%" in studio.window.status.text(), timeout=10_000)
    assert "Copying long.mp4 into the deck" in studio.window.status.text()
    slides = studio.window.slides  # the copy is not over: the window still does its work
    with qtbot.waitSignal(studio.checked, timeout=10_000):
        QTest.mouseClick(slides.viewport(), Qt.MouseButton.LeftButton,
                         pos=slides.visualItemRect(slides.item(2)).center())
    assert studio.index == 2 and len(studio.document.slides) == count
    held.set()
    qtbot.waitUntil(lambda: len(studio.document.slides) == count + 1, timeout=10_000)
    assert studio.document.slide(1)["video"] == "video/long.mp4"


def test_without_the_media_extra_the_slide_comes_without_a_poster_and_says_why(
        studio: Studio, qtbot, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("kiosk.ui.media.available", lambda: False)
    video = make_video(tmp_path / "outside" / "well two.mp4", seconds=1.0, audio=False)
    drop_on_list(studio, [video], row=2)
    qtbot.waitUntil(lambda: len(studio.document.slides) == 4, timeout=20_000)
    assert studio.index == 3  # the new slide, chosen
    slide = studio.document.slide(3)
    assert slide["video"] == "video/well two.mp4" and "poster" not in slide

    def said() -> list[str]:
        return [label.text() for label in studio.window.fields.findChildren(QLabel)
                if label.isVisible()]  # (a slide's new fields show on the next turn)

    qtbot.waitUntil(lambda: any("cannot play video, so no poster was made" in s
                                and "media extra" in s for s in said()), timeout=5000)
    for name in ("make-poster", "listen-narration-en"):  # nothing this computer cannot do
        assert studio.window.fields.findChild(QPushButton, name) is None
    choose(studio, qtbot, VIDEO_ROW)  # a video slide with a poster: the poster shows
    assert studio.preview_video.playback is None
    preview = studio.window.preview.image
    assert preview is not None
    middle = preview.pixelColor(preview.width() // 2, preview.height() // 2)
    assert near(middle.name(), "#336699")  # tests.media_files.video_deck's poster


def test_subtitles_for_each_language_are_chosen_or_dropped(studio: Studio, qtbot,
                                                           tmp_path: Path) -> None:
    choose(studio, qtbot, VIDEO_ROW)
    km = write_vtt(tmp_path / "outside" / "harvest-km.vtt", [(0.2, 1.5, "ការប្រមូលផល")])
    press(qtbot, button(studio, "choose-subtitles-km"))
    answer(studio, qtbot, "subtitles-dialog", km)
    qtbot.waitUntil(lambda: studio.document.slide(VIDEO_ROW)["subtitles"]["km"]
                    == "subtitles/harvest-km.vtt", timeout=10_000)
    en = write_vtt(tmp_path / "outside" / "harvest-en.vtt", [(0.2, 1.5, "The harvest")])
    box = studio.window.fields.inputs[("subtitles", "en")]
    assert drop_files(box, [en])
    qtbot.waitUntil(lambda: studio.document.slide(VIDEO_ROW)["subtitles"]["en"]
                    == "subtitles/harvest-en.vtt", timeout=10_000)
    folder = studio.document.folder
    assert (folder / "subtitles" / "harvest-km.vtt").read_bytes() == km.read_bytes()
    assert studio.window.fields.inputs[("subtitles", "en")].text() == \
        "subtitles/harvest-en.vtt"
    deck = load_deck(save(studio, qtbot).parent).deck
    assert deck is not None
    assert [c.text for c in deck.slides[VIDEO_ROW].cues("km")] == ["ការប្រមូលផល"]
    assert [c.text for c in deck.slides[VIDEO_ROW].cues("en")] == ["The harvest"]


def files_in(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}


def test_subtitles_with_mistakes_are_refused_at_their_lines_and_not_copied(
        studio: Studio, qtbot, tmp_path: Path) -> None:
    choose(studio, qtbot, VIDEO_ROW)
    before, folder = files_in(studio.document.folder), studio.document.folder
    broken = tmp_path / "outside" / "broken-km.vtt"
    broken.parent.mkdir()
    broken.write_text("WEBVTT\n\n00:00.500 --> 00:02.000\nFine\n\n00:03.000 -> 00:04.000\n"
                      "An arrow too short\n", encoding="utf-8")
    press(qtbot, button(studio, "choose-subtitles-km"))
    answer(studio, qtbot, "subtitles-dialog", broken)
    qtbot.waitUntil(lambda: "broken-km.vtt, line 6:" in studio.window.status.text(),
                    timeout=10_000)
    assert "was not added" in studio.window.status.text()
    assert studio.document.slide(VIDEO_ROW)["subtitles"]["km"] == "video/well-km.vtt"
    assert files_in(folder) == before  # nothing of it in the deck


def test_a_mistake_in_a_decks_subtitles_is_said_at_its_line_when_opened_by_a_relative_path(
        kiosk_app, qtbot, tmp_path: Path, monkeypatch) -> None:
    folder = video_deck(tmp_path / "deck", seconds=1.0, narration=False)
    (folder / "video" / "well-km.vtt").write_text(
        "WEBVTT\n\n00:02.000 --> 00:01.000\nBackwards\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    studio, runner = open_studio(qtbot, tmp_path, Path("deck"))
    try:
        studio.window.show()
        choose(studio, qtbot, VIDEO_ROW)
        said = studio.window.fields.problems["subtitles"]
        qtbot.waitUntil(said.isVisible, timeout=5000)
        assert "well-km.vtt, line 3: the cue ends before it begins" in said.text(), said.text()
    finally:
        studio.dirty = False
        studio.window.close()
        runner.wait(5000)


def test_a_link_to_a_device_is_refused_wherever_it_is_given(studio: Studio, qtbot,
                                                           tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    links = {suffix: outside / f"zero{suffix}" for suffix in (".mp4", ".vtt", ".m4a")}
    for link in links.values():
        link.symlink_to("/dev/zero")
    folder = studio.document.folder
    before, count = files_in(folder), len(studio.document.slides)

    def refused(name: str) -> None:
        qtbot.waitUntil(lambda: f"Not added: {name} is not a regular file"
                        in studio.window.status.text(), timeout=10_000)
        assert files_in(folder) == before and len(studio.document.slides) == count
        studio.window.set_status("", ready=True)

    choose(studio, qtbot, VIDEO_ROW)
    press(qtbot, button(studio, "choose-video"))  # Replace…
    answer(studio, qtbot, "video-dialog", links[".mp4"])
    refused("zero.mp4")
    assert studio.document.slide(VIDEO_ROW)["video"] == "video/well.mp4"
    assert drop_files(studio.window.fields.inputs[("subtitles", "en")], [links[".vtt"]])
    refused("zero.vtt")
    assert drop_files(studio.window.fields.inputs[("narration", "en")], [links[".m4a"]])
    refused("zero.m4a")
    drop_on_list(studio, [links[".mp4"]], row=0)
    refused("zero.mp4")


def test_a_damaged_video_is_a_problem_as_kiosk_validate_says(studio: Studio, qtbot,
                                                            media: None) -> None:
    (studio.document.folder / "video" / "well.mp4").write_bytes(os.urandom(200_000))
    with qtbot.waitSignal(studio.checked, timeout=20_000):
        studio.recheck()
    status = studio.window.status
    assert "problem(s) to fix" in status.text()
    choose(studio, qtbot, VIDEO_ROW)
    said = studio.window.fields.problems["video"]
    qtbot.waitUntil(said.isVisible, timeout=5000)
    assert "well.mp4 cannot be played: it is damaged, or it is not really a video" \
        in said.text(), said.text()
    qtbot.waitUntil(lambda: "cannot play" in status.text(), timeout=20_000)
    assert status.text() == ("This video cannot play: it is damaged or not really a video. "
                             "The booth would show its poster.")
    with qtbot.waitSignal(studio.checked, timeout=10_000):
        studio.recheck()  # said once: not tried again, the count of problems stays
    assert studio.preview_video.playback is None
    assert "problem(s) to fix" in status.text()


def test_the_video_is_replaced_and_the_poster_made_again_from_it(studio: Studio, qtbot,
                                                                 tmp_path: Path,
                                                                 media: None) -> None:
    choose(studio, qtbot, VIDEO_ROW)
    other = make_video(tmp_path / "outside" / "river.mp4", seconds=1.5, audio=False)
    replace = button(studio, "choose-video")
    assert replace.text() == "Replace…"
    press(qtbot, replace)
    answer(studio, qtbot, "video-dialog", other)
    qtbot.waitUntil(lambda: studio.document.slide(VIDEO_ROW)["video"] == "video/river.mp4",
                    timeout=10_000)
    assert studio.document.slide(VIDEO_ROW)["poster"] == "images/well.jpg"  # the author's
    press(qtbot, button(studio, "make-poster"))
    qtbot.waitUntil(lambda: studio.document.slide(VIDEO_ROW)["poster"]
                    == "images/river-poster.jpg", timeout=30_000)
    poster = QImage(str(studio.document.folder / "images" / "river-poster.jpg"))
    assert lit(poster)


def test_the_preview_plays_the_chosen_video_and_stops_for_another_slide(
        studio: Studio, qtbot, media: None) -> None:
    positions: list[int] = []
    studio.preview_video.shown.connect(
        lambda: positions.append(studio.preview_video.playback.position_ms))
    choose(studio, qtbot, VIDEO_ROW)
    qtbot.waitUntil(lambda: len(positions) > 5, timeout=20_000)  # frames arrive
    playback = studio.preview_video.playback
    assert playback is not None and playback.language == "en"  # the deck's first
    frame = studio.window.preview.image
    assert frame is not None and lit(frame)
    assert not any(near(c, "#336699") for c in colours(frame))  # not the poster
    # over and over: the 2 s video starts again at its end
    qtbot.waitUntil(lambda: any(b < a for a, b in itertools.pairwise(positions)),
                    timeout=20_000)
    choose(studio, qtbot, 2)
    assert studio.preview_video.playback is None
    seen = len(positions)
    with qtbot.waitSignal(studio.checked, timeout=10_000):
        studio.recheck()
    assert len(positions) == seen  # no frame of it since


def test_closing_the_window_stops_the_preview(studio: Studio, qtbot, media: None) -> None:
    choose(studio, qtbot, VIDEO_ROW)
    qtbot.waitUntil(lambda: studio.preview_video.playback is not None, timeout=10_000)
    studio.dirty = False
    studio.window.close()
    assert studio.preview_video.playback is None
