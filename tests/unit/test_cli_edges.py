"""The command line where a newcomer meets its rough edges."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize("args", [["schema"], ["schema", "--form"]])
def test_a_reader_that_stops_early_ends_the_output_quietly(args: list[str]) -> None:
    """`kiosk schema | head`: the reader is gone before the schema is written."""
    kiosk = subprocess.Popen([sys.executable, "-m", "kiosk", *args], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE)
    assert kiosk.stdout is not None and kiosk.stderr is not None
    kiosk.stdout.close()
    said = kiosk.stderr.read().decode()
    kiosk.stderr.close()
    assert kiosk.wait(60) == 0
    assert "Traceback" not in said and "BrokenPipe" not in said


def test_every_option_says_what_it_is_for_and_plain_kiosk_plays() -> None:
    import argparse

    from kiosk.cli import _parser

    parser = _parser()
    assert "With no command, it plays the deck" in (parser.description or "")
    silent = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, command in action.choices.items():
                silent += [f"{name} {a.option_strings or a.dest}" for a in command._actions
                           if not a.help]
    assert silent == []


@pytest.mark.parametrize("command", ["sync", "set-pin", "export", "report", "render",
                                     "validate", "paths", "schema"])
def test_the_shared_options_work_after_the_command_too(command: str) -> None:
    from kiosk.cli import _parser

    needs = {"export": ["--out", "x.csv"], "report": ["--out", "r.html"],
             "render": ["--out", "pngs"]}.get(command, [])
    parse = _parser().parse_args
    after = parse([command, *needs, "--config", "k.yaml", "--data-dir", "d", "--content", "c"])
    assert (after.config, after.data_dir, after.content) == ("k.yaml", "d", "c")
    before = parse(["--config", "k.yaml", "--data-dir", "d", command, *needs])
    assert (before.config, before.data_dir, before.content) == ("k.yaml", "d", None)
    both = parse(["--config", "old.yaml", command, *needs, "--config", "new.yaml"])
    assert both.config == "new.yaml"  # given after the command, it wins


def test_set_pin_takes_the_data_folder_after_the_command(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import io

    from kiosk.cli import main

    monkeypatch.setattr(sys, "stdin", io.StringIO("482913\n"))
    assert main(["set-pin", "--data-dir", str(tmp_path)]) == 0
    assert any(tmp_path.iterdir())  # the hash was written there
