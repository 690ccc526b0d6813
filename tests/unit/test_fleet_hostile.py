"""A shared folder filled by hostile hands: links, pipes, huge files, endless folders, odd
numbers and escape sequences. `kiosk collect` names each file it passes over in one line,
merges the rest, and prints nothing a terminal would obey.

The hostile files are read by a child process with a deadline and a memory cap, so that a
regression fails the test instead of hanging it or filling the machine's memory."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.messages.export import FORMULA_STARTS
from kiosk.messages.store import MessageStore
from kiosk.platform.clock import ManualClock
from kiosk.sync import fleet_files
from kiosk.sync.fleet_files import Limits
from kiosk.sync.folder import FolderTarget
from kiosk.sync.runner import SyncRunner
from tests.hostile_files import run_bounded

posix_only = pytest.mark.skipif(os.name != "posix", reason="links, pipes and devices: POSIX")


def booth_folder(tmp_path: Path) -> tuple[Path, list[str]]:
    """A shared folder with one booth's nine messages in three batch files."""
    shared = tmp_path / "shared"
    shared.mkdir()
    store = MessageStore(tmp_path / "booth", "booth-1")
    ids = [store.add({"message": f"hope {i}"}) for i in range(9)]
    SyncRunner(store, [FolderTarget(shared)], "booth-1", batch_size=4,
               clock=ManualClock()).run_once()
    store.close()
    return shared, ids


def run_collect(*args: str) -> subprocess.CompletedProcess[str]:
    return run_bounded("-m", "kiosk", "collect", *args)


def remove_tree(top: Path) -> None:
    """Remove a folder and everything in it, with a stack (never recursion): links and
    pipes are removed, never followed or opened."""
    stack: list[str | Path] = [top]
    while stack:
        folders: list[str | Path] = []
        with os.scandir(stack[-1]) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    folders.append(entry.path)
                else:
                    os.unlink(entry.path)
        if folders:
            stack += folders
        else:
            os.rmdir(stack.pop())


def message_line(ident: str) -> str:
    return json.dumps({"id": ident, "created_at": "2026-11-21T10:00:00.000Z",
                       "kiosk_id": "booth-1", "language": "en", "content_version": "",
                       "fields": {"message": f"words of {ident}"}})


def write_key(folder: Path, key: str) -> Path:
    path = folder / "fleet.key"
    path.write_text(key + "\n", encoding="utf-8")
    return path


def csv_rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def link_to_dev_zero(shared: Path) -> str:
    os.symlink("/dev/zero", shared / "zero.jsonl")
    return "zero.jsonl"


def named_pipe(shared: Path) -> str:
    os.mkfifo(shared / "pipe.jsonl")
    return "pipe.jsonl"


def huge_file(shared: Path) -> str:
    with open(shared / "huge.jsonl", "wb") as out:
        out.truncate(1 << 30)  # 1 GB that takes no room on the disk
    return "huge.jsonl"


def nested_folders(shared: Path) -> str:
    deep = shared
    for _ in range(1500):
        deep = deep / "d"
        deep.mkdir()
    (deep / "deep.jsonl").write_text(message_line("from-the-depths") + "\n")
    return "d/d/d"


def link_out_of_the_folder(shared: Path) -> str:
    outside = shared.parent / "outside"
    outside.mkdir()
    (outside / "other.jsonl").write_text(message_line("from-outside") + "\n")
    os.symlink(outside, shared / "elsewhere")
    return "elsewhere"


def long_line(shared: Path) -> str:
    """A line over the cap (1 MiB), then a good line: the good one is still read."""
    with open(shared / "long.jsonl", "w", encoding="utf-8") as out:
        out.write('{"id": "' + "x" * (1 << 20) + '"}\n' + message_line("after-the-long-line")
                  + "\n")
    return "long.jsonl: line 1 longer than"


@posix_only
@pytest.mark.parametrize("make", [link_to_dev_zero, named_pipe, huge_file, nested_folders,
                                  link_out_of_the_folder, long_line])
def test_a_bad_file_is_named_in_one_line_and_the_rest_is_merged(
        tmp_path: Path, make: Callable[[Path], str]) -> None:
    shared, ids = booth_folder(tmp_path)
    named = make(shared)
    out = tmp_path / "all.csv"
    try:
        done = run_collect(str(shared), "--out", str(out))
    finally:
        remove_tree(shared)  # pytest's own clean-up would recurse 1,500 folders deep
    skipped = [line for line in done.stderr.splitlines() if line.startswith("skipped:")]
    assert len(skipped) == 1 and named in skipped[0], done.stderr
    assert "Traceback" not in done.stderr
    assert done.returncode == 1  # there was something to look at; the file is written
    written = out.read_text(encoding="utf-8-sig")
    assert all(i in written for i in ids)
    assert "from-the-depths" not in written and "from-outside" not in written
    if make is long_line:
        assert "after-the-long-line" in written


