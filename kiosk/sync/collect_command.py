"""`kiosk collect FOLDER`: the office's view of a fleet of booths."""

from __future__ import annotations

import sys
from pathlib import Path

from kiosk.export import FORMATS, export, write_atomically
from kiosk.sync.fleet import collect, fleet_table


def collect_command(folder: Path, out: str | None, fmt: str, report: str | None = None) -> int:
    """Merge, write, and print the fleet table (and write the fleet report). The file is
    written whole each time, sorted, so running it twice over the same folder writes the
    same file."""
    if not folder.is_dir():
        print(f"{folder} is not a folder (is the shared folder synced here?)", file=sys.stderr)
        return 2
    found = collect(folder)
    target = Path(out) if out else Path.cwd() / f"all-messages{FORMATS[fmt].suffix}"
    try:
        count = export(found.messages, target, fmt)
    except OSError as exc:
        print(f"{target} could not be written: {exc.strerror or exc}", file=sys.stderr)
        return 1
    booths = len(found.last_seen)
    print(f"{count} message(s) from {booths} booth(s) written to {target}")
    for line in fleet_table(found):
        print(line)
    if report:
        from kiosk.analytics.fleet_report import render_fleet

        try:
            write_atomically(Path(report), render_fleet(found.statuses).encode("utf-8"))
        except OSError as exc:
            print(f"{report} could not be written: {exc.strerror or exc}", file=sys.stderr)
            return 1
        print(f"the booths' figures written to {report}")
    for conflict in found.conflicts:
        print(f"conflict: {conflict}", file=sys.stderr)
    for name in found.unreadable:
        print(f"could not read: {name}", file=sys.stderr)
    return 1 if found.conflicts else 0
