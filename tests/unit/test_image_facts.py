"""Whether a photo is whole, settled from its two ends when it can be (no Qt)."""

from __future__ import annotations

import struct
from pathlib import Path
from typing import Any

import pytest

from kiosk.content.images import HEAD_BYTES, inspect_file, inspect_image

MB = 1024 * 1024


def jpeg(width: int, height: int, scan_bytes: int, tail: bytes = b"\xff\xd9") -> bytes:
    """The structure of a baseline JPEG (no real picture): headers, a scan, an end marker."""
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00" + bytes(9)
    frame = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + bytes(3)
    scan = b"\xff\xda" + struct.pack(">H", 8) + bytes(6)
    return b"\xff\xd8" + app0 + frame + scan + b"\x11" * scan_bytes + tail


class Counting:
    """A file that counts the bytes read from it."""

    def __init__(self, stream: Any, counts: list[int]) -> None:
        self.stream, self.counts = stream, counts

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self.counts.append(len(data))
        return data

    def seek(self, *args: int) -> int:
        return int(self.stream.seek(*args))

    def fileno(self) -> int:
        return int(self.stream.fileno())

    def __enter__(self) -> Counting:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stream.close()


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Bytes read from image files, read by read."""
    import kiosk.content.images as images

    counts: list[int] = []
    real_open = images.open_regular
    monkeypatch.setattr(images, "open_regular",
                        lambda path: Counting(real_open(path), counts))
    return counts


def test_a_whole_photo_is_settled_by_its_head_and_its_end(tmp_path: Path,
                                                          reads: list[int]) -> None:
    photo = tmp_path / "big.jpg"
    photo.write_bytes(jpeg(1920, 1080, 3 * MB))
    facts = inspect_file(photo)
    assert (facts.kind, facts.width, facts.height, facts.problem) == ("jpeg", 1920, 1080, "")
    assert sum(reads) <= HEAD_BYTES + 2  # not the 3 MB between


def test_a_photo_cut_short_is_still_found_out(tmp_path: Path, reads: list[int]) -> None:
    photo = tmp_path / "cut.jpg"
    photo.write_bytes(jpeg(1920, 1080, 3 * MB)[: 2 * MB])
    assert "cut short" in inspect_file(photo).problem
    assert sum(reads) >= 2 * MB  # read in full before saying so


def test_a_whole_photo_with_bytes_after_its_end_is_read_in_full_and_passes(
        tmp_path: Path, reads: list[int]) -> None:
    photo = tmp_path / "padded.jpg"
    photo.write_bytes(jpeg(800, 600, MB, tail=b"\xff\xd9" + bytes(64)))
    assert inspect_file(photo).problem == ""


@pytest.mark.parametrize("data", [
    jpeg(640, 480, 1000),  # smaller than the head: one read
    jpeg(640, 480, MB)[:-2],  # the end marker missing
    b"\xff\xd8\xff\xe0\x00",  # a header cut inside
])
def test_the_file_and_its_bytes_get_the_same_answer(tmp_path: Path, data: bytes) -> None:
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(data)
    assert inspect_file(photo) == inspect_image(data)
