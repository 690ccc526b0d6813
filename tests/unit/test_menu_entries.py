"""Kiosk Studio and Awareness Kiosk in the menu: .desktop files on Linux, Start-menu shortcuts
on Windows (the platform faked, PowerShell stood in for), for the ready-made folder and for an
install; taken out again; `kiosk menu`; the ready-made folder's "add to menu" file."""

from __future__ import annotations

import base64
import configparser
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from kiosk.platform import menu_entries
from kiosk.platform.menu_entries import Here, MenuError, exec_argument, install, remove


def read_entry(path: Path) -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string(path.read_text(encoding="utf-8"))
    return dict(parser["Desktop Entry"])


def ready_made(folder: Path, platform: str = "linux") -> Here:
    """A ready-made folder with its three programs; Here as its console program sees it."""
    folder.mkdir(parents=True)
    suffix = ".exe" if platform == "win32" else ""
    for name in ("kiosk", "Kiosk Studio", "Awareness Kiosk"):
        (folder / f"{name}{suffix}").write_text("", encoding="utf-8")
    return Here(platform, folder / f"kiosk{suffix}", frozen=True)


def test_an_install_puts_both_programs_in_the_linux_menu(tmp_path: Path) -> None:
    python = tmp_path / "venv" / "bin" / "python"
    said = install(Here("linux", python, frozen=False), home=tmp_path, env={})
    folder = tmp_path / ".local" / "share" / "applications"
    assert sorted(p.name for p in folder.iterdir()) == ["awareness-kiosk-studio.desktop",
                                                        "awareness-kiosk.desktop"]
    studio = read_entry(folder / "awareness-kiosk-studio.desktop")
    assert studio["Name"] == "Kiosk Studio" and studio["Type"] == "Application"
    assert studio["Exec"] == f"{python} -m kiosk studio"
    assert studio["TryExec"] == str(python)
    assert studio["Terminal"] == "false" and "Office" in studio["Categories"].split(";")
    assert Path(studio["Icon"]).is_absolute() and Path(studio["Icon"]).is_file()
    if os.name != "nt":
        assert (folder / "awareness-kiosk-studio.desktop").stat().st_mode & 0o777 == 0o644
    kiosk = read_entry(folder / "awareness-kiosk.desktop")
    assert kiosk["Name"] == "Awareness Kiosk"
    assert kiosk["Exec"] == f"{python} -m kiosk.entry_kiosk"
    assert Path(kiosk["Icon"]).name == "icon.png" and Path(kiosk["Icon"]).is_file()
    assert said == [f"Awareness Kiosk is in the menu ({folder / 'awareness-kiosk.desktop'})",
                    f"Kiosk Studio is in the menu ({folder / 'awareness-kiosk-studio.desktop'})"]


def test_the_ready_made_folder_is_started_from_where_it_is(tmp_path: Path) -> None:
    here = ready_made(tmp_path / "my kiosk")
    install(here, home=tmp_path, env={"XDG_DATA_HOME": str(tmp_path / "data")})
    entry = read_entry(tmp_path / "data" / "applications" / "awareness-kiosk-studio.desktop")
    assert entry["Exec"] == f'"{tmp_path}/my kiosk/Kiosk Studio"'  # quoted: it has a space
    assert entry["TryExec"] == f"{tmp_path}/my kiosk/Kiosk Studio"


def test_a_relative_xdg_data_home_is_ignored_as_the_spec_says(tmp_path: Path) -> None:
    install(Here("linux", tmp_path / "python", False), home=tmp_path,
            env={"XDG_DATA_HOME": "relative/data"})
    assert (tmp_path / ".local/share/applications/awareness-kiosk.desktop").is_file()


@pytest.mark.parametrize(("argument", "written"), [
    ("/opt/kiosk/kiosk", "/opt/kiosk/kiosk"),
    ("/opt/my kiosk/Kiosk Studio", '"/opt/my kiosk/Kiosk Studio"'),
    ('/a "b"/c', r'"/a \"b\"/c"'),
    ("/cost$/100%", r'"/cost\$/100%%"'),
    ("50%", "50%%"),
    ("C:\\x y", '"C:\\\\x y"'),
    ("", '""'),
])
def test_exec_arguments_are_quoted_as_the_desktop_entry_spec_says(argument: str,
                                                                    written: str) -> None:
    assert exec_argument(argument) == written


