"""The office's fleet commands: ``kiosk make-fleet`` (the shared folder's layout and the
fleet key, made once), ``kiosk publish`` (a deck sent to the booths as a signed package),
``kiosk collect`` (the booths' messages merged, or with ``--watch`` / ``--once`` staff
e-mailed when a booth needs help) and ``kiosk fleet-key``. Everything printed is plain text.
No Qt here."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from kiosk.platform import paths

#: Where the alerts' memory is kept, in the user's data folder, unless told otherwise.
ALERTS_FOLDER = "fleet-alerts"


def run_fleet_command(args: argparse.Namespace) -> int:
    """One of the fleet's commands, as the command line gave it."""
    if args.command == "make-fleet":
        return make_fleet_command(Path(args.folder), args.name or "", args.key_file,
                                  args.use_key)
    if args.command == "publish":
        deck = Path(args.deck) if args.deck else paths.content_dir(args.content)
        return publish_command(Path(args.fleet), deck, args.key_file, args.group, args.setup)
    if args.command == "collect":
        return _collect(args)
    from kiosk.sync.fleet_key import new_key

    print(new_key())
    return 0


# --- make-fleet ---------------------------------------------------------------------------

def make_fleet_command(folder: Path, name: str, key_file: str | None,
                       use_key: str | None = None) -> int:
    """Make ``folder`` a fleet and say its key once (or write it to ``key_file``, which
    must not be inside the folder: every booth, and anyone it is shared with, reads it)."""
    from kiosk.fleet.layout import FleetError, make_fleet

    out = Path(key_file) if key_file else None
    refused = _key_file_refused(out, folder) if out else ""
    if refused:
        print(refused, file=sys.stderr)
        return 2
    already = (folder / "fleet.json").exists()
    try:
        given = _given_key(use_key) if use_key else None
        made = make_fleet(folder, name, key=given)
    except (FleetError, OSError, ValueError) as exc:
        words = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        print(f"no fleet was made: {words}", file=sys.stderr)
        return 1
    where = made.fleet.folder
    if given is not None and not already:
        print(f'Made the fleet "{made.fleet.name}" in {where}, with the key in {use_key} '
              "(the one the booths already sign with).")
        return 0
    if made.key is None:
        print(f'{where} is already the fleet "{made.fleet.name}": nothing was changed and '
              "no new key was made (the booths keep the key made with it).")
        return 0
    print(f'Made the fleet "{made.fleet.name}" in {where}.')
    if out is not None and _write_key(out, made.key):
        print(f"Its key is in {out}: keep that file at the office, never in the shared folder.")
    else:
        print("Its key, shown this once (the fleet folder never holds it):")
        print()
        print(f"    {made.key}")
        print()
        print("Save it in a file at the office (such as fleet.key), never in the shared folder.")
    print(_next_steps(where, out))
    return 0


def _given_key(path: str) -> str:
    """The fleet key in ``path`` as text (ValueError in words when it is none)."""
    from kiosk.setup.keys import is_key

    text = Path(path).read_text(encoding="utf-8-sig").strip()
    if not is_key(text):
        raise ValueError(f"{path} holds no fleet key (a line like fleet_…)")
    return text


def _key_file_refused(out: Path, folder: Path) -> str:
    """Why the key may not be written to ``out`` ('' when it may)."""
    target, shared = os.path.realpath(out), os.path.realpath(folder)
    try:
        inside = os.path.commonpath([target, shared]) == shared
    except ValueError:  # on another drive
        inside = False
    if inside:
        return (f"the key file {out} would be inside the fleet folder {folder}, which every "
                "booth (and anyone it is shared with) can read: write it at the office, "
                "outside that folder. Nothing was made.")
    if os.path.lexists(out):
        return (f"{out} already exists: a fleet key is never written over another file. "
                "Choose another name. Nothing was made.")
    if not out.parent.is_dir():
        return f"the folder {out.parent} is not there, for the key file. Nothing was made."
    return ""


def _write_key(out: Path, key: str) -> bool:
    """The key into a new file only this account reads; False (said) when it cannot be."""
    try:
        handle = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(handle, "w", encoding="ascii") as file:
            file.write(key + "\n")
    except OSError as exc:
        print(f"the key could not be written to {out} ({exc.strerror or exc}): it is shown "
              "below instead", file=sys.stderr)
        return False
    return True


def _next_steps(folder: Path, key_file: Path | None) -> str:
    key = _arg(key_file or Path("fleet.key"))
    return "\n".join([
        "Next:",
        "  1. Put this key in every booth's set-up (the fleet key, sync: folder: key:). "
        "Keep the key file at the office.",
        f"  2. Share the folder {folder} with every booth (Syncthing, Nextcloud, Drive).",
        f"  3. Publish a deck to the booths: kiosk publish {_arg(folder)} DECK --key-file {key}",
        "  4. Hear when a booth needs help: kiosk collect "
        f"{_arg(folder / 'messages')} --fleet {_arg(folder)} --key-file {key} --watch"])


