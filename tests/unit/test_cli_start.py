"""A plain start reads its command line without building every command's parser."""

from __future__ import annotations

import argparse

import pytest

from kiosk import cli

PLAIN = [[], ["--content", "deck"], ["--content=deck", "--windowed", "--size", "800x600"],
         ["-v", "--screen", "1"], ["--cont", "deck"], ["--content", "validate"],
         ["--self-test"], ["--data-dir", "d", "--config", "k.yaml"]]


@pytest.mark.parametrize("argv", PLAIN)
def test_a_plain_start_builds_no_command_and_reads_what_the_full_parser_reads(
        argv: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[str] = []
    real = argparse.ArgumentParser.add_subparsers

    def add_subparsers(self, **kwargs):  # type: ignore[no-untyped-def]
        built.append("commands")
        return real(self, **kwargs)

    expected = vars(cli._parser().parse_args(argv))
    monkeypatch.setattr(argparse.ArgumentParser, "add_subparsers", add_subparsers)
    assert vars(cli._arguments(argv)) == expected
    assert built == []  # (7 ms on the way to the first slide)


@pytest.mark.parametrize("argv", [["validate"], ["--data-dir", "d", "sync", "--once"]])
def test_a_command_is_read_as_before(argv: list[str]) -> None:
    assert vars(cli._arguments(argv)) == vars(cli._parser().parse_args(argv))


@pytest.mark.parametrize("argv", [["--bogus"], ["--screen", "x"], ["--content"], ["-h"],
                                  ["-vh"]])
def test_help_and_mistakes_answer_as_the_full_command_line_does(
        argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as full:
        cli._parser().parse_args(argv)
    expected = capsys.readouterr()
    with pytest.raises(SystemExit) as quick:
        cli._arguments(argv)
    assert quick.value.code == full.value.code
    assert capsys.readouterr() == expected


def test_paths_says_where_the_start_up_cache_is(tmp_path, monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
                                                capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("KIOSK_CACHE_DIR", str(tmp_path / "cache"))
    assert cli.main(["paths"]) == 0
    assert f"start-up cache (safe to delete)    {tmp_path / 'cache'}" in capsys.readouterr().out
