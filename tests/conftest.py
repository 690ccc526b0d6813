"""Test set-up: every Qt test draws offscreen, with the kiosk's own fonts."""

from __future__ import annotations

import os
import sys
from typing import IO, Any

os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before any Qt import
os.environ.pop("KIOSK_CONTENT", None)

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--no-media", action="store_true",
                     help="run as on a kiosk without the media extra: Qt Multimedia cannot "
                          "be imported")


class _NoMedia:
    """Refuses Qt Multimedia, as if the media extra were not installed."""

    def find_spec(self, name: str, path: object = None, target: object = None) -> None:
        if name.startswith("PySide6.QtMultimedia"):
            raise ImportError(f"No module named '{name}' (the tests' --no-media)")


@pytest.hookimpl(trylast=True)  # (after pytest's own faulthandler: see _keep_crash_stacks)
def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("--no-media"):
        sys.meta_path.insert(0, _NoMedia())
    _keep_crash_stacks(config)


@pytest.fixture
def media(request: pytest.FixtureRequest) -> None:
    """A test that plays video or sound: skipped in the run without the media extra."""
    if request.config.getoption("--no-media"):
        pytest.skip("plays video or sound: this run is without the media extra")


@pytest.fixture(autouse=True)
def _no_kiosk_left_listening():  # type: ignore[no-untyped-def]
    """Each test closes the kiosks it opened: a journey still listening to the whole
    application would take the next test's typing and clicks for its own."""
    yield
    journey = sys.modules.get("kiosk.ui.visit.journey")
    if journey is None:
        return
    left = [j for j in list(journey.LISTENING) if shiboken_valid(j)]
    for j in left:
        j.guard.show_cursor()
        j.detach()
    assert not left, f"{len(left)} kiosk(s) left listening to the application"


@pytest.fixture(autouse=True)
def _collection_stays_off():  # type: ignore[no-untyped-def]
    """Once the kiosk's collector has switched Python's automatic collection off (cycles are
    collected on the GUI thread only), no test may switch it back on: a collection started
    on a worker thread would then destroy Qt objects of earlier tests there, a crash far from
    its cause."""
    import gc

    was_off = not gc.isenabled()
    yield
    assert not (was_off and gc.isenabled()), "the test switched automatic collection on"


def shiboken_valid(obj: object) -> bool:
    import shiboken6

    return bool(shiboken6.isValid(obj))


@pytest.fixture
def kiosk_app(qapp):  # type: ignore[no-untyped-def]
    """The QApplication with the bundled fonts loaded."""
    from kiosk.ui.app import application

    return application(headless=True)


def open_kiosk(qtbot, deck, settings, data_dir, size=(768, 432)):  # type: ignore[no-untyped-def]
    """Build the kiosk as the app does (``kiosk.ui.compose``), on a clock that moves only
    when told to, its window shown with ``deck`` playing; returns (kiosk, clock)."""
    from kiosk.platform.clock import ManualClock
    from kiosk.ui.compose import build_kiosk

    clock = ManualClock()
    kiosk = build_kiosk(settings, data_dir, kiosk_mode=True, clock=clock, player_speed=40.0,
                        journey_tick_ms=10_000)
    try:
        kiosk.window.resize(*size)
        kiosk.window.show()
        qtbot.waitExposed(kiosk.window)
        # The loop plays on by itself (fast in tests): catch the first slide as it arrives,
        # which looking now and then could miss on a busy machine.
        with qtbot.waitSignal(kiosk.player.slide_changed, timeout=10_000,
                              check_params_cb=lambda index: index == 0):
            kiosk.show_deck(deck)
    except BaseException:
        close_kiosk(kiosk)  # its input filter must not outlive this test and upset the next
        raise
    return kiosk, clock


@pytest.fixture
def make_kiosk(kiosk_app, qtbot, tmp_path):  # type: ignore[no-untyped-def]
    """``make_kiosk(deck, settings, size=...)``: :func:`open_kiosk` with its data in the
    test's folder, closed after the test."""
    built = []

    def make(deck, settings, size=(768, 432)):  # type: ignore[no-untyped-def]
        kiosk, clock = open_kiosk(qtbot, deck, settings, tmp_path / "data", size)
        built.append(kiosk)
        return kiosk, clock

    yield make
    for kiosk in built:
        close_kiosk(kiosk)


