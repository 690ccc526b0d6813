"""Decoding photos straight to the size they are shown at (safe to call off the GUI thread)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QSize
from PySide6.QtGui import QImage, QImageIOHandler, QImageReader

from kiosk.content.images import inspect_image, read_image
from kiosk.content.safe_read import Refused


class ImageError(Exception):
    """An image that cannot be shown (gone, unreadable, not an image)."""


def _oriented_size(reader: QImageReader) -> QSize:
    size = reader.size()
    if reader.transformation() & QImageIOHandler.Transformation.TransformationRotate90:
        size.transpose()
    return size


def decode(path: Path, target: QSize, mode: str = "fill",
           focus: tuple[float, float] = (0.5, 0.5)) -> QImage:
    """The image at ``path``, EXIF orientation applied, scaled to cover (``fill``, cropped around
    ``focus``) or to fit inside (``fit``) ``target``. The decoder does the scaling, so a
    24-megapixel photo never exists at full size in memory. A file cut short or claiming a
    huge picture raises ImageError naming the file (Qt would show it half grey)."""
    try:
        data = read_image(path)  # a file swapped for a pipe never holds a worker
    except Refused as exc:
        raise ImageError(exc.naming(path.name)) from exc
    except OSError as exc:
        raise ImageError(f"{path.name}: {exc.strerror or exc}") from exc
    facts = inspect_image(data)
    if facts.kind is None or facts.problem:
        raise ImageError(f"{path.name}: {facts.problem}")
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer, facts.kind.encode())
    reader.setAutoTransform(True)
    size = _oriented_size(reader)
    if not size.isValid() or size.isEmpty():
        raise ImageError(f"{path.name}: {reader.errorString()}")
    sx, sy = target.width() / size.width(), target.height() / size.height()
    scale = max(sx, sy) if mode == "fill" else min(sx, sy)
    scaled = QSize(max(1, round(size.width() * scale)), max(1, round(size.height() * scale)))
    decode_size = scaled.transposed() if size != reader.size() else scaled
    if decode_size != reader.size():  # a photo already at the screen's size is read as it is
        reader.setScaledSize(decode_size)
    image = reader.read()
    if image.isNull():
        raise ImageError(f"{path.name}: {reader.errorString()}")
    if mode != "fill" or image.size() == target:  # nothing to crop: no copy of it either
        return image
    x = round((image.width() - target.width()) * focus[0])
    y = round((image.height() - target.height()) * focus[1])
    x = min(max(0, x), max(0, image.width() - target.width()))
    y = min(max(0, y), max(0, image.height() - target.height()))
    return image.copy(QRect(x, y, target.width(), target.height()))


#: What paints a photo asks for it with: :func:`decode`, or a :class:`DecodeCache`.
Decoder = Callable[[Path, QSize, str, tuple[float, float]], QImage]


class DecodeCache:
    """:func:`decode` that keeps what it decoded, by file (its time and size too) and the
    size asked for, up to ``limit_mb``: painting the same photo again (the studio, at each
    keystroke) costs a copy, not a decode. Safe to share between workers."""

    def __init__(self, limit_mb: float = 200) -> None:
        self._limit, self._used = int(limit_mb * 2**20), 0
        self._kept: OrderedDict[tuple[object, ...], QImage] = OrderedDict()
        self._lock = threading.Lock()

    def __call__(self, path: Path, target: QSize, mode: str = "fill",
                 focus: tuple[float, float] = (0.5, 0.5)) -> QImage:
        try:
            stat = path.stat()
        except OSError:
            return decode(path, target, mode, focus)  # (which says why in its own words)
        key = (str(path), stat.st_mtime_ns, stat.st_size, target.width(), target.height(),
               mode, tuple(focus))
        with self._lock:
            kept = self._kept.get(key)
            if kept is not None:
                self._kept.move_to_end(key)
                return QImage(kept)  # shares the pixels; a painter on it copies them first
        image = decode(path, target, mode, focus)
        with self._lock:
            if key not in self._kept:
                self._kept[key] = QImage(image)
                self._used += image.sizeInBytes()
            while self._used > self._limit and self._kept:
                self._used -= self._kept.popitem(last=False)[1].sizeInBytes()
        return image
