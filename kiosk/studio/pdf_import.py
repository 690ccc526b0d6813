"""Slides from a presentation: each page of a PDF (what PowerPoint, Keynote, Google Slides and
Canva export) becomes a picture at the booth's size and an image slide in the deck.

pypdfium2 renders the pages: it is PDFium (the renderer of Chromium) in a wheel, with nothing
to download at run time. Qt encodes the pictures. Call it off the GUI thread.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QImage

from kiosk.content.edit import DeckDocument, relative_image
from kiosk.content.loader import DECK_FILE
from kiosk.studio.checks import slug

IMAGES = "images"
NEW_DECK = """\
# Slides imported from {name}. Check them with `kiosk validate`; a slide's duration, chapter
# and words can be added in Kiosk Studio or here.
title: {title}
languages: [en]
slides:
"""


class PdfImportError(Exception):
    """The file cannot be imported (not a PDF, locked with a password, unreadable)."""


def render_pages(pdf: Path, size: QSize) -> list[QImage]:
    """Each page of ``pdf`` as a picture that fits inside ``size`` (aspect kept)."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(str(pdf))
    except pdfium.PdfiumError as exc:
        raise PdfImportError(f"{pdf.name} cannot be read as a PDF ({exc})") from exc
    pictures = []
    try:
        for page in document:
            width, height = page.get_size()
            scale = min(size.width() / width, size.height() / height)
            bitmap = page.render(scale=scale, rev_byteorder=True, draw_annots=True)
            image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride,
                           QImage.Format.Format_RGB888 if bitmap.n_channels == 3
                           else QImage.Format.Format_RGBA8888)
            pictures.append(image.copy())  # the bitmap's memory goes with the page
            page.close()
    finally:
        document.close()
    if not pictures:
        raise PdfImportError(f"{pdf.name} has no pages")
    return pictures


def write_pages(pdf: Path, folder: Path, size: QSize, taken: set[str],
                progress: Callable[[int, int], None] | None = None) -> list[tuple[str, str]]:
    """Each page of ``pdf`` as a JPEG in ``folder/images/`` at ``size``, named for the PDF and
    never for a slide id in ``taken`` (which grows): (slide id, the picture as the deck names
    it). Off the GUI thread."""
    (folder / IMAGES).mkdir(parents=True, exist_ok=True)
    base, pages = slug(pdf.stem), []
    pictures = render_pages(pdf, size)
    for number, picture in enumerate(pictures, 1):
        slide_id = f"{base}-{number}"
        while slide_id in taken or (folder / IMAGES / f"{slide_id}.jpg").exists():
            slide_id += "-new"
        target = folder / IMAGES / f"{slide_id}.jpg"
        if not picture.save(str(target), "JPG", 90):  # type: ignore[call-overload]
            raise OSError(f"cannot write {target}")
        taken.add(slide_id)
        pages.append((slide_id, relative_image(folder, target)))
        if progress is not None:
            progress(number, len(pictures))
    return pages


def page_slide(slide_id: str, picture: str) -> dict[str, str]:
    """A presentation's page as a slide: shown whole and, with no caption, credit or source,
    with nothing laid over it (no scrim)."""
    return {"type": "image", "id": slide_id, "image": picture, "fit": "fit"}


def import_pdf(pdf: Path, folder: Path, size: QSize | None = None,
               progress: Callable[[int, int], None] | None = None) -> list[str]:
    """Add one image slide per page of ``pdf`` to the deck in ``folder`` (a new deck if it has
    none), the pictures in ``folder/images/`` at ``size`` (a 1920x1080 booth unless given).
    Returns the new slides' ids."""
    folder.mkdir(parents=True, exist_ok=True)
    if not (folder / DECK_FILE).exists():
        title = json.dumps(pdf.stem, ensure_ascii=False)  # a YAML double-quoted string
        (folder / DECK_FILE).write_text(NEW_DECK.format(name=pdf.name, title=title),
                                        encoding="utf-8")
    document = DeckDocument(folder)
    taken = {str(s.get("id")) for s in document.slides if hasattr(s, "get")}
    pages = write_pages(pdf, folder, size or QSize(1920, 1080), taken, progress)
    for slide_id, picture in pages:
        document.add_slide(page_slide(slide_id, picture))
    document.save()
    return [slide_id for slide_id, _ in pages]


def import_command(pdf: Path, folder: Path, size: tuple[int, int]) -> int:
    """`kiosk import FILE.pdf`: add the pages, then say how the deck stands; exit code."""
    import sys

    from kiosk.content import load_deck
    from kiosk.platform import paths
    from kiosk.ui.app import application

    if folder.resolve() == paths.bundled_content_dir().resolve():
        print("the bundled deck is never changed: give the deck to add to with --content DIR "
              "(a new folder starts a new deck)", file=sys.stderr)
        return 1
    if not pdf.is_file():
        print(f"no such file: {pdf}", file=sys.stderr)
        return 1
    application(headless=True)
    try:
        ids = import_pdf(pdf, folder, QSize(*size))
    except (PdfImportError, OSError) as exc:
        print(f"import failed: {exc}", file=sys.stderr)
        return 1
    result = load_deck(folder)
    print(f"added {len(ids)} slide(s) from {pdf.name} to {folder / DECK_FILE}; the deck has "
          f"{len(result.errors)} error(s), {len(result.warnings)} warning(s)")
    return 0
