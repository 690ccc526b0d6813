"""No line of a slide leaves its box, at any size, in any language, with larger text on: a word
too wide for its line steps the slide's text down (a note at validate), and one too wide even
then is cut inside its box (a warning); Khmer lines end between ICU's words; a deck's terms are
kept whole; scripts without italics are never slanted."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QImage, QTextLayout

from kiosk.ui.common.text_layout import LaidText, TextStyle
from kiosk.ui.player.canvas import Canvas
from tests.bilingual_deck import HEAD, SLIDES
from tests.decks import line_of, png_bytes, write_deck

SIZES = [QSize(1920, 1080), QSize(1080, 1920), QSize(1280, 720), QSize(3840, 2160)]
LARGER_TEXT = 1.3  # as the journey's "Tt" button asks

#: The bilingual deck, with a kept term, a web address too long for a portrait heading's line
#: (its slide steps down), a photo with a caption and a list of sources too (every kind of
#: text a slide has).
MORE_HEAD = HEAD.replace("sources:\n", """\
keep_together:
  - {en: Year Zero, km: ឆ្នាំសូន្យ}
sources:
  - {id: atlas, title: {en: A water atlas of Cambodia, km: អាត្លាសទឹកនៃប្រទេសកម្ពុជា},
     publisher: {en: Mekong Water Office, km: ការិយាល័យទឹកមេគង្គ}, year: "2024"}
""")
MORE_SLIDES = SLIDES + """\
- type: text
  id: year-zero
  chapter: water
  heading: {en: "Year Zero: www.example.org/wellsforvillages",
            km: "ក្រោយឆ្នាំសូន្យ៖ www.example.org/wellsforvillages"}
  body:
    en: "The wells of Year Zero were filled in. Read the survey at www.example.org/wells."
    km: "អណ្តូងទឹកនៃឆ្នាំសូន្យត្រូវបានគេលុបចោលទាំងអស់ សូមអានការស្ទង់មតិនៅ www.example.org/wells"
  source: survey
- type: image
  id: pump
  image: images/pump.png
  caption: {en: "A hand pump shared by forty families",
            km: "ស្នប់ទឹកដៃមួយដែលគ្រួសារចំនួនសែសិបប្រើប្រាស់រួមគ្នា"}
- type: sources
  id: sources
