"""Small decks and images made on the fly for tests (no Qt needed)."""

from __future__ import annotations

import struct
import textwrap
import zlib
from pathlib import Path

#: The project's folder (tests run children with it on PYTHONPATH).
ROOT = Path(__file__).resolve().parent.parent


def png_bytes(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A solid-colour PNG, written without any imaging library."""
    row = b"\x00" + bytes(rgb) * width
    raw = row * height

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


#: A YAML file whose nine levels of aliases would expand to 387 million values.
BOMB = """\
title: Bomb
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
slides: []
"""


HEAD = """\
title: Test deck
duration: 5
transition: fade
transition_seconds: 0.5
sources:
  - {id: un, title: A report, publisher: United Nations}
chapters:
  - {id: one, title: One}
"""


def write_deck(folder: Path, slides: str, head: str = HEAD,
               images: dict[str, tuple[int, int, int]] | None = None) -> Path:
    """Write ``deck.yaml`` (head + slides) and solid-colour images into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, colour in (images or {}).items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(png_bytes(64, 36, colour))
    text = head + "slides:\n" + textwrap.indent(textwrap.dedent(slides), "  ")
    (folder / "deck.yaml").write_text(text, encoding="utf-8")
    return folder


def line_of(folder: Path, needle: str) -> int:
    """1-based line number of the first line of deck.yaml containing ``needle``."""
    lines = (folder / "deck.yaml").read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def tear_down(journey, window, runner) -> None:  # type: ignore[no-untyped-def]
    """Close a test kiosk: the pointer back, filters off, workers done, the window deleted by
    Qt (not by the garbage collector)."""
    from PySide6.QtTest import QTest

    journey.guard.show_cursor()
    journey.detach()
    runner.wait(2000)
    window.allow_close = True
    window.close()
    window.deleteLater()
    QTest.qWait(1)
