"""The command line's words: every command's options and help, and the options they all
share. Light to import (argparse alone): a plain start of the kiosk reads its size option
from here; the commands' parsers are built only when a command or help is asked for."""

from __future__ import annotations

import argparse
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    Commands = argparse._SubParsersAction[argparse.ArgumentParser]

#: The help of the options every command that reads messages or settings shares.
DATA_HELP = "where the messages are kept (default: this user's data folder, or KIOSK_DATA_DIR)"
CONFIG_HELP = "settings file (default: this user's kiosk.yaml, or KIOSK_CONFIG)"

#: The options every command takes, before or after its name: (flag, dest, metavar, help).
SHARED = (("--content", "content", "DIR", "the deck (default: the one the kiosk plays, or "
                                          "KIOSK_CONTENT)"),
          ("--config", "config", "FILE", CONFIG_HELP),
          ("--data-dir", "data_dir", "DIR", DATA_HELP))


def screen_size(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"(\d{2,5})x(\d{2,5})", text)
    if not match:
        raise argparse.ArgumentTypeError(f"'{text}' is not a size like 1920x1080")
    return int(match.group(1)), int(match.group(2))


def add_commands(parser: argparse.ArgumentParser) -> None:
    """Every command, with its options, under ``parser``."""
    from kiosk.fleet.args import fleet_commands

    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    _deck_commands(sub)
    _message_commands(sub)
    fleet_commands(sub)
    _shared_options(sub)
    b = sub.add_parser("bench", help="measure start-up, frame times, decoding and memory")
    b.add_argument("--json", action="store_true", help="print the figures as JSON")
    b.add_argument("--quick", action="store_true", help="fewer rounds (for a smoke test)")


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
    r.add_argument("--size", type=screen_size, default=(1920, 1080), metavar="WxH",
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
    im.add_argument("--size", type=screen_size, default=(1920, 1080), metavar="WxH",
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
