"""The decks and phone photos the studio's benchmark works on (``kiosk.studio.bench``): a few
distinct photos drawn with shapes and grain, so that their JPEGs are as large as a phone's,
copied to make many files; decks in English and Khmer that name them."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QBrush, QColor, QImage, QLinearGradient, QPainter, QPixmap

#: A phone's photo: 12 megapixels, 2 to 5 MB as a JPEG.
PHONE = QSize(4000, 3000)

HEAD = """\
title: {en: "A season of clean water", km: "អណ្តូងទឹកសម្រាប់ភូមិ"}
languages: [en, km]
duration: 8
transition: slide
transition_seconds: 0.5
"""

EN_BODY = ("In many villages people walk for kilometres each day to find clean water for "
           "drinking and cooking, and many girls miss school because of it.")
KM_BODY = ("ក្នុងភូមិជាច្រើនប្រជាជនត្រូវដើរឆ្ងាយរាប់គីឡូម៉ែត្ររៀងរាល់ថ្ងៃដើម្បីរកទឹកស្អាត"
           "សម្រាប់ផឹកនិងចម្អិនអាហារ ហើយកុមារីជាច្រើនមិនបានទៅសាលារៀនដោយសារតែការងារនេះ")
EN_CAPTION = "The new well in the village, the morning it opened"
KM_CAPTION = "អណ្តូងថ្មីនៅក្នុងភូមិ នៅព្រឹកដែលវាបានបើក"


def draw_photo(path: Path, size: QSize, seed: int) -> Path:
    """A photo-like JPEG: a sky-to-ground gradient, shapes, and grain over all of it (the
    grain is what makes a phone's JPEG large)."""
    rng = random.Random(seed)
    image = QImage(size, QImage.Format.Format_RGB32)
    gradient = QLinearGradient(0, 0, 0, size.height())
    gradient.setColorAt(0, QColor.fromHsv(rng.randrange(360), 90, 230))
    gradient.setColorAt(1, QColor.fromHsv(rng.randrange(360), 160, 90))
    painter = QPainter(image)
    painter.fillRect(image.rect(), QBrush(gradient))
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    width, height = size.width(), size.height()
    for _ in range(400):
        painter.setOpacity(rng.uniform(0.2, 0.9))
        painter.setPen(QColor.fromHsv(rng.randrange(360), rng.randrange(40, 200), 120))
        painter.setBrush(QColor.fromHsv(rng.randrange(360), rng.randrange(40, 200),
                                        rng.randrange(60, 250)))
        shape = QRectF(rng.uniform(0, width), rng.uniform(0, height),
                       rng.uniform(width / 200, width / 6), rng.uniform(height / 200, height / 6))
        if rng.random() < 0.5:
            painter.drawEllipse(shape)
        else:
            painter.drawRect(shape)
    grain = QImage(rng.randbytes(256 * 256 * 4), 256, 256, QImage.Format.Format_RGB32).copy()
    painter.setOpacity(rng.uniform(0.06, 0.13))
    painter.drawTiledPixmap(image.rect(), QPixmap.fromImage(grain))
    painter.end()
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(str(path), "JPG", 90)  # type: ignore[call-overload]  # stubs: bytes
    return path


def distinct_photos(folder: Path, count: int, size: QSize) -> list[Path]:
    """``count`` different photos in ``folder``."""
    return [draw_photo(folder / f"distinct-{i}.jpg", size, seed=i) for i in range(count)]


def copies(photos: list[Path], folder: Path, names: list[str]) -> list[Path]:
    """Each of ``names`` in ``folder``: a copy of one of ``photos``, in turn."""
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for i, name in enumerate(names):
        made.append(folder / name)
        shutil.copyfile(photos[i % len(photos)], made[-1])
    return made


def _text_slide(number: int) -> str:
    return (f"- type: text\n  id: words-{number}\n"
            f"  heading: {{en: \"Water, day {number}\", km: \"ទឹក ថ្ងៃទី {number}\"}}\n"
            f"  body: {{en: \"{EN_BODY}\", km: \"{KM_BODY}\"}}\n")


def _photo_slide(number: int, image: str) -> str:
    return (f"- type: image\n  id: photo-{number}\n  image: {image}\n"
            f"  caption: {{en: \"{EN_CAPTION}\", km: \"{KM_CAPTION}\"}}\n"
            f"  credit: {{en: \"Photo: the village team\", km: \"រូបថត៖ ក្រុមភូមិ\"}}\n")


def _write(folder: Path, slides: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "deck.yaml").write_text(HEAD + "slides:\n" + "".join(slides), encoding="utf-8")
    return folder


def mixed_deck(folder: Path, count: int, photos: list[Path]) -> Path:
    """``count`` slides, text and photo by turns (a text slide first), each photo slide with
    its own file in images/."""
    slides, names = [], []
    for number in range(1, count + 1):
        if number % 2:
            slides.append(_text_slide(number))
        else:
            names.append(f"photo-{number}.jpg")
            slides.append(_photo_slide(number, f"images/{names[-1]}"))
    copies(photos, folder / "images", names)
    return _write(folder, slides)


def photo_deck(folder: Path, count: int, photos: list[Path]) -> Path:
    """``count`` photo slides, each with a photo for English and another for Khmer."""
    slides, names = [], []
    for number in range(1, count + 1):
        names += [f"photo-{number}-en.jpg", f"photo-{number}-km.jpg"]
        slides.append(_photo_slide(number, f"{{en: images/{names[-2]}, km: images/{names[-1]}}}"))
    copies(photos, folder / "images", names)
    return _write(folder, slides)
