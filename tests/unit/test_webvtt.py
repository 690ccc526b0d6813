"""Subtitles in WebVTT: cues read as a subtitle editor writes them, and each mistake named at
its line in the file. No Qt here."""

from __future__ import annotations

import time

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.content.webvtt import MAX_MISTAKES, Cue, Mistake, cue_at, cue_text, parse


def test_cues_with_and_without_hours_names_and_settings() -> None:
    cues, mistakes = parse("WEBVTT - Wells, English\nKind: captions\n\n"
                           "intro\n00:00:01.500 --> 00:00:04.000 align:start line:90%\n"
                           "We met them\nin Phnom Penh.\n\n"
                           "01:02.250 --> 01:05.000\nThey asked us to stay.\n\n"
                           "1:00:00.000-->1:00:02.000\nAn hour in.\n")
    assert mistakes == []
    assert cues == [Cue(1.5, 4.0, "We met them\nin Phnom Penh.", 5),
                    Cue(62.25, 65.0, "They asked us to stay.", 9),
                    Cue(3600.0, 3602.0, "An hour in.", 12)]


def test_a_byte_order_mark_and_windows_line_ends_keep_the_lines() -> None:
    text = "\ufeffWEBVTT\r\n\r\n00:01.000 --> 00:02.000\r\nHello\r\n\r\n00:02.000 --> 00:01.000\r\n"
    cues, mistakes = parse(text + "Bye\r\n")
    assert cues == [Cue(1.0, 2.0, "Hello", 3)]
    assert mistakes == [Mistake(6, "the cue ends before it begins")]
    assert parse(text.replace("\r\n", "\r"))[1] == mistakes  # (old Mac line ends)


def test_notes_styles_and_regions_are_not_cues() -> None:
    cues, mistakes = parse("WEBVTT\n\nNOTE made with Subtitle Edit\nby the team\n\n"
                           "STYLE\n::cue { color: yellow }\n\nREGION\nid:fred width:40%\n\n"
                           "NOTES\n00:01.000 --> 00:02.000\nA cue named NOTES\n")
    assert mistakes == []
    assert cues == [Cue(1.0, 2.0, "A cue named NOTES", 13)]


def test_tags_are_dropped_and_entities_read() -> None:
    cues, _ = parse("WEBVTT\n\n00:01.000 --> 00:02.000\n<v Sokha>I said <i>yes</i></v> "
                    "&amp; <c.yellow>she</c> smiled &lt;3 <00:01.500>now\n")
    assert cues[0].text == "I said yes & she smiled <3 now"
    assert cue_text("  <b>ទឹក</b>&nbsp;ស្អាត  ") == "ទឹក\u00a0ស្អាត"


def test_a_cue_that_ends_before_or_as_it_begins() -> None:
    cues, mistakes = parse("WEBVTT\n\n00:05.000 --> 00:04.000\nBack\n\n"
                           "00:06.000 --> 00:06.000\nNever\n\n00:07.000 --> 00:08.000\nFine\n")
    assert mistakes == [Mistake(3, "the cue ends before it begins"),
                        Mistake(6, "the cue ends as it begins: it is never shown")]
    assert [c.text for c in cues] == ["Fine"]


def test_cues_out_of_order_are_named_at_the_late_one() -> None:
    _, mistakes = parse("WEBVTT\n\n00:05.000 --> 00:06.000\nSecond\n\n"
                        "00:01.000 --> 00:02.000\nFirst\n")
    assert mistakes == [Mistake(6, "this cue begins before the one above it: cues go in the "
                                   "order they are shown")]


def test_a_bad_timing_line_is_named_at_its_own_line() -> None:
    _, mistakes = parse("WEBVTT\n\n1\n00:00:01.000 -> 00:00:02.000\nArrow\n\n"
                        "2\n00:00:03,000 --> 00:00:04,000\nComma\n\n"
                        "00:03.000 --> 00:4.000\nOne digit\n\nJust words\nand more\n")
    assert [m.line for m in mistakes] == [4, 8, 11, 14]
    assert mistakes[0].message == ("'00:00:01.000 -> 00:00:02.000' is not a cue's times: write "
                                   "them as 00:01.000 --> 00:04.000 (minutes, seconds and "
                                   "thousandths)")
    assert "put a full stop before the thousandths, not a comma" in mistakes[1].message
    assert "'00:03.000 --> 00:4.000' is not a cue's times" in mistakes[2].message
    assert mistakes[3].message == ("expected a cue's times, such as 00:00:01.000 --> "
                                   "00:00:04.000")


