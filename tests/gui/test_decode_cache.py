"""The studio's photo cache: a photo painted again is not decoded again, a changed file is,
a picture painted on does not change what is kept, and it keeps no more than its limit."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QImage, QPainter

from kiosk.ui.common import images
from kiosk.ui.common.images import DecodeCache, ImageError


def _photo(path: Path, colour: str) -> Path:
    image = QImage(QSize(400, 300), QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    image.save(str(path), "PNG")
    return path


@pytest.fixture
def decodes(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    seen: list[Path] = []
    real = images.decode

    def counting(path: Path, *args: object) -> QImage:
        seen.append(path)
        return real(path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(images, "decode", counting)
    return seen


def test_a_photo_is_decoded_once_per_size(kiosk_app, tmp_path: Path, decodes: list[Path]) -> None:
    photo = _photo(tmp_path / "a.png", "#336699")
    cache = DecodeCache()
    first = cache(photo, QSize(200, 150), "fill", (0.5, 0.5))
    again = cache(photo, QSize(200, 150), "fill", (0.5, 0.5))
    assert first == again and len(decodes) == 1
    cache(photo, QSize(100, 75), "fill", (0.5, 0.5))
    cache(photo, QSize(200, 150), "fit", (0.5, 0.5))
    assert len(decodes) == 3


def test_a_changed_file_is_decoded_anew(kiosk_app, tmp_path: Path, decodes: list[Path]) -> None:
    photo = _photo(tmp_path / "a.png", "#336699")
    cache = DecodeCache()
    cache(photo, QSize(200, 150), "fill", (0.5, 0.5))
    _photo(photo, "#993300")
    stat = photo.stat()
    os.utime(photo, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    image = cache(photo, QSize(200, 150), "fill", (0.5, 0.5))
    assert image.pixelColor(10, 10) == QColor("#993300") and len(decodes) == 2


def test_painting_on_a_kept_picture_leaves_the_kept_one_alone(kiosk_app, tmp_path: Path) -> None:
    photo = _photo(tmp_path / "a.png", "#336699")
    cache = DecodeCache()
    image = cache(photo, QSize(200, 150), "fill", (0.5, 0.5))
    painter = QPainter(image)
    painter.fillRect(0, 0, 200, 150, QColor("#ffffff"))
    painter.end()
    assert cache(photo, QSize(200, 150), "fill", (0.5, 0.5)).pixelColor(5, 5) == QColor(
        "#336699")


def test_it_keeps_no_more_than_its_limit(kiosk_app, tmp_path: Path, decodes: list[Path]) -> None:
    cache = DecodeCache(limit_mb=1)  # 400x300 pictures are 0.46 MB: two fit
    photos = [_photo(tmp_path / f"{i}.png", "#336699") for i in range(3)]
    for photo in photos:
        cache(photo, QSize(400, 300), "fill", (0.5, 0.5))
    cache(photos[2], QSize(400, 300), "fill", (0.5, 0.5))
    assert len(decodes) == 3  # the newest is kept
    cache(photos[0], QSize(400, 300), "fill", (0.5, 0.5))
    assert len(decodes) == 4  # the oldest was let go


def test_a_missing_photo_says_so(kiosk_app, tmp_path: Path) -> None:
    with pytest.raises(ImageError):
        DecodeCache()(tmp_path / "gone.jpg", QSize(200, 150), "fill", (0.5, 0.5))
