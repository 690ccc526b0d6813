"""``keep_together:`` takes plain terms (kept whole in every language) and terms in only some
of the deck's languages; they are never counted as texts to translate, and a problem with one
says it is about keep_together. No Qt."""

from __future__ import annotations

from pathlib import Path

from kiosk.content import load_deck
from kiosk.content.text import pick

SLIDE = "slides:\n  - {type: title, heading: {en: Hello, km: សួស្តី}}\n"


def load(folder: Path, head: str):  # type: ignore[no-untyped-def]
    folder.mkdir()
    (folder / "deck.yaml").write_text(head + SLIDE, encoding="utf-8")
    return load_deck(folder)


def test_the_readme_example_is_valid_in_an_english_first_deck(tmp_path: Path) -> None:
    result = load(tmp_path / "d", "title: {en: T, km: ច}\nlanguages: [en, km]\n"
                                  "keep_together: [Year Zero, {km: ពលពត}]\n")
    assert result.problems == []
    assert result.deck is not None
    # As the slide painter reads them: a plain term in every language, a Khmer one in Khmer.
    kept = {lang: [pick(t, lang, "en") for t in result.deck.keep_together]
            for lang in ("en", "km")}
    assert kept["km"] == ["Year Zero", "ពលពត"]
    assert kept["en"][0] == "Year Zero"


def test_an_english_term_in_a_khmer_first_deck_is_valid_and_not_untranslated(
        tmp_path: Path) -> None:
    result = load(tmp_path / "d", "title: {km: ចំណងជើង, en: Title}\nlanguages: [km, en]\n"
                                  "keep_together: [{en: Kampong Speu}, {km: ពលពត}]\n")
    assert [str(p) for p in result.problems] == []  # no error, no "untranslated" warning
    assert result.deck is not None
    assert result.deck.keep_together == [{"en": "Kampong Speu"}, {"km": "ពលពត"}]


def test_terms_are_not_counted_among_the_texts_to_translate(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "deck.yaml").write_text(
        "title: {en: T, km: ច}\nlanguages: [en, km]\n"
        "keep_together: [{en: Year Zero}, {km: ពលពត}, Pol Pot]\n"
        "slides:\n  - {type: title, heading: {en: Hello}}\n", encoding="utf-8")
    said = [str(p) for p in load_deck(folder).problems]
    assert len(said) == 1 and "1 text(s) have no 'km' translation" in said[0], said


def test_problems_with_a_term_name_keep_together_and_its_line(tmp_path: Path) -> None:
    result = load(tmp_path / "d", "title: {en: T, km: ច}\nlanguages: [en, km]\n"
                                  "keep_together:\n"
                                  "  - [a, b]\n"
                                  "  - {fr: Année zéro}\n"
                                  "  - ''\n"
                                  "  - {km: 42, en: [x]}\n")
    said = [f"{p.line}: {p.severity}: {p.message}" for p in result.problems]
    assert all(": keep_together: " in line for line in said), said
    assert "4: error: keep_together: expected text or a map of languages, found a list" in said
    assert any(line.startswith("5: warning: keep_together: language 'fr' is not in the deck's")
               for line in said), said
    assert "5: error: keep_together: the term has no text in any of the deck's languages " \
           "(en, km)" in said
    assert "6: error: keep_together: must not be empty" in said
    assert "7: error: keep_together: expected text, found a list" in said
    assert result.deck is not None and result.deck.keep_together == [{"km": "42"}]
