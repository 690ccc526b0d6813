"""The two computers of the journey (each a home folder of its own, the download unpacked
into it, programs started from its menu) and the files a volunteer brings to them: three
photos and a presentation saved as PDF, drawn here with Qt."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from atspi import JourneyError
from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QLinearGradient,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
)


@dataclass
class PC:
    """One computer: a home folder of its own (settings, data, menu) and the download
    unpacked into it."""

    home: Path
    env: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.config = self.home / ".config"
        self.data = self.home / ".local" / "share"
        self.folder = self.home / "kiosk"

    def set_up(self, desktop: dict[str, str], stick: Path) -> None:
        self.env = {**desktop, "HOME": str(self.home), "XDG_CONFIG_HOME": str(self.config),
                    "XDG_DATA_HOME": str(self.data),
                    "XDG_CACHE_HOME": str(self.home / ".cache"),
                    "XDG_STATE_HOME": str(self.home / ".local" / "state"),
                    "KIOSK_STICK_FOLDERS": str(stick), "QT_QPA_PLATFORM": "xcb"}
        for folder in (self.config, self.data, self.home / "Documents"):
            folder.mkdir(parents=True, exist_ok=True)

    def unpack(self, dist: Path) -> None:
        """The download, unpacked into the home folder (or the built folder copied)."""
        archives = sorted(dist.glob("awareness-kiosk-*.tar.gz"))
        if archives:
            shutil.unpack_archive(archives[-1], self.home, filter="data")
        else:
            shutil.copytree(dist / "kiosk", self.folder, symlinks=True)

    def add_to_menu(self) -> str:
        """What a double-click on "Add to menu.sh" runs."""
        done = subprocess.run([str(self.folder / "Add to menu.sh")], env=self.env,
                              capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            raise JourneyError(f"Add to menu failed: {done.stdout}{done.stderr}")
        return done.stdout.strip()

    def launch(self, entry: str) -> None:
        """Start a program from its menu entry."""
        if not (self.data / "applications" / f"{entry}.desktop").is_file():
            raise JourneyError(f"no menu entry {entry}.desktop")
        with (self.home / f"{entry}.log").open("ab") as log:  # (the program's output too)
            subprocess.run(["gtk-launch", entry], env=self.env, check=True, timeout=60,
                           stdout=log, stderr=log)



def make_files(folder: Path) -> tuple[list[Path], Path]:
    """Three photos (JPEG) and a four-page presentation (PDF), drawn here with Qt."""
    folder.mkdir(parents=True, exist_ok=True)
    photos = [_photo(folder / f"{name}.jpg", top, bottom)
              for name, top, bottom in (("river-at-dawn", "#f3c27a", "#2f5d7c"),
                                        ("market-stall", "#d9694a", "#3b2a4a"),
                                        ("lotus-pond", "#9fd3a6", "#1f4f3a"))]
    return photos, _presentation(folder / "our-work.pdf")


def _photo(path: Path, top: str, bottom: str) -> Path:
    """A 1920x1280 stand-in photo: a sky's gradient, its name across it."""
    image = QImage(1920, 1280, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    gradient = QLinearGradient(0, 0, 0, 1280)
    gradient.setColorAt(0, QColor(top))
    gradient.setColorAt(1, QColor(bottom))
    painter.fillRect(image.rect(), gradient)
    painter.setPen(QColor("white"))
    painter.setFont(QFont("DejaVu Sans", 90, QFont.Weight.Bold))
    painter.drawText(image.rect(), Qt.AlignmentFlag.AlignCenter,
                     path.stem.replace("-", " ").capitalize())
    painter.end()
    image.save(str(path), quality=90)  # (JPEG, from the name)
    return path


def _presentation(path: Path) -> Path:
    """Four landscape A4 pages, as a presentation saved as PDF."""
    writer = QPdfWriter(str(path))
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                                     QPageLayout.Orientation.Landscape, QMarginsF(0, 0, 0, 0)))
    painter = QPainter(writer)
    pages = (("Who we are", "#1f3b57"), ("What we do", "#6a2c2c"),
             ("Who we serve", "#2c5a3a"), ("How to help", "#4a3b6b"))
    for number, (words, colour) in enumerate(pages, 1):
        if number > 1:
            writer.newPage()
        area = QRectF(painter.viewport())
        painter.fillRect(area, QColor(colour))
        painter.setPen(QColor("white"))
        painter.setFont(QFont("DejaVu Sans", 40, QFont.Weight.Bold))
        painter.drawText(area, Qt.AlignmentFlag.AlignCenter,
                         f"Our work, page {number} of {len(pages)}\n{words}")
    painter.end()
    return path
