"""Finding USB sticks and memory cards: the operating system says which drives are removable,
not the folder a drive is mounted on. Each machine here is described (a sysfs tree, a
mountinfo text, a fake kernel32), so no real device is needed."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from kiosk.platform.drives import (
    DRIVE_REMOVABLE,
    FILE_READ_ONLY_VOLUME,
    System,
    disk_of,
    removable_drives,
)

PCI = "devices/pci0000:00"
USB = f"{PCI}/0000:00:14.0/usb2/2-1/2-1:1.0/host6/target6:0:0/6:0:0:0/block"
SATA = f"{PCI}/0000:00:17.0/ata1/host0/target0:0:0/0:0:0:0/block"


def _disk(sysfs: Path, name: str, where: str, removable: bool = False,
          card_type: str = "") -> None:
    """A disk as Linux shows it: /sys/block/<name> links to the device's place on its bus."""
    device = sysfs / where / name
    device.mkdir(parents=True)
    (device / "removable").write_text("1\n" if removable else "0\n")
    if card_type:
        (device / "device").mkdir()
        (device / "device" / "type").write_text(card_type + "\n")
    (sysfs / "block").mkdir(exist_ok=True)
    (sysfs / "block" / name).symlink_to(Path("..") / where / name)


@pytest.fixture
def sysfs(tmp_path: Path) -> Path:
    """A laptop: its system on an NVMe disk, a second SATA disk, a USB stick, a USB SSD, an
    SD card in the card reader, an eMMC chip, and a snap's disk image."""
    root = tmp_path / "sys"
    _disk(root, "nvme0n1", f"{PCI}/0000:00:1d.0/nvme/nvme0")
    _disk(root, "sda", SATA)
    _disk(root, "sdb", USB, removable=True)
    _disk(root, "sdc", USB)  # a USB disk that calls itself fixed
    _disk(root, "sdd", USB, removable=True)
    _disk(root, "mmcblk0", "devices/platform/sdhci/mmc_host/mmc0/mmc0:aaaa/block",
          card_type="SD")
    _disk(root, "mmcblk1", "devices/platform/sdhci/mmc_host/mmc1/mmc1:0001/block",
          card_type="MMC")
    _disk(root, "loop3", "devices/virtual/block")
    return root


def _linux(sysfs: Path, *mounts: str, writable: bool = False) -> list[tuple[str, str]]:
    base = ["27 1 259:2 / / rw,relatime - ext4 /dev/nvme0n1p2 rw",
            "30 27 259:1 / /boot/efi rw,relatime - vfat /dev/nvme0n1p1 rw",
            "22 27 0:21 / /proc rw,relatime - proc proc rw"]
    system = System(platform="linux", sysfs=sysfs, mountinfo="\n".join([*base, *mounts]))
    return [(label, str(root)) for label, root in removable_drives(writable, system)]


def test_a_usb_stick_under_media_is_offered(sysfs: Path) -> None:
    stick = "41 27 8:17 / /media/user/STICK rw,nosuid,relatime shared:3 - vfat /dev/sdb1 rw"
    assert _linux(sysfs, stick) == [("STICK", "/media/user/STICK")]
    assert _linux(sysfs, stick, writable=True) == [("STICK", "/media/user/STICK")]


def test_a_second_internal_disk_under_mnt_is_not_offered(sysfs: Path) -> None:
    assert _linux(sysfs, "40 27 8:1 / /mnt/data rw,relatime - ext4 /dev/sda1 rw") == []
    assert _linux(sysfs, "40 27 8:1 / /media/user/DATA rw,relatime - ext4 /dev/sda1 rw") == []


def test_a_stick_is_a_stick_wherever_it_is_mounted(sysfs: Path) -> None:
    """A stick with no partition table, mounted by hand under /mnt."""
    assert _linux(sysfs, "47 27 8:48 / /mnt/usb rw - vfat /dev/sdd rw") == [("usb", "/mnt/usb")]


def test_network_shares_are_never_offered(sysfs: Path) -> None:
    assert _linux(sysfs, "42 27 0:50 / /media/user/share rw - cifs //server/share rw",
                  "43 27 0:51 / /mnt/nas rw - nfs4 server:/export rw",
                  "44 27 0:52 / /media/user/box rw - fuse.sshfs me@host:/home rw") == []


def test_disk_images_are_never_offered(sysfs: Path) -> None:
    assert _linux(sysfs, "44 27 7:3 / /media/user/IMAGE ro - squashfs /dev/loop3 ro",
                  "45 27 7:4 / /media/user/ISO ro - iso9660 /dev/loop4 ro") == []


def test_sd_cards_and_usb_disks_are_offered_but_not_an_emmc_chip(sysfs: Path) -> None:
    assert _linux(sysfs, r"45 27 8:33 / /media/user/BACKUP\040SSD rw - exfat /dev/sdc1 rw",
                  "46 27 179:1 / /media/user/CARD rw - vfat /dev/mmcblk0p1 rw",
                  "48 27 179:9 / /media/user/CHIP rw - ext4 /dev/mmcblk1p1 rw") == [
        ("BACKUP SSD", "/media/user/BACKUP SSD"), ("CARD", "/media/user/CARD")]


