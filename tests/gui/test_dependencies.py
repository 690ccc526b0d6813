"""Guards against a Qt binding that breaks text layout (seen in PySide6 6.12.0)."""

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