def _arg(path: Path) -> str:
    """A path as typed in a command (quoted when it holds a space)."""
    text = str(path)
    return f'"{text}"' if " " in text else text


# --- publish ------------------------------------------------------------------------------

def publish_command(fleet: Path, deck: Path, key_file: str, group: str | None,
                    setup_file: str | None) -> int:
    """Publish ``deck`` to the booths of ``fleet``: 0 published, 1 not (the deck's problems
    printed as ``kiosk validate`` prints them), 2 when the key, set-up or fleet is wrong."""
    from kiosk.fleet.layout import FleetError, read_fleet
    from kiosk.fleet.office import PublishError, publish
    from kiosk.sync.collect_command import key_from_file

    if group is not None and not group.strip():
        print("nothing was published: --group is empty (leave it out for every booth)",
              file=sys.stderr)
        return 2
    try:
        key = key_from_file(key_file)
        setup = _setup_bytes(setup_file) if setup_file else None
        place = read_fleet(fleet)
    except (ValueError, FleetError) as exc:
        print(f"nothing was published: {exc}", file=sys.stderr)
        return 2
    shared = os.path.realpath(fleet)
    try:
        inside = os.path.commonpath([os.path.realpath(key_file), shared]) == shared
    except ValueError:  # on another drive
        inside = False
    if inside:
        print(f"nothing was published: the key file {key_file} is inside the fleet folder, "
              "where every booth (and anyone it is shared with) can read it: make a new "
              "fleet with a new key, and keep the key file at the office", file=sys.stderr)
        return 2
    name, refused = place.name, place.key_refused(key)
    if refused:
        print(f"nothing was published: {refused}", file=sys.stderr)
        return 2
    try:
        done = publish(fleet, deck, key, group, setup)
    except PublishError as exc:
        for problem in sorted(exc.problems, key=lambda p: (p.path, p.line, p.column)):
            print(problem, file=sys.stderr)
        print(f"{deck}: not published: {exc}", file=sys.stderr)
        return 1
    except FleetError as exc:
        print(f"nothing was published: {exc}", file=sys.stderr)
        return 2
    whom = (f'the group "{done.group}" only (its booths, or the booth of that name)'
            if done.group else "every booth")
    with_setup = ", with the booths' set-up" if setup is not None else ""
    print(f'Published the deck in {deck} to the fleet "{name}", for {whom}.')
    print(f"Package {done.folder.name}: serial {done.serial}, version {done.version}, "
          f"{done.files} file(s), {_amount(done.size)}{with_setup}.")
    if done.left_out:
        print(f"Left out ({len(done.left_out)}, not published):")
        for line in done.left_out:
            print(f"  {line}")
    print("Each booth takes it at a quiet moment, once every file has arrived whole. To go "
          "back, publish the older deck again.")
    return 0


def _setup_bytes(file: str) -> bytes:
    """The booths' set-up file's bytes; ValueError in words when it cannot be read."""
    from kiosk.content.safe_read import Refused, read_capped
    from kiosk.setup.booth_setup import MAX_BYTES

    try:
        return read_capped(Path(file), MAX_BYTES)
    except Refused as exc:
        raise ValueError(f"the set-up file {exc.naming(file)}") from None
    except OSError as exc:
        raise ValueError(f"the set-up file {file} cannot be read "
                         f"({exc.strerror or exc})") from None


def _amount(size: int) -> str:
    return f"{size / 1e6:.1f} MB" if size >= 100_000 else f"{max(1, round(size / 1e3))} kB"


# --- collect ------------------------------------------------------------------------------

def _collect(args: argparse.Namespace) -> int:
    """The booths' messages into one file; with --watch or --once, the alerts instead."""
    if not (args.watch or args.once):
        from kiosk.sync.collect_command import collect_command

        return collect_command(Path(args.folder), args.out, args.collect_format, args.report,
                               args.key_file)
    if args.out or args.report:
        print("--watch and --once only watch over the booths: run 'kiosk collect' without "
              "them to write the messages (--out) or the report (--report)", file=sys.stderr)
        return 2
    from kiosk.sync.alert_command import Watch, alert_command
    from kiosk.sync.alerts import Thresholds

    state = (Path(args.alerts_folder) if args.alerts_folder
             else paths.data_dir(args.data_dir) / ALERTS_FOLDER)
    watch = Watch(Path(args.folder), args.key_file, state,
                  Thresholds(args.silent_hours, args.low_disk_mb, args.version_grace_hours),
                  args.every * 60, Path(args.fleet) if args.fleet else None, args.once)
    return alert_command(watch, paths.config_file(args.config))
