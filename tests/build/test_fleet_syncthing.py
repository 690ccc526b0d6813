"""Publishing to a fleet over a real sync engine: three Syncthing instances in a private
network namespace (the office and two booths, each booth a kiosk of its own). A deck the
office publishes plays on both booths soon after its files arrive, by their status files and
by a picture of their screens; a package whose files come one by one over 20 s is not
installed before its last file; one signed with another key and one with a changed image are
refused, the status files say why, and the deck before keeps playing; publishing the first
deck again plays it again, and the office hears it. (That a booth in the middle of a visit
swaps only once the visit ends is tests/gui/test_fleet_booth.py's.)"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tests.build.test_syncthing import _namespace_refusal

HELPER = Path(__file__).with_name("syncthing_fleet.py")
BOOTHS = ("booth-1", "booth-2")
#: From a package's last file reaching a booth to its status file saying it plays it.
WITHIN_S = 30.0


@pytest.fixture(scope="module")
def fleet_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The whole story, told once by the helper (it prints what it saw as JSON)."""
    if shutil.which("syncthing") is None:
        pytest.skip("syncthing is not installed (.ci/run installs Debian's package)")
    why = _namespace_refusal()
    if why:
        pytest.skip(f"no private network namespace, so Syncthing is not started: {why}")
    work = tmp_path_factory.mktemp("fleet")
    done = subprocess.run(["unshare", "--net", sys.executable, str(HELPER), str(work)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    assert "failed" not in result, result["failed"]  # (the booths did not even start)
    delays = {k: result[k].get("after_arrival_s") for k in ("first", "slow", "rollback")}
    print(f"Syncthing fleet of three: {result['seconds']} s in all; from a package's last "
          f"file at a booth to its status file saying it plays it: {json.dumps(delays)}")
    return result


def step(result: dict[str, Any], name: str) -> dict[str, Any]:
    """What one step saw; it fails the test when the step did not happen in time."""
    seen: dict[str, Any] = result[name]
    assert "failed" not in seen, seen["failed"]
    return seen


def colour_of(picture: Path) -> str:
    """The colour most of ``picture`` is."""
    from PySide6.QtGui import QImage

    image = QImage(str(picture))
    assert not image.isNull(), picture
    return Counter(image.pixelColor(x, y).name() for x in range(0, image.width(), 8)
                   for y in range(0, image.height(), 8)).most_common(1)[0][0]


def shows(result: dict[str, Any], booth: str, package: str, version: str) -> bool:
    """Whether the booth's screen showed ``package`` drawn as the deck ``version`` is (if
    not, says which deck's colour it showed, and keeps the picture beside the log)."""
    wanted: str = result["colours"][version]
    picture = Path(result["renders"][booth]) / f"{package}.png"
    found = colour_of(picture)
    if found != wanted:
        named = {c: v for v, c in result["colours"].items()} | {result["own"]: "own"}
        print(f"{booth} showed {package} in {found} ({named.get(found, 'no deck')}), not "
              f"{wanted}; the picture: {picture}")
    return found == wanted


@pytest.mark.slow
def test_a_published_deck_plays_on_both_booths_soon_after_it_arrives(
        fleet_run: dict[str, Any]) -> None:
    first = step(fleet_run, "first")
    assert first["package"] == "1-2027.1"
    for booth in BOOTHS:
        assert first["after_arrival_s"][booth] <= WITHIN_S
        # the booth's own slides first, then the office's
        assert colour_of(Path(fleet_run["renders"][booth]) / "own.png") == fleet_run["own"]
        assert shows(fleet_run, booth, "1-2027.1", "2027.1")


@pytest.mark.slow
def test_a_package_arriving_slowly_is_installed_only_after_its_last_file(
        fleet_run: dict[str, Any]) -> None:
    slow, seen = step(fleet_run, "slow"), fleet_run["seen"]
    name = slow["package"]
    last = seen[f"office brought {name} 5/5"]
    assert last - seen[f"office brought {name} 1/5"] >= 19  # the manifest came first
    assert fleet_run["early"] == []  # never installed before every file was there
    for booth in BOOTHS:
        assert seen[f"{booth} installed {name}"] >= last
        assert slow["waiting_said"][booth]  # its status file said it was arriving
        assert slow["after_arrival_s"][booth] <= WITHIN_S
        assert shows(fleet_run, booth, name, "2027.2")


@pytest.mark.slow
def test_a_forged_and_a_changed_package_are_refused_and_the_deck_before_plays_on(
        fleet_run: dict[str, Any]) -> None:
    refused = step(fleet_run, "refused")
    for booth in BOOTHS:
        problem = refused["problems"][booth]
        assert "package 3 (version 2027.3) refused: images/well.png is not the file that " \
               "was published" in problem
        assert "package 4 (version 2027.4) refused: signed by another key" in problem
        assert refused["playing"][booth] == refused["installed"][booth] == "2-2027.2"
        assert refused["renders"][booth] == ["1-2027.1", "2-2027.2", "own"]


@pytest.mark.slow
def test_publishing_the_first_deck_again_rolls_both_booths_back(
        fleet_run: dict[str, Any]) -> None:
    back = step(fleet_run, "rollback")
    assert back["package"] == "5-2027.1"
    for booth in BOOTHS:
        assert back["status"][booth] == {"fleet_package": "5-2027.1", "deck_version": "2027.1",
                                         "package_problem": None}
        assert back["after_arrival_s"][booth] <= WITHIN_S
        assert shows(fleet_run, booth, "5-2027.1", "2027.1")
    assert "office heard" in fleet_run["seen"]  # collect at the office read both, signed
