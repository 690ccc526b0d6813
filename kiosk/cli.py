"""The `kiosk` command: run the kiosk, or validate, render, export the schema, benchmark."""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from kiosk import __version__
from kiosk.fleet.args import fleet_commands
from kiosk.platform import paths
from kiosk.platform.logs import setup_logging


def _size(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"(\d{2,5})x(\d{2,5})", text)
    if not match:
        raise argparse.ArgumentTypeError(f"'{text}' is not a size like 1920x1080")
    return int(match.group(1)), int(match.group(2))


if TYPE_CHECKING:
    from collections.abc import Callable

    from kiosk.content.problems import Problem

T = TypeVar("T")

#: The help of the options every command that reads messages or settings shares.
DATA_HELP = "where the messages are kept (default: this user's data folder, or KIOSK_DATA_DIR)"
CONFIG_HELP = "settings file (default: this user's kiosk.yaml, or KIOSK_CONFIG)"


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
    parser.add_argument("--size", type=_size, metavar="WxH",
                        help="window size for --windowed (default 1280x720)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log more")
    parser.add_argument("--self-test", action="store_true",
                        help="check this installation (screen, content, drawing, store, "
                        "settings)")
    parser.add_argument("--probe-screen", action="store_true", help=argparse.SUPPRESS)
    if not commands:
        return parser
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    _deck_commands(sub)
    _message_commands(sub)
    fleet_commands(sub)
    _shared_options(sub)
    b = sub.add_parser("bench", help="measure start-up, frame times, decoding and memory")
    b.add_argument("--json", action="store_true", help="print the figures as JSON")
    b.add_argument("--quick", action="store_true", help="fewer rounds (for a smoke test)")
    return parser


if TYPE_CHECKING:
    Commands = argparse._SubParsersAction[argparse.ArgumentParser]

#: The options every command takes, before or after its name: (flag, dest, metavar, help).
SHARED = (("--content", "content", "DIR", "the deck (default: the one the kiosk plays, or "
                                          "KIOSK_CONTENT)"),
          ("--config", "config", "FILE", CONFIG_HELP),
          ("--data-dir", "data_dir", "DIR", DATA_HELP))


def _shared_options(sub: Commands) -> None:
    """`kiosk sync --config F` means what `kiosk --config F sync` does (given after the
    command, an option wins; not given there, the one before the command stands)."""
    for command in sub.choices.values():
        for flag, dest, metavar, text in SHARED:
            command.add_argument(flag, dest=dest, metavar=metavar, help=text,
                                 default=argparse.SUPPRESS)


def _deck_commands(sub: Commands) -> None:
    """validate, render, import, schema, paths, and starting with the session."""
    v = sub.add_parser("validate", help="check a content folder and list every problem")
    v.add_argument("dir", nargs="?", help="content folder (default: the deck the kiosk plays)")

    r = sub.add_parser("render", help="write one PNG per slide, without a screen")
    r.add_argument("--out", required=True, metavar="DIR", help="folder for the PNG files")
    r.add_argument("--size", type=_size, default=(1920, 1080), metavar="WxH",
                   help="the screen to draw for (default 1920x1080)")
    r.add_argument("--language", help="language code (default: the deck's first)")
    r.add_argument("--screens", action="store_true",
                   help="also draw the kiosk's own screens: controls, chapters, countdown")

    sub.add_parser("paths", help="print where the content, settings, messages and logs are")
    sub.add_parser("install-autostart", help="start the kiosk with the session (and again "
                                             "after an abnormal exit)")
    sub.add_parser("remove-autostart", help="stop starting the kiosk with the session")
    mn = sub.add_parser("menu", help="put Kiosk Studio and Awareness Kiosk in this computer's "
                                     "menu (install), or take them out (remove)")
    mn.add_argument("action", choices=("install", "remove"), help="install or remove")
    sc = sub.add_parser("schema", help="print the JSON Schema of deck.yaml")
    sc.add_argument("--form", action="store_true", help="of form.yaml instead")
    st = sub.add_parser("studio", help="edit a deck with a mouse: slides, photos, words, with a "
                                       "live preview (Kiosk Studio)")
    st.add_argument("dir", nargs="?", help="the deck's folder (default: the deck the kiosk "
                                           "plays)")
    im = sub.add_parser("import", help="add a presentation's pages (a PDF) to a deck as "
                                       "image slides")
    im.add_argument("pdf", metavar="FILE.pdf", help="the presentation, saved as PDF")
    im.add_argument("--size", type=_size, default=(1920, 1080), metavar="WxH",
                    help="the booth screen's size (default 1920x1080)")


