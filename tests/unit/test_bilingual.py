"""What a bilingual deck needs from the format: credits, alt text and focal points on every
photo, a picture per language, translated sources, and partial translations said once."""

from __future__ import annotations

from pathlib import Path

from kiosk.content import load_deck
from tests.decks import write_deck

HEAD = """\
title: {en: Hope, km: សង្ឃឹម}
languages: [en, km]
sources:
  - id: un
    title: {en: A report, km: របាយការណ៍}
    publisher: United Nations
    short: {en: UN, km: អ.ស.ប}
chapters:
  - {id: one, title: {en: One, km: មួយ}}
"""


BROKEN = """\
  - id: broken
    title: {en: Another report, km: របាយការណ៍មួយទៀត}
    publisher: Someone
    year: [1, 2]
"""


def deck_with(tmp_path: Path, slides: str, images: dict[str, tuple[int, int, int]] | None
              = None, head: str = HEAD):  # type: ignore[no-untyped-def]
    folder = write_deck(tmp_path, slides, head=head,
                        images=images or {"images/a.png": (10, 20, 30),
                                          "images/a-km.png": (30, 20, 10)})
    return load_deck(folder)


def test_every_photo_may_have_a_credit_alt_text_and_a_focal_point(tmp_path: Path) -> None:
    result = deck_with(tmp_path, """\
- {type: title, heading: {en: Hi, km: សួស្តី}, image: images/a.png, credit: {en: Photo by Sok},
   alt: {en: Rice fields at dawn}, focus: [0.3, 0.6]}
- {type: text, heading: {en: Hi, km: សួស្តី}, body: {en: Words, km: ពាក្យ},
   image: images/a.png, focus: [0.7, 0.2], alt: {en: A school}, credit: {en: Staff}}
- {type: image, image: images/a.png, alt: {en: A lotus, km: ផ្កាឈូក}}
""")
    assert [str(p) for p in result.errors] == []
    assert result.deck is not None
    title, text, image = result.deck.slides
    assert tuple(title.fields["focus"]) == (0.3, 0.6)
    assert title.text("credit", "en", "en") == "Photo by Sok"
    assert tuple(text.fields["focus"]) == (0.7, 0.2)
    assert image.text("alt", "km", "en") == "ផ្កាឈូក"


def test_a_picture_may_differ_by_language(tmp_path: Path) -> None:
    result = deck_with(tmp_path, """\
- {type: image, image: {en: images/a.png, km: images/a-km.png}}
""")
    assert [str(p) for p in result.errors] == []
    slide = result.deck.slides[0]  # type: ignore[union-attr]
    assert slide.image("km").name == "a-km.png" and slide.image("en").name == "a.png"
    assert slide.image().name == "a.png"  # the first, for anything that asks for one


def test_sources_may_be_translated_and_a_bad_field_does_not_orphan_a_source(tmp_path: Path
                                                                           ) -> None:
    head = HEAD.replace("chapters:", BROKEN + "chapters:")
    result = deck_with(tmp_path, """\
- {type: stat, figure: 80%, label: {en: of them, km: របស់ពួកគេ}, source: un}
- {type: stat, figure: 5, label: {en: a day, km: ក្នុងមួយថ្ងៃ}, source: broken}
""", head=head)
    errors = [str(p) for p in result.errors]
    year_line = head.splitlines().index("    year: [1, 2]") + 1
    assert len(errors) == 1 and f"deck.yaml:{year_line}:" in errors[0]  # the bad field only
    assert result.deck is not None and len(result.deck.slides) == 2  # both still play
    un = result.deck.source("un")
    assert un.label("km", "en") == "អ.ស.ប" and un.entry("km", "en")[1] == "របាយការណ៍"


def test_a_partial_translation_is_said_once_with_its_count(tmp_path: Path) -> None:
    result = deck_with(tmp_path, """\
- {type: title, heading: {en: Hi, km: សួស្តី}}
- {type: text, heading: Only English, body: Only English}
- {type: quote, quote: {en: Words}, by: {en: Someone}, source: un}
- {type: stat, figure: "1", label: {en: one}, source: un}
""")
    warnings = [str(p) for p in result.warnings if "translation" in p.message]
    assert len(warnings) == 1, warnings
    assert "3 text(s) have no 'km' translation" in warnings[0]
    assert result.deck is not None and len(result.deck.slides) == 4


LONG_EN = "Words that take a while to read. " * 6
LONG_KM = "ពាក្យដែលត្រូវការពេលអាន។ " * 14


def test_each_language_shows_as_long_as_it_takes_to_read(tmp_path: Path) -> None:
    result = deck_with(tmp_path, f"""\
- {{type: text, heading: {{en: Hi, km: សួស្តី}}, body: {{en: "{LONG_EN}", km: "{LONG_KM}"}}}}
- {{type: text, heading: {{en: Hi, km: សួស្តី}}, body: {{en: Short., km: ខ្លី។}},
   duration: {{en: 6, km: 9}}}}
- {{type: text, heading: {{en: Hi, km: សួស្តី}}, body: {{en: "{LONG_EN}", km: ខ្លី។}}, duration: 4}}
""")
    deck = result.deck
    assert deck is not None
    automatic, per_language, too_short = deck.slides
    assert automatic.duration_for("km") > automatic.duration_for("en") >= deck.duration
    assert (per_language.duration_for("en"), per_language.duration_for("km")) == (6.0, 9.0)
    warnings = [str(p) for p in result.warnings if "to read" in p.message]
    assert len(warnings) == 1 and "in 'en'" in warnings[0]  # only the one set too short
    assert too_short.duration_for("km") == 4.0
