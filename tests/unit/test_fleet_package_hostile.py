"""Anyone with access to the fleet folder may put anything there: a package signed with
another key, a changed image, a deck with an error, a manifest with paths out of the
package, links, huge files or no JSON at all. Each is refused in plain words, never
crashes the booth, and never changes what it plays; an install cut short changes nothing."""

from __future__ import annotations

import errno
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import kiosk.fleet.store as store_module
from kiosk.fleet.booth import Ready, Refused, check, look, newest_for
from kiosk.fleet.layout import make_fleet
from kiosk.fleet.manifest import label
from kiosk.fleet.office import publish
from kiosk.fleet.store import STATE, current, install
from kiosk.sync.fleet_key import SIG, new_key, parse_key, signed
from tests.decks import HEAD, line_of, png_bytes, write_deck

KEY = parse_key(new_key())
SLIDES = """\
- {type: title, id: s1, heading: Hello, chapter: one}
- {type: image, id: s2, image: images/a.png}
"""


def deck(folder: Path, version: str) -> Path:
    return write_deck(folder, SLIDES, head=HEAD + f"version: '{version}'\n",
                      images={"images/a.png": (200, 30, 30)})


@pytest.fixture
def shared(tmp_path: Path) -> Path:
    return make_fleet(tmp_path / "Booths", "Booths").fleet.folder


def package_of(shared: Path, tmp_path: Path, version: str = "1", key: bytes = KEY) -> Path:
    return publish(shared, deck(tmp_path / f"deck-{version}", version), key).folder


def rewrite(folder: Path, change: Callable[[dict[str, Any]], object],
            key: bytes | None = KEY) -> None:
    """Change a package's manifest, signed again with ``key`` (as someone with the key, or
    the office's own mistake, would): what refuses it is then not the signature."""
    raw = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    change(raw)
    raw.pop(SIG, None)
    if key is not None:
        raw = signed(key, label(raw["serial"]), raw)
    (folder / "manifest.json").write_text(json.dumps(raw), encoding="utf-8")


def checked(shared: Path) -> Ready | Refused:
    package = newest_for(shared, "booth-1", "")  # without the key: whatever is newest
    assert package is not None
    result = check(package, KEY)
    assert isinstance(result, Ready | Refused), result
    return result


def refusal(shared: Path) -> str:
    result = checked(shared)
    assert isinstance(result, Refused), result
    return result.reason


def test_a_package_signed_with_another_key_or_none_is_refused(shared: Path,
                                                              tmp_path: Path) -> None:
    folder = package_of(shared, tmp_path, key=parse_key(new_key()))
    assert refusal(shared) == "signed by another key"
    rewrite(folder, lambda raw: None, key=None)
    assert refusal(shared) == "not signed"


def test_a_forged_newer_package_is_reported_and_does_not_hide_the_offices(
        shared: Path, tmp_path: Path) -> None:
    package_of(shared, tmp_path, "1")
    package_of(shared, tmp_path, "2", key=parse_key(new_key()))
    found = look(shared, "booth-1", "", KEY)
    assert isinstance(found.checked, Ready) and found.checked.package.serial == 1
    assert found.note == "package 2 (version 2) refused: signed by another key"
    genuine = newest_for(shared, "booth-1", "", KEY)
    assert genuine is not None and genuine.serial == 1


def test_a_changed_image_is_refused(shared: Path, tmp_path: Path) -> None:
    folder = package_of(shared, tmp_path)
    hashes: dict[tuple[str, int, int, int], str] = {}
    package = newest_for(shared, "booth-1", "", KEY)
    assert package is not None and isinstance(check(package, KEY, hashes=hashes), Ready)
    image = folder / "deck" / "images" / "a.png"
    changed = png_bytes(64, 36, (30, 30, 200))
    assert len(changed) == image.stat().st_size  # the same size: only its bytes tell
    image.write_bytes(changed)
    again = check(package, KEY, hashes=hashes)
    assert isinstance(again, Refused)
    assert again.reason == "images/a.png is not the file that was published"
    image.write_bytes(changed + b"more")
    assert refusal(shared) == "images/a.png is not the file that was published (larger)"


