"""Photos: decoded to screen size, camera rotation honoured."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QImage

from kiosk.ui.common.images import ImageError, decode


def _two_colour_photo(path: Path, rotate: bool) -> None:
    """A wide photo, left red and right blue; with ``rotate`` its EXIF says 'turn 90 degrees'."""
    image = QImage(400, 200, QImage.Format.Format_RGB32)
    image.fill(QColor("red"))
    for x in range(200, 400):
        for y in range(200):
            image.setPixelColor(x, y, QColor("blue"))
    assert image.save(str(path), "JPG", 95)
    if rotate:  # insert an EXIF block right after the JPEG's start marker: Orientation = 6
        tiff = b"MM\x00\x2a" + struct.pack(">I", 8) + struct.pack(">H", 1)
        tiff += struct.pack(">HHIHH", 0x0112, 3, 1, 6, 0) + struct.pack(">I", 0)
        app1 = b"Exif\x00\x00" + tiff
        data = path.read_bytes()
        path.write_bytes(data[:2] + b"\xff\xe1" + struct.pack(">H", len(app1) + 2) + app1
                         + data[2:])


def test_exif_rotation_is_honoured(kiosk_app, tmp_path: Path) -> None:
    path = tmp_path / "turned.jpg"
    _two_colour_photo(path, rotate=True)
    assert b"Exif" in path.read_bytes()[:40]
    image = decode(path, QSize(100, 100), "fit")
    assert image.width() < image.height()  # shown upright: tall, not wide
    middle = image.width() // 2
    top = QColor(image.pixel(middle, 10))
    bottom = QColor(image.pixel(middle, image.height() - 10))
    assert top.red() > 150 and bottom.blue() > 150  # rotated clockwise: left went to the top


def test_fill_crops_around_the_focus(kiosk_app, tmp_path: Path) -> None:
    path = tmp_path / "wide.jpg"
    _two_colour_photo(path, rotate=False)
    left = decode(path, QSize(100, 100), "fill", (0.0, 0.5))
    right = decode(path, QSize(100, 100), "fill", (1.0, 0.5))
    assert left.size() == right.size() == QSize(100, 100)
    assert QColor(left.pixel(50, 50)).red() > 150 and QColor(right.pixel(50, 50)).blue() > 150


def test_a_photo_already_the_size_it_fills_is_not_copied(kiosk_app, tmp_path: Path,
                                                        monkeypatch) -> None:
    """A photo made for the screen (the usual case) is decoded once, not decoded and then
    copied whole for a crop that takes nothing away (8 MB and a few ms a slide at 1080p)."""
    path = tmp_path / "screen.jpg"
    _two_colour_photo(path, rotate=False)
    crops: list[object] = []
    real_copy = QImage.copy
    monkeypatch.setattr(QImage, "copy", lambda self, *a: crops.append(a) or real_copy(self, *a))
    image = decode(path, QSize(400, 200), "fill")
    assert image.size() == QSize(400, 200) and not crops
    decode(path, QSize(100, 100), "fill")  # a real crop still happens
    assert crops


@pytest.mark.qt_log_ignore("Unsupported marker", "Corrupt JPEG", "Premature end")
def test_a_broken_file_raises_a_clear_error(kiosk_app, tmp_path: Path) -> None:
    path = tmp_path / "broken.jpg"
    path.write_bytes(b"\xff\xd8\xff not really")
    with pytest.raises(ImageError, match=r"broken\.jpg"):
        decode(path, QSize(100, 100))
