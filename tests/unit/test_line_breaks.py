"""Where a line may break: ICU's words for scripts without spaces, the author's spaces
without ICU, and terms kept whole either way. No Qt."""

from __future__ import annotations

import importlib
import sys
import unicodedata
from collections.abc import Iterator
from itertools import pairwise
from types import ModuleType

import pytest

from kiosk.content import line_breaks
from kiosk.content.line_breaks import break_points

KHMER = "សូមអភ័យទោស យើងមិនអាចបង្ហាញទំព័រនេះបានទេ"


def pieces(text: str, language: str, points: list[int] | None = None) -> list[str]:
    """``text`` cut at its break points (``points``, else ICU's for ``language``)."""
    cuts = [0, *(break_points(text, language) if points is None else points), len(text)]
    return [text[a:b] for a, b in pairwise(cuts)]


def test_khmer_breaks_between_words_never_inside_one() -> None:
    assert pieces(KHMER, "km") == ["សូមអភ័យទោស ", "យើង", "មិន", "អាច", "បង្ហាញ", "ទំព័រ",
                                   "នេះ", "បានទេ"]
    assert KHMER.index("ម") not in break_points(KHMER, "km")  # never សូ|ម


def test_thai_breaks_between_words() -> None:
    assert pieces("ภาษาไทยเป็นภาษาที่ไม่มีช่องว่าง", "th") == [
        "ภาษา", "ไทย", "เป็น", "ภาษา", "ที่", "ไม่มี", "ช่อง", "ว่าง"]


def test_burmese_breaks_between_words_never_inside_a_syllable() -> None:
    text = "မြန်မာဘာသာစကားသည် မြန်မာနိုင်ငံ၏ ရုံးသုံးဘာသာစကားဖြစ်သည်။"
    assert pieces(text, "my")[:3] == ["မြန်မာဘာသာ", "စကား", "သည် "]
    assert all(not unicodedata.category(text[p]).startswith("M")
               and text[p - 1] != "\u1039" for p in break_points(text, "my"))


def test_chinese_breaks_between_characters_but_not_before_a_full_stop() -> None:
    assert pieces("我们不能显示这个页面。", "zh") == ["我", "们", "不", "能", "显", "示", "这",
                                                  "个", "页", "面。"]


def test_japanese_keeps_brackets_and_full_stops_with_their_words() -> None:
    text = "彼は「はい」と言った。"
    got = pieces(text, "ja")
    assert "「は" in got and "い」" in got and got[-1].endswith("。")
    assert all(not piece.endswith("「") and not piece.startswith(("」", "。")) for piece in got)


def test_english_and_khmer_together_break_at_spaces_and_between_khmer_words() -> None:
    text = "Welcome to Cambodia. សូមអភ័យទោស យើងមិនអាច."
    assert pieces(text, "km") == ["Welcome ", "to ", "Cambodia. ", "សូមអភ័យទោស ", "យើង",
                                  "មិន", "អាច."]


def test_a_web_address_and_terms_with_no_break_spaces_stay_whole() -> None:
    text = ("Visit https://example.org/give-now?x=1 or www.example.org/a-b, "
            "10\u00a0km by Pol\u202fPot.")
    assert pieces(text, "en") == ["Visit ", "https://example.org/give-now?x=1 ", "or ",
                                  "www.example.org/a-b, ", "10\u00a0km ", "by ", "Pol\u202fPot."]


def test_a_word_joiner_keeps_two_khmer_words_on_one_line() -> None:
    assert pieces("យើងមិន", "km") == ["យើង", "មិន"]
    assert pieces("យើង\u2060មិន", "km") == ["យើង\u2060មិន"]


def test_an_unknown_or_empty_language_still_breaks_by_the_script() -> None:
    assert pieces(KHMER, "") == pieces(KHMER, "km") == pieces(KHMER, "xx-YY")
    assert break_points("", "en") == []


def test_answers_are_cached_and_cannot_be_spoiled_by_the_caller() -> None:
    answer = break_points(KHMER, "km")
    break_points(KHMER, "km").clear()
    assert break_points(KHMER, "km") == answer != []
    assert line_breaks._cached.cache_info().maxsize  # bounded


@pytest.fixture
def without_icu(monkeypatch: pytest.MonkeyPatch) -> Iterator[ModuleType]:
    """The module as it loads where ICU cannot be imported."""
    monkeypatch.setitem(sys.modules, "icu4py.breakers", None)
    module = importlib.reload(line_breaks)
    yield module
    monkeypatch.undo()
    importlib.reload(line_breaks)


def test_without_icu_lines_break_only_at_the_authors_spaces(without_icu: ModuleType) -> None:
    assert without_icu.LineBreaker is None

    def cut(text: str) -> list[str]:
        return pieces(text, "km", without_icu.break_points(text, "km"))

    assert cut(KHMER) == ["សូមអភ័យទោស ", "យើងមិនអាចបង្ហាញទំព័រនេះបានទេ"]
    assert cut("យើង\u200bមិន  អាច") == ["យើង\u200b", "មិន  ", "អាច"]
    assert cut("10\u00a0km and\u202fmore, Khmer \u2060Rouge") == ["10\u00a0km ", "and\u202fmore, ",
                                                                  "Khmer \u2060Rouge"]
    assert cut("one\ntwo") == ["one\n", "two"]
    assert cut("see https://example.org/a b") == ["see ", "https://example.org/a ", "b"]
