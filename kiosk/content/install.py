"""Bringing a deck to the kiosk on a USB stick: find decks, copy one in, swap it, go back.

A deck made for a newer kiosk is refused before anything is copied. The deck a stick holds
is first copied beside the kiosk's own content folder (``content.incoming``) and validated
there, so a stick pulled out half-way or a broken deck never touches what plays. Swapping it
in is two renames: the playing folder becomes ``content.previous`` (the one backup kept) and
the incoming one takes its name. Going back is the same swap the other way.
"""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kiosk.content.formats import DECK_FORMAT, FormatError
from kiosk.content.loader import DECK_FILE
from kiosk.content.safe_read import NotRegular, open_regular, what_it_is
from kiosk.content.yamlpos import YamlSyntaxError, load_located, read_yaml_text

PREVIOUS = ".previous"
INCOMING = ".incoming"
_SWAPPING = ".swapping"

#: Decks are looked for this many folders below a drive's top (stick/kiosk-slides/deck).
SEARCH_DEPTH = 2
#: A stick full of folders is not searched for ever.
SEARCH_FOLDERS = 400
#: A deck bigger than this is not a deck (a stick's whole photo library, say).
MAX_DECK_BYTES = 2 * 1024**3
#: A deck needs two or three levels of folders; a stick with thousands is refused.
MAX_DECK_DEPTH = 32


class InstallError(Exception):
    """A deck could not be copied or swapped in; the message is for staff."""


@dataclass(frozen=True)
class FoundDeck:
    folder: Path
    place: str  # where on which stick, for staff: "STICK / kiosk-slides / booth"


#: The booth's set-up beside deck.yaml on a stick (``kiosk.setup.booth_setup``): read from the
#: stick, never copied with the slides (it holds the staff PIN's hash).
SETUP_FILE = "booth-setup.yaml"


def _skipped(name: str) -> bool:
    """Hidden files (the studio's recovery copy, a Mac's ._ files), editor backups and the
    booth's set-up."""
    return (name.startswith(".") or name.endswith(".bak") or name.endswith("~")
            or name == SETUP_FILE)


def find_decks(drives: Iterable[tuple[str, Path]], depth: int = SEARCH_DEPTH,
               limit: int = SEARCH_FOLDERS) -> list[FoundDeck]:
    """Each folder holding a ``deck.yaml`` on the given (label, root) drives."""
    found: list[FoundDeck] = []
    for label, root in drives:
        for folder, parts in _folders(root, depth, limit):
            if (folder / DECK_FILE).is_file():
                found.append(FoundDeck(folder, " / ".join([label, *parts])))
    return found


def _folders(root: Path, depth: int, limit: int) -> Iterator[tuple[Path, list[str]]]:
    """Breadth first, hidden folders and links skipped, at most ``limit`` folders."""
    queue: list[tuple[Path, list[str]]] = [(root, [])]
    seen = 0
    while queue and seen < limit:
        folder, parts = queue.pop(0)
        seen += 1
        yield folder, parts
        if len(parts) >= depth:
            continue
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name.lower())
        except OSError:
            continue
        for entry in entries:
            if not _skipped(entry.name) and entry.is_dir(follow_symlinks=False):
                queue.append((Path(entry.path), [*parts, entry.name]))


def _refusal(rel: str, mode: int) -> str:
    return (f"{rel} on the stick is {what_it_is(mode)}, not a picture or a text: these "
            "slides are not copied")


def _inside(path: str, root: str) -> bool:
    try:
        return os.path.commonpath([os.path.realpath(path), root]) == root
    except ValueError:  # another drive
        return False


