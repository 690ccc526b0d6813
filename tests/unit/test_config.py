"""Settings: defaults, good values, and a bad file that falls back and says where."""

from pathlib import Path

from kiosk.setup.config import Settings, load_settings


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    assert load_settings(tmp_path / "none.yaml") == (Settings(), [])


def test_good_values_are_used(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.yaml"
    path.write_text("idle_seconds: 30\nbrowse_advance: slow\nmessage_button: true\n")
    settings, problems = load_settings(path)
    assert problems == []
    assert (settings.idle_seconds, settings.browse_advance, settings.message_button) == (
        30.0, "slow", True)


def test_bad_values_fall_back_with_their_line(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.yaml"
    path.write_text("idle_seconds: 30\nidle_secnds: 20\nwarning_seconds: soon\n")
    settings, problems = load_settings(path)
    assert settings.idle_seconds == 30.0 and settings.warning_seconds == 10.0
    text = [str(p) for p in problems]
    assert any(":2:1: error: unknown key 'idle_secnds' (did you mean 'idle_seconds'?)" in t
               for t in text), text
    assert any(":3:18: error: expected a number" in t for t in text), text


def test_broken_yaml_falls_back_entirely(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.yaml"
    path.write_text("idle_seconds: [30\n")
    settings, problems = load_settings(path)
    assert settings == Settings() and "is not closed" in str(problems[0])


def test_content_folder_order(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from kiosk.platform import paths

    monkeypatch.delenv("KIOSK_CONTENT", raising=False)
    monkeypatch.setattr(paths, "config_dir", lambda: tmp_path / "config")
    assert paths.content_dir() == paths.bundled_content_dir()
    own = tmp_path / "config" / "content"
    own.mkdir(parents=True)
    assert paths.content_dir() == paths.bundled_content_dir()  # no deck.yaml there yet
    (own / "deck.yaml").write_text("title: T\n")
    assert paths.content_dir() == own  # staff copied a deck in
    monkeypatch.setenv("KIOSK_CONTENT", str(tmp_path / "env"))
    assert paths.content_dir() == (tmp_path / "env").resolve()
    assert paths.content_dir(str(tmp_path / "arg")) == (tmp_path / "arg").resolve()


def test_paths_command(capsys) -> None:  # type: ignore[no-untyped-def]
    from kiosk.cli import main

    assert main(["paths"]) == 0
    out = capsys.readouterr().out
    for label in ("content (playing)", "settings file", "messages", "logs"):
        assert label in out


def test_an_email_section_makes_an_email_target(tmp_path: Path) -> None:
    from kiosk.sync.from_settings import targets_from

    config = tmp_path / "kiosk.yaml"
    config.write_text("""\
sync:
  email:
    host: smtp.example.org
    user: booth@example.org
    password: app-password
    from: booth@example.org
    to: [office@example.org]
    digest_minutes: 30
""", encoding="utf-8")
    settings, problems = load_settings(config)
    assert problems == []
    (email,) = targets_from(settings.sync)
    assert email.name == "email to office@example.org"
    assert email.interval == 30 * 60  # type: ignore[attr-defined]
    assert (email.port, email.security) == (587, "starttls")  # type: ignore[attr-defined]


def test_an_email_section_without_recipients_sends_nothing(tmp_path: Path) -> None:
    config = tmp_path / "kiosk.yaml"
    config.write_text("sync:\n  email:\n    host: smtp.example.org\n    from: a@example.org\n",
                      encoding="utf-8")
    settings, problems = load_settings(config)
    assert any("to" in p.message for p in problems)
    assert settings.sync is None or settings.sync.email is None  # never half-set


def test_a_kiosk_name_may_not_hide_the_booths_files(tmp_path: Path) -> None:
    """The name starts every file the booth writes into a shared folder: a leading dot would
    make them hidden files, which the office's collect passes over."""
    config = tmp_path / "kiosk.yaml"
    for name in (".booth-1", "..", "-x"):
        config.write_text(f'kiosk_id: "{name}"\n', encoding="utf-8")
        settings, problems = load_settings(config)
        assert [p.line for p in problems] == [1] and settings.kiosk_id != name, name
    config.write_text("kiosk_id: st-marks.fair_2\n", encoding="utf-8")
    settings, problems = load_settings(config)
    assert problems == [] and settings.kiosk_id == "st-marks.fair_2"


def test_escape_sequences_in_the_settings_never_reach_the_terminal(tmp_path: Path,
                                                                  capsys) -> None:  # type: ignore[no-untyped-def]
    from kiosk.cli import main

    config = tmp_path / "kiosk.yaml"
    # YAML's own escapes in double quotes (raw control characters are a syntax error)
    config.write_text('"\\x1b]0;PWNED\\x07": 1\nidle_seconds: "\\e[2J"\n'
                      'kiosk_id: "booth\\e[31m\\u202e"\n', encoding="utf-8")
    main(["sync", "--config", str(config), "--data-dir", str(tmp_path / "data")])
    printed = capsys.readouterr()
    text = printed.out + printed.err
    assert "unknown key" in text and ":2:" in text and ":3:" in text
    assert not any(ch in text for ch in "\x1b\x07\x9b\u202e"), repr(text)


def test_a_key_set_twice_is_an_error_and_a_way_out_set_twice_is_not_used(
        tmp_path: Path) -> None:
    """YAML keeps the second of two equal keys without a word: a second 'to:' quietly sent
    every message to another address, a second 'sync:' quietly dropped the e-mail."""
    from kiosk.sync.from_settings import targets_from

    config = tmp_path / "kiosk.yaml"
    email = ("  email:\n    host: 127.0.0.1\n    security: plain\n    from: b@example.org\n"
             "    to: [office@example.org]\n")
    config.write_text("sync:\n" + email + "    to: [elsewhere@example.org]\n"
                      f"  folder:\n    path: {tmp_path}\n", encoding="utf-8")
    settings, problems = load_settings(config)
    assert [(p.line, p.is_error) for p in problems] == [(7, True)]
    assert "set twice" in problems[0].message
    assert [t.name for t in targets_from(settings.sync)] == ["folder"]  # no e-mail at all
    config.write_text("idle_seconds: 30\nsync:\n" + email + f"sync:\n  folder:\n    path: "
                      f"{tmp_path}\nidle_seconds: 40\n", encoding="utf-8")
    settings, problems = load_settings(config)
    assert sorted(p.line for p in problems) == [8, 11]
    assert targets_from(settings.sync) == []  # which way out was meant cannot be known
