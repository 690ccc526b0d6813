"""The command line's words for the office's fleet commands (make-fleet, publish, collect
with --watch / --once, fleet-key); what they do is in :mod:`kiosk.fleet.command`."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    Commands = argparse._SubParsersAction[argparse.ArgumentParser]


def fleet_commands(sub: Commands) -> None:
    """The office's commands for a fleet of booths sharing one synced folder."""
    m = sub.add_parser("make-fleet", help="make a shared folder a fleet (its layout, once) "
                                          "and print its new fleet key")
    m.add_argument("folder", metavar="FOLDER", help="an empty folder the booths will share")
    m.add_argument("--name", help="the fleet's name (default: the folder's)")
    m.add_argument("--key-file", metavar="OUT", help="write the key to this new file at the "
                   "office instead of printing it (never inside FOLDER)")
    m.add_argument("--use-key", metavar="FILE", help="the fleet key the booths already sign "
                   "with (a shared folder of theirs becoming a fleet): no new key is made")

    p = sub.add_parser("publish", help="send a deck to the booths of a fleet, as a signed "
                                       "package they install at a quiet moment")
    p.add_argument("fleet", metavar="FLEET", help="the fleet folder")
    p.add_argument("deck", metavar="DECK", nargs="?", help="the deck's folder (default: the "
                   "deck the kiosk plays)")
    p.add_argument("--key-file", metavar="FILE", required=True, help="the fleet key, in a file")
    p.add_argument("--group", help="only for the booths of this group (or the booth of this "
                   "name); default: every booth")
    p.add_argument("--setup", metavar="FILE", help="a booth set-up file (booth-setup.yaml) to "
                   "send with it")

    c = sub.add_parser("collect", help="merge every booth's messages from a shared folder "
                                       "into one file, and say how each booth is doing")
    c.add_argument("folder", metavar="FOLDER", help="the folder the booths deliver into")
    c.add_argument("--out", metavar="FILE", help="the file to write (default: "
                   "all-messages.<format> in the current folder)")
    c.add_argument("--format", choices=("csv", "xlsx", "json"), default="csv",
                   dest="collect_format", help="csv (opens in Excel), xlsx (Excel) or json")
    c.add_argument("--report", metavar="FILE", help="also write the booths' figures (visits, "
                   "messages, proof of play per booth and day) as one HTML file")
    c.add_argument("--key-file", metavar="FILE", help="the fleet key, in a file: keep only "
                   "what the booths signed (other copies go to <out>-conflicts)")
    _alert_options(c)
    sub.add_parser("fleet-key", help="print a new fleet key, for every booth's sync: folder: "
                   "key: and for collect --key-file")


def _alert_options(c: argparse.ArgumentParser) -> None:
    """`kiosk collect --watch`: e-mail staff when a booth needs help."""
    way = c.add_mutually_exclusive_group()
    way.add_argument("--watch", action="store_true", help="instead of writing the messages, "
                     "look again and again and e-mail staff (the settings' sync: email:) "
                     "once when a booth needs help, and once when it is well again")
    way.add_argument("--once", action="store_true", help="as --watch, one look (for cron or "
                     "the Task Scheduler)")
    c.add_argument("--every", type=_positive, default=15.0, metavar="MIN",
                   help="minutes between looks (default 15)")
    c.add_argument("--alerts-folder", metavar="DIR", help="where what staff were told is "
                   "remembered (default: fleet-alerts in this user's data folder)")
    c.add_argument("--silent-hours", type=_positive, default=2.0, metavar="H",
                   help="opening hours without news from a booth before staff hear (default 2)")
    c.add_argument("--low-disk-mb", type=_positive, default=1000.0, metavar="MB",
                   help="a booth with less free disk needs help (default 1000)")
    c.add_argument("--version-grace-hours", type=_positive, default=1.0, metavar="H",
                   help="opening hours a booth may take to play what is published (default 1)")
    c.add_argument("--fleet", metavar="FOLDER", help="the fleet folder: also say when a booth "
                   "plays another version than the one published for it")


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 < value < 1e6:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number above 0")
    return value