def _message_commands(sub: Commands) -> None:
    """export, report, sync and the staff PIN."""
    e = sub.add_parser("export", help="write the visitors' messages to a CSV, Excel or JSON "
                                      "file (safe while the kiosk runs)")
    e.add_argument("--format", choices=("csv", "xlsx", "json"), default="csv",
                   help="csv (opens in Excel), xlsx (Excel) or json")
    e.add_argument("--out", required=True, metavar="PATH", help="the file to write")
    e.add_argument("--since", metavar="DATE", help="only messages from this date (YYYY-MM-DD)")

    rp = sub.add_parser("report", help="write the event report (visits, slides, proof of "
                                       "play) as one HTML file that prints on A4")
    rp.add_argument("--out", required=True, metavar="FILE", help="the HTML file to write")
    rp.add_argument("--since", metavar="DATE", help="first day (YYYY-MM-DD; default: the "
                    "first day of the latest event, back to a pause of over two days "
                    "without a visit)")
    rp.add_argument("--until", metavar="DATE", help="last day (default: the day of --since, "
                    "or the latest event's last day)")

    sub.add_parser("set-pin", help="set the staff PIN (asked twice, or read from stdin)")

    y = sub.add_parser("sync", help="deliver waiting messages now (works while the kiosk runs)")
    y.add_argument("--once", action="store_true", help="one try per target, no repeats")
    y.add_argument("--test", action="store_true", dest="sync_test",
                   help="send a test to each target (an empty batch, a test e-mail, a file "
                        "written and removed) and say what happened")
    y.add_argument("--retry-refused", action="store_true",
                   help="send the batches a receiver refused again (after fixing the cause)")
    y.add_argument("--new-secret", action="store_true",
                   help="print a new signing secret (whsec_...) for kiosk.yaml and the receiver")


def _paths(args: argparse.Namespace) -> int:
    rows = [
        ("content (playing)", paths.content_dir(args.content)),
        ("content (staff copy a deck here)", paths.user_content_dir()),
        ("content (bundled)", paths.bundled_content_dir()),
        ("settings file", paths.config_file(args.config)),
        ("messages", paths.data_dir(args.data_dir)),
        ("logs", paths.log_dir()),
        ("start-up cache (safe to delete)", paths.cache_dir()),
    ]
    for label, where in rows:
        print(f"{label:<34} {where}")
    return 0


def _validate(args: argparse.Namespace) -> int:
    from kiosk.content import load_deck
    from kiosk.ui.app import application
    from kiosk.ui.player.fit import FitReport
    from kiosk.ui.player.font_check import font_problems
    from kiosk.ui.player.image_check import decode_problems
    from kiosk.ui.player.media_check import media_problems

    folder = paths.content_dir(args.dir or args.content)
    application(headless=True)
    settings = _settings_problems(args.config)
    for problem in settings:
        print(problem)
    fits = FitReport()  # also notes the slides whose text was drawn smaller to fit
    result = load_deck(folder, fit_check=fits)
    deck = result.deck
    found = (decode_problems(deck) + font_problems(deck) + media_problems(deck)) if deck else []
    problems = sorted(result.problems + found, key=lambda p: (p.path, p.line, p.column))
    for problem in problems:
        print(problem)
    for note in fits.notes:
        print(note)
    problems += settings
    errors = [p for p in problems if p.is_error]
    slides = len(result.deck.slides) if result.deck else 0
    notes = f", {len(fits.notes)} note(s)" if fits.notes else ""
    of_settings = f" ({len(settings)} of them in the settings)" if settings else ""
    print(f"{folder}: {slides} slide(s) playable, {len(errors)} error(s), "
          f"{len(problems) - len(errors)} warning(s){of_settings}{notes}")
    return 1 if errors else 0


