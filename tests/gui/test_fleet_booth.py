"""A booth of a fleet, started as the app starts it from its kiosk.yaml: slides the office
publishes into the fleet folder play while the slides play by themselves, never in the
middle of a visit (they wait for it to end); a package signed with another key, or one whose
files are still arriving, is not installed and the status file says why, while the slides
playing keep playing; publishing an older deck again plays it again; a booth restarted plays
what it installed last."""

from __future__ import annotations

import json
import logging
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from kiosk.fleet.booth import check, newest_for
from kiosk.fleet.layout import make_fleet
from kiosk.fleet.office import publish
from kiosk.fleet.store import current, install
from kiosk.messages.store import MessageStore
from kiosk.platform.clock import ManualClock
from kiosk.sync.fleet import status_file
from kiosk.sync.fleet_key import new_key, parse_key
from kiosk.ui.compose import FLEET_STORE, Kiosk
from kiosk.visit.session import Mode
from tests.conftest import close_kiosk
from tests.decks import write_deck

W, H = 768, 432
BOOTH = "booth-7"
SLIDES = """\
- {type: title, id: hello, heading: Welcome, chapter: one}
- {type: image, id: photo, image: images/team.png, caption: Our team, chapter: one}
- {type: image, id: well, image: images/well.png, caption: The new well, chapter: one}
"""


def deck(folder: Path, title: str, version: str) -> Path:
    head = (f"title: {title}\nversion: '{version}'\nchapters:\n  - {{id: one, title: One}}\n")
    return write_deck(folder, SLIDES, head=head, images={"images/team.png": (40, 90, 60),
                                                         "images/well.png": (30, 60, 120)})


def playing(kiosk: Kiosk) -> str:
    shown = kiosk.player.deck
    return shown.title.get("en", "") if shown is not None else ""


class Fleet:
    """The office's side: a fleet folder and its key, and decks to publish."""

    def __init__(self, root: Path) -> None:
        made = make_fleet(root / "Booths", "Our booths")
        assert made.key is not None
        self.folder, self.key_text, self.root = made.fleet.folder, made.key, root
        self.key = parse_key(made.key)

    def publish(self, title: str, version: str, key: bytes | None = None) -> Path:
        folder = deck(self.root / "office" / version, title, version)
        return publish(self.folder, folder, key or self.key).folder

    def status(self) -> dict[str, object]:
        """The booth's status file as the office reads it ({} until the booth writes it)."""
        path = status_file(self.folder / "messages", BOOTH)
        data = json.loads(path.read_text("utf-8")) if path.exists() else {}
        assert isinstance(data, dict)
        return data


@pytest.fixture
def fleet(tmp_path: Path) -> Fleet:
    return Fleet(tmp_path)


@pytest.fixture
def booth(kiosk_app, qtbot, tmp_path: Path, fleet: Fleet  # type: ignore[no-untyped-def]
          ) -> Iterator[Callable[..., Kiosk]]:
    """``booth(more_settings)``: a booth of ``fleet`` started as the app starts it (settings
    read from kiosk.yaml, the first slide before the visitor's side, its own slides watched,
    its messages' store open), playing its own slides or those installed from the fleet."""
    from kiosk.setup.config import load_settings
    from kiosk.ui.compose import build_kiosk, start_when_shown

    built: list[Kiosk] = []
    own = deck(tmp_path / "own", "Our own slides", "1")

    def make(more: str = "") -> Kiosk:
        config = tmp_path / "kiosk.yaml"
        config.write_text(f"kiosk_id: {BOOTH}\ntimezone: Europe/London\nfleet:\n"
                          f"  folder: {json.dumps(str(fleet.folder))}\n  group: north\n"
                          f"{more}sync:\n  folder:\n    key: {fleet.key_text}\n",
                          encoding="utf-8")
        settings, problems = load_settings(config)
        assert problems == []
        kiosk = build_kiosk(settings, tmp_path / "data", kiosk_mode=True, clock=ManualClock(),
                            player_speed=40.0, journey_tick_ms=10_000, visitor_side=False)
        built.append(kiosk)
        start_when_shown(kiosk)
        kiosk.watch(own)
        kiosk.window.resize(W, H)
        kiosk.window.show()
        qtbot.waitExposed(kiosk.window)
        qtbot.waitUntil(lambda: kiosk.visitor_started and playing(kiosk) != "", timeout=10_000)
        kiosk.set_store(MessageStore(tmp_path / "data", BOOTH))
        return kiosk

    yield make
    for kiosk in built:
        close_kiosk(kiosk)