def test_the_file_must_begin_with_webvtt() -> None:
    assert parse("") == ([], [Mistake(1, "the file is empty: a subtitle file begins with the "
                                         "line WEBVTT")])
    assert parse("\ufeff \n\n")[1][0].message.startswith("the file is empty")
    assert parse("WEBVTTX\n")[1] == [Mistake(1, "a subtitle file begins with the line WEBVTT")]
    srt = parse("1\n00:00:01,000 --> 00:00:02,000\nHello\n")[1]
    assert srt == [Mistake(1, "a subtitle file begins with the line WEBVTT (this looks like "
                              "an SRT file: save it as WebVTT)")]
    assert parse("WEBVTT\n") == ([], [])


def test_a_cue_right_under_webvtt_is_named() -> None:
    cues, mistakes = parse("WEBVTT\n00:01.000 --> 00:02.000\nLost\n\n"
                           "00:03.000 --> 00:04.000\nRead\n")
    assert mistakes == [Mistake(2, "leave an empty line after WEBVTT: the cue here is not read")]
    assert [c.text for c in cues] == ["Read"]


def test_a_forgotten_blank_line_between_cues_starts_the_next_cue() -> None:
    cues, mistakes = parse("WEBVTT\n\nfirst\n00:01.000 --> 00:02.000\nOne\n"
                           "00:03.000 --> 00:04.000\nTwo\n")
    assert mistakes == []
    assert cues == [Cue(1.0, 2.0, "One", 4), Cue(3.0, 4.0, "Two", 6)]


def test_cue_at_shows_the_latest_to_begin_when_cues_overlap() -> None:
    cues, _ = parse("WEBVTT\n\n00:01.000 --> 00:05.000\nLong\n\n"
                    "00:02.000 --> 00:03.000\nShort\n\n00:07.000 --> 00:08.000\nLate\n")
    assert cue_at(cues, 0.5) is None
    assert cue_at(cues, 1.0) == cues[0]
    assert cue_at(cues, 2.5) == cues[1]
    assert cue_at(cues, 3.0) == cues[0]  # (the short one ended: the long one again)
    assert cue_at(cues, 5.0) is None
    assert cue_at(cues, 7.999) == cues[2]
    assert cue_at((), 1.0) is None


def test_a_file_made_to_exhaust_the_reader_is_read_at_once() -> None:
    started = time.monotonic()
    cues, _ = parse("WEBVTT\n\n00:01.000 --> 00:02.000\n" + "<" * 200_000 + "\n")
    assert time.monotonic() - started < 2  # (one pass: not one scan to the end a '<')
    assert cues[0].text == "<" * 200_000
    cues, mistakes = parse("WEBVTT\n\n" + "not a cue\n\n" * 5000)
    assert len(mistakes) == MAX_MISTAKES + 1 and cues == []
    assert mistakes[-1] == Mistake(2 * MAX_MISTAKES + 3, "more mistakes from here on: correct "
                                                         "the ones above first (is this a "
                                                         "WebVTT file?)")


# A cue's words: any letters (Khmer too) but the three WebVTT reads as markup, on lines that
# are not empty.
_WORDS = st.text(st.characters(blacklist_categories=("Cs", "Cc"),
                               blacklist_characters="<>&\ufeff"), min_size=1, max_size=20
                 ).filter(lambda line: line.strip() != "")
_CUE = st.tuples(st.integers(0, 20 * 3600 * 1000), st.integers(1, 60_000),
                 st.lists(_WORDS, min_size=1, max_size=3),
                 st.none() | st.from_regex(r"[a-z0-9][a-z0-9 _-]{0,8}", fullmatch=True))


def _stamp(ms: int, hours: bool) -> str:
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}" if hours or h else f"{m:02d}:{s:02d}.{ms:03d}"


@settings(max_examples=150, deadline=None)
@given(st.lists(_CUE, max_size=8), st.booleans(), st.sampled_from(["\n", "\r\n"]))
def test_cues_written_out_read_back_the_same(cues: list[tuple[int, int, list[str], str | None]],
                                             hours: bool, newline: str) -> None:
    lines, expected = ["WEBVTT", ""], []
    for start, length, words, name in sorted(cues, key=lambda c: c[0]):
        if name:
            lines.append(name)
        lines.append(f"{_stamp(start, hours)} --> {_stamp(start + length, hours)}")
        expected.append(Cue(start / 1000, (start + length) / 1000,
                            "\n".join(words).strip(), len(lines)))
        lines += [*words, ""]
    assert parse(newline.join(lines)) == (expected, [])
