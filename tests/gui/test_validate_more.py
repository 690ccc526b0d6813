"""`kiosk validate` also reports the settings file's problems, with their lines, as the kiosk
logs them when it starts; and a text that does not fit names every screen size it is cut at."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.decks import line_of, write_deck

GOOD = "- {type: stat, figure: '1', label: one, source: un}\n"
SETTINGS = "idle_seconds: abc\nstaff_corner: middle\nmessage_buton: false\n"


def test_validate_reports_the_settings_files_problems_with_their_lines(
        kiosk_app, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    from kiosk.cli import main

    folder = write_deck(tmp_path / "d", GOOD)
    config = tmp_path / "kiosk.yaml"
    config.write_text(SETTINGS, encoding="utf-8")
    assert main(["validate", str(folder), "--config", str(config)]) == 1
    out = capsys.readouterr().out
    assert f"{config}:1:15: error: expected a number, found text 'abc' (the default is used)" \
        in out
    assert f"{config}:2:15: error: 'middle' is not one of" in out
    assert f"{config}:3:1: error: unknown key 'message_buton' (did you mean 'message_button'?)" \
        in out
    assert "1 slide(s) playable, 3 error(s), 0 warning(s) (3 of them in the settings)" in out


def test_validate_reads_the_settings_the_kiosk_would_when_none_is_named(
        kiosk_app, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from kiosk.cli import main

    folder = write_deck(tmp_path / "d", GOOD)
    config = tmp_path / "kiosk.yaml"
    config.write_text("renderer: quantum\n", encoding="utf-8")
    monkeypatch.setenv("KIOSK_CONFIG", str(config))
    assert main(["validate", str(folder)]) == 1
    out = capsys.readouterr().out
    assert f"{config}:1:11: error: 'quantum' is not one of cpu, gpu" in out
    config.write_text("renderer: cpu\n", encoding="utf-8")
    assert main(["validate", str(folder)]) == 0
    assert str(config) not in capsys.readouterr().out


def test_a_text_cut_at_both_screen_sizes_names_both(
        kiosk_app, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    from kiosk.cli import main

    long = "ជួញដូរ " * 400
    folder = write_deck(tmp_path / "d", f"""\
- type: text
  heading: {{en: Trafficking, km: ការជួញដូរ}}
  body:
    en: A few words.
    km: {long}
""", head="title: {en: T, km: ច}\nlanguages: [en, km]\n")
    assert main(["validate", str(folder), "--config", str(tmp_path / "kiosk.yaml")]) == 0
    out = capsys.readouterr().out
    said = [line for line in out.splitlines() if "does not fit" in line]
    assert len(said) == 1, out
    assert f"deck.yaml:{line_of(folder, 'km: ជួញ')}:" in said[0]
    assert "in 'km': 'body' does not fit at 1920x1080 and 1080x1920 even" in said[0]
