"""Guards about the libraries under the kiosk: a Qt binding that breaks text layout (seen in
PySide6 6.12.0), and Qt modules pulled in that the kiosk never uses."""

import os
import subprocess
import sys

import pytest


def test_text_layout_survives_many_layouts() -> None:
    code = """
import os
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtGui import QFont, QGuiApplication, QTextLayout
app = QGuiApplication([])
layout = QTextLayout("kiosk", QFont())
for _ in range(20000):
    layout.beginLayout()
    layout.endLayout()
print("ok")
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0 and "ok" in done.stdout, done.stderr[-400:]


def test_icons_come_without_qt_opengl() -> None:
    """qtawesome's qtpy would load QtOpenGL (~20 ms, a few MB) that icons never use (an icon
    from another font than the kiosk's own still comes through qtawesome)."""
    code = ("import sys\nfrom kiosk.ui.app import application\napplication(headless=True)\n"
            "from kiosk.ui.common.icons import icon\n"
            "assert not icon('mdi6.home', '#ffffff').isNull()\n"
            "assert not icon('fa5s.home', '#ffffff').isNull()\n"
            "print('PySide6.QtOpenGL' in sys.modules, 'PySide6.QtOpenGLWidgets' in sys.modules)\n"
            "import PySide6.QtOpenGL\n")  # and whatever really needs it still gets it
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "False"]


def test_the_kiosk_with_its_visitor_side_loads_no_qtawesome_and_no_tls() -> None:
    """qtawesome costs ~14 MB (qtpy builds every QtGui and QtWidgets class) and TLS a few
    more: the kiosk's own icons are drawn from the font file, and sync is loaded only when a
    way out is set. The icons drawn are qtawesome's, pixel for pixel."""
    code = """
import sys, tempfile
from pathlib import Path
from kiosk.platform import paths
from kiosk.setup.config import Settings
from kiosk.content import load_deck
from kiosk.ui.app import application
from kiosk.ui.compose import build_kiosk
app = application(headless=True)
kiosk = build_kiosk(Settings(), Path(tempfile.mkdtemp()), kiosk_mode=False)
kiosk.player.set_deck(load_deck(paths.bundled_content_dir()).deck)
kiosk.window.resize(1920, 1080)
kiosk.window.show()
for layer in (kiosk.window.controls, kiosk.window.chapters, kiosk.window.form,
              kiosk.window.pin_pad, kiosk.window.staff):
    layer.show()
    layer.grab()
print("qtawesome" in sys.modules, "ssl" in sys.modules)
from kiosk.ui.common.icons import icon
import qtawesome
from PySide6.QtGui import QIcon
for name in ("mdi6.gesture-tap", "mdi6.send", "mdi6.chevron-left"):
    for side in (24, 96):
        for mode in (QIcon.Mode.Normal, QIcon.Mode.Active, QIcon.Mode.Disabled):
            ours = icon(name, "#e3a94f", color_active="#123456").pixmap(side, side, mode)
            theirs = qtawesome.icon(name, color="#e3a94f", color_active="#123456").pixmap(
                side, side, mode)
            assert ours.toImage() == theirs.toImage(), (name, side, mode)
kiosk.close()
print("same")
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, timeout=60)
    assert done.returncode == 0, done.stderr[-800:]
    assert done.stdout.split() == ["False", "False", "same"]


def test_an_unknown_icon_of_the_kiosk_s_font_falls_back_in_the_chapter_menu(  # type: ignore[no-untyped-def]
        kiosk_app, caplog) -> None:
    from kiosk.ui.common.icons import icon
    from kiosk.ui.journey.chapter_menu import _icon

    with pytest.raises(KeyError):
        icon("mdi6.no-such-icon", "#ffffff")
    assert not _icon("mdi6.no-such-icon", "#ffffff").isNull()
    assert "unknown chapter icon 'mdi6.no-such-icon'" in caplog.text


def test_the_way_to_the_first_slide_imports_only_what_draws_it(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Every module costs milliseconds before the first slide: the visitor's side, the
    store, analytics, sync, QR codes and the standard library's heavier modules come after
    it (the log file and the signal wake-up do without logging.handlers and socket). No
    garbage collection runs on the way either, and no module's source is read."""
    code = """
import gc, linecache, sys
passes = []  # collections once the kiosk itself is on its way (its settings need yaml)
gc.callbacks.append(lambda phase, _info: phase == "start" and "yaml" in sys.modules
                    and passes.append(1))
class Out:  # what is loaded when the kiosk says its first slide is on screen
    def __init__(self, out):
        self.out = out
    def write(self, text):
        if text.startswith("first-frame"):
            read = [name for name in linecache.cache if "kiosk" in name]
            self.out.write(" ".join([str(len(passes)), str(len(read)), *sorted(sys.modules)])
                           + "\\n")
        return len(text)
    def flush(self):
        self.out.flush()
sys.stdout = Out(sys.stdout)
from kiosk.cli import main
sys.exit(main(["--windowed"]))
"""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KIOSK_FIRST_FRAME_PROBE": "1",
           "KIOSK_DATA_DIR": str(tmp_path / "data"), "KIOSK_CONFIG": str(tmp_path / "k.yaml"),
           "KIOSK_LOG_DIR": str(tmp_path / "logs")}
    env.pop("KIOSK_CONTENT", None)  # the bundled deck
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, timeout=120)
    assert done.returncode == 0, done.stderr[-800:]
    passes, read, *names = done.stdout.split()
    assert passes == "0"  # no collection scanned the start-up's many new objects
    assert read == "0"  # PySide6's import hook, which reads every module's source, was gone
    loaded = set(names)
    assert "kiosk.ui.player.player" in loaded  # (the first slide was on screen)
    later = {"logging.handlers", "socket", "pickle", "difflib", "sqlite3", "ssl", "uuid",
             "qtawesome", "segno", "kiosk.messages.xlsx", "kiosk.messages.store", "kiosk.analytics",
             "kiosk.sync", "kiosk.ui.form", "kiosk.ui.staff", "kiosk.ui.journey.controls"}
    assert loaded & later == set()
    assert (tmp_path / "logs" / "kiosk.log").is_file()