def _settings_problems(given: str | None) -> list[Problem]:
    """The settings file's problems, as the kiosk logs them when it starts (a file named
    with --config that is not there, too)."""
    from dataclasses import replace

    from kiosk.content.problems import Problems, Where
    from kiosk.setup.config import load_settings

    file = paths.config_file(given)
    if given and not file.exists():
        missing = Problems()
        missing.warning(Where(str(file)), "there is no settings file here: the kiosk would "
                                          "use its own settings")
        return missing.items
    return [replace(problem, message=f"{problem.message} (the default is used)")
            for problem in load_settings(file)[1]]


def _render(args: argparse.Namespace) -> int:
    from PySide6.QtCore import QSize

    from kiosk.content import load_deck
    from kiosk.ui.app import application
    from kiosk.ui.player.font_check import font_problems
    from kiosk.ui.tools.render import render_deck

    application(headless=True)
    folder = paths.content_dir(args.content)
    result = load_deck(folder)
    for problem in result.problems:
        print(problem, file=sys.stderr)
    if result.deck is None:
        print(f"{folder}: no slide can be shown", file=sys.stderr)
        return 1
    unknown = _unknown_language(args.language, result.deck.languages)
    if unknown:
        print(unknown, file=sys.stderr)
        return 2
    for problem in font_problems(result.deck, [args.language or result.deck.default_language]):
        print(problem, file=sys.stderr)
    written = render_deck(result.deck, Path(args.out), QSize(*args.size), args.language)
    complete = len(written) == len(result.deck.slides)
    if args.screens:
        from kiosk.ui.tools.screens import render_screens

        written += render_screens(result.deck, Path(args.out), QSize(*args.size),
                                  language=args.language)
    print(f"wrote {len(written)} PNG file(s) to {args.out}")
    return 0 if complete else 1


def _unknown_language(language: str | None, deck_languages: list[str]) -> str:
    """Why ``kiosk render --language`` cannot draw ``language`` (empty if it can): it must be
    one of the deck's, or one the kiosk has its own words in (to review them)."""
    from kiosk.visit.words import shipped_languages

    own = sorted({"en", *shipped_languages()})
    if language is None or language in deck_languages or language in own:
        return ""
    return (f"kiosk render: '{language}' is neither a language of the deck "
            f"({', '.join(deck_languages)}) nor one the kiosk has its own words in "
            f"({', '.join(own)}); nothing was drawn")


def _export(args: argparse.Namespace) -> int:
    from kiosk.messages.export import FORMATS, export, export_store
    from kiosk.messages.store import DB_FILE, MessageStore, StoreError

    folder = paths.data_dir(args.data_dir)
    out = Path(args.out)
    if not out.parent.is_dir():
        print(f"export failed: the folder {out.parent} does not exist (is the USB stick "
              "plugged in?)", file=sys.stderr)
        return 1
    form_keys = _meanwhile(lambda: _form_keys(args))  # while the store opens and checks
    if not (folder / DB_FILE).exists():
        keys = form_keys()
        try:
            export([], out, args.format, keys)
        except OSError as exc:
            print(f"export failed: {exc}", file=sys.stderr)
            return 1
        print(f"no messages yet in {folder}; wrote {out} with only the column names")
        return 0
    try:
        store = MessageStore(folder, read_only=True)
        result = export_store(store, out, args.format, form_keys(), since=args.since)
    except (StoreError, OSError) as exc:
        print(f"export failed: {exc}", file=sys.stderr)
        return 1
    for aside in sorted(folder.glob("messages.damaged-*.sqlite3")):
        print(f"note: {aside.name} is a damaged database set aside earlier; export what it "
              f"still holds with 'kiosk export --data-dir DIR' after copying it there as "
              f"{DB_FILE}", file=sys.stderr)
    if result.damaged:
        print(f"the message database in {folder} is damaged: wrote the {result.count} "
              f"message(s) that could be read to {out} ({result.unreadable} row(s) could not "
              "be read). Keep the database file for a specialist.", file=sys.stderr)
        return 1
    print(f"wrote {result.count} message(s) to {out} ({FORMATS[args.format].label})")
    return 0


def _report(args: argparse.Namespace) -> int:
    from kiosk.analytics.report_command import report_command
    from kiosk.setup.config import load_settings

    settings, _problems = load_settings(paths.config_file(args.config))
    return report_command(paths.data_dir(args.data_dir), args.out,
                          args.since, args.until, paths.content_dir(args.content),
                          settings.name)