def close_kiosk(kiosk) -> None:  # type: ignore[no-untyped-def]
    """Close a test kiosk: the pointer back, filters off, workers done, the window deleted by
    Qt (not by the garbage collector)."""
    from tests.decks import tear_down

    assert kiosk.journey is not None
    kiosk.close()  # its recorder's thread too
    tear_down(kiosk.journey, kiosk.window, kiosk.runner)


@pytest.fixture
def player(kiosk_app, qtbot):  # type: ignore[no-untyped-def]
    """A small player on its own (320x180), fast: 2 s slides last 50 ms, fades ~12 ms."""
    from kiosk.ui.player.player import Player
    from kiosk.ui.tasks import TaskRunner

    widget = Player(TaskRunner(), speed=40.0)
    widget.resize(320, 180)
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    widget.wait_for_workers()


#: A test marked slow builds or installs something (PyInstaller, pip, Syncthing): minutes, on a
#: busy machine, instead of the seconds the project-wide time limit (pyproject.toml) allows.
SLOW_TIMEOUT_S = 900


@pytest.hookimpl(tryfirst=True)  # (before pytest-xdist reads the groups)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.get_closest_marker("slow") and not item.get_closest_marker("timeout"):
            item.add_marker(pytest.mark.timeout(SLOW_TIMEOUT_S))
        item.add_marker(pytest.mark.xdist_group(_group(item)))


def _group(item: pytest.Item) -> str:
    """Where a test runs when the suite is spread over processes (pytest-xdist's
    ``--dist loadgroup``): the GUI tests together, in their order (the census, last, counts
    what the others pressed); any other file's tests together (a module's fixture, such as
    the frozen build, is made once). The monkeys' presses are not counted (tests/gui/
    conftest.py): their files run beside the rest."""
    path = item.path.relative_to(item.config.rootpath).as_posix()
    counted = path.startswith("tests/gui/") and "monkey" not in item.path.name
    return "gui" if counted else path


# ---------------------------------------------------------------- a worker that dies natively
#: Where each test process writes the Python stacks of a native crash (a segfault, an abort):
#: the folder is made by the first process and handed to the workers pytest-xdist starts.
_FAULTS_DIR = "KIOSK_TEST_FAULTS_DIR"
_STACKS = pytest.StashKey[IO[str]]()


def _keep_crash_stacks(config: pytest.Config) -> None:
    """In a worker process, native crashes write their Python stacks to a file, not to
    stderr (where pytest's own faulthandler writes): a worker's stderr is lost when it dies,
    and pytest-xdist says only "node down"."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker is None:
        if _FAULTS_DIR not in os.environ:
            import shutil
            import tempfile

            folder = os.environ[_FAULTS_DIR] = tempfile.mkdtemp(prefix="kiosk-test-faults-")
            config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))
        return
    import faulthandler
    from pathlib import Path

    # (The file stays open for the life of the process: faulthandler writes to its descriptor.)
    stacks = open(Path(os.environ[_FAULTS_DIR]) / f"{worker}.txt", "w",  # noqa: SIM115
                  encoding="utf-8")
    config.stash[_STACKS] = stacks
    faulthandler.enable(file=stacks, all_threads=True)


@pytest.hookimpl(optionalhook=True)  # (pytest-xdist's hook; the core's run has no xdist)
def pytest_testnodedown(node: Any, error: object) -> None:
    """A worker died: show the stacks it wrote as it crashed (``pytest_configure``)."""
    if not error:
        return
    from pathlib import Path

    worker = node.gateway.id
    folder = os.environ.get(_FAULTS_DIR)
    stacks = Path(folder, f"{worker}.txt") if folder else None
    text = stacks.read_text("utf-8", "replace") if stacks and stacks.exists() else ""
    sys.stderr.write(f"\n--- {worker} died ({error}); the stacks it left:\n"
                     f"{text or '(none written)'}\n")