def _deck_plan(source: Path, cap: int, depth: int = MAX_DECK_DEPTH) -> list[tuple[str, bool]]:
    """The deck's folders and regular files as (path below ``source``, is_folder), parents
    first. Walked without recursion; anything but folders and regular files (devices, pipes,
    links out of the deck), folders too deep and a stated size over ``cap`` are refused."""
    root = os.path.realpath(source)
    plan: list[tuple[str, bool]] = []
    stack, stated = [""], 0
    while stack:
        here = stack.pop()
        if here and here.count("/") >= depth:
            raise InstallError(f"{source.name} holds folders inside folders more than {depth} "
                               "deep: that is not a deck")
        plan.append((here, True))
        for entry in sorted(os.scandir(source / here), key=lambda e: e.name):
            rel = f"{here}/{entry.name}" if here else entry.name
            if _skipped(entry.name):
                continue
            facts = os.lstat(entry.path)
            mode = facts.st_mode
            if stat.S_ISLNK(mode):
                if not _inside(entry.path, root):
                    raise InstallError(f"{rel} on the stick is a link to a place outside the "
                                       "slides' folder: these slides are not copied")
            elif stat.S_ISDIR(mode):
                stack.append(rel)
            elif stat.S_ISREG(mode):
                plan.append((rel, False))
                stated += facts.st_size
                if stated > cap:
                    raise _too_big(source, cap)
            else:
                raise InstallError(_refusal(rel, mode))
    return plan


def _too_big(source: Path, cap: int) -> InstallError:
    amount = (f"{cap // 1024**3} GB" if cap >= 1024**3 else
              f"{cap // 1024**2} MB" if cap >= 1024**2 else f"{cap} bytes")
    return InstallError(f"{source.name} holds more than {amount}: that is not a deck (or its "
                        "photos are far too large)")


_CHUNK = 1024 * 1024


def _copy_file(source: Path, rel: str, into: Path, copied: int, cap: int) -> int:
    """Copy one regular file, counting the bytes read on top of ``copied``: past ``cap`` the
    copy stops (a file that grew since it was measured, or whose stated size was not true).
    Returns the new count."""
    try:  # never following a link, never waiting on a pipe
        reader = open_regular(source / rel, follow_links=False)
    except NotRegular as exc:  # swapped for something else since it was looked at
        raise InstallError(_refusal(rel, exc.mode)) from None
    with reader, open(into / rel, "xb") as writer:
        while chunk := reader.read(_CHUNK):
            copied += len(chunk)
            if copied > cap:
                raise _too_big(source, cap)
            writer.write(chunk)
    return copied


def copy_deck_folder(source: Path, target: Path, max_bytes: int | None = None) -> None:
    """A deck's own folders and regular files (deck.yaml, form, images), never links,
    devices, pipes, hidden files or backups, into a new folder ``target``, at most
    ``max_bytes`` (2 GB) counted as copied. Contents only, no permissions or times (a FAT
    stick keeps none). A failure or refusal leaves no half copy behind."""
    cap = MAX_DECK_BYTES if max_bytes is None else max_bytes
    shutil.rmtree(target, ignore_errors=True)
    try:
        copied = 0
        for rel, is_folder in _deck_plan(source, cap):
            if is_folder:
                (target / rel).mkdir(parents=not rel)
            else:
                copied = _copy_file(source, rel, target, copied, cap)
    except InstallError:
        shutil.rmtree(target, ignore_errors=True)
        raise
    except OSError as exc:
        shutil.rmtree(target, ignore_errors=True)
        raise InstallError(f"the slides could not be copied ({_reason(exc)}). Is the stick "
                           "still in, and is there room?") from exc


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


#: Where the studio puts decks on a stick, and the kiosk looks first.
STICK_FOLDER = "kiosk-slides"


