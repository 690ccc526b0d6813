"""What an image file is, how big, and whether it is whole, read from its bytes (no decoding,
no Qt): the same facts for `kiosk validate` and for the player before it decodes."""

from __future__ import annotations

import os
import struct
from dataclasses import dataclass
from pathlib import Path

from kiosk.content.safe_read import TooLarge, open_regular, read_capped, read_rest

_SIGNATURES = (
    (b"\xff\xd8\xff", "jpeg"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"BM", "bmp"),
)

#: More pixels than this is refused: a small file can claim a huge picture ("decompression
#: bomb"), and decoding it would take gigabytes.
MAX_PIXELS = 100_000_000

#: A larger file is no photo a booth shows (a 100-megapixel JPEG is some 50 MB); nothing
#: past this is ever read, whatever size the file states.
MAX_FILE_BYTES = 256_000_000

#: The start of a file read to find a JPEG's frame header (EXIF and its thumbnail included).
HEAD_BYTES = 256 * 1024
_JPEG_END = b"\xff\xd9"


def sniff_image(head: bytes) -> str | None:
    """The image format the bytes start with, or None if they are not an image we show."""
    for signature, name in _SIGNATURES:
        if head.startswith(signature):
            return name
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    return None


@dataclass(frozen=True)
class ImageFacts:
    kind: str | None  # jpeg, png, gif, bmp, webp; None: not an image we show
    width: int = 0  # 0 when the header does not say
    height: int = 0
    problem: str = ""  # why it cannot be shown (cut short, too large); empty when fine

    @property
    def pixels(self) -> int:
        return self.width * self.height


def inspect_image(data: bytes) -> ImageFacts:
    """The facts about a whole image file's bytes."""
    kind = sniff_image(data[:16])
    if kind is None:
        return ImageFacts(None, problem="not an image (JPEG, PNG, WebP, GIF or BMP)")
    reader = {"jpeg": _jpeg, "png": _png, "gif": _gif, "bmp": _bmp, "webp": _webp}[kind]
    try:
        width, height, whole = reader(data)
    except (struct.error, IndexError, ValueError):
        width, height, whole = 0, 0, False
    return _facts(kind, width, height, whole)


def _facts(kind: str, width: int, height: int, whole: bool) -> ImageFacts:
    problem = ""
    if not whole:
        problem = (f"the {kind.upper()} file is cut short or damaged (it ends before the "
                   "picture does): copy it again from the original")
    elif width * height > MAX_PIXELS:
        problem = (f"the picture is {width}x{height} pixels ({width * height / 1e6:.0f} "
                   f"megapixels): too large to show; use one of at most "
                   f"{MAX_PIXELS // 1_000_000} megapixels")
    return ImageFacts(kind, width, height, problem)


def inspect_file(file: Path) -> ImageFacts:
    """:func:`inspect_image` of a file. A JPEG that ends with its end marker, after a scan
    begun in its head, is settled by those two ends without reading the picture between
    (a deck's photos are checked before its first slide shows); any other, in full. Only a
    regular file of at most MAX_FILE_BYTES is read (see :func:`read_image`)."""
    with open_regular(file) as stream:
        stated = os.fstat(stream.fileno()).st_size
        if stated > MAX_FILE_BYTES:
            raise TooLarge(file, MAX_FILE_BYTES, stated)
        head = stream.read(HEAD_BYTES)
        if len(head) == HEAD_BYTES and sniff_image(head[:16]) == "jpeg":
            try:
                width, height, scan = _jpeg_frame(head)
            except (struct.error, IndexError, ValueError):
                width = height = scan = 0  # a damaged header: the full reading says so
            stream.seek(-len(_JPEG_END), os.SEEK_END)
            if width and scan and stream.read() == _JPEG_END:
                return _facts("jpeg", width, height, whole=True)
            stream.seek(len(head))
        rest = read_rest(stream, file, MAX_FILE_BYTES - len(head), stated + 1 - len(head))
        return inspect_image(head + rest)


def read_image(file: Path) -> bytes:
    """The bytes of an image file: :class:`NotRegular` for a device, a pipe or a folder
    (never waited on), :class:`TooLarge` past MAX_FILE_BYTES (never read further)."""
    return read_capped(file, MAX_FILE_BYTES)


def _jpeg_frame(data: bytes) -> tuple[int, int, int]:
    """Size from the frame header, and where the first scan starts (0: not seen)."""
    width = height = 0
    pos = 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            break
        marker = data[pos + 1]
        if marker == 0xFF:
            pos += 1
            continue
        if marker == 0xDA:  # start of scan: the frame header has been seen
            return width, height, pos
        length = struct.unpack(">H", data[pos + 2:pos + 4])[0]
        if marker in (0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD,
                      0xCE, 0xCF):
            height, width = struct.unpack(">HH", data[pos + 5:pos + 9])
        pos += 2 + length
    return width, height, 0


def _jpeg(data: bytes) -> tuple[int, int, bool]:
    """Size from the frame header; whole if an end marker follows the last scan (inside scan
    data 0xFF is always followed by 0x00 or a restart marker, so neither can hide there):
    at once when the file ends with it, else found by searching."""
    width, height, scan = _jpeg_frame(data)
    if width and scan and len(data) > scan + 2 and data.endswith(_JPEG_END):
        return width, height, True
    last_scan = data.rfind(b"\xff\xda")
    whole = width > 0 and last_scan > 0 and data.find(_JPEG_END, last_scan) > 0
    return width, height, whole


def _png(data: bytes) -> tuple[int, int, bool]:
    """Size from IHDR; whole if the chunks run, each complete, to IEND."""
    width, height = struct.unpack(">II", data[16:24])
    pos = 8
    while pos + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        pos += 12 + length
        if kind == b"IEND":
            return width, height, pos <= len(data)
    return width, height, False


def _gif(data: bytes) -> tuple[int, int, bool]:
    width, height = struct.unpack("<HH", data[6:10])
    return width, height, data.rstrip(b"\x00").endswith(b"\x3b")


def _bmp(data: bytes) -> tuple[int, int, bool]:
    size, = struct.unpack("<I", data[2:6])
    offset, = struct.unpack("<I", data[10:14])
    header, = struct.unpack("<I", data[14:18])
    if header == 12:
        width, height = struct.unpack("<HH", data[18:22])
    else:
        width, height = struct.unpack("<ii", data[18:26])
    return abs(width), abs(height), len(data) >= max(size, offset + 1)


def _webp(data: bytes) -> tuple[int, int, bool]:
    riff_size, = struct.unpack("<I", data[4:8])
    chunk = data[12:16]
    if chunk == b"VP8X":
        width = 1 + int.from_bytes(data[24:27], "little")
        height = 1 + int.from_bytes(data[27:30], "little")
    elif chunk == b"VP8L":
        bits = int.from_bytes(data[21:25], "little")
        width, height = 1 + (bits & 0x3FFF), 1 + ((bits >> 14) & 0x3FFF)
    else:  # VP8: a key frame's header
        width, height = struct.unpack("<HH", data[26:30])
        width, height = width & 0x3FFF, height & 0x3FFF
    return width, height, len(data) >= 8 + riff_size