def test_a_backslash_in_a_quoted_argument_is_written_four_times_in_the_file(
        tmp_path: Path) -> None:
    text = menu_entries.desktop_entry(menu_entries.STUDIO, ["/a b\\c"], tmp_path / "i.png")
    assert 'Exec="/a b\\\\\\\\c"\n' in text  # the spec's own example: \\\\ for one backslash


def test_a_ready_made_folder_that_lost_a_program_says_so(tmp_path: Path) -> None:
    here = ready_made(tmp_path / "kiosk")
    (tmp_path / "kiosk" / "Kiosk Studio").unlink()
    with pytest.raises(MenuError, match="Kiosk Studio is missing"):
        install(here, home=tmp_path, env={})
    assert not (tmp_path / ".local").exists()


def test_remove_takes_out_only_the_two_entries(tmp_path: Path) -> None:
    here = Here("linux", tmp_path / "python", False)
    install(here, home=tmp_path, env={})
    folder = tmp_path / ".local" / "share" / "applications"
    (folder / "other.desktop").write_text("[Desktop Entry]\n", encoding="utf-8")
    said = remove(here, home=tmp_path, env={})
    assert [p.name for p in folder.iterdir()] == ["other.desktop"]
    assert len(said) == 2 and said[1].startswith("Kiosk Studio is no longer in the menu")
    assert remove(here, home=tmp_path, env={}) == [
        "Neither program was in the menu: nothing to remove."]