def test_a_deck_error_in_a_package_is_refused_with_its_line(shared: Path,
                                                             tmp_path: Path) -> None:
    folder = package_of(shared, tmp_path)
    deck_file = folder / "deck" / "deck.yaml"
    deck_file.write_text(deck_file.read_text().replace("images/a.png", "images/gone.png"))
    data = deck_file.read_bytes()

    def entry(raw: dict[str, Any]) -> None:
        import hashlib

        raw["files"][0].update(size=len(data), sha256=hashlib.sha256(data).hexdigest())

    rewrite(folder, entry)
    line = line_of(folder / "deck", "images/gone.png")
    assert refusal(shared) == f"deck.yaml line {line}: image not found: images/gone.png"


def _path(path: str) -> Callable[[dict[str, Any]], None]:
    return lambda raw: raw["files"][1].update(path=path)


HOSTILE_MANIFESTS: list[tuple[str, Callable[[dict[str, Any]], object], str]] = [
    ("up", _path("deck/../../outside.png"), "goes up"),
    ("absolute", _path("/etc/passwd"), "not inside the package (a path from the top)"),
    ("drive", _path("C:/Windows/win.ini"), "not inside the package"),
    ("hidden", _path("deck/.hidden.png"), "not a plain name"),
    ("device name", _path("deck/images/CON.png"), "a name a booth cannot use safely"),
    ("outside the deck", _path("notes.txt"), "neither in the deck nor the booth set-up"),
    ("twice", _path("deck/DECK.yaml"), "DECK.yaml is listed twice"),
    ("huge", lambda raw: raw["files"][1].update(size=10**12), "images/a.png is larger than"),
    ("no hash", lambda raw: raw["files"][1].pop("sha256"), "has no fingerprint"),
    ("no files", lambda raw: raw.update(files="all"), "damaged (no list of files)"),
    ("newer", lambda raw: raw.update(format=2), "newer version of the kiosk"),
    ("renamed", lambda raw: raw.update(serial=7), "folder's name does not match"),
    ("group", lambda raw: raw.update(group=["north"]), "damaged (its version, time or group)"),
]


@pytest.mark.parametrize(("change", "words"), [case[1:] for case in HOSTILE_MANIFESTS],
                         ids=[case[0] for case in HOSTILE_MANIFESTS])
def test_a_hostile_manifest_is_refused_with_a_reason(
        shared: Path, tmp_path: Path, change: Callable[[dict[str, Any]], object],
        words: str) -> None:
    (tmp_path / "outside.png").write_bytes(b"not to be read")
    rewrite(package_of(shared, tmp_path), change)
    assert words in refusal(shared)


def _link_file(folder: Path) -> None:
    image = folder / "deck" / "images" / "a.png"
    copy = folder.parent.parent.parent / "a.png"
    shutil.copy(image, copy)
    image.unlink()
    image.symlink_to(copy)  # the very bytes published, but through a link


def _link_folder(folder: Path) -> None:
    images = folder / "deck" / "images"
    elsewhere = folder.parent.parent.parent / "images"
    shutil.copytree(images, elsewhere)
    shutil.rmtree(images)
    images.symlink_to(elsewhere, target_is_directory=True)


def _huge(folder: Path) -> None:
    with open(folder / "deck" / "images" / "a.png", "r+b") as image:
        image.truncate(10 * 1024**3)  # sparse: 10 GB stated, nothing read


HOSTILE_FOLDERS: list[tuple[str, Callable[[Path], object], str]] = [
    ("linked file", _link_file, "images/a.png is a link, not a file"),
    ("linked folder", _link_folder, "images is a link, not a folder"),
    ("pipe", lambda f: (os.remove(f / "deck/deck.yaml"), os.mkfifo(f / "deck/deck.yaml")),
     "deck.yaml is a named pipe, not a file"),
    ("huge file", _huge, "images/a.png is not the file that was published (larger)"),
    ("not json", lambda f: (f / "manifest.json").write_text("{'files': "), "not JSON"),
    ("a list", lambda f: (f / "manifest.json").write_text("[]"), "damaged (not a manifest)"),
    ("manifest too big", lambda f: (f / "manifest.json").write_bytes(b" " * (2 << 20)),
     "larger than 1 MB"),
    ("linked manifest", lambda f: (os.replace(f / "manifest.json", f / "m.json"),
                                   (f / "manifest.json").symlink_to(f / "m.json")),
     "manifest.json is not a regular file"),
]