def _sync(args: argparse.Namespace) -> int:
    from kiosk.sync.sync_command import sync_command

    if args.new_secret:
        from kiosk.sync.targets import new_secret

        print(new_secret())
        return 0
    return sync_command(paths.config_file(args.config),
                        paths.data_dir(args.data_dir),
                        test=args.sync_test, once=args.once, retry_refused=args.retry_refused)


def _import(args: argparse.Namespace) -> int:
    from kiosk.studio.pdf_import import import_command

    return import_command(Path(args.pdf), paths.content_dir(args.content),
                          args.size)


def _set_pin(args: argparse.Namespace) -> int:
    import getpass

    from kiosk.staff.pin import PinError, StaffAuth, check_pin_shape

    folder = paths.data_dir(args.data_dir)
    if sys.stdin.isatty():
        first = getpass.getpass("New staff PIN (4 to 12 digits): ").strip()
        try:
            check_pin_shape(first)
        except PinError as exc:
            print(exc, file=sys.stderr)
            return 1
        if getpass.getpass("The same PIN again: ").strip() != first:
            print("the two PINs differ; nothing was changed", file=sys.stderr)
            return 1
    else:
        first = sys.stdin.readline().strip()
    try:
        StaffAuth(folder).set_pin(first)
    except PinError as exc:
        print(exc, file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"cannot save the PIN in {folder}: {exc}", file=sys.stderr)
        return 1
    print(f"staff PIN set (kept as a salted hash in {folder})")
    return 0


def _meanwhile(work: Callable[[], T]) -> Callable[[], T]:
    """``work()`` started on a thread of its own; the call returned gives its result."""
    import threading

    done: list[T] = []
    failed: list[BaseException] = []

    def run() -> None:
        try:
            done.append(work())
        except BaseException as exc:  # said where the result is asked for
            failed.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()

    def result() -> T:
        thread.join()
        if failed:
            raise failed[0]
        return done[0]
    return result


def _form_keys(args: argparse.Namespace) -> list[str]:
    """The form's field keys in order (CSV columns), from the deck's form if it loads."""
    from kiosk.content import load_deck

    deck = load_deck(paths.content_dir(args.content)).deck
    return [f.key for f in deck.form.fields] if deck and deck.form else []


def main(argv: list[str] | None = None) -> int:
    """`kiosk`: the kiosk, or one of its commands. A reader that stops early (`kiosk schema
    | head`) ends the output quietly, as other command-line tools do."""
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
    if args.command == "schema":
        from kiosk.content import json_schema
        from kiosk.content.schema import form_schema

        print(json.dumps(form_schema() if args.form else json_schema(), indent=2))
        return 0
    if args.command == "validate":
        return _validate(args)
    if args.command == "render":
        return _render(args)
    if args.command == "export":
        return _export(args)
    if args.command == "paths":
        return _paths(args)
    if args.command in ("install-autostart", "remove-autostart"):
        from kiosk.platform import autostart

        action = autostart.install if args.command == "install-autostart" else autostart.remove
        for line in action():
            print(line)
        return 0
    if args.command == "menu":
        from kiosk.platform.menu_entries import menu_command

        return menu_command(args.action)
    if args.command == "sync":
        return _sync(args)
    if args.command == "set-pin":
        return _set_pin(args)
    if args.command == "report":
        return _report(args)
    if args.command in ("make-fleet", "publish", "collect", "fleet-key"):
        from kiosk.fleet.command import run_fleet_command

        return run_fleet_command(args)
    if args.command == "studio":
        from kiosk.ui.platform.imports import plain_imports

        plain_imports()
        from kiosk.studio.app import run_studio

        return run_studio(args.dir or args.content)
    if args.command == "import":
        return _import(args)
    if args.command == "bench":
        from kiosk.studio.bench import studio_figures
        from kiosk.ui.tools.bench import run_bench

        return run_bench(as_json=args.json, quick=args.quick, studio=studio_figures)
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
        command = [sys.executable] if getattr(sys, "frozen", False) else [
            sys.executable, "-m", "kiosk"]
        os.execv(command[0], [*command, *(argv if argv is not None else sys.argv[1:])])
    return code
