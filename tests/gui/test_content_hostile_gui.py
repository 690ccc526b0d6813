"""Hostile content as the running kiosk and `kiosk validate` (which uses Qt to decode and
to measure text) meet it: alias bombs, endless nesting, huge files, damaged photos."""

from __future__ import annotations

import contextlib
import logging
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.content import load_deck
from kiosk.content.images import inspect_image
from kiosk.messages.benchdata import run_measured
from tests.decks import BOMB, ROOT, line_of, write_deck
from tests.hostile_files import as_root, device_node, link_to_dev_zero, named_pipe, run_bounded


def validate(folder: Path) -> tuple[subprocess.CompletedProcess[str], float]:
    """`kiosk validate` in a child process; returns its result and its own peak memory in MB."""
    return run_measured(["validate", str(folder)], env={**os.environ, "PYTHONPATH": str(ROOT)},
                        timeout=120)


def test_an_alias_bomb_is_refused_with_its_line(tmp_path: Path) -> None:
    (tmp_path / "deck.yaml").write_text(BOMB)
    result, peak_mb = validate(tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "deck.yaml:7:" in result.stdout  # where it passes 200,000 and "aliases" in result.stdout
    assert peak_mb < 200, peak_mb  # nine levels would expand to 387 million values


def test_nesting_without_end_is_refused(tmp_path: Path) -> None:
    (tmp_path / "deck.yaml").write_text("title: Deep\nslides: " + "[" * 5000 + "]" * 5000)
    result, _ = validate(tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr + result.stdout
    assert "deck.yaml:2:" in result.stdout and "nested more than 40 levels" in result.stdout


def test_a_huge_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    with (tmp_path / "deck.yaml").open("w") as out:
        out.write("title: Huge\nslides:\n")
        line = "  - {type: title, heading: " + "x" * 80 + "}\n"
        out.write(line * (50_000_000 // len(line)))
    result, peak_mb = validate(tmp_path)
    assert result.returncode == 1 and "deck.yaml:1:1: error: the file is 50.0 MB" in (
        result.stdout)
    assert peak_mb < 200


def live_kiosk(qtbot, folder: Path):  # type: ignore[no-untyped-def]
    """A player fed by a watcher of ``folder`` (20 ms debounce), once its first deck plays:
    (player, its control, the watcher's runner, that first deck)."""
    from kiosk.ui.player.deck_control import DeckControl
    from kiosk.ui.player.player import Player
    from kiosk.ui.player.watcher import ContentWatcher
    from kiosk.ui.tasks import TaskRunner

    player = Player(TaskRunner(), speed=40.0)
    player.resize(320, 180)
    qtbot.addWidget(player)
    runner = TaskRunner()
    control = DeckControl(player)
    watcher = ContentWatcher(folder, runner, debounce_ms=20, parent=control)
    watcher.loaded.connect(control.on_loaded)
    with qtbot.waitSignal(control.applied, timeout=3000) as applied:
        watcher.start()
    return player, control, runner, applied.args[0]


def test_the_running_kiosk_keeps_its_deck_when_a_bomb_arrives(kiosk_app, qtbot,
                                                             tmp_path: Path) -> None:
    folder = write_deck(tmp_path / "deck", "- {type: title, id: hello, heading: Hello}\n")
    player, control, runner, first = live_kiosk(qtbot, folder)
    for hostile in (BOMB, "title: x\nslides: " + "[" * 5000 + "]" * 5000):
        with qtbot.waitSignal(control.refused, timeout=5000):
            (folder / "deck.yaml").write_text(hostile)
        assert player.deck is first  # the last good deck keeps playing
    runner.wait(2000)
    player.wait_for_workers()


def jpeg_bytes(width: int = 640, height: int = 480) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QColor, QImage

    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#806040"))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "JPEG", 90)
    return bytes(data)


def test_a_jpeg_cut_short_fails_validation_naming_it(kiosk_app, tmp_path: Path) -> None:
    data = jpeg_bytes()
    folder = write_deck(tmp_path, "- {type: image, id: cut, image: cut.jpg}\n"
                                  "- {type: image, id: whole, image: whole.jpg}\n")
    (folder / "cut.jpg").write_bytes(data[:int(len(data) * 0.3)])
    (folder / "whole.jpg").write_bytes(data)
    result = load_deck(folder)
    assert [s.id for s in result.deck.slides] == ["whole"]
    message = next(str(p) for p in result.errors)
    assert f":{line_of(folder, 'cut.jpg')}:" in message and "cut.jpg" in message
    assert "cut short" in message


def test_a_picture_cut_short_after_validation_is_skipped_at_play_time(
        player, qtbot, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:

    data = jpeg_bytes()
    folder = write_deck(tmp_path, "- {type: image, id: one, image: a.jpg, duration: 2}\n"
                                  "- {type: image, id: two, image: b.jpg, duration: 2}\n")
    for name in ("a.jpg", "b.jpg"):
        (folder / name).write_bytes(data)
    deck = load_deck(folder).deck
    (folder / "b.jpg").write_bytes(data[:int(len(data) * 0.3)])  # copied badly afterwards
    seen: list[int] = []
    player.slide_changed.connect(seen.append)
    with caplog.at_level(logging.WARNING):
        player.set_deck(deck)
        qtbot.waitUntil(lambda: len(seen) >= 3, timeout=5000)
    assert 1 not in seen  # the damaged slide never shows
    skipped = [r.getMessage() for r in caplog.records if "(two) skipped" in r.getMessage()]
    assert skipped and "b.jpg" in skipped[0] and "cut short" in skipped[0]
    player.wait_for_workers()


def test_an_address_too_long_for_a_qr_code_is_an_error(kiosk_app, tmp_path: Path) -> None:
    long = "https://mission.org/" + "a" * 3000
    folder = write_deck(tmp_path, "- {type: title, id: hi, heading: Hi}\n"
                                  "- {type: call_to_action, id: qr, heading: Go, url: "
                                  f"'{long}'}}\n"
                                  "- {type: call_to_action, id: dense, heading: Go, url: "
                                  f"'https://mission.org/{'b' * 400}'}}\n")
    result = load_deck(folder)
    errors = [str(p) for p in result.errors]
    assert len(errors) == 1 and "too long for a QR code" in errors[0]
    assert f":{line_of(folder, 'id: qr')}:" in errors[0]
    assert any("hard to scan" in str(w) for w in result.warnings)
    from kiosk.cli import main

    assert main(["render", "--content", str(folder), "--out", str(tmp_path / "png"),
                 "--size", "480x270"]) == 0  # no crash, the other slides drawn
    assert len(list((tmp_path / "png").glob("*.png"))) == 2


def test_validate_decodes_every_picture_and_reports_damage_inside(
        kiosk_app, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QColor, QImage, QPainter

    from kiosk.cli import main

    picture = QImage(1600, 1200, QImage.Format.Format_RGB32)
    painter = QPainter(picture)
    for i in range(120):  # detail, so that the scan data is long
        painter.fillRect((i * 37) % 1550, (i * 53) % 1150, 50, 50,
                         QColor((i * 40) % 256, (i * 90) % 256, (i * 150) % 256))
    painter.end()
    raw = QByteArray()
    buffer = QBuffer(raw)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    picture.save(buffer, "JPEG", 90)
    data = bytearray(bytes(raw))
    middle = (data.rfind(b"\xff\xda") + len(data)) // 2
    for k in range(0, 400, 7):  # restart markers where none belong: damage inside the scan
        data[middle + k:middle + k + 2] = b"\xff\xd3"
    folder = write_deck(tmp_path, "- {type: image, id: smeared, image: smeared.jpg}\n")
    (folder / "smeared.jpg").write_bytes(bytes(data))
    assert inspect_image(bytes(data)).problem == ""  # whole as a file: only decoding tells
    assert main(["validate", str(folder)]) == 0  # a warning: it still shows, smeared
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if "decoder reports" in x)
    assert f":{line_of(folder, 'smeared.jpg')}:" in line and "smeared.jpg" in line


# ---------------------------------------------------------------- devices and pipes
FORM = """\
title: {title}
thank_you: Thank you
fields:
  - {{key: message, label: Your message, type: long_text, required: true}}
"""


def release(pipe: Path) -> None:
    """Let go of a reader waiting on the named pipe ``pipe`` (it reads the end at once), so
    that a test that failed leaves no worker blocked for ever."""
    with contextlib.suppress(OSError):  # no reader waits
        os.close(os.open(pipe, os.O_WRONLY | os.O_NONBLOCK))


@pytest.mark.skipif(os.name != "posix", reason="named pipes: POSIX")
def test_live_reload_names_a_form_that_became_a_pipe_and_takes_the_next_good_one(
        kiosk_app, qtbot, tmp_path: Path) -> None:
    """Each change arrives whole (made beside the folder, renamed in): one reload each. The
    pipe is named, the last good slides keep playing, and the reloads go on."""
    folder = write_deck(tmp_path / "deck", "- {type: title, id: hello, heading: Hello}\n")
    form = folder / "form.yaml"
    form.write_text(FORM.format(title="First"))
    player, control, runner, first = live_kiosk(qtbot, folder)
    assert first.form.title == {"en": "First"}
    os.mkfifo(tmp_path / "pipe")
    try:
        with qtbot.waitSignal(control.refused, timeout=5000) as refused:
            os.replace(tmp_path / "pipe", form)
        assert [str(p) for p in refused.args[0].errors] == [
            f"{form}:1:1: error: form.yaml is not a regular file (a named pipe or a link to "
            "one): not read", f"{form}:1:1: error: form.yaml has 1 error(s): visitors get the "
            "kiosk's plain message form until they are fixed"]
        assert player.deck is first
        (tmp_path / "good.yaml").write_text(FORM.format(title="Second"))
        with qtbot.waitSignal(control.applied, timeout=5000) as applied:
            os.replace(tmp_path / "good.yaml", form)
        assert applied.args[0].form.title == {"en": "Second"} and player.deck is applied.args[0]
    finally:
        release(form)
        runner.wait(2000)
        player.wait_for_workers()


@pytest.mark.skipif(os.name != "posix", reason="links, pipes and devices: POSIX")
@pytest.mark.parametrize(("name", "make"), [
    ("deck.yaml", link_to_dev_zero), ("form.yaml", link_to_dev_zero), ("form.yaml", named_pipe),
    pytest.param("form.yaml", device_node, marks=as_root)])
def test_validate_names_a_content_file_that_is_no_regular_file(
        tmp_path: Path, name: str, make: Callable[[Path], str]) -> None:
    """`kiosk validate` (kiosk.cli.main) in a child with a deadline and a memory cap."""
    folder = write_deck(tmp_path / "deck", "- {type: title, id: hello, heading: Hello}\n")
    (folder / name).unlink(missing_ok=True)
    what = make(folder / name)
    done = run_bounded("-c", "import sys\nfrom kiosk.cli import main\n"
                       "sys.exit(main(['validate', sys.argv[1]]))", str(folder))
    assert done.returncode == 1 and "Traceback" not in done.stdout + done.stderr, done.stderr
    errors = [line for line in done.stdout.splitlines() if ": error: " in line]
    plain = [] if name == "deck.yaml" else [  # the plain form stands in, and it is said
        f"{folder / name}:1:1: error: form.yaml has 1 error(s): visitors get the kiosk's plain "
        "message form until they are fixed"]
    assert errors == [f"{folder / name}:1:1: error: {name} is not a regular file ({what} or a "
                      "link to one): not read", *plain], done.stdout
    playable = 0 if name == "deck.yaml" else 1
    assert done.stdout.splitlines()[-1].startswith(f"{folder}: {playable} slide(s) playable, "
                                                   f"{1 + len(plain)} error(s)")
