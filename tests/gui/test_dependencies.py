"""Guards about the libraries under the kiosk: a Qt binding that breaks text layout (seen in
PySide6 6.12.0), and Qt modules pulled in that the kiosk never uses."""

import os
import subprocess
import sys


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
    """qtawesome's qtpy would load QtOpenGL (~20 ms, a few MB) that icons never use."""
    code = ("import sys\nfrom kiosk.ui.app import application\napplication(headless=True)\n"
            "from kiosk.ui.common.icons import icon\n"
            "assert not icon('mdi6.home', '#ffffff').isNull()\n"
            "print('PySide6.QtOpenGL' in sys.modules, 'PySide6.QtOpenGLWidgets' in sys.modules)\n"
            "import PySide6.QtOpenGL\n")  # and whatever really needs it still gets it
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "False"]
