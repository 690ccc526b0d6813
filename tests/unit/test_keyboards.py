"""Typing Korean and Khmer: Hangul syllables compose as jamo come, backspace takes one jamo
back, and the layouts type the Unicode a reader expects."""

from __future__ import annotations

import unicodedata

import pytest

from kiosk.visit.keyboards import KHMER, KOREAN, LATIN, HangulComposer, layouts_for


def typed(jamo: str) -> tuple[str, str]:
    """Everything typed so far (final text, composing syllable)."""
    composer = HangulComposer()
    done = ""
    for j in jamo:
        final, _ = composer.feed(j)
        done += final
    return done, composer.composing


@pytest.mark.parametrize(("jamo", "final", "composing"), [
    ("ㄱㅏ", "", "가"),
    ("ㄱㅏㄱ", "", "각"),            # 가 + ㄱ = 각
    ("ㄱㅏㄱㅏ", "가", "가"),         # 각 + ㅏ = 가가
    ("ㄲㅗㅊ", "", "꽃"),            # a double consonant (shift)
    ("ㄱㅗㅏ", "", "과"),            # a compound vowel: ㅗ + ㅏ
    ("ㅇㅡㅣ", "", "의"),
    ("ㄷㅏㄹㄱ", "", "닭"),          # a compound final: ㄹ + ㄱ
    ("ㄷㅏㄹㄱㅏ", "달", "가"),       # it splits when a vowel follows
    ("ㅎㅏㄴㄱㅜㄱ", "한", "국"),
    ("ㅏ", "", "ㅏ"),               # a vowel alone
    ("ㄱㄴ", "ㄱ", "ㄴ"),            # two consonants do not join at the start
])
def test_jamo_compose_into_syllables(jamo: str, final: str, composing: str) -> None:
    assert typed(jamo) == (final, composing)


def test_backspace_takes_back_one_jamo_at_a_time() -> None:
    composer = HangulComposer()
    for j in "ㄷㅏㄹㄱ":
        composer.feed(j)
    assert composer.composing == "닭"
    assert composer.backspace() == "달"
    assert composer.backspace() == "다"
    assert composer.backspace() == "ㄷ"
    assert composer.backspace() == ""
    assert composer.backspace() is None  # nothing composing: delete a character instead


def test_backspace_after_a_final_moved_on() -> None:
    composer = HangulComposer()
    for j in "ㄱㅏㄱㅏ":
        composer.feed(j)
    assert composer.backspace() == "ㄱ" and composer.backspace() == ""


def test_a_space_or_punctuation_ends_the_syllable() -> None:
    composer = HangulComposer()
    composer.feed("ㄴ")
    composer.feed("ㅏ")
    assert composer.feed(" ") == ("나 ", "")


def test_every_korean_key_is_a_jamo_and_layouts_have_three_rows() -> None:
    from kiosk.visit.keyboards import is_jamo

    for layout in (LATIN, KOREAN, KHMER):
        assert len(layout.rows) == len(layout.shifted) == 3
        assert [len(r) for r in layout.rows] == [len(r) for r in layout.shifted]
    assert all(is_jamo(k) for row in KOREAN.rows + KOREAN.shifted for k in row)


def khmer(keys: list[tuple[int, int, bool]]) -> str:
    return "".join(KHMER.key(r, c, s) for r, c, s in keys)


def test_khmer_clusters_type_in_unicode_order() -> None:
    k, coeng, ro, aa = (1, 7, False), (1, 6, False), (0, 3, False), (1, 0, False)
    # ក + ្ + រ + ា : 'kra', a consonant with a subscript RO and a vowel after it
    assert khmer([k, coeng, ro, aa]) == "\u1780\u17d2\u179a\u17b6"
    assert unicodedata.name(KHMER.key(1, 6, False)) == "KHMER SIGN COENG"
    # ស + ្ + ត + ្ + រ + ី : 'strei' (woman), two subscripts in one cluster
    s, t, ii = (1, 1, False), (0, 4, False), (0, 7, True)
    assert khmer([s, coeng, t, coeng, ro, ii]) == "ស្ត្រី"


def test_each_language_gets_its_own_keyboard_and_latin() -> None:
    assert layouts_for("ko") == ["ko", "latin"]
    assert layouts_for("km") == ["km", "latin"]
    assert layouts_for("es") == ["latin"]


#: Khmer a deck says and a visitor answers with: the test decks' sentences, a year, a word
#: repeated (ៗ), and every independent vowel (U+17A5-U+17B3 but the deprecated ឨ).
KHMER_WRITTEN = [
    "ស្ត្រីនិងកុមារីកម្ពុជាជាច្រើនត្រូវបានគេជួញដូរទៅប្រទេសជិតខាង",
    "សូមអភ័យទោស យើងមិនអាចបង្ហាញទំព័រនេះបានទេ",
    "អង្គការនេះជួយស្ត្រីនិងកុមារីដែលរួចផុតពីការជួញដូរឱ្យមានជីវិតថ្មី",
    "សូមស្វាគមន៍ ស្ត្រីនិងកុមារីកម្ពុជា", "ឆ្នាំសូន្យ ១៩៧៥", "ឱ្យម្តាយៗ ១៩៧៥។ ចំណាំ៖",
    "០១២៣៤៥៦៧៨៩", "ឥ ឦ ឧ ឩ ឪ ឫ ឬ ឭ ឮ ឯ ឰ ឱ ឲ ឳ",
]


def test_every_khmer_character_a_deck_uses_is_on_the_keyboard() -> None:
    from pathlib import Path

    catalog = Path(__file__).parents[2] / "kiosk/locale/km/LC_MESSAGES/kiosk.po"
    written = "".join(KHMER_WRITTEN) + catalog.read_text(encoding="utf-8")
    pages = KHMER.rows + KHMER.shifted + KHMER.symbols + KHMER.extra
    on_keys = {ch for row in pages for key in row for ch in key}
    missing = {ch for ch in written if "\u1780" <= ch <= "\u17ff"} - on_keys
    assert not missing, sorted(f"U+{ord(ch):04X} {ch}" for ch in missing)
