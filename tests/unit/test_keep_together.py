"""Terms a deck keeps whole (``keep_together:``) are never broken, whatever their case and
spacing, with ICU and without; and the breaker on text mixing scripts. No Qt."""

from __future__ import annotations

from itertools import pairwise

from kiosk.content.line_breaks import break_points


def pieces(text: str, language: str, keep: tuple[str, ...] = ()) -> list[str]:
    cuts = [0, *break_points(text, language, keep), len(text)]
    return [text[a:b] for a, b in pairwise(cuts)]


def test_a_listed_term_is_one_piece_in_any_case_and_spacing() -> None:
    text = "In YEAR  ZERO, and in Year Zero again; not in year zeros."
    assert pieces(text, "en") == ["In ", "YEAR  ", "ZERO, ", "and ", "in ", "Year ", "Zero ",
                                  "again; ", "not ", "in ", "year ", "zeros."]
    kept = pieces(text, "en", ("Year Zero",))
    assert "YEAR  ZERO, " in kept and "Year Zero " in kept
    assert "year zeros." in kept  # (a line may still end before or after the term)


def test_a_khmer_name_icu_would_cut_is_kept_whole() -> None:
    """ICU's dictionary does not know every name: ពលពត (Pol Pot) splits as ពលព|ត."""
    text = "របបពលពតបានបិទសាលារៀន"
    assert "ពលពត" not in pieces(text, "km")
    assert "ពលពត" in pieces(text, "km", ("ពលពត",))


def test_terms_and_web_addresses_both_stay_whole_and_blank_terms_change_nothing() -> None:
    text = "Visit www.example.org/give-now for Year Zero."
    assert pieces(text, "en", ("Year Zero", " ", "")) == [
        "Visit ", "www.example.org/give-now ", "for ", "Year Zero."]


def test_terms_are_kept_whole_without_icu_too(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from kiosk.content import line_breaks

    monkeypatch.setattr(line_breaks, "LineBreaker", None)
    line_breaks._cached.cache_clear()
    try:
        assert pieces("ឆ្នាំសូន្យ Year Zero ឆ្នាំ", "km", ("Year Zero",)) == [
            "ឆ្នាំសូន្យ ", "Year Zero ", "ឆ្នាំ"]
    finally:
        line_breaks._cached.cache_clear()


def test_lao_breaks_between_words() -> None:
    assert pieces("ພາສາລາວບໍ່ມີຍະຫວ່າງ", "lo") == ["ພາສາ", "ລາວ", "ບໍ່ມີ", "ຍະ", "ຫວ່າງ"]


def test_chinese_with_a_latin_name_keeps_the_name_and_the_full_stop() -> None:
    assert pieces("我们在Phnom Penh打井。", "zh") == ["我", "们", "在", "Phnom ", "Penh", "打",
                                                      "井。"]


def test_thai_with_digits_and_english_breaks_between_words_and_at_spaces() -> None:
    assert pieces("ภาษาไทย 2025 Thai text", "th") == ["ภาษา", "ไทย ", "2025 ", "Thai ", "text"]


def test_burmese_with_english_breaks_at_the_spaces() -> None:
    assert pieces("မြန်မာ Myanmar စကား", "my") == ["မြန်မာ ", "Myanmar ", "စကား"]


def test_khmer_with_a_kept_term_beside_english() -> None:
    assert pieces("ក្រោយឆ្នាំសូន្យ (Year Zero) ជីវិត", "km", ("ឆ្នាំសូន្យ", "Year Zero")) == [
        "ក្រោយ", "ឆ្នាំសូន្យ ", "(Year Zero) ", "ជីវិត"]
