"""Which mounted drives are USB sticks and memory cards.

The operating system is asked which drives are removable: Windows by each drive letter's
type, Linux by the disk behind each mount (``/sys/block/<disk>/removable``, or a disk on the
USB bus), macOS by the volumes under /Volumes other than the one it started from. A second
internal disk, a network share or a disk image is never offered as a stick, wherever it is
mounted. Every look-up goes through :class:`System`, so tests describe a machine instead of
needing one.
"""

from __future__ import annotations

import ctypes
import os
import re
import string
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple, Protocol

Drive = tuple[str, Path]

#: Windows: GetDriveTypeW's answer for a stick or card; the volume flag of a locked card;
#: the error mode that answers "no disk" instead of asking the person to insert one.
DRIVE_REMOVABLE = 2
FILE_READ_ONLY_VOLUME = 0x00080000
SEM_FAILCRITICALERRORS = 0x0001

#: Linux disks that are never sticks: disk images, memory, and volumes made of other disks.
NOT_STICKS = ("loop", "ram", "zram", "dm-", "md", "nbd")

#: A partition's name is its disk's, plus the number (after a "p" when the disk's name ends in
#: a digit): sdb1 -> sdb, nvme0n1p2 -> nvme0n1, mmcblk0p1 -> mmcblk0.
_PARTITION = re.compile(r"(?P<after_digit>.*\d)p\d+|(?P<plain>.*\D)\d+")


class Kernel32(Protocol):
    """The few calls of Windows' kernel32 asked here (a fake one in tests)."""

    def GetLogicalDrives(self) -> int: ...
    def GetDriveTypeW(self, root: str) -> int: ...
    def GetVolumeInformationW(self, root: str, name: Any, name_size: int, serial: Any,
                              longest: Any, flags: Any, system: Any, system_size: int) -> int: ...
    def SetThreadErrorMode(self, mode: int, old: Any) -> int: ...


@dataclass(frozen=True)
class System:
    """Where the operating system is asked; each ``None`` means the real one."""

    platform: str = sys.platform
    sysfs: Path = Path("/sys")
    mountinfo: str | None = None  # the text of /proc/self/mountinfo
    kernel32: Kernel32 | None = None
    volumes: Path = Path("/Volumes")
    boot: Path = Path("/")  # macOS: the volume the system started from
    #: Folders that count as sticks too (``KIOSK_STICK_FOLDERS``, separated as in PATH): a
    #: rehearsal of the booth without a stick, or a booth that takes decks from a folder.
    extra: str = field(default_factory=lambda: os.environ.get("KIOSK_STICK_FOLDERS", ""))


class Volume(NamedTuple):
    label: str
    root: Path
    read_only: bool


def removable_drives(writable: bool = False, system: System | None = None) -> list[Drive]:
    """(label, root) for each mounted removable drive (USB sticks, SD cards); only the ones
    that can be written to when ``writable``."""
    system = system or System()
    if system.platform == "win32":
        volumes = windows_volumes(system.kernel32 or _kernel32())
    elif system.platform == "darwin":
        volumes = mac_volumes(system.volumes, system.boot)
    else:
        volumes = linux_volumes(system.mountinfo, system.sysfs)
    volumes += [Volume(Path(f).name or str(f), Path(f), False)
                for f in system.extra.split(os.pathsep) if f and Path(f).is_dir()]
    return [(v.label, v.root) for v in volumes if not (writable and v.read_only)]


# Windows ----------------------------------------------------------------------------------

def _kernel32() -> Kernel32:
    # WinDLL exists on Windows only, hence the look-up by name.
    kernel32: Kernel32 = getattr(ctypes, "WinDLL")("kernel32")  # noqa: B009
    return kernel32


def windows_volumes(kernel32: Kernel32) -> list[Volume]:
    """Each drive letter Windows calls removable and that holds a readable medium."""
    old = ctypes.c_uint()
    kernel32.SetThreadErrorMode(SEM_FAILCRITICALERRORS, ctypes.pointer(old))
    try:
        present = kernel32.GetLogicalDrives()
        found = (_windows_volume(kernel32, letter)
                 for i, letter in enumerate(string.ascii_uppercase) if present >> i & 1)
        return [volume for volume in found if volume is not None]
    finally:
        kernel32.SetThreadErrorMode(old.value, None)


