"""Emphasis, translations and reading time (Qt-free)."""

from kiosk.content.text import Span, parse_emphasis, pick, reading_seconds, word_count


def test_emphasis_becomes_spans() -> None:
    plain, spans = parse_emphasis("Pray, **give**, and *hope*.")
    assert plain == "Pray, give, and hope."
    assert spans == [Span(6, 4, "bold"), Span(16, 4, "italic")]


def test_text_without_emphasis_is_unchanged() -> None:
    assert parse_emphasis("80% of 2 * 3") == ("80% of 2 * 3", [])


def test_pick_falls_back_to_the_default_language() -> None:
    text = {"en": "Hello", "km": "សួស្តី"}
    assert pick(text, "km", "en") == "សួស្តី"
    assert pick(text, "ko", "en") == "Hello"
    assert pick(None, "en", "en") == ""


def test_reading_time_grows_with_words_and_counts_khmer() -> None:
    assert reading_seconds(["one two three"]) < reading_seconds(["one two three " * 10])
    assert word_count("កម្ពុជាជាប្រទេសមួយ") > 1