"""


def write_more(folder: Path) -> Path:
    write_deck(folder, MORE_SLIDES, head=MORE_HEAD)
    (folder / "images").mkdir()
    (folder / "images" / "logo.png").write_bytes(png_bytes(240, 96, (95, 179, 217)))
    (folder / "images" / "pump.png").write_bytes(png_bytes(640, 360, (60, 70, 60)))
    return folder


@dataclass
class Put:
    """One text block as a slide put it: the canvas, its name, the layout, where."""

    canvas: Canvas
    name: str
    laid: LaidText
    x: float
    y: float


def line_ends(layout: QTextLayout) -> list[int]:
    """Where each line but the last ends, in the text without the layout's zero-width
    spaces."""
    text = layout.text()
    ends = []
    for i in range(layout.lineCount() - 1):
        line = layout.lineAt(i)
        ends.append(len(text[:line.textStart() + line.textLength()].replace("\u200b", "")))
    return ends


def wrong_lines(put: Put) -> list[str]:
    """What is wrong with the block: a line outside it, the block off the screen, a word cut,
    a Khmer line ending inside a word."""
    from kiosk.content.line_breaks import break_points

    c, laid = put.canvas, put.laid
    layout = laid.layout
    wrong: list[str] = []
    for i in range(layout.lineCount()):
        line = layout.lineAt(i)
        if line.x() < -0.5 or line.x() + line.naturalTextWidth() > laid.width + 0.5:
            wrong.append(f"line {i} is {line.naturalTextWidth():.0f} wide in a box of "
                         f"{laid.width:.0f}")
    if put.name and not (put.x >= -0.5 and put.y >= -0.5 and put.x + laid.width <= c.w + 0.5
                         and put.y + laid.height <= c.h + 0.5):
        wrong.append(f"its box leaves the screen ({put.x:.0f}, {put.y:.0f})")
    if not laid.whole_words:
        wrong.append("a word was cut")
    if c.language == "km":
        plain = layout.text().replace("\u200b", "").replace("\u2028", "\n")
        words = set(break_points(plain, "km", c.keep))
        wrong += [f"a line ends inside a word: {plain[end - 4:end]}|{plain[end:end + 4]}"
                  for end in line_ends(layout) if end not in words]
    return wrong


@pytest.fixture
def puts(monkeypatch: pytest.MonkeyPatch) -> list[Put]:
    """Every text block the slides put, as they put it."""
    found: list[Put] = []
    put = Canvas.put

    def recording(self: Canvas, laid: LaidText, x: float, y: float, style: TextStyle) -> None:
        if self.painter is not None:  # the painted layout (not the measuring)
            found.append(Put(self, self._names.get(id(laid), ""), laid, x, y))
        put(self, laid, x, y, style)

    monkeypatch.setattr(Canvas, "put", recording)
    return found


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s.width()}x{s.height()}")
def test_every_line_of_every_slide_stays_in_its_box_in_both_languages_and_larger_text(
        kiosk_app: object, tmp_path: Path, puts: list[Put], size: QSize) -> None:
    from kiosk.content import load_deck
    from kiosk.ui.player.slides import paint_slide

    result = load_deck(write_more(tmp_path / "deck"))
    deck = result.deck
    assert deck is not None and result.errors == [], result.errors
    wrong = []
    for language in ("en", "km"):
        for scale in (1.0, LARGER_TEXT):
            for slide in deck.slides:
                puts.clear()
                paint_slide(deck, slide, language, size, text_scale=scale)
                assert puts, slide.id
                wrong += [f"{slide.id} {language} x{scale} {p.name or 'mark'}: {w}"
                          for p in puts for w in wrong_lines(p)]
    assert wrong == []


def text_deck(folder: Path, heading: str, body: str = "A few words under it.",
              head: str = "") -> Path:
    return write_deck(folder, f"""\
- type: text
  heading: {{en: Water, km: "{heading}"}}
  body:
    en: {body}
    km: {body}