def _windows_volume(kernel32: Kernel32, letter: str) -> Volume | None:
    root = f"{letter}:\\"
    if kernel32.GetDriveTypeW(root) != DRIVE_REMOVABLE:
        return None
    name, flags = ctypes.create_unicode_buffer(261), ctypes.c_ulong()
    if not kernel32.GetVolumeInformationW(root, name, len(name), None, None,
                                          ctypes.pointer(flags), None, 0):
        return None  # a card reader with no card in it
    return Volume(name.value or f"{letter}:", Path(root),
                  bool(flags.value & FILE_READ_ONLY_VOLUME))


# Linux ------------------------------------------------------------------------------------

class Mount(NamedTuple):
    point: str
    read_only: bool
    source: str


def linux_volumes(mountinfo: str | None, sysfs: Path) -> list[Volume]:
    """Each mount whose disk the kernel calls removable, or whose disk is on the USB bus."""
    if mountinfo is None:
        try:
            mountinfo = Path("/proc/self/mountinfo").read_text("utf-8", "surrogateescape")
        except OSError:
            return []
    sticks = {m.point: m for m in mounts(mountinfo) if _on_stick(m, sysfs)}
    return [Volume(Path(m.point).name, Path(m.point), m.read_only) for m in sticks.values()]


def mounts(mountinfo: str) -> Iterator[Mount]:
    """The mounts a /proc/<pid>/mountinfo text lists (see proc(5))."""
    for line in mountinfo.splitlines():
        left, dash, right = line.partition(" - ")
        fields, tail = left.split(), right.split()
        if dash and len(fields) >= 6 and len(tail) >= 2:
            yield Mount(_unescape(fields[4]), "ro" in fields[5].split(","), _unescape(tail[1]))


def _unescape(field: str) -> str:
    """The kernel writes a space as \\040, a tab as \\011, ..."""
    return re.sub(r"\\([0-7]{3})", lambda m: chr(int(m[1], 8)), field)


def _on_stick(mount: Mount, sysfs: Path) -> bool:
    """Network shares (a source that is no /dev node), disk images and the root are never."""
    if not mount.source.startswith("/dev/") or mount.point == "/":
        return False
    disk = disk_of(Path(os.path.realpath(mount.source)).name, sysfs)  # /dev/disk/by-... too
    return not disk.startswith(NOT_STICKS) and _removable(sysfs / "block" / disk)


def disk_of(device: str, sysfs: Path) -> str:
    """The disk a block device is on: itself when it is a whole disk, else its partition's."""
    if (sysfs / "block" / device).exists():
        return device
    match = _PARTITION.fullmatch(device)
    return (match["after_digit"] or match["plain"]) if match else device


def _removable(block: Path) -> bool:
    if _read(block / "removable") == "1":
        return True
    if block.name.startswith("mmcblk"):  # a card reader's SD card; eMMC says "MMC"
        return _read(block / "device" / "type") == "SD"
    try:
        return any(part.startswith("usb") for part in block.resolve().parts)
    except OSError:
        return False


def _read(path: Path) -> str:
    try:
        return path.read_text("ascii", "replace").strip()
    except OSError:
        return ""


# macOS ------------------------------------------------------------------------------------

def mac_volumes(volumes: Path, boot: Path) -> list[Volume]:
    """Each volume under /Volumes but the one macOS started from (a link to / there)."""
    try:
        entries = sorted(volumes.iterdir())
    except OSError:
        return []
    found: list[Volume] = []
    for entry in entries:
        try:
            if entry.is_symlink() or not entry.is_dir() or entry.samefile(boot):
                continue
            read_only = bool(os.statvfs(entry).f_flag & os.ST_RDONLY)
        except OSError:
            continue
        found.append(Volume(entry.name, entry, read_only))
    return found


def export_places(own_folder: Path) -> list[tuple[str, str]]:
    """(label, folder) pairs: each writable removable drive, then the kiosk's own folder,
    labelled "" (the staff panel names it in its language)."""
    places = [(label, str(root)) for label, root in removable_drives(writable=True)]
    places.append(("", str(own_folder)))
    return places
