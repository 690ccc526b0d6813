"""Kiosk Studio, the windowed program of the ready-made folder: ``kiosk studio [DIR]``.
``--self-test`` opens the bundled deck in the studio and reads a page of a PDF, then exits (0
when the studio and every library it needs are there), ``--version`` says the version."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from kiosk import __version__
from kiosk.entry_kiosk import quiet_streams

#: Seconds the self-test waits for the studio to show the deck's first slide.
PATIENCE = 120


def _pdf_page_read(folder: Path) -> int:
    """Write a one-page PDF with PDFium and read it back as a picture, as an import does."""
    import pypdfium2
    from PySide6.QtCore import QSize

    from kiosk.studio.pdf_import import render_pages

    document = pypdfium2.PdfDocument.new()
    document.new_page(320, 180)
    document.save(str(folder / "page.pdf"))
    document.close()
    return len(render_pages(folder / "page.pdf", QSize(320, 180)))


def self_test() -> int:
    from PySide6.QtCore import QTimer

    from kiosk.platform import paths
    from kiosk.studio.controller import Studio
    from kiosk.studio.window import StudioWindow
    from kiosk.ui.app import application
    from kiosk.ui.platform.display import NO_SCREEN, ScreenUnavailable
    from kiosk.ui.tasks import TaskRunner

    try:
        app = application()
    except ScreenUnavailable as exc:
        print(exc, file=sys.stderr)
        return NO_SCREEN
    with tempfile.TemporaryDirectory() as scratch:
        pages = _pdf_page_read(Path(scratch))
    print(f"ok   a PDF page read ({pages} page)")
    window = StudioWindow()
    studio = Studio(window, TaskRunner())
    studio.checked.connect(  # the first slide painted, or not
        lambda result: app.exit(0 if result.preview is not None else 1))
    QTimer.singleShot(PATIENCE * 1000, lambda: app.exit(1))
    studio.open(paths.bundled_content_dir())
    window.show()
    code = app.exec()
    studio.runner.stop()  # a picture still being painted, before the program ends
    slides = window.slides.count()
    print(f"{'ok' if code == 0 else 'FAIL'}   the bundled deck opened: {slides} slide(s)")
    print("studio self-test passed" if code == 0 else "studio self-test FAILED")
    return code


def main(argv: list[str] | None = None) -> int:
    quiet_streams()
    given = sys.argv[1:] if argv is None else argv
    if given == ["--version"]:
        print(f"Kiosk Studio {__version__}")
        return 0
    if given == ["--self-test"]:
        return self_test()
    from kiosk.cli import main as kiosk

    return kiosk(["studio", *given])


if __name__ == "__main__":
    sys.exit(main())