@pytest.mark.parametrize(("spoil", "words"), [case[1:] for case in HOSTILE_FOLDERS],
                         ids=[case[0] for case in HOSTILE_FOLDERS])
def test_a_hostile_package_folder_is_refused_with_a_reason(
        shared: Path, tmp_path: Path, spoil: Callable[[Path], object], words: str) -> None:
    spoil(package_of(shared, tmp_path))
    assert words in refusal(shared)
    found = look(shared, "booth-1", "", KEY)
    assert found.checked is None or isinstance(found.checked, Refused)
    assert words in found.note


def installed_first(shared: Path, tmp_path: Path) -> Path:
    """A booth playing package 1, and package 2 published and ready for it."""
    store = tmp_path / "store"
    package_of(shared, tmp_path, "1")
    first = look(shared, "booth-1", "", KEY).checked
    assert isinstance(first, Ready) and install(first, store).refused == ""
    package_of(shared, tmp_path, "2")
    return store


def ready_second(shared: Path) -> Ready:
    found = look(shared, "booth-1", "", KEY, after=1).checked
    assert isinstance(found, Ready)
    return found


def test_a_file_changed_after_the_check_is_caught_while_copying(
        shared: Path, tmp_path: Path) -> None:
    store = installed_first(shared, tmp_path)
    ready = ready_second(shared)
    (ready.package.folder / "deck/images/a.png").write_bytes(png_bytes(64, 36, (0, 0, 255)))
    outcome = install(ready, store)
    assert outcome.refused == ("package 2 (version 2) refused: images/a.png is not the file "
                               "that was published")
    assert outcome.playing is not None and outcome.playing.name == "1-1"
    assert outcome.status()["package_problem"] == outcome.refused
    assert current(store) == outcome.playing
    assert sorted(p.name for p in store.iterdir()) == ["1-1", STATE]


def test_an_install_cut_short_leaves_the_current_version(
        shared: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = installed_first(shared, tmp_path)
    ready = ready_second(shared)
    copied = store_module.copy_checked

    def disk_full(source: Path, target: Path, *rest: Any) -> None:
        if target.name == "a.png":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        copied(source, target, *rest)

    monkeypatch.setattr(store_module, "copy_checked", disk_full)
    outcome = install(ready, store)
    assert outcome.refused.startswith("package 2 (version 2) could not be installed (No ")
    assert current(store) == outcome.playing and outcome.playing is not None
    assert outcome.playing.name == "1-1"

    def power_cut(path: Path, data: bytes) -> None:
        raise KeyboardInterrupt  # between the copy and the switch

    monkeypatch.setattr(store_module, "copy_checked", copied)
    monkeypatch.setattr(store_module, "write_atomically", power_cut)
    with pytest.raises(KeyboardInterrupt):
        install(ready, store)
    playing = current(store)
    assert playing is not None and playing.name == "1-1"
    (store / ".incoming-9-9" / "deck").mkdir(parents=True)  # a real power cut's leftovers
    (store / "8-8").mkdir()
    monkeypatch.undo()
    outcome = install(ready, store)
    assert outcome.playing is not None and outcome.playing.name == "2-2"
    assert sorted(p.name for p in store.iterdir()) == ["1-1", "2-2", STATE]


def test_a_damaged_state_file_means_nothing_installed_yet(tmp_path: Path) -> None:
    store = tmp_path / "store"
    store.mkdir()
    for text in ("{", "[]", '{"versions": [{"name": "../../etc", "serial": 1}]}'):
        (store / STATE).write_text(text)
        assert current(store) is None
    assert current(tmp_path / "nowhere") is None


def test_a_package_whose_manifest_is_still_missing_is_not_a_package(shared: Path) -> None:
    (shared / "packages" / "5-2").mkdir()
    (shared / "packages" / "5-2" / "deck").mkdir()
    assert newest_for(shared, "booth-1", "") is None
    assert look(shared, "booth-1", "", KEY).checked is None