def test_a_line_nested_beyond_reason_is_not_a_message(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    shared, ids = booth_folder(tmp_path)
    (shared / "deep.jsonl").write_text("[" * 200_000 + "\n" + message_line("next") + "\n")
    out = tmp_path / "all.csv"
    assert main(["collect", str(shared), "--out", str(out)]) == 1
    assert "could not read: deep.jsonl: line 1 not a message" in capsys.readouterr().err
    assert all(i in out.read_text(encoding="utf-8-sig") for i in [*ids, "next"])


def test_the_limits_hold_at_their_edges(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    """With small limits: a file or a line at its cap is read, one byte over is not; a folder
    at the depth limit is read, one deeper is not."""
    shared, ids = booth_folder(tmp_path)
    line = (message_line("fits") + "\n").encode()
    files = [f.read_bytes() for f in shared.glob("*.jsonl")]
    longest = max(len(x) for x in [line, *(b for f in files for b in f.splitlines(True))])
    biggest = max(len(line), *map(len, files))
    monkeypatch.setattr(fleet_files, "LIMITS", Limits(line_bytes=longest, file_bytes=biggest,
                                                      depth=2))
    line = line.rstrip() + b" " * (longest - len(line)) + b"\n"  # exactly at the cap
    (shared / "a").mkdir()
    (shared / "a" / "b").mkdir()
    (shared / "a" / "b" / "fits.jsonl").write_bytes(line)
    (shared / "a" / "b" / "c").mkdir()
    (shared / "a" / "b" / "c" / "deep.jsonl").write_bytes(line.replace(b"fits", b"deep"))
    (shared / "over.jsonl").write_bytes(line.replace(b"fits", b"over")
                                        + b"\n" * (biggest + 1 - len(line)))
    (shared / "wide.jsonl").write_bytes(line.replace(b"fits", b"wide")[:-1] + b" \n")
    out = tmp_path / "all.csv"
    assert main(["collect", str(shared), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    written = out.read_text(encoding="utf-8-sig")
    assert all(i in written for i in [*ids, "fits"])
    assert not any(word in written for word in ("deep", "over", "wide"))
    assert "skipped: a/b/c: more than 2 folders deep" in err
    assert f"skipped: over.jsonl: larger than {biggest:,} bytes" in err
    assert "skipped: wide.jsonl: line 1 longer than" in err


# Headers: a field's name is a column header, and goes through the same guard as a cell.

FORMULA = '=HYPERLINK("http://x","y")'


def test_a_field_name_that_is_a_formula_stays_text(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    shared, _ids = booth_folder(tmp_path)
    line = json.loads(message_line("odd-field"))
    line["fields"] = {FORMULA: "a value", "message": "hope"}
    (shared / "odd.jsonl").write_text(json.dumps(line) + "\n", encoding="utf-8")
    assert main(["collect", str(shared), "--out", str(tmp_path / "all.csv")]) == 0
    text = (tmp_path / "all.csv").read_text(encoding="utf-8-sig")
    header = next(csv.reader(io.StringIO(text)))
    assert "'" + FORMULA in header  # prefixed: a spreadsheet shows it, never runs it
    assert not any(cell.startswith(FORMULA_STARTS) for cell in header)
    assert main(["collect", str(shared), "--out", str(tmp_path / "all.xlsx"),
                 "--format", "xlsx"]) == 0
    first = next(openpyxl.load_workbook(tmp_path / "all.xlsx").active.iter_rows(max_row=1))
    cell = next(c for c in first if c.value == FORMULA)
    assert cell.data_type == "s"  # text, never a formula


# Status files: every field checked; nothing printed that a terminal would obey.

ESCAPES = ["\x1b[2J", "\x1b]0;title\x07", "\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\",
           "\u202e"]


BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def obeyed(text: str) -> list[str]:
    """The characters in ``text`` a terminal would act on (line breaks aside)."""
    return [c for c in text if c != "\n" and (unicodedata.category(c) in ("Cc", "Cs")
                                              or c in BIDI_CONTROLS)]


def test_odd_status_files_neither_crash_nor_reach_the_terminal(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shared, _ids = booth_folder(tmp_path)
    odd = {"kiosk_id": "booth-\x1b[2Ja", "updated_at": "2026-11-21T10:00:00Z",
           "waiting": "abc", "refused": "@@BIG@@", "free_disk_bytes": "@@NAN@@",
           "last_problem": "disk " + "".join(ESCAPES) + " full",
           "analytics": {"2026-11-21": {"visits": "abc", "messages": "@@BIG@@",
                                        "median_visit_s": "@@NAN@@", "loop_played_s": [1, 2]},
                         "\x1b[2J": {"visits": 3}}}
    text = json.dumps(odd).replace('"@@BIG@@"', "1e400").replace('"@@NAN@@"', "NaN")
    (shared / "booth-a.status.json").write_text(text, encoding="utf-8")
    (shared / "booth-b.status.json").write_text(json.dumps(
        {"kiosk_id": ["a list"], "updated_at": 12, "waiting": [1], "refused": -3,
         "last_problem": {"a": 1}, "analytics": [1]}), encoding="utf-8")
    (shared / "booth-c.status.json").write_text("[" * 100_000, encoding="utf-8")
    (shared / "\x1b]0;evil\x07.jsonl").write_text("not json\n", encoding="utf-8")
    report = tmp_path / "fleet.html"
    code = main(["collect", str(shared), "--out", str(tmp_path / "all.csv"),
                 "--report", str(report)])
    printed = capsys.readouterr()
    assert code == 1  # two files could not be read: said, and the rest written
    assert obeyed(printed.out + printed.err) == []
    assert obeyed(report.read_text(encoding="utf-8")) == []
    booth_a = next(line for line in printed.out.splitlines() if line.startswith("booth-a "))
    assert booth_a.split()[2:4] == ["invalid", "invalid"] and "disk" in booth_a
    assert "click" in booth_a and "http://evil.example" not in booth_a
    assert any(line.startswith("booth-b ") and "invalid" in line
               for line in printed.out.splitlines())
    assert "could not read: booth-c.status.json: not a status file" in printed.err
    assert "could not read: .jsonl: line 1 not a message" in printed.err  # the name, cleaned


def test_a_flood_of_forged_files_is_bounded_and_never_pushes_out_a_booths_own(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Many unsigned files that sort before the booth's own: with the key, every file is read,
    the booth's messages are all kept, and only as many conflicting copies are held to be
    listed as fit the budget (the rest counted). Without the key, what is read in all is
    capped and the files past it are named."""
    from kiosk.sync.fleet_key import new_key

    key, shared = new_key(), tmp_path / "shared"
    shared.mkdir()
    store = MessageStore(tmp_path / "booth", "booth-1")
    ids = [store.add({"message": f"hope {i}"}) for i in range(9)]
    SyncRunner(store, [FolderTarget(shared, key)], "booth-1", batch_size=4,
               clock=ManualClock()).run_once()
    store.close()
    genuine = sum(f.stat().st_size for f in shared.glob("booth-1-*.jsonl"))
    line = message_line("forged") + "\n"
    for n in range(30):  # 3,000 forged lines, each a new id
        (shared / f"0-{n:02}.jsonl").write_text(
            "".join(line.replace('"forged"', f'"forged-{n}-{i}"') for i in range(100)))
    monkeypatch.setattr(fleet_files, "LIMITS", Limits(conflict_bytes=20 * len(line),
                                                      total_bytes=genuine + 5 * 100 * len(line)))
    out = tmp_path / "all.csv"
    assert main(["collect", str(shared), "--out", str(out),
                 "--key-file", str(write_key(tmp_path, key))]) == 1
    err = capsys.readouterr().err
    assert sorted(row["id"] for row in csv_rows(out)) == sorted(ids)  # every one, no forgery
    listed = csv_rows(tmp_path / "all-conflicts.csv")
    unlisted = f"{3000 - len(listed)} more conflicting copies are not listed"
    assert 15 <= len(listed) <= 20 and unlisted in err  # each forged copy listed or counted
    assert "not read" not in err  # with the key, every file is read
    assert main(["collect", str(shared), "--out", str(out)]) == 1  # without the key
    err = capsys.readouterr().err
    # Without the key nothing tells a booth's file from a forged one: the first ~5 files'
    # worth are read, and each file past the cap is named (the booth's own among them).
    assert 25 <= err.count("the most one collect reads") <= 30 and "booth-1-" in err
