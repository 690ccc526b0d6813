"""Larger text ("Tt") never cuts a word that fits without it: the slide steps further down;
a word cut as the last resort ends its first piece with a hyphen where its script has them;
the giving slide's heading grows with larger text like any heading."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QTextLayout

from kiosk.content.line_breaks import break_points
from kiosk.ui.common.text_layout import SOFT_HYPHEN, TextStyle, fit_text
from tests.bilingual_deck import write_bilingual_deck
from tests.decks import write_deck
from tests.gui.test_text_fit import (
    LARGER_TEXT,
    Put,
    puts,  # noqa: F401  (the fixture)
    wrong_lines,
)

ADDRESS = "https://example.org/averyveryverylongaddress/with/many/parts/in/it"
#: The slide a tester found cut with larger text on, in portrait: its body's web address
#: fits whole a step down without larger text, and broke across two lines with it.
LONG_ADDRESS_SLIDE = f"""\
- type: text
  id: longword
  heading: {{km: "ក្រសួងអភិវឌ្ឍន៍ជនបទនិងធនធានទឹកនិងឧតុនិយមនៃព្រះរាជាណាចក្រកម្ពុជា",
            en: "Donaudampfschifffahrtsgesellschaftskapitänswitwenrentenversicherung"}}
  body: {{km: "ពលពត ដឹកនាំរបបខ្មែរក្រហម ចាប់ពីឆ្នាំ១៩៧៥ ដែលហៅថា Year Zero ។ ទីតាំងនៅ {ADDRESS}",
         en: "Pol Pot led the Khmer Rouge from 1975, called Year Zero. Visit {ADDRESS}"}}
