"""Slides from a presentation: a PDF made here (as PowerPoint would export one) becomes image
slides, each page a picture at the booth's size, in a deck that validates."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QMarginsF, QRect, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter

from kiosk.content import load_deck
from kiosk.platform import paths


def make_pdf(path: Path, colours: list[str]) -> None:
    """A 16:9 presentation, one coloured page with a title per colour."""
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QSizeF(254, 142.875), QPageSize.Unit.Millimeter))
    writer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
    writer.setResolution(96)
    painter = QPainter(writer)
    for i, colour in enumerate(colours):
        if i:
            writer.newPage()
        area = QRectF(0, 0, writer.width(), writer.height())
        painter.fillRect(area, QColor(colour))
        painter.setPen(QColor("white"))
        painter.setFont(QFont("Noto Sans", 40))
        painter.drawText(area, Qt.AlignmentFlag.AlignCenter, f"Page {i + 1}")
    painter.end()


def test_kiosk_import_makes_a_new_deck_of_image_slides(kiosk_app, tmp_path: Path,
                                                       capsys) -> None:  # type: ignore[no-untyped-def]
    from kiosk.cli import main

    pdf = tmp_path / "Our Mission 2026.pdf"
    make_pdf(pdf, ["#1a5276", "#7d3c98", "#1e8449"])
    folder = tmp_path / "booth-deck"
    assert main(["import", str(pdf), "--content", str(folder)]) == 0
    assert "added 3 slide(s)" in capsys.readouterr().out
    result = load_deck(folder)
    assert result.deck is not None and not result.errors
    assert [s.id for s in result.deck.slides] == ["our-mission-2026-1", "our-mission-2026-2",
                                                  "our-mission-2026-3"]
    for slide, colour in zip(result.deck.slides, ["#1a5276", "#7d3c98", "#1e8449"],
                             strict=True):
        picture = QImage(str(slide.image()))
        assert (picture.width(), picture.height()) == (1920, 1080)  # the booth's size
        corner = QColor(picture.pixel(20, 20))
        expected = QColor(colour)
        assert abs(corner.red() - expected.red()) < 12 and abs(
            corner.blue() - expected.blue()) < 12
        assert slide.fields["fit"] == "fit"
    text = (folder / "deck.yaml").read_text(encoding="utf-8")
    assert text.startswith("# Slides imported from Our Mission 2026.pdf")
    assert 'title: "Our Mission 2026"' in text


def test_import_adds_to_an_existing_deck_and_keeps_it(kiosk_app, tmp_path: Path) -> None:
    from kiosk.cli import main

    folder = tmp_path / "deck"
    shutil.copytree(paths.bundled_content_dir(), folder)
    before = (folder / "deck.yaml").read_text(encoding="utf-8")
    pdf = tmp_path / "talk.pdf"
    make_pdf(pdf, ["#333333"])
    assert main(["import", str(pdf), "--content", str(folder), "--size", "1080x1920"]) == 0
    after = (folder / "deck.yaml").read_text(encoding="utf-8")
    assert after.startswith(before.rstrip("\n"))  # everything the author wrote, as written
    deck = load_deck(folder).deck
    assert deck is not None and deck.slides[-1].id == "talk-1"
    picture = QImage(str(deck.slides[-1].image()))
    assert picture.width() == 1080 and picture.height() < 1920  # fits a portrait booth


def test_import_refuses_what_it_cannot_use(kiosk_app, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from kiosk.cli import main

    fake = tmp_path / "slides.pdf"
    fake.write_text("not a PDF at all")
    assert main(["import", str(fake), "--content", str(tmp_path / "deck")]) == 1
    assert "cannot be read as a PDF" in capsys.readouterr().err
    assert main(["import", str(tmp_path / "missing.pdf"), "--content",
                 str(tmp_path / "deck")]) == 1
    bundled = paths.bundled_content_dir()
    before = (bundled / "deck.yaml").read_bytes()
    assert main(["import", str(fake), "--content", str(bundled)]) == 1
    assert "bundled deck is never changed" in capsys.readouterr().err
    assert (bundled / "deck.yaml").read_bytes() == before


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)])
def test_a_page_is_shown_whole_with_nothing_over_it(  # type: ignore[no-untyped-def]
        kiosk_app, qtbot, tmp_path: Path, size: tuple[int, int]) -> None:
    """A presentation keeps its footer in the bottom third of a page: the booth shows the page
    as it was drawn there, whole and undarkened (no scrim: the page has no words of the
    kiosk's own over it)."""
    from kiosk.studio.pdf_import import import_pdf
    from kiosk.ui.common.images import decode
    from kiosk.ui.player.player import Player
    from kiosk.ui.tasks import TaskRunner

    pdf = tmp_path / "talk.pdf"
    make_pdf(pdf, ["#f4f1ea"])  # a light page: any darkening shows
    import_pdf(pdf, tmp_path / "deck")
    deck = load_deck(tmp_path / "deck").deck
    assert deck is not None
    slide = deck.slides[0]
    player = Player(TaskRunner())
    player.resize(*size)
    qtbot.addWidget(player)
    player.show()
    player.set_autoplay(False)
    player.set_deck(deck)
    qtbot.waitUntil(lambda: player.index == 0 and player.has_frame)
    shown = player.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    path = slide.image()
    assert path is not None
    page = decode(path, QSize(*size), "fit").convertToFormat(QImage.Format.Format_RGB32)
    left, top = (size[0] - page.width()) // 2, (size[1] - page.height()) // 2
    assert (page.width() == size[0]) or (page.height() == size[1])  # as large as it fits
    third = page.height() // 3
    bottom = QRect(0, page.height() - third, page.width(), third)
    assert shown.copy(bottom.translated(left, top)) == page.copy(bottom), "footer darkened"
    assert shown.copy(left, top, page.width(), page.height()) == page, "page drawn over"
    player.wait_for_workers()