""", head="title: T\nlanguages: [en, km]\n" + head)


#: One word no line of a portrait heading holds at the heading's smallest size, but does
#: once the slide's text is a step smaller; and one no line holds at any size.
LONG_ADDRESS = "www.example.org/wellsforvillages"
ENDLESS_ADDRESS = "www.example.org/" + "wells" * 30


def test_a_word_too_wide_for_its_line_steps_the_slide_down_and_validate_notes_it(
        kiosk_app: object, tmp_path: Path) -> None:
    from kiosk.content import load_deck
    from kiosk.ui.player.fit import FitReport
    from kiosk.ui.player.slides import settle

    folder = text_deck(tmp_path / "d", LONG_ADDRESS)
    report = FitReport()
    result = load_deck(folder, fit_check=report)
    deck = result.deck
    assert deck is not None
    portrait = settle(deck, deck.slides[0], "km", QSize(1080, 1920))
    assert portrait.step < 1 and portrait.canvas.cut == [] and portrait.wide == ["heading"]
    usual = settle(deck, deck.slides[0], "en", QSize(1080, 1920))
    assert usual.step == 1  # the English heading keeps its size
    assert [w for w in result.warnings if "fit" in w.message] == []
    notes = [str(n) for n in report.notes]
    assert len(notes) == 1, notes
    line = line_of(folder, 'km: "www')
    assert notes[0].startswith(f"{folder / 'deck.yaml'}:{line}:")
    assert ": note: in 'km': at 1080x1920 the slide's text is drawn smaller" in notes[0]
    assert "'heading'" in notes[0]


def test_the_whole_slide_steps_down_not_only_the_text_with_the_long_word(
        kiosk_app: object, tmp_path: Path, puts: list[Put]) -> None:
    from kiosk.content import load_deck
    from kiosk.ui.player.slides import paint_slide

    deck = load_deck(text_deck(tmp_path / "d", LONG_ADDRESS)).deck
    assert deck is not None
    sizes = {}
    for language in ("en", "km"):
        puts.clear()
        paint_slide(deck, deck.slides[0], language, QSize(1080, 1920))
        sizes[language] = {p.name: p.laid.size for p in puts}
        assert [w for p in puts for w in wrong_lines(p)] == []
    assert sizes["km"]["body"] < sizes["en"]["body"]
    assert sizes["km"]["heading"] < sizes["en"]["heading"]


def test_a_word_too_wide_even_then_is_cut_inside_its_box_and_warned_with_its_line(
        kiosk_app: object, tmp_path: Path, puts: list[Put]) -> None:
    from kiosk.content import load_deck
    from kiosk.ui.player.fit import FitReport
    from kiosk.ui.player.slides import paint_slide

    folder = text_deck(tmp_path / "d", ENDLESS_ADDRESS)
    report = FitReport()
    result = load_deck(folder, fit_check=report)
    assert result.deck is not None
    for size in SIZES:
        puts.clear()
        paint_slide(result.deck, result.deck.slides[0], "km", size, text_scale=LARGER_TEXT)
        heading = next(p for p in puts if p.name == "heading")
        assert "a word was cut" in wrong_lines(heading)
        assert [w for p in puts for w in wrong_lines(p) if w.startswith(("line", "its box"))
                ] == []  # but every line inside its box, every box on the screen
    warnings = [str(w) for w in result.warnings if "fit" in w.message]
    assert len(warnings) == 1, warnings
    line = line_of(folder, 'km: "www')
    assert f"deck.yaml:{line}:" in warnings[0]
    assert "in 'km': 'heading' does not fit at" in warnings[0] and "cut" in warnings[0]
    assert report.notes == []  # it could not fit even a step down: a warning, not a note


def test_the_studio_shows_the_step_down_under_the_field(kiosk_app: object, tmp_path: Path
                                                          ) -> None:
    from kiosk.studio.checks import check, place_problems

    folder = text_deck(tmp_path / "d", LONG_ADDRESS)
    text = (folder / "deck.yaml").read_text(encoding="utf-8")
    result = check(folder, text, "text-1", QSize(480, 270), 1)
    by_field, _general = place_problems(result, 0, {"heading", "body"})
    said = " ".join(by_field.get("heading", []))
    assert "drawn smaller" in said and "(km)" in said


def test_no_line_breaks_inside_a_term_kept_together(kiosk_app: object) -> None:
    from PySide6.QtGui import QFontMetricsF

    from kiosk.ui.common.fonts import font
    from kiosk.ui.common.text_layout import TextStyle, fit_text

    style = TextStyle("Noto Sans", 40, "#ffffff", min_size=40)
    text = "In the YEAR ZERO the wells were filled in."
    width = QFontMetricsF(font("Noto Sans", 40)).horizontalAdvance("In the YEAR Z")

    def first_line(keep: tuple[str, ...]) -> str:
        layout = fit_text(text, style, width, 1000, "en", keep).layout
        return layout.text()[:layout.lineAt(0).textLength()]

    assert first_line(()) == "In the YEAR "
    assert first_line(("Year  Zero",)) == "In the "  # any case, any spaces


def test_a_slide_keeps_the_decks_terms_in_the_language_shown(kiosk_app: object, tmp_path: Path
                                                             ) -> None:
    from kiosk.content import load_deck

    deck = load_deck(text_deck(tmp_path / "d", "ទឹក", head="""\
