"""Which function runs each command of the `kiosk` command line (all but the kiosk itself,
which :mod:`kiosk.cli` starts), and the commands short enough to be said here: starting
with the session, the menu entries, the fleet, Kiosk Studio and the benchmark."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from kiosk.commands import deck, messages


def run_command(args: argparse.Namespace) -> int:
    """Run the command ``args`` name: its exit code."""
    return COMMANDS[args.command](args)


def _autostart(args: argparse.Namespace) -> int:
    from kiosk.platform import autostart

    action = autostart.install if args.command == "install-autostart" else autostart.remove
    for line in action():
        print(line)
    return 0


def _menu(args: argparse.Namespace) -> int:
    from kiosk.platform.menu_entries import menu_command

    return menu_command(args.action)


def _fleet(args: argparse.Namespace) -> int:
    from kiosk.fleet.command import run_fleet_command

    return run_fleet_command(args)


def _studio(args: argparse.Namespace) -> int:
    from kiosk.ui.platform.imports import plain_imports

    plain_imports()
    from kiosk.studio.app import run_studio

    return run_studio(args.dir or args.content)


def _bench(args: argparse.Namespace) -> int:
    from kiosk.studio.bench import studio_figures
    from kiosk.ui.tools.bench import run_bench

    return run_bench(as_json=args.json, quick=args.quick, studio=studio_figures)


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "schema": deck.print_schema, "validate": deck.validate, "render": deck.render,
    "paths": deck.print_paths, "import": deck.import_pdf,
    "export": messages.export_messages, "report": messages.report, "sync": messages.sync,
    "set-pin": messages.set_pin,
    "install-autostart": _autostart, "remove-autostart": _autostart, "menu": _menu,
    "make-fleet": _fleet, "publish": _fleet, "collect": _fleet, "fleet-key": _fleet,
    "studio": _studio, "bench": _bench,
}
