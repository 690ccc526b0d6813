"""The `kiosk` command: run the kiosk, or validate, render, export the schema, benchmark.

A plain start (options, no command) reads its command line and goes to the kiosk's window
with as little imported as can be; a command is run by :mod:`kiosk.commands`."""

from __future__ import annotations

import argparse
import logging
import sys

from kiosk import __version__
from kiosk.commands.options import add_commands, screen_size
from kiosk.platform.logs import setup_logging


def _parser(commands: bool = True) -> argparse.ArgumentParser:
    """The command line; ``commands=False``: the kiosk's own options alone, no help."""
    parser = argparse.ArgumentParser(
        prog="kiosk", description="A fullscreen touchscreen kiosk for church and event booths. "
        "With no command, it plays the deck fullscreen (--windowed to preview it).",
        add_help=commands, exit_on_error=commands)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--content", metavar="DIR", help="play the deck in DIR")
    parser.add_argument("--config", metavar="FILE", help="settings file (kiosk.yaml)")
    parser.add_argument("--data-dir", metavar="DIR",
                        help="where the messages are kept (or set KIOSK_DATA_DIR)")
    parser.add_argument("--windowed", action="store_true",
                        help="preview in a window that closes normally")
    parser.add_argument("--screen", type=int, default=0, metavar="N",
                        help="which screen to fill (0 is the first)")
    parser.add_argument("--size", type=screen_size, metavar="WxH",
                        help="window size for --windowed (default 1280x720)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log more")
    parser.add_argument("--self-test", action="store_true",
                        help="check this installation (screen, content, drawing, store, "
                        "settings)")
    parser.add_argument("--probe-screen", action="store_true", help=argparse.SUPPRESS)
    if commands:
        add_commands(parser)
    return parser


def main(argv: list[str] | None = None) -> int:
    """`kiosk`: the kiosk, or one of its commands. A reader that stops early (`kiosk schema
    | head`) ends the output quietly, as other command-line tools do."""
    if (sys.argv[1:] if argv is None else argv) == ["--export-part"]:
        from kiosk.messages.store_export import serve_part  # (kiosk.messages.export_helper)

        return serve_part(sys.stdin.buffer, sys.stdout.buffer)
    from kiosk.ui.platform.display import NO_SCREEN, ScreenUnavailable

    try:
        code = _run(argv)
        sys.stdout.flush()
        return code
    except ScreenUnavailable as exc:
        print(exc, file=sys.stderr)
        return NO_SCREEN
    except BrokenPipeError:
        import os

        # Python would flush stdout again at exit and print a traceback: point it nowhere.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    """The command line read. A plain start (options, no command) is read without building
    every command's options and help, 7 ms on the way to the first slide."""
    given = sys.argv[1:] if argv is None else argv
    asks_help = any(a.startswith("--h") or (a.startswith("-") and not a.startswith("--")
                                            and "h" in a) for a in given)
    if not asks_help:
        try:
            args, rest = _parser(commands=False).parse_known_args(given)
        except argparse.ArgumentError:  # (said as the whole command line says it)
            rest = ["?"]
        if not rest:
            args.command = None
            return args
    return _parser().parse_args(given)


def _run(argv: list[str] | None) -> int:
    args = _arguments(argv)
    studio = args.command == "studio"  # the studio keeps a log of its own beside the kiosk's
    setup_logging(args.verbose, to_file=(args.command is None and not args.self_test) or studio,
                  name="studio.log" if studio else "kiosk.log")
    if args.probe_screen:
        from kiosk.ui.platform.display import probe

        return probe()
    if args.self_test:
        from kiosk.ui.tools.self_test import self_test

        return self_test(args.content, args.config)
    if args.command is not None:
        from kiosk.commands.run import run_command

        return run_command(args)
    return _play(args, argv)


def _play(args: argparse.Namespace, argv: list[str] | None) -> int:
    """The kiosk itself, until it stops (started again when staff ask for a fresh start)."""
    import gc

    # The way to the first slide allocates much and frees little: no collection pass scans
    # it (5 ms). Once the kiosk runs, its own collector collects on the GUI thread.
    gc.disable()
    from kiosk import RESTART
    from kiosk.ui.platform.imports import plain_imports

    plain_imports()  # and then its hook taken out again: -6 ms
    from kiosk.ui.main import run_kiosk

    code = run_kiosk(args)
    if code == RESTART:  # staff asked for a fresh start: the same command again
        import os

        logging.getLogger(__name__).info("restarting")
        from kiosk.platform.command import kiosk_command

        command = kiosk_command()
        os.execv(command[0], [*command, *(argv if argv is not None else sys.argv[1:])])
    return code