keep_together: [{en: Year Zero, km: ឆ្នាំសូន្យ}, Pol Pot]
""")).deck
    assert deck is not None
    keep = {language: Canvas(deck, deck.slides[0], language, QSize(1920, 1080)).keep
            for language in ("en", "km")}
    assert keep == {"en": ("Year Zero", "Pol Pot"), "km": ("ឆ្នាំសូន្យ", "Pol Pot")}


KHMER_QUOTE = "ពេលមានអណ្តូងទឹកនៅក្បែរផ្ទះកូនស្រីរបស់ខ្ញុំអាចទៅសាលារៀនបាន"


@pytest.mark.parametrize(("text", "slanted"), [
    ("With a well near our house, my daughter goes to school.", True),
    (KHMER_QUOTE, False), ("우물이 생긴 뒤로 딸이 매일 학교에 갑니다.", False)])
def test_quotes_are_in_italics_only_in_scripts_that_have_them(kiosk_app: object, text: str,
                                                              slanted: bool) -> None:
    from kiosk.ui.common.text_layout import TextStyle, fit_text

    style = TextStyle("Noto Serif", 68, "#ffffff", italic=True, letter_spacing=12)
    laid = fit_text(text, style, 1200, 1000)
    assert laid.layout.font().italic() is slanted
    spacing = laid.layout.font().letterSpacing()
    assert (spacing == 112) is slanted  # capitals spaced out; Khmer and Hangul never


def test_italic_emphasis_in_khmer_takes_the_emphasis_colour_instead(kiosk_app: object) -> None:
    from kiosk.ui.common.text_layout import TextStyle, fit_text

    style = TextStyle("Noto Sans", 40, "#ffffff", emphasis_color="#5fb3d9")
    formats = fit_text("សួស្តី *ខ្មែរ* and *Latin*", style, 1200, 1000).layout.formats()
    khmer, latin = formats
    assert not khmer.format.fontItalic() and khmer.format.foreground().color() == QColor(
        "#5fb3d9")
    assert latin.format.fontItalic()


def accent_rows(image: QImage, x: int, accent: str) -> list[int]:
    colour = QColor(accent)
    return [y for y in range(image.height())
            if abs(QColor(image.pixel(x, y)).blue() - colour.blue()) < 12
            and abs(QColor(image.pixel(x, y)).red() - colour.red()) < 12]


def test_the_rule_under_a_khmer_heading_clears_its_subscripts(kiosk_app: object, tmp_path: Path,
                                                              puts: list[Put]
                                                              ) -> None:
    """ខ្ញុំ's subscripts reach about 20 px below the heading's line at 1080p: the rule sits
    clear of their ink, not of the line the font declares."""
    from kiosk.content import load_deck
    from kiosk.ui.player.slides import paint_slide

    deck = load_deck(text_deck(tmp_path / "d", "ជីវិតរបស់ខ្ញុំ")).deck
    assert deck is not None
    image, placed = paint_slide(deck, deck.slides[0], "km", QSize(1920, 1080),
                                hide=frozenset({"body"}))
    heading = placed["heading"]
    rule_top = min(y for y in accent_rows(image, round(heading.left()) + 60, deck.theme.accent)
                   if y > heading.top())
    text = QColor(deck.theme.text)
    ink_bottom = max(y for y in range(round(heading.top()), rule_top)
                     for x in range(round(heading.left()), round(heading.right()), 2)
                     if QColor(image.pixel(x, y)).lightness() > (text.lightness() + 60) // 2)
    assert rule_top - ink_bottom >= 16, (rule_top, ink_bottom)


def test_a_khmer_quote_is_upright_beside_a_rule(kiosk_app: object, tmp_path: Path) -> None:
    from kiosk.content import load_deck
    from kiosk.ui.player.slides import paint_slide

    deck = load_deck(write_more(tmp_path / "deck")).deck
    assert deck is not None
    quote = next(s for s in deck.slides if s.type == "quote")
    rules = {}
    for language in ("en", "km"):
        image, placed = paint_slide(deck, quote, language, QSize(1080, 1920))
        box = placed["quote"]
        beside = round(box.left() - 52)  # left of the words, where the rule stands
        rules[language] = [y for y in accent_rows(image, beside, deck.theme.accent)
                           if box.top() < y < box.bottom()]
    assert len(rules["km"]) > 100 and rules["en"] == []


def test_the_sources_slide_numbers_in_khmer_digits_on_a_khmer_deck(
        kiosk_app: object, tmp_path: Path, puts: list[Put]) -> None:
    from kiosk.content import load_deck
    from kiosk.ui.player.slides import paint_slide

    deck = load_deck(write_more(tmp_path / "deck")).deck  # its stat reads ៣ ម៉ោង
    assert deck is not None
    sources = next(s for s in deck.slides if s.type == "sources")
    numbers = {}
    for language in ("en", "km"):
        puts.clear()
        paint_slide(deck, sources, language, QSize(1920, 1080))
        numbers[language] = [p.laid.layout.text() for p in puts
                             if len(p.laid.layout.text()) == 2]
    assert numbers == {"en": ["1.", "2."], "km": ["១.", "២."]}