class FakePowerShell:
    """Stands in for Windows PowerShell: keeps what it was asked, and makes the shortcuts
    (or fails, as told)."""

    def __init__(self, fail: str = "") -> None:
        self.fail = fail
        self.calls: list[tuple[list[str], dict[str, Any]]] = []

    def __call__(self, args: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
        self.calls.append((args, kwargs))
        if self.fail:
            return subprocess.CompletedProcess(args, 1, "", f"At line:1\n{self.fail}\n")
        for item in json.loads(kwargs["env"]["KIOSK_SHORTCUTS"]):
            Path(item["path"]).write_bytes(b"L\0\0\0")
        return subprocess.CompletedProcess(args, 0, "", "")

    @property
    def script(self) -> str:
        args = self.calls[0][0]
        return base64.b64decode(args[args.index("-EncodedCommand") + 1]).decode("utf-16-le")

    @property
    def shortcuts(self) -> list[dict[str, str]]:
        found: list[dict[str, str]] = json.loads(self.calls[0][1]["env"]["KIOSK_SHORTCUTS"])
        return found


def test_the_ready_made_folder_goes_in_the_windows_start_menu(tmp_path: Path) -> None:
    here = ready_made(tmp_path / "Kiosk", platform="win32")
    shell = FakePowerShell()
    appdata = tmp_path / "Roaming"
    said = install(here, home=tmp_path, env={"APPDATA": str(appdata)}, run=shell)
    programs = appdata / "Microsoft" / "Windows" / "Start Menu" / "Programs"
    assert sorted(p.name for p in programs.iterdir()) == ["Awareness Kiosk.lnk",
                                                          "Kiosk Studio.lnk"]
    assert shell.calls[0][0][0] == "powershell.exe"
    assert "WScript.Shell" in shell.script and "$link.Save()" in shell.script
    studio = shell.shortcuts[1]
    target = str(tmp_path / "Kiosk" / "Kiosk Studio.exe")
    assert studio == {"path": str(programs / "Kiosk Studio.lnk"), "target": target,
                      "arguments": "", "folder": str(tmp_path), "icon": f"{target},0",
                      "comment": menu_entries.STUDIO.comment}
    assert said[1] == f"Kiosk Studio is in the Start menu ({programs / 'Kiosk Studio.lnk'})"
    remove(here, home=tmp_path, env={"APPDATA": str(appdata)})
    assert list(programs.iterdir()) == []


def test_an_install_on_windows_starts_without_a_console_window(tmp_path: Path) -> None:
    scripts = tmp_path / "venv" / "Scripts"
    scripts.mkdir(parents=True)
    (scripts / "pythonw.exe").write_text("", encoding="utf-8")
    shell = FakePowerShell()
    install(Here("win32", scripts / "python.exe", False), home=tmp_path, env={}, run=shell)
    kiosk, studio = shell.shortcuts
    assert studio["target"] == str(scripts / "pythonw.exe")
    assert studio["arguments"] == "-m kiosk studio"
    assert kiosk["arguments"] == "-m kiosk.entry_kiosk"
    icon = Path(studio["icon"].removesuffix(",0"))
    assert icon.name == "icon-studio.ico" and icon.is_file()
    assert studio["path"] == str(tmp_path / "AppData" / "Roaming" / "Microsoft" / "Windows" /
                                 "Start Menu" / "Programs" / "Kiosk Studio.lnk")


def test_a_powershell_failure_is_said_in_its_own_words(tmp_path: Path) -> None:
    shell = FakePowerShell(fail="Access to the path is denied.")
    with pytest.raises(MenuError, match="could not make the shortcuts: Access to the path"):
        install(Here("win32", tmp_path / "python.exe", False), home=tmp_path, env={},
                run=shell)


def test_powershell_that_makes_no_shortcut_is_not_taken_at_its_word(tmp_path: Path) -> None:
    def silent(args: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
        return subprocess.CompletedProcess(args, 0, "", "")

    with pytest.raises(MenuError, match="made no shortcut"):
        install(Here("win32", tmp_path / "python.exe", False), home=tmp_path, env={},
                run=silent)


def test_a_mac_menu_is_not_changed(tmp_path: Path) -> None:
    with pytest.raises(MenuError, match="start the programs from their folder"):
        install(Here("darwin", tmp_path / "python", False), home=tmp_path, env={})


@pytest.mark.skipif(os.name == "nt", reason="the Linux menu")
def test_kiosk_menu_install_and_remove(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    from kiosk.cli import main

    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert main(["menu", "install"]) == 0
    entry = read_entry(tmp_path / "data" / "applications" / "awareness-kiosk-studio.desktop")
    assert entry["Exec"] == f"{sys.executable} -m kiosk studio"
    assert "Kiosk Studio is in the menu" in capsys.readouterr().out
    assert main(["menu", "remove"]) == 0
    assert list((tmp_path / "data" / "applications").iterdir()) == []
    mac = Here("darwin", Path(sys.executable), frozen=False)
    monkeypatch.setattr(Here, "now", classmethod(lambda cls: mac))
    assert main(["menu", "install"]) == 1
    assert capsys.readouterr().err.startswith("menu install failed: This computer's menu")


@pytest.mark.skipif(os.name == "nt", reason="a shell script")
def test_the_folders_add_to_menu_file_runs_its_own_kiosk(tmp_path: Path) -> None:
    name, text = menu_entries.installer("linux") or ("", "")
    folder = tmp_path / "my kiosk"
    folder.mkdir()
    (folder / name).write_text(text, encoding="utf-8")
    (folder / "kiosk").write_text('#!/bin/sh\necho "asked: $*"\n', encoding="utf-8")
    for path in folder.iterdir():
        path.chmod(0o755)
    tools = tmp_path / "bin"  # dirname only: no notification pops up on this desktop
    tools.mkdir()
    (tools / "dirname").symlink_to(shutil.which("dirname") or "/usr/bin/dirname")
    done = subprocess.run([str(folder / name)], cwd=tmp_path, capture_output=True, text=True,
                          env={"PATH": str(tools)}, timeout=30)
    assert (done.returncode, done.stdout) == (0, "asked: menu install\n")
    windows_name, windows_text = menu_entries.installer("win32") or ("", "")
    assert windows_name.endswith(".cmd") and '"%~dp0kiosk.exe" menu install' in windows_text
    assert menu_entries.installer("darwin") is None