def copy_to_drive(source: Path, drive: Path, name: str, deck_text: str | None = None,
                  setup: Callable[[Path], object] | None = None) -> Path:
    """Copy the deck at ``source`` to ``drive/kiosk-slides/name``, replacing an older copy
    only once the new one is whole. ``deck_text`` is deck.yaml as it is being edited;
    ``setup(folder)`` writes the booth's set-up into the new copy before it takes the old
    one's place (``kiosk.setup.booth_setup.setup_writer``). What it raises leaves the old copy."""
    target = drive / STICK_FOLDER / name
    incoming = target.with_name(f".{name}{INCOMING}")  # hidden: never listed as a deck
    if not drive.is_dir():  # pulled out: never make its folder again on this computer
        raise InstallError(f"{drive} is not there any more: is the stick still in?")
    try:
        target.parent.mkdir(exist_ok=True)
    except OSError as exc:
        raise InstallError(f"cannot write on {drive} ({_reason(exc)})") from exc
    copy_deck_folder(source, incoming)
    try:
        if deck_text is not None:
            (incoming / DECK_FILE).write_text(deck_text, encoding="utf-8")
        if setup is not None:
            setup(incoming)
        shutil.rmtree(target, ignore_errors=True)
        os.replace(incoming, target)
    except OSError as exc:
        shutil.rmtree(incoming, ignore_errors=True)
        raise InstallError(f"the slides could not be written ({_reason(exc)}). Is there "
                           "room on the stick?") from exc
    except BaseException:
        shutil.rmtree(incoming, ignore_errors=True)
        raise
    return target


def incoming_of(target: Path) -> Path:
    return target.with_name(target.name + INCOMING)


def previous_of(target: Path) -> Path:
    return target.with_name(target.name + PREVIOUS)


def refuse_newer(source: Path) -> None:
    """An :class:`InstallError` in words when the deck at ``source`` was made for a newer
    kiosk (any other problem is said when the copy is checked)."""
    try:
        data = load_located(read_yaml_text(source / DECK_FILE, DECK_FILE), DECK_FILE).data
        if isinstance(data, dict):
            DECK_FORMAT.found(data)
    except FormatError as exc:
        if exc.newer:
            raise InstallError(str(exc)) from None
    except (OSError, UnicodeDecodeError, YamlSyntaxError):
        pass


def bring_in(source: Path, target: Path, max_bytes: int | None = None) -> Path:
    """Copy the deck at ``source`` beside ``target``, ready to check and swap in; a deck
    made for a newer kiosk is refused first."""
    refuse_newer(source)
    incoming = incoming_of(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    copy_deck_folder(source, incoming, max_bytes)
    return incoming


def discard_incoming(target: Path) -> None:
    shutil.rmtree(incoming_of(target), ignore_errors=True)


def swap_in(target: Path) -> None:
    """The incoming deck becomes ``target``; what was there becomes the one backup (an empty
    folder when nothing was: going back then plays the bundled deck again)."""
    incoming, previous = incoming_of(target), previous_of(target)
    if not (incoming / DECK_FILE).is_file():
        raise InstallError("the copied slides are gone; choose the deck again")
    try:
        target.mkdir(exist_ok=True)
        shutil.rmtree(previous, ignore_errors=True)
        os.replace(target, previous)
        os.replace(incoming, target)
    except OSError as exc:
        if not target.exists() and previous.exists():
            os.replace(previous, target)  # put back what played
        raise InstallError(f"the slides could not be swapped in ({_reason(exc)})") from exc


def has_previous(target: Path) -> bool:
    return previous_of(target).is_dir()


def go_back(target: Path) -> None:
    """Swap ``target`` and its backup, so going back twice returns to where one was."""
    previous = previous_of(target)
    if not previous.is_dir():
        raise InstallError("there are no previous slides to go back to")
    swapping = target.with_name(target.name + _SWAPPING)
    try:
        if target.exists():
            shutil.rmtree(swapping, ignore_errors=True)
            os.replace(target, swapping)
            os.replace(previous, target)
            os.replace(swapping, previous)
        else:
            os.replace(previous, target)
    except OSError as exc:
        if swapping.exists() and not target.exists():
            os.replace(swapping, target)
        raise InstallError(f"could not go back ({_reason(exc)})") from exc
