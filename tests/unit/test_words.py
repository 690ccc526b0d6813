"""The kiosk's own words: every one translated in every shipped catalog, plurals and digits
follow the language, and a deck's labels win."""

from __future__ import annotations

import re
from pathlib import Path
from types import ModuleType

import pytest
from babel.messages.pofile import read_po

from kiosk.content import load_deck
from kiosk.staff import words as staff_words
from kiosk.visit import words
from kiosk.visit.words import shipped_languages, text
from tests.decks import HEAD, write_deck

PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def test_the_kiosk_ships_khmer_korean_and_spanish() -> None:
    assert {"km", "ko", "es"} <= set(shipped_languages())


#: Every catalog the kiosk ships: the visitors' words and the staff screens'.
CATALOGS = [pytest.param(module, language, id=f"{module.DOMAIN}-{language}")
            for module in (words, staff_words) for language in module.shipped_languages()]


@pytest.mark.parametrize(("module", "language"), CATALOGS)
def test_every_word_is_translated_in_every_catalog(module: ModuleType, language: str) -> None:
    path = words.LOCALE_DIR / language / "LC_MESSAGES" / f"{module.DOMAIN}.po"
    with path.open("rb") as handle:
        po = read_po(handle, locale=language)
    assert not po.fuzzy, f"{path}: the catalog's header is marked fuzzy"
    found = {m.id if isinstance(m.id, str) else tuple(m.id): m for m in po if m.id}
    for key, message in module.MESSAGES.items():
        entry = found.get(message)
        assert entry is not None, f"{language}: '{key}' is missing; run tools/update_catalogs.py"
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        assert all(strings), f"{language}: '{key}' is not translated"
        assert "fuzzy" not in entry.flags, f"{language}: '{key}' is marked fuzzy"
        english = message if isinstance(message, str) else message[1]
        for translated in strings:
            assert set(PLACEHOLDER.findall(translated)) == set(PLACEHOLDER.findall(english)), (
                language, key, translated)


def test_plurals_and_digits_follow_the_language() -> None:
    assert text("slides", "en", n=1) == "1 slide"
    assert text("slides", "en", n=3) == "3 slides"
    assert text("slides", "es", n=3) == "3 diapositivas"
    assert text("slides", "ko", n=3) == "슬라이드 3장"
    assert text("source", "en", n=2) == "Sources:"
    assert text("counter", "km", n=12, limit=1000, digits=True) == "១២ / ១០០០"
    assert text("counter", "en", n=12, limit=1000, digits=True) == "12 / 1000"


def test_a_language_without_a_catalog_reads_english() -> None:
    assert text("leave_message", "fr") == "Leave a message"


def test_a_decks_labels_win_and_other_languages_keep_the_catalog(tmp_path: Path) -> None:
    head = HEAD + ("languages: [en, km]\nlabels:\n  leave_message: {en: Write to the girls}\n"
                   "  touch_to_explore: {en: Come closer, km: សូមចូលមកជិត}\n")
    folder = write_deck(tmp_path, "- {type: title, heading: Hi}\n", head=head)
    result = load_deck(folder)
    assert result.errors == [] and result.deck is not None
    labels = result.deck.labels
    assert text("leave_message", "en", labels) == "Write to the girls"
    assert text("leave_message", "km", labels) == "ទុកសារ"  # not said: the catalog's
    assert text("touch_to_explore", "km", labels) == "សូមចូលមកជិត"


def test_an_unknown_label_is_an_error_with_a_suggestion(tmp_path: Path) -> None:
    head = HEAD + "labels:\n  leave_mesage: {en: Write to us}\n"
    folder = write_deck(tmp_path, "- {type: title, heading: Hi}\n", head=head)
    errors = [str(p) for p in load_deck(folder).errors]
    assert any("leave_mesage" in e and "leave_message" in e for e in errors), errors


@pytest.mark.parametrize(("module", "key", "english"),
                         [(words, "send", "Send"), (staff_words, "staff", "Staff")])
def test_a_broken_catalog_falls_back_to_english(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                module: ModuleType, key: str, english: str
                                                ) -> None:
    broken = tmp_path / "xx" / "LC_MESSAGES"
    broken.mkdir(parents=True)
    (broken / f"{module.DOMAIN}.po").write_bytes(b"\x00\xff not a catalog")
    monkeypatch.setattr(words, "LOCALE_DIR", tmp_path)
    words.catalog.cache_clear()
    try:
        assert module.text(key, "xx") == english
    finally:
        words.catalog.cache_clear()
