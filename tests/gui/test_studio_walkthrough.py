"""A new user's first deck, done as they would do it in the studio and nowhere else: a new
folder, a title, two photos dropped in, a figure with its source, a few words, a call to
action, saved; the kiosk then accepts the deck as it is.

Run with ``-s`` to see how long the studio took to answer each step."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QTableWidgetItem

from kiosk.content import load_deck
from kiosk.studio.controller import Studio
from kiosk.studio.window import StudioWindow
from kiosk.ui.tasks import TaskRunner
from tests.decks import png_bytes
from tests.gui.drops import drop_files
from tests.gui.test_studio import choose, save, type_into


def test_a_new_user_builds_a_six_slide_deck_without_a_text_editor(
        kiosk_app, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    timings: list[tuple[str, float]] = []

    def step(name: str, started: float) -> None:
        timings.append((name, time.perf_counter() - started))

    photos = tmp_path / "Pictures"
    photos.mkdir()
    for name, colour in (("Girls at the shelter school.jpg", (150, 110, 80)),
                         ("Sewing class.jpg", (80, 110, 150))):
        (photos / name).write_bytes(png_bytes(1920, 1080, colour))  # PNG bytes: still read
    window = StudioWindow()
    qtbot.addWidget(window)
    runner = TaskRunner()
    studio = Studio(window, runner, debounce_ms=40, config=tmp_path / "kiosk.yaml",
                    data_dir=tmp_path / "data")
    window.show()
    folder = tmp_path / "my-booth"

    t = time.perf_counter()  # 1. `kiosk studio my-booth`: a new folder starts a new deck
    with qtbot.waitSignal(studio.checked, timeout=10_000):
        studio.open(folder, create=True)
    step("open a new deck", t)
    assert window.slides.count() == 1

    t = time.perf_counter()  # 2. The deck tab: its title
    window.tabs.setCurrentIndex(1)
    title = window.deck.titles["en"]
    title.selectAll()
    with qtbot.waitSignal(studio.checked, timeout=10_000):
        QTest.keyClicks(title, "Hope for Cambodia")
    step("type the deck's title", t)

    t = time.perf_counter()  # 3. The welcome slide's heading
    window.tabs.setCurrentIndex(0)
    type_into(studio, qtbot, "heading", "Hope for Cambodia's daughters", "en")
    step("type the welcome heading", t)

    t = time.perf_counter()  # 4. Two photos dragged from the file manager onto the list
    with qtbot.waitSignal(studio.checked, timeout=10_000):
        assert drop_files(window.slides.viewport(), sorted(photos.iterdir()))
    qtbot.waitUntil(lambda: window.slides.count() == 3, timeout=5000)
    step("drop two photos on the slide list", t)

    t = time.perf_counter()  # 5. A caption for the first photo
    choose(studio, qtbot, 1)
    type_into(studio, qtbot, "caption", "Girls at a shelter school in Phnom Penh", "en")
    step("caption a photo", t)

    t = time.perf_counter()  # 6. The source of the figure, in the deck's sources table
    window.tabs.setCurrentIndex(1)
    QTest.mouseClick(window.deck.sources.add_button, Qt.MouseButton.LeftButton)
    table = window.deck.sources.table
    for key, text in (("title", "Figures on commercial sexual exploitation in Cambodia"),
                      ("publisher", "Cambodia Research Network")):
        with qtbot.waitSignal(studio.checked, timeout=10_000):
            table.setItem(0, window.deck.sources.keys.index(key), QTableWidgetItem(text))
    step("add a source", t)

    t = time.perf_counter()  # 7. A figure slide: it cites the source by itself
    window.tabs.setCurrentIndex(0)
    choose(studio, qtbot, 2)
    with qtbot.waitSignal(studio.checked, timeout=10_000):
        window.add_actions["stat"].trigger()
    type_into(studio, qtbot, "figure", "80,000 to 100,000", "en")
    type_into(studio, qtbot, "label", "people are sexually exploited for money in Cambodia.",
              "en")
    step("add a figure", t)

    t = time.perf_counter()  # 8. A few words
    with qtbot.waitSignal(studio.checked, timeout=10_000):
        window.add_actions["text"].trigger()
    type_into(studio, qtbot, "heading", "What we do", "en")
    type_into(studio, qtbot, "body", "We run a shelter school and teach a trade.", "en")
    step("add a text slide", t)

    t = time.perf_counter()  # 9. The call to action
    with qtbot.waitSignal(studio.checked, timeout=10_000):
        window.add_actions["call_to_action"].trigger()
    type_into(studio, qtbot, "url", "https://hope.example.net/give")
    step("add a call to action", t)
    assert window.status.text().startswith("Ready for the booth"), window.status.text()

    t = time.perf_counter()  # 10. Save
    path = save(studio, qtbot)
    step("save", t)
    runner.wait(5000)

    result = load_deck(path.parent)
    assert result.errors == [], result.errors
    deck = result.deck
    assert deck is not None and len(deck.slides) == 6
    assert [s.type for s in deck.slides] == ["title", "image", "image", "stat", "text",
                                             "call_to_action"]
    assert deck.slides[3].sources == (deck.sources[0].id,)
    assert sorted(p.name for p in (path.parent / "images").iterdir()) == sorted(
        p.name for p in photos.iterdir())
    for name, seconds in timings:
        print(f"{name:36} {seconds * 1000:7.0f} ms")
    studio.dirty = False