def test_a_locked_card_is_offered_for_reading_only(sysfs: Path) -> None:
    card = "46 27 179:1 / /media/user/CARD ro,relatime - vfat /dev/mmcblk0p1 ro"
    assert _linux(sysfs, card) == [("CARD", "/media/user/CARD")]
    assert _linux(sysfs, card, writable=True) == []


@pytest.mark.parametrize(("device", "disk"), [
    ("sdb1", "sdb"), ("sdb", "sdb"), ("nvme0n1p2", "nvme0n1"), ("mmcblk0p1", "mmcblk0"),
    ("mmcblk0", "mmcblk0"), ("sdaa12", "sdaa")])
def test_a_partition_belongs_to_its_disk(sysfs: Path, device: str, disk: str) -> None:
    assert disk_of(device, sysfs) == disk


def test_this_machine_is_read_without_error() -> None:
    for label, root in removable_drives():
        assert label and root.is_absolute()


DRIVE_FIXED, DRIVE_REMOTE, DRIVE_CDROM = 3, 4, 5


class FakeKernel32:
    """Windows' answers for a few drive letters: letter -> (type, label or None when there
    is no medium in the drive, volume flags)."""

    def __init__(self, drives: dict[str, tuple[int, str | None, int]]) -> None:
        self.drives = drives
        self.error_modes: list[int] = []

    def GetLogicalDrives(self) -> int:
        return sum(1 << (ord(letter) - ord("A")) for letter in self.drives)

    def GetDriveTypeW(self, root: str) -> int:
        assert root.endswith(":\\")
        return self.drives[root[0]][0]

    def GetVolumeInformationW(self, root: str, name: Any, name_size: int, serial: Any,
                              longest: Any, flags: Any, system: Any, system_size: int) -> int:
        _kind, label, bits = self.drives[root[0]]
        if label is None:
            return 0
        name.value = label
        flags.contents.value = bits
        return 1

    def SetThreadErrorMode(self, mode: int, old: Any) -> int:
        self.error_modes.append(mode)
        if old is not None:
            old.contents.value = 0
        return 1


def test_windows_offers_the_letters_it_calls_removable() -> None:
    kernel32 = FakeKernel32({
        "C": (DRIVE_FIXED, "Windows", 0),
        "D": (DRIVE_FIXED, "DATA", 0),  # a second internal disk
        "E": (DRIVE_REMOVABLE, "KINGSTON", 0),
        "F": (DRIVE_REMOVABLE, None, 0),  # the card reader, empty
        "G": (DRIVE_REMOVABLE, "", FILE_READ_ONLY_VOLUME),  # a locked card with no name
        "H": (DRIVE_CDROM, "DVD", FILE_READ_ONLY_VOLUME),
        "Z": (DRIVE_REMOTE, "office", 0),  # a network drive
    })
    system = System(platform="win32", kernel32=kernel32)
    assert [(label, str(root)) for label, root in removable_drives(False, system)] == [
        ("KINGSTON", "E:\\"), ("G:", "G:\\")]
    assert [label for label, _root in removable_drives(True, system)] == ["KINGSTON"]
    assert kernel32.error_modes == [1, 0, 1, 0]  # no "insert a disk" box, and given back


def test_windows_with_no_stick_offers_nothing() -> None:
    system = System(platform="win32", kernel32=FakeKernel32({"C": (DRIVE_FIXED, "OS", 0)}))
    assert removable_drives(system=system) == []


def test_mac_offers_every_volume_but_the_one_it_started_from(tmp_path: Path) -> None:
    boot, volumes = tmp_path / "boot", tmp_path / "Volumes"
    boot.mkdir()
    volumes.mkdir()
    (volumes / "Macintosh HD").symlink_to(boot)
    (volumes / "STICK").mkdir()
    system = System(platform="darwin", volumes=volumes, boot=boot)
    assert removable_drives(system=system) == [("STICK", volumes / "STICK")]



def test_folders_named_in_kiosk_stick_folders_count_as_sticks(tmp_path: Path,
                                                              monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A rehearsal of the booth on a PC without a stick: the folders named in the variable
    are offered as sticks (a missing one is not)."""
    from kiosk.platform.drives import System, removable_drives

    rehearsal = tmp_path / "REHEARSAL"
    rehearsal.mkdir()
    monkeypatch.setenv("KIOSK_STICK_FOLDERS", f"{rehearsal}{os.pathsep}{tmp_path / 'gone'}")
    found = removable_drives(system=System(platform="linux", sysfs=tmp_path / "sys",
                                           mountinfo=""))
    assert found == [("REHEARSAL", rehearsal)]
