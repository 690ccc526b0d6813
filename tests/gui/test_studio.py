"""Kiosk Studio as a volunteer uses it: choose a slide, type, see it and its problems, move
slides, add them, put in a photo, save; the saved deck validates and keeps the author's text."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit

from kiosk.content import load_deck
from kiosk.content.schema import SLIDE_TYPES
from kiosk.platform import paths
from kiosk.studio.controller import Studio
from kiosk.studio.window import StudioWindow
from kiosk.ui.tasks import TaskRunner
from tests.decks import png_bytes


def open_studio(qtbot, tmp_path: Path, folder: Path) -> tuple[Studio, TaskRunner]:  # type: ignore[no-untyped-def]
    """The studio on ``folder``, its settings and PIN in the test's own folder."""
    window = StudioWindow()
    qtbot.addWidget(window)
    runner = TaskRunner()
    studio = Studio(window, runner, debounce_ms=10, config=tmp_path / "kiosk.yaml",
                    data_dir=tmp_path / "data")
    with qtbot.waitSignal(studio.checked, timeout=10_000):
        studio.open(folder)
    qtbot.waitUntil(lambda: studio.kiosk_settings.settings is not None, timeout=5000)
    return studio, runner


@pytest.fixture
def studio(kiosk_app, qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    folder = tmp_path / "deck"
    shutil.copytree(paths.bundled_content_dir(), folder)
    studio, runner = open_studio(qtbot, tmp_path, folder)
    window = studio.window
    window.resize(1366, 768)
    window.show()
    yield studio
    studio.dirty = False  # let the window close without asking
    runner.wait(5000)


def choose(studio: Studio, qtbot, row: int) -> None:  # type: ignore[no-untyped-def]
    if studio.window.slides.currentRow() == row:
        return
    with qtbot.waitSignal(studio.checked, timeout=10_000):
        studio.window.slides.setCurrentRow(row)


def type_into(studio: Studio, qtbot, field: str, text: str,  # type: ignore[no-untyped-def]
              language: str | None = None) -> None:
    box = studio.window.fields.inputs[(field, language)]
    with qtbot.waitSignal(studio.checked, timeout=10_000):
        if isinstance(box, QLineEdit):
            box.setFocus()
            box.selectAll()
            if text.isascii():
                QTest.keyClicks(box, text)
            else:  # Khmer arrives as an input method's committed text, as on a real keyboard
                event = QInputMethodEvent()
                event.setCommitString(text)
                QApplication.sendEvent(box, event)
        else:
            assert isinstance(box, QPlainTextEdit)
            box.setPlainText(text)


def answer(studio: Studio, qtbot, name: str, button: str) -> None:  # type: ignore[no-untyped-def]
    """Press ``button`` on the studio's open question ``name``, as the volunteer would."""
    from PySide6.QtWidgets import QMessageBox

    qtbot.waitUntil(lambda: studio.window.findChild(QMessageBox, name) is not None)
    box = studio.window.findChild(QMessageBox, name)
    pressed = next(b for b in box.buttons() if b.text().replace("&", "") == button)
    QTest.mouseClick(pressed, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: studio.window.findChild(QMessageBox, name) is None)


def save(studio: Studio, qtbot, folder: Path | None = None) -> Path:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(studio.saved, timeout=10_000) as saved:
        studio.saving.save(folder)
    return saved.args[0]


def test_typing_a_heading_shows_it_and_saves_only_that_line(studio: Studio, qtbot) -> None:
    folder = studio.document.folder
    before = (folder / "deck.yaml").read_text(encoding="utf-8").splitlines()
    choose(studio, qtbot, 1)  # 'Year Zero', a text slide
    type_into(studio, qtbot, "heading", "The year zero", "en")
    assert studio.dirty and studio.window.status.text().startswith("Ready for the booth")
    assert studio.window.preview.image is not None  # the slide, drawn as the booth draws it
    save(studio, qtbot)
    after = (folder / "deck.yaml").read_text(encoding="utf-8").splitlines()
    changed = [x for x in difflib.unified_diff(before, after, lineterm="", n=0)
               if x[:1] in "+-" and not x.startswith(("+++", "---"))]
    assert len(changed) == 2 and "The year zero" in changed[1], changed  # all else identical
    deck = load_deck(folder).deck
    assert deck is not None and deck.slides[1].text("heading", "en", "en") == "The year zero"
    assert not studio.dirty


def test_a_text_longer_than_its_box_shows_its_start(studio: Studio, qtbot) -> None:
    """The opening slide's subtitle is wider than its box: the box shows its first words
    (Qt puts the cursor, and so the view, at the end of a text it is given)."""
    choose(studio, qtbot, 0)
    box = next(b for (name, _), b in studio.window.fields.inputs.items() if name == "subtitle")
    assert isinstance(box, QLineEdit)
    assert box.fontMetrics().horizontalAdvance(box.text()) > box.width()
    assert box.cursorPosition() == 0


def test_a_second_language_gets_its_own_box(studio: Studio, qtbot) -> None:
    studio.document.data["languages"] = ["en", "km"]
    choose(studio, qtbot, 2)
    choose(studio, qtbot, 1)  # the fields are built again for two languages
    assert ("heading", "km") in studio.window.fields.inputs
    type_into(studio, qtbot, "heading", "ឆ្នាំសូន្យ", "km")
    path = save(studio, qtbot)
    deck = load_deck(path.parent).deck
    assert deck is not None and deck.slides[1].text("heading", "km", "en") == "ឆ្នាំសូន្យ"
    assert deck.slides[1].text("heading", "en", "en") == "Year Zero"


def test_problems_show_beside_their_field_and_the_deck_is_not_ready(studio: Studio,
                                                                    qtbot) -> None:
    choose(studio, qtbot, 2)  # a figure, '2 to 3 million', with its source
    source = studio.window.fields.inputs[("source", None)]
    with qtbot.waitSignal(studio.checked, timeout=10_000):
        source.setCurrentIndex(0)  # (none): a figure without a source
    assert "not ready for the booth" in studio.window.status.text()
    assert "without 'source'" in studio.window.slide_problems.text()
    with qtbot.waitSignal(studio.checked, timeout=10_000):
        source.setCurrentIndex(1)
    assert studio.window.status.text().startswith("Ready for the booth")


def test_reorder_duplicate_delete_and_add_every_type(studio: Studio, qtbot) -> None:
    ids = [str(s["id"]) for s in studio.document.slides]
    choose(studio, qtbot, 0)
    QTest.mouseClick(studio.window.down_button, Qt.MouseButton.LeftButton)
    assert [str(s["id"]) for s in studio.document.slides][:2] == [ids[1], ids[0]]
    assert studio.window.slides.currentRow() == 1  # the moved slide stays chosen
    QTest.mouseClick(studio.window.duplicate_button, Qt.MouseButton.LeftButton)
    assert str(studio.document.slide(2)["id"]) == f"{ids[0]}-2"
    QTest.mouseClick(studio.window.delete_button, Qt.MouseButton.LeftButton)
    assert len(studio.document.slides) == len(ids)
    for kind, action in studio.window.add_actions.items():
        action.trigger()
        assert studio.document.slide(studio.window.slides.currentRow())["type"] == kind
    path = save(studio, qtbot)
    result = load_deck(path.parent)
    assert result.deck is not None
    added = [s.type for s in result.deck.slides if s.id.endswith("-new-1")]
    # An image slide has no photo yet, a video slide no video: neither can load.
    assert sorted(added) == sorted(k for k in SLIDE_TYPES if k not in ("image", "video"))
    assert any("image" in str(p) and "missing" in str(p) for p in result.errors)


def test_a_photo_is_copied_into_the_deck(studio: Studio, qtbot, tmp_path: Path) -> None:
    photo = tmp_path / "outside" / "booth-team.png"
    photo.parent.mkdir()
    photo.write_bytes(png_bytes(1920, 1080, (120, 90, 60)))
    choose(studio, qtbot, 4)  # the memorial, a stand-in photo with a placeholder note
    with qtbot.waitSignal(studio.checked, timeout=10_000):
        studio.photos.use_image("image", photo)  # copied on a worker, then checked
    written = str(studio.document.slide(4)["image"])
    assert written == "images/booth-team.png"
    assert studio.window.fields.inputs[("image", None)].text() == written
    assert (studio.document.folder / written).read_bytes() == photo.read_bytes()
    assert "placeholder" not in studio.document.slide(4)
    path = save(studio, qtbot)
    deck = load_deck(path.parent).deck
    assert deck is not None and deck.slides[4].image() == (path.parent / written).resolve()


def test_the_bundled_deck_is_saved_as_a_copy(kiosk_app, qtbot, tmp_path: Path) -> None:
    studio, runner = open_studio(qtbot, tmp_path, paths.bundled_content_dir())
    assert studio.saving.is_bundled()
    bundled = (paths.bundled_content_dir() / "deck.yaml").read_bytes()
    target = tmp_path / "my-deck"
    path = save(studio, qtbot, target)
    assert path == target / "deck.yaml" and not studio.saving.is_bundled()
    assert (paths.bundled_content_dir() / "deck.yaml").read_bytes() == bundled
    result = load_deck(target)
    assert result.deck is not None and not result.errors  # images and form came along
    runner.wait(5000)


def test_a_click_on_a_cropped_photo_sets_its_focal_point(studio: Studio, qtbot,
                                                         tmp_path: Path) -> None:
    from PySide6.QtCore import QPoint

    from kiosk.studio.checks import focus_for_click

    # A tall photo on a wide screen: only 28% of its height shows (1080 / (2000 x 1.92)),
    # starting 35.9% down. A click on the top edge asks for that point to be the middle:
    # (0.359 - 0.141) / (1 - 0.281) = 0.304 of the way down.
    assert focus_for_click((1000, 2000), (1920, 1080), (0.5, 0.5), (0.5, 0.0)) == (0.5, 0.304)
    assert focus_for_click((1000, 2000), (1920, 1080), (0.5, 0.5), (0.5, 0.5)) == (0.5, 0.5)
    photo = tmp_path / "tall.png"
    photo.write_bytes(png_bytes(1000, 2000, (90, 120, 150)))
    choose(studio, qtbot, 4)  # an image slide that fills the screen
    with qtbot.waitSignal(studio.checked, timeout=10_000):
        studio.photos.use_image("image", photo)
    preview = studio.window.preview
    shown = preview.pixmap()
    top = (preview.height() - shown.height()) // 2
    with qtbot.waitSignal(studio.checked, timeout=10_000):
        QTest.mouseClick(preview, Qt.MouseButton.LeftButton,
                         pos=QPoint(preview.width() // 2, top + 1))
    focus = studio.document.slide(4)["focus"]
    # the slide's focus was [0.5, 0.4]: the band started 28.75% down, so the top edge asks
    # for (0.2875 - 0.1406) / 0.71875 = 0.204
    assert focus[0] == 0.5 and focus[1] == pytest.approx(0.204, abs=0.01)
    # shown under "More", in percent down the photo
    assert studio.window.fields.inputs[("focus", "y")].value() / 100 == pytest.approx(focus[1])


def test_undo_and_redo_every_kind_of_change(studio: Studio, qtbot) -> None:
    original = studio.document.text()
    choose(studio, qtbot, 1)
    type_into(studio, qtbot, "heading", "Year", "en")
    type_into(studio, qtbot, "heading", "Year Zero, again", "en")  # one field: one step
    QTest.mouseClick(studio.window.down_button, Qt.MouseButton.LeftButton)
    QTest.mouseClick(studio.window.delete_button, Qt.MouseButton.LeftButton)
    assert studio.undo_stack.count() == 3
    for _ in range(3):
        QTest.mouseClick(studio.window.undo_button, Qt.MouseButton.LeftButton)
    assert studio.document.text() == original  # everything back, comments and all
    assert not studio.window.undo_button.isEnabled()
    studio.undo_stack.redo()
    assert studio.document.slide(1)["heading"] == "Year Zero, again"
    studio.undo_stack.redo()
    assert str(studio.document.slide(2)["id"]) == "year-zero"  # moved down again


def test_a_colour_too_close_to_its_background_is_said_at_once(studio: Studio, qtbot) -> None:
    panel = studio.window.deck
    studio.window.tabs.setCurrentIndex(1)
    assert "Every text can be read" in panel.contrast.text()
    with qtbot.waitSignal(studio.checked, timeout=10_000):
        panel.set_colour("muted", "#3a4653")  # grey on the dark navy background
    assert "captions and sources on the slides: #3a4653 on #15202b" in panel.contrast.text()
    assert "needs at least 4.5:1" in panel.contrast.text()
    path = save(studio, qtbot)
    result = load_deck(path.parent)  # and validate says the same, at the colour's line
    warning = next(str(w) for w in result.warnings if "contrast" in str(w))
    assert "deck.yaml:20:" in warning and "#3a4653" in warning  # the line of muted:
    with qtbot.waitSignal(studio.checked, timeout=10_000):
        panel.set_colour("muted", "#b7c0c8")
    assert "Every text can be read" in panel.contrast.text()


def test_the_deck_title_and_a_new_language(studio: Studio, qtbot) -> None:
    panel = studio.window.deck
    panel.languages.setText("en, km")
    panel.languages.editingFinished.emit()
    assert set(panel.titles) == {"en", "km"} and ("heading", "km") in (
        studio.window.fields.inputs)
    panel.titles["km"].setText("កម្ពុជា")
    panel.titles["km"].textEdited.emit("កម្ពុជា")
    path = save(studio, qtbot)
    deck = load_deck(path.parent).deck
    assert deck is not None and deck.languages == ["en", "km"]
    assert deck.title["km"] == "កម្ពុជា"



def test_kiosk_settings_are_saved_and_the_webhook_is_tested(studio: Studio, qtbot,
                                                             tmp_path: Path) -> None:
    import json
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from kiosk.setup.config import load_settings

    got: list[dict[str, str]] = []

    class Receiver(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            got.append({**{k.lower(): v for k, v in self.headers.items()},
                        "messages": str(len(json.loads(body)["messages"]))})
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        panel = studio.window.settings
        studio.window.tabs.setCurrentIndex(2)
        panel.inputs[("idle_seconds",)].setValue(30)
        panel.inputs[("message_button",)].setChecked(False)
        panel.inputs[("sync", "webhook", "url")].setText(
            f"http://127.0.0.1:{server.server_port}/kiosk")
        panel.inputs[("sync", "webhook", "token")].setText("t0ken")
        with qtbot.waitSignal(studio.settings_result, timeout=20_000) as result:
            QTest.mouseClick(panel.test_button, Qt.MouseButton.LeftButton)
        assert "Saved." in result.args[0] and "took the test" in result.args[0]
        assert got and got[0]["authorization"] == "Bearer t0ken" and got[0]["messages"] == "0"
        assert got[0]["idempotency-key"].startswith("test-")
        settings, problems = load_settings(tmp_path / "kiosk.yaml")
        assert problems == [] and settings.idle_seconds == 30 and not settings.message_button
        assert settings.sync is not None and settings.sync.webhook_token == "t0ken"
        text = (tmp_path / "kiosk.yaml").read_text()
        assert "warning_seconds" not in text  # defaults are not written out
    finally:
        server.shutdown()
        server.server_close()


def test_the_fleet_key_is_pasted_in_the_studio(studio: Studio, qtbot, tmp_path: Path) -> None:
    """A volunteer pastes the office's fleet key beside the shared folder and saves: the
    booth then signs what it writes there."""
    from kiosk.setup.config import load_settings
    from kiosk.sync.fleet_key import new_key

    key, shared = new_key(), tmp_path / "shared"
    shared.mkdir()
    panel = studio.window.settings
    studio.window.tabs.setCurrentIndex(2)
    box = panel.inputs[("sync", "folder", "key")]
    assert box.echoMode() == QLineEdit.EchoMode.Password  # a secret is not shown
    panel.inputs[("sync", "folder", "path")].setText(str(shared))
    box.setText(key)
    with qtbot.waitSignal(studio.settings_result, timeout=20_000) as result:
        QTest.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert "Saved." in result.args[0]
    settings, problems = load_settings(tmp_path / "kiosk.yaml")
    assert problems == [] and settings.sync is not None and settings.sync.folder_key == key


def test_the_staff_pin_is_set_from_the_studio(studio: Studio, qtbot, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    import kiosk.staff.pin as staff
    from kiosk.staff.pin import StaffAuth

    monkeypatch.setattr(staff, "SCRYPT", {"n": 2**10, "r": 8, "p": 1})
    panel = studio.window.settings
    panel.pin.setText("2468")
    panel.pin_again.setText("2469")
    QTest.mouseClick(panel.pin_button, Qt.MouseButton.LeftButton)
    assert panel.pin_result.text() == "The two PINs differ."
    panel.pin.setText("24a8")
    panel.pin_again.setText("24a8")
    QTest.mouseClick(panel.pin_button, Qt.MouseButton.LeftButton)
    assert "0 to 9" in panel.pin_result.text()
    panel.pin.setText("2468")
    panel.pin_again.setText("2468")
    with qtbot.waitSignal(studio.settings_result, timeout=20_000):
        QTest.mouseClick(panel.pin_button, Qt.MouseButton.LeftButton)
    assert "staff PIN is set" in panel.pin_result.text() and not panel.pin.text()
    assert StaffAuth(tmp_path / "data").check("2468").ok


def test_photos_dropped_on_the_list_become_slides(studio: Studio, qtbot,
                                                  tmp_path: Path) -> None:
    from PySide6.QtCore import QMimeData, QPoint, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent

    album = tmp_path / "album"
    album.mkdir()
    for name, colour in (("Booth Team.png", (30, 90, 60)), ("Hands.png", (90, 60, 30))):
        (album / name).write_bytes(png_bytes(1920, 1080, colour))
    (album / "notes.txt").write_text("not a photo")
    count = len(studio.document.slides)
    slides = studio.window.slides
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(album))])
    where = slides.visualItemRect(slides.item(0)).center()
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(where, Qt.DropAction.CopyAction, data, buttons, keys)
    move = QDragMoveEvent(where, Qt.DropAction.CopyAction, data, buttons, keys)
    drop = QDropEvent(QPoint(where.x(), where.y()).toPointF(), Qt.DropAction.CopyAction, data,
                      buttons, keys)
    with qtbot.waitSignal(studio.checked, timeout=10_000):  # copied on a worker
        for event in (enter, move, drop):  # as a file manager's drag arrives
            QApplication.sendEvent(slides.viewport(), event)
    assert len(studio.document.slides) == count + 2
    added = [studio.document.slide(i) for i in (1, 2)]  # after the slide it was dropped on
    assert [str(s["id"]) for s in added] == ["booth-team", "hands"]
    assert [str(s["image"]) for s in added] == ["images/Booth Team.png", "images/Hands.png"]
    assert (studio.document.folder / "images" / "Hands.png").exists()
    studio.undo_stack.undo()  # one step takes them both back
    assert len(studio.document.slides) == count


def test_dragging_a_slide_moves_it(studio: Studio, qtbot) -> None:
    from PySide6.QtCore import QModelIndex

    ids = [str(s["id"]) for s in studio.document.slides]
    model = studio.window.slides.model()
    assert model.moveRows(QModelIndex(), 0, 1, QModelIndex(), 3)  # what a drag does
    qtbot.waitUntil(lambda: studio.window.slides.currentRow() == 2)
    assert [str(s["id"]) for s in studio.document.slides][:3] == [ids[1], ids[2], ids[0]]
    assert studio.dirty and studio.undo_stack.count() == 1


def kept_for_later(qtbot, tmp_path: Path, folder: Path) -> None:  # type: ignore[no-untyped-def]
    """A session that typed a heading and ended without saving (a power cut)."""
    first, runner = open_studio(qtbot, tmp_path, folder)
    first.saving._autosave.setInterval(10)
    choose(first, qtbot, 1)
    with qtbot.waitSignal(first.autosaved, timeout=10_000):
        type_into(first, qtbot, "heading", "Kept for later", "en")
    runner.wait(5000)
    first.dirty = False
    assert (folder / ".deck.yaml.recovery").exists()


def test_unsaved_changes_are_kept_and_can_be_recovered(kiosk_app, qtbot,
                                                       tmp_path: Path) -> None:
    folder = tmp_path / "deck"
    shutil.copytree(paths.bundled_content_dir(), folder)
    kept_for_later(qtbot, tmp_path, folder)
    assert "Kept for later" not in (folder / "deck.yaml").read_text()
    again, runner = open_studio(qtbot, tmp_path, folder)
    assert again.window.recover_button.isVisibleTo(again.window)
    QTest.mouseClick(again.window.recover_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(again.checked, timeout=10_000):
        answer(again, qtbot, "recover-question", "Bring them back")
    assert again.document.slide(1)["heading"] == "Kept for later" and again.dirty
    assert not again.window.recover_button.isVisibleTo(again.window)
    save(again, qtbot)
    assert not (folder / ".deck.yaml.recovery").exists()  # saved: the copy is gone
    assert "Kept for later" in (folder / "deck.yaml").read_text()
    again.undo_stack.undo()
    assert again.document.slide(1)["heading"] == "Year Zero"  # recovering can be undone
    runner.wait(5000)


def test_play_from_here_runs_the_real_kiosk_on_the_edited_deck(studio: Studio, qtbot) -> None:
    choose(studio, qtbot, 2)
    type_into(studio, qtbot, "figure", "3 million", "en")
    QTest.mouseClick(studio.window.play_button, Qt.MouseButton.LeftButton)
    played = studio.playing.played
    assert played is not None and played.window.isVisible()
    qtbot.waitUntil(lambda: played.player.index == 2, timeout=10_000)  # from the chosen slide
    assert played.player.deck.slides[2].text("figure", "en", "en") == "3 million"  # as edited
    assert played.journey is not None  # the visitor's side too: touch, form, staff
    played.window.close()
    qtbot.waitUntil(lambda: not played.window.isVisible() if _alive(played.window) else True)


def _alive(widget) -> bool:  # type: ignore[no-untyped-def]
    from shiboken6 import isValid

    return bool(isValid(widget))


def test_sources_and_chapters_are_edited_in_their_tables(studio: Studio, qtbot) -> None:
    from PySide6.QtWidgets import QTableWidgetItem

    panel = studio.window.deck
    table = panel.sources.table
    ids = [table.item(r, 0).text() for r in range(table.rowCount())]
    row = ids.index("gavin-kiernan")
    assert table.item(row, table.columnCount() - 1).text() == "2, 3"  # slides 2 and 3 cite it
    QTest.mouseClick(panel.sources.add_button, Qt.MouseButton.LeftButton)
    assert table.rowCount() == len(ids) + 1
    new = table.rowCount() - 1
    assert table.item(new, table.columnCount() - 1).text() == "no slide"
    with qtbot.waitSignal(studio.checked, timeout=10_000):
        table.setItem(new, 1, QTableWidgetItem("Our own survey"))
    choose(studio, qtbot, 2)
    source_box = studio.window.fields.inputs[("source", None)]
    assert source_box.findData(f"source-{len(ids) + 1}") >= 0  # slides can cite it now
    QTest.mouseClick(panel.chapters.add_button, Qt.MouseButton.LeftButton)
    path = save(studio, qtbot)
    deck = load_deck(path.parent).deck
    assert deck is not None
    assert deck.source(f"source-{len(ids) + 1}").entry("en", "en")[1] == "Our own survey"
    assert deck.chapters[-1].id.startswith("chapter-")