"""
PORTRAIT = QSize(1080, 1920)


def visible(layout: QTextLayout) -> tuple[str, list[int]]:
    """The layout's text without the marks it adds (zero-width spaces, soft hyphens), and
    where each of its lines but the last ends in it."""
    text = layout.text()
    ends = []
    for i in range(layout.lineCount() - 1):
        line = layout.lineAt(i)
        ends.append(len(_bare(text[:line.textStart() + line.textLength()])))
    return _bare(text), ends


def _bare(text: str) -> str:
    return text.replace("\u200b", "").replace(SOFT_HYPHEN, "").replace("\u2028", "\n")


def address_deck(folder: Path) -> Path:
    return write_deck(folder, LONG_ADDRESS_SLIDE,
                      head="title: T\nlanguages: [km, en]\nkeep_together: [Year Zero]\n")


@pytest.mark.parametrize("language", ["en", "km"])
def test_larger_text_never_breaks_a_web_address_that_fits_without_it(
        kiosk_app: object, tmp_path: Path, puts: list[Put],  # noqa: F811
        language: str) -> None:
    from kiosk.content import load_deck
    from kiosk.ui.player.slides import paint_slide

    deck = load_deck(address_deck(tmp_path / "d")).deck
    assert deck is not None
    for scale in (1.0, LARGER_TEXT):
        puts.clear()
        paint_slide(deck, deck.slides[0], language, PORTRAIT, text_scale=scale)
        body = next(p for p in puts if p.name == "body")
        plain, ends = visible(body.laid.layout)
        assert ADDRESS in plain
        allowed = set(break_points(plain, language, body.canvas.keep))
        inside = [f"{plain[end - 12:end]}|{plain[end:end + 12]}" for end in ends
                  if end not in allowed]
        assert inside == [], f"x{scale}: a line ends inside a word"
        assert body.laid.whole_words, f"x{scale}"
        assert [w for p in puts for w in wrong_lines(p) if w.startswith(("line", "its box"))
                ] == [], f"x{scale}"


def test_what_fits_whole_without_larger_text_fits_whole_with_it(kiosk_app: object,
                                                                tmp_path: Path) -> None:
    """Every slide of the bilingual deck and the long address, at the common screens: larger
    text steps further down, to the usual smallest size, before a word is cut."""
    from kiosk.content import load_deck
    from kiosk.ui.player.slides import STEPS, settle, steps

    assert steps(1.0) == STEPS
    assert min(steps(LARGER_TEXT)) * LARGER_TEXT == pytest.approx(STEPS[-1])
    cut = []
    for folder in (write_bilingual_deck(tmp_path / "b"), address_deck(tmp_path / "a")):
        deck = load_deck(folder).deck
        assert deck is not None
        for slide in deck.slides:
            for language in deck.languages:
                for size in (QSize(1920, 1080), PORTRAIT, QSize(1280, 720)):
                    usual = settle(deck, slide, language, size).canvas.cut
                    larger = settle(deck, slide, language, size, LARGER_TEXT).canvas.cut
                    cut += [f"{slide.id} {language} {size.width()}x{size.height()}: {name}"
                            for name in larger if name not in usual]
    assert cut == []


def line_texts(layout: QTextLayout) -> list[str]:
    text = layout.text()
    return [text[line.textStart():line.textStart() + line.textLength()]
            for line in (layout.lineAt(i) for i in range(layout.lineCount()))]


def ends_in_a_hyphen(layout: QTextLayout, index: int) -> bool:
    """Whether line ``index`` draws a hyphen as its last glyph."""
    run = layout.lineAt(index).glyphRuns()[-1]
    return run.glyphIndexes()[-1] == run.rawFont().glyphIndexesForString("-")[0]


def test_a_word_cut_as_the_last_resort_ends_its_first_piece_with_a_hyphen_in_latin_only(
        kiosk_app: object) -> None:
    style = TextStyle("Noto Sans", 40, "#ffffff", min_size=40)
    latin = fit_text("Read www.example.org/" + "wells" * 12 + " now", style, 400, 1000, "en")
    assert not latin.whole_words
    lines = line_texts(latin.layout)
    assert _bare(lines[0]) == "Read "  # the words before it are not cut: the address starts a line
    cut = range(1, len(lines) - 2)  # the address's pieces but its last
    assert len(cut) >= 2
    for i in cut:
        assert lines[i].endswith(SOFT_HYPHEN) and ends_in_a_hyphen(latin.layout, i), lines[i]
        line = latin.layout.lineAt(i)
        assert line.naturalTextWidth() <= 400 + 0.5  # the hyphen inside the box too
    assert _bare("".join(lines)) == "Read www.example.org/" + "wells" * 12 + " now"
    # Khmer has no hyphens: a Khmer word kept whole and too wide is cut with no mark.
    word = "ព្រះរាជាណាចក្រកម្ពុជា" * 3
    style = TextStyle("Noto Sans Khmer", 40, "#ffffff", min_size=40)
    khmer = fit_text(word, style, 400, 1000, "km", keep=(word,))
    assert not khmer.whole_words and khmer.layout.lineCount() > 1
    assert SOFT_HYPHEN not in khmer.layout.text()
    assert not any(ends_in_a_hyphen(khmer.layout, i)
                   for i in range(khmer.layout.lineCount() - 1))


def test_the_giving_slides_heading_and_text_grow_with_larger_text(
        kiosk_app: object, tmp_path: Path, puts: list[Put]) -> None:  # noqa: F811
    """In both languages: the long Khmer heading beside the QR code, too."""
    from kiosk.content import load_deck
    from kiosk.ui.player.slides import paint_slide

    deck = load_deck(write_bilingual_deck(tmp_path / "d")).deck
    assert deck is not None
    giving = next(s for s in deck.slides if s.type == "call_to_action")
    for language in ("en", "km"):
        sizes, rects = {}, {}
        for scale in (1.0, LARGER_TEXT):
            puts.clear()
            _image, placed = paint_slide(deck, giving, language, QSize(1920, 1080),
                                         text_scale=scale)
            sizes[scale] = {p.name: p.laid.size for p in puts}
            rects[scale] = placed
            assert [w for p in puts for w in wrong_lines(p)] == []
        for name in ("heading", "text"):
            assert sizes[LARGER_TEXT][name] >= 1.15 * sizes[1.0][name], (language, name, sizes)
            assert rects[LARGER_TEXT][name].height() > rects[1.0][name].height()