def look(kiosk: Kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    """The booth looks into the fleet folder now (as its timer does every 30 s)."""
    assert kiosk.fleet is not None
    with qtbot.waitSignal(kiosk.fleet.looked, timeout=10_000):
        kiosk.fleet.look_now()


def visit(kiosk: Kiosk) -> None:
    """A visitor touches the screen: the visit begins."""
    QTest.mouseClick(kiosk.player, Qt.MouseButton.LeftButton, pos=QPoint(W // 2, H // 2))
    assert kiosk.session.mode is Mode.BROWSE


def visitor_leaves(kiosk: Kiosk) -> None:
    """The visitor walks away: 'Still there?', its countdown, and the slides play again."""
    clock, journey = kiosk.session.clock, kiosk.journey
    assert isinstance(clock, ManualClock) and journey is not None
    clock.advance(kiosk.settings.idle_seconds + 1)
    journey.on_tick()
    assert kiosk.window.idle.isVisible()
    clock.advance(kiosk.settings.warning_seconds)
    journey.on_tick()
    assert kiosk.session.mode is Mode.ATTRACT


def installed(kiosk: Kiosk) -> str | None:
    found = current(kiosk.data_dir / FLEET_STORE)
    return found.name if found is not None else None


def test_published_slides_wait_for_the_visit_to_end_then_play(
        booth, fleet: Fleet, qtbot) -> None:  # type: ignore[no-untyped-def]
    kiosk = booth()
    assert playing(kiosk) == "Our own slides"
    visit(kiosk)
    fleet.publish("Spring appeal", "2027.1")
    look(kiosk, qtbot)
    assert playing(kiosk) == "Our own slides"  # never in the middle of a visit
    assert installed(kiosk) is None
    assert kiosk.session.mode is Mode.BROWSE
    visitor_leaves(kiosk)
    qtbot.waitUntil(lambda: playing(kiosk) == "Spring appeal", timeout=10_000)
    assert installed(kiosk) == "1-2027.1"
    qtbot.waitUntil(lambda: fleet.status().get("fleet_package") == "1-2027.1", timeout=10_000)
    status = fleet.status()
    assert status["fleet_serial"] == 1 and status["fleet_group"] == "north"
    assert status["package_problem"] is None and status["deck_version"] == "2027.1"
    assert isinstance(status["playing_since"], str) and status["playing_since"].endswith("Z")
    assert status["time_zone"] == "Europe/London"


def test_in_the_loop_published_slides_play_at_once_and_an_older_deck_again_rolls_back(
        booth, fleet: Fleet, qtbot) -> None:  # type: ignore[no-untyped-def]
    kiosk = booth()
    fleet.publish("Spring appeal", "2027.1")
    look(kiosk, qtbot)
    qtbot.waitUntil(lambda: playing(kiosk) == "Spring appeal", timeout=10_000)
    fleet.publish("Summer fair", "2027.2")
    look(kiosk, qtbot)
    qtbot.waitUntil(lambda: playing(kiosk) == "Summer fair", timeout=10_000)
    fleet.publish("Spring appeal", "2027.1")  # the office goes back: a newer package
    look(kiosk, qtbot)
    qtbot.waitUntil(lambda: playing(kiosk) == "Spring appeal", timeout=10_000)
    assert installed(kiosk) == "3-2027.1"
    qtbot.waitUntil(lambda: fleet.status().get("fleet_serial") == 3, timeout=10_000)


def test_a_package_signed_with_another_key_is_refused_and_the_slides_keep_playing(
        booth, fleet: Fleet, qtbot, caplog: pytest.LogCaptureFixture  # type: ignore[no-untyped-def]
        ) -> None:
    kiosk = booth()
    fleet.publish("Spring appeal", "2027.1")
    look(kiosk, qtbot)
    qtbot.waitUntil(lambda: playing(kiosk) == "Spring appeal", timeout=10_000)
    with caplog.at_level(logging.WARNING):
        fleet.publish("Not ours", "2027.9", key=parse_key(new_key()))
        look(kiosk, qtbot)
    assert playing(kiosk) == "Spring appeal" and installed(kiosk) == "1-2027.1"
    refusal = "package 2 (version 2027.9) refused: signed by another key"
    assert refusal in caplog.text
    qtbot.waitUntil(lambda: refusal in str(fleet.status().get("package_problem")),
                    timeout=10_000)
    assert fleet.status()["fleet_package"] == "1-2027.1"
    kiosk.staff.open_panel()  # staff read it on the panel, not only in the status file
    said = kiosk.window.staff.slides.attention
    assert not said.isHidden() and said.text().startswith(
        "New slides from the office were refused: " + refusal)


def test_a_package_still_arriving_is_not_installed_until_its_last_file_is_there(
        booth, fleet: Fleet, qtbot) -> None:  # type: ignore[no-untyped-def]
    kiosk = booth()
    package = fleet.publish("Spring appeal", "2027.1")
    picture = package / "deck" / "images" / "well.png"
    aside = fleet.root / "well.png"
    shutil.move(picture, aside)  # the sync tool has not brought it yet
    look(kiosk, qtbot)
    assert installed(kiosk) is None and playing(kiosk) == "Our own slides"
    qtbot.waitUntil(lambda: "is arriving: 2 of 3 files (waiting for images/well.png)"
                    in str(fleet.status().get("package_problem")), timeout=10_000)
    picture.write_bytes(aside.read_bytes()[:40])  # half of it
    look(kiosk, qtbot)
    assert installed(kiosk) is None and playing(kiosk) == "Our own slides"
    shutil.copy(aside, picture)  # all of it
    look(kiosk, qtbot)
    qtbot.waitUntil(lambda: playing(kiosk) == "Spring appeal", timeout=10_000)
    qtbot.waitUntil(lambda: fleet.status().get("package_problem") is None, timeout=10_000)


def test_a_restarted_booth_plays_what_it_installed_last(
        booth, fleet: Fleet, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    fleet.publish("Spring appeal", "2027.1")
    package = newest_for(fleet.folder, BOOTH, "north", fleet.key)
    assert package is not None
    ready = check(package, fleet.key)
    install(ready, tmp_path / "data" / FLEET_STORE)  # type: ignore[arg-type]
    kiosk = booth()
    assert playing(kiosk) == "Spring appeal"  # its first slides: never its own before
    qtbot.waitUntil(lambda: fleet.status().get("fleet_package") == "1-2027.1", timeout=10_000)


def test_a_package_for_another_group_is_not_for_this_booth(
        booth, fleet: Fleet, qtbot) -> None:  # type: ignore[no-untyped-def]
    kiosk = booth()
    folder = deck(fleet.root / "south", "For the south", "2027.5")
    publish(fleet.folder, folder, fleet.key, group="south")
    look(kiosk, qtbot)
    assert installed(kiosk) is None and playing(kiosk) == "Our own slides"
