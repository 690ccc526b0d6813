"""What the messages' commands do: `kiosk export` (safe while the kiosk runs), `report`,
`sync` and `set-pin`. Each imports the store, the exports or the delivery when it runs."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from kiosk.platform import paths

if TYPE_CHECKING:
    from collections.abc import Callable

T = TypeVar("T")


def export_messages(args: argparse.Namespace) -> int:
    from kiosk.messages.export import FORMATS, export
    from kiosk.messages.store import DB_FILE, MessageStore, StoreError
    from kiosk.messages.store_export import export_store

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


def report(args: argparse.Namespace) -> int:
    from kiosk.analytics.report_command import report_command
    from kiosk.setup.config import load_settings

    settings, _problems = load_settings(paths.config_file(args.config))
    return report_command(paths.data_dir(args.data_dir), args.out,
                          args.since, args.until, paths.content_dir(args.content),
                          settings.name)


def sync(args: argparse.Namespace) -> int:
    from kiosk.sync.sync_command import sync_command

    if args.new_secret:
        from kiosk.sync.targets import new_secret

        print(new_secret())
        return 0
    return sync_command(paths.config_file(args.config),
                        paths.data_dir(args.data_dir),
                        test=args.sync_test, once=args.once, retry_refused=args.retry_refused)


def set_pin(args: argparse.Namespace) -> int:
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
