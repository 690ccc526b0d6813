"""`kiosk validate` warns, once per language, when no font on the computer can show a deck
language's letters (visitors would see empty boxes); `kiosk render` refuses a language that is
neither the deck's nor one the kiosk has words in."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.decks import write_deck

THAI = "น้ำสะอาดเปลี่ยนชีวิตของหมู่บ้าน"
KHMER = "ទឹកស្អាតផ្លាស់ប្តូរជីវិតភូមិ"


def no_thai_font() -> bool:
    from PySide6.QtGui import QFontDatabase

    return not QFontDatabase.families(QFontDatabase.WritingSystem.Thai)


def deck(folder: Path, languages: str, heading: str) -> Path:
    return write_deck(folder, f"- {{type: title, heading: {heading}}}\n",
                      head=f"title: Wells\nlanguages: {languages}\n")


def validate(folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    from kiosk.cli import main

    main(["validate", str(folder), "--config", str(tmp_path / "none.yaml")])
    return [line for line in capsys.readouterr().out.splitlines() if "font" in line]


def test_a_thai_deck_without_a_thai_font_is_warned_once_with_its_line(
        kiosk_app, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    if not no_thai_font():
        pytest.skip("this computer has a Thai font")
    folder = deck(tmp_path / "d", "[en, km, th]",
                  f"{{en: Clean water, km: {KHMER}, th: {THAI}}}")
    said = validate(folder, tmp_path, capsys)  # (Khmer: the kiosk's own font shows it)
    assert said == [f"{folder}/deck.yaml:2:21: warning: no font on this computer can show 'th' "
                    "(Thai): visitors would see empty boxes; install a Thai font such as "
                    "Noto Sans Thai"]


def test_a_few_thai_letters_in_an_english_text_are_named(
        kiosk_app, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    if not no_thai_font():
        pytest.skip("this computer has a Thai font")
    folder = deck(tmp_path / "d", "[en]", "Sawasdee (สวัสดี)")
    said = validate(folder, tmp_path, capsys)
    assert len(said) == 1 and ":2:" in said[0], said
    # (five letters, three quoted: the vowel signs are not quoted on their own)
    assert "has 5 of the letters of the 'en' texts (ส ว ด): visitors would see empty boxes" \
        in said[0]


def test_render_refuses_a_language_neither_the_decks_nor_the_kiosks(
        kiosk_app, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    from kiosk.cli import main

    folder = deck(tmp_path / "d", "[en]", "Clean water")
    out = tmp_path / "png"
    args = ["render", "--content", str(folder), "--out", str(out), "--size", "320x180"]
    assert main([*args, "--language", "xx"]) == 2
    err = capsys.readouterr().err
    assert "'xx' is neither a language of the deck (en) nor one the kiosk has its own words " \
           "in (" in err and "km" in err
    assert not out.exists() or not list(out.iterdir())
    assert main([*args, "--language", "km"]) == 0  # a reviewer reads the kiosk's Khmer words
    assert len(list(out.glob("*.png"))) == 1


def test_render_in_a_language_no_font_shows_says_so(
        kiosk_app, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    from kiosk.cli import main

    if not no_thai_font():
        pytest.skip("this computer has a Thai font")
    folder = deck(tmp_path / "d", "[en, th]", f"{{en: Clean water, th: {THAI}}}")
    args = ["render", "--content", str(folder), "--out", str(tmp_path / "png"),
            "--size", "320x180"]
    assert main([*args, "--language", "th"]) == 0
    assert "no font on this computer can show 'th' (Thai)" in capsys.readouterr().err
    assert main(args) == 0  # (the English slides alone: no word about Thai)
    assert "no font" not in capsys.readouterr().err


def test_the_studio_warns_of_a_language_no_font_can_show(kiosk_app, tmp_path: Path
                                                          ) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QSize

    from kiosk.studio.checks import check

    if not no_thai_font():
        pytest.skip("this computer has a Thai font")
    folder = deck(tmp_path / "d", "[en, th]", f"{{en: Clean water, th: {THAI}}}")
    text = (folder / "deck.yaml").read_text(encoding="utf-8")
    result = check(folder, text, "", QSize(320, 180), 1)
    assert any("no font on this computer can show 'th'" in p.message for p in result.problems)
