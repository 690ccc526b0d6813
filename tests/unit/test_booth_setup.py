"""The whole booth travels on the stick: the studio's settings, the staff PIN (as its salted
hash) and, only when asked, the passwords sealed with that PIN; another PC applies them once
the PIN is typed, and a damaged or hostile set-up is refused in words."""

from __future__ import annotations

import base64
import os
import stat
from pathlib import Path

import pytest
import yaml

import kiosk.staff.pin as staff_module
from kiosk.content.install import (
    SETUP_FILE,
    InstallError,
    bring_in,
    copy_to_drive,
    find_decks,
)
from kiosk.setup import booth_setup
from kiosk.setup.booth_setup import (
    SetupError,
    WrongPin,
    apply_setup,
    describe_changes,
    read_setup,
    setup_writer,
    write_setup,
)
from kiosk.setup.config import load_settings
from kiosk.staff.pin import StaffAuth
from tests.decks import write_deck

PIN = "482916"
STUDIO_SETTINGS = """\
kiosk_id: easter-booth
idle_seconds: 60
staff_corner: bottom-right
sync:
  email:
    host: smtp.example.org
    user: office
    password: s3cret-mail-pass
    from: booth@example.org
    to: [office@example.org]
  webhook:
    url: https://hooks.example.org/in
    token: tok-abc-123
"""
BOOTH_SETTINGS = """\
# Set up by hand at the church hall.
idle_seconds: 90  # the hall is busy
message_button: true
"""


@pytest.fixture(autouse=True)
def quick_hash(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(staff_module, "SCRYPT", {"n": 2**10, "r": 8, "p": 1})


class Pc:
    """One computer: its kiosk.yaml and its data folder (another home, another PC)."""

    def __init__(self, root: Path, settings: str | None) -> None:
        root.mkdir(parents=True)
        self.config, self.data = root / "kiosk.yaml", root / "data"
        if settings is not None:
            self.config.write_text(settings, encoding="utf-8")


@pytest.fixture
def studio(tmp_path: Path) -> Pc:
    pc = Pc(tmp_path / "studio-pc", STUDIO_SETTINGS)
    StaffAuth(pc.data).set_pin(PIN)
    return pc


@pytest.fixture
def booth(tmp_path: Path) -> Pc:
    return Pc(tmp_path / "booth-pc", BOOTH_SETTINGS)


def deck_folder(tmp_path: Path) -> Path:
    return write_deck(tmp_path / "stick" / "kiosk-slides" / "easter",
                      "- {type: title, id: s1, heading: Hello, chapter: one}\n",
                      head="title: Easter\nchapters:\n  - {id: one, title: One}\n")


def test_another_pc_ends_up_with_the_volunteers_pin_idle_time_and_way_out(
        tmp_path: Path, studio: Pc, booth: Pc) -> None:
    folder = deck_folder(tmp_path)
    write_setup(folder, studio.config, studio.data, include_secrets=True, pin=PIN)
    setup = read_setup(folder)
    assert setup is not None
    changes = describe_changes(setup, booth.config, booth.data)
    assert "idle time 60 s (now 90 s)" in changes
    assert "staff corner bottom-right (now top-left)" in changes
    assert "messages go by e-mail to office@example.org" in changes
    assert "messages go to https://hooks.example.org/in" in changes
    assert "a staff PIN (none is set here yet)" in changes
    assert "the e-mail password, sealed with the staff PIN" in changes

    applied = apply_setup(setup, booth.config, booth.data, PIN)

    assert StaffAuth(booth.data).check(PIN).ok
    settings, problems = load_settings(booth.config)
    assert [p for p in problems if p.is_error] == []
    assert applied.settings == settings and applied.restart
    assert settings.idle_seconds == 60 and settings.kiosk_id == "easter-booth"
    assert settings.sync is not None and settings.sync.email is not None
    assert settings.sync.email["to"] == ["office@example.org"]
    assert settings.sync.email["password"] == "s3cret-mail-pass"
    assert settings.sync.webhook_token == "tok-abc-123"
    text = booth.config.read_text()
    assert "# Set up by hand at the church hall." in text  # the booth's comments stay
    assert "idle_seconds: 60  # the hall is busy" in text
    assert "message_button" not in text  # the studio's own choice (the default) travels
    assert booth.config.with_name("kiosk.yaml.bak").read_text() == BOOTH_SETTINGS
    assert stat.S_IMODE(booth.config.stat().st_mode) == 0o600  # it holds a password now


def test_a_booth_with_its_own_pin_hears_of_a_new_one(tmp_path: Path, studio: Pc,
                                                     booth: Pc) -> None:
    StaffAuth(booth.data).set_pin("1111")
    folder = deck_folder(tmp_path)
    write_setup(folder, studio.config, studio.data)
    setup = read_setup(folder)
    assert setup is not None
    assert "a new staff PIN" in describe_changes(setup, booth.config, booth.data)
    apply_setup(setup, booth.config, booth.data, PIN)
    assert StaffAuth(booth.data).check(PIN).ok and not StaffAuth(booth.data).check("1111").ok


def test_secrets_stay_off_the_stick_unless_asked(tmp_path: Path, studio: Pc,
                                                 booth: Pc) -> None:
    folder = deck_folder(tmp_path)
    path = write_setup(folder, studio.config, studio.data)
    text = path.read_text()
    assert "s3cret-mail-pass" not in text and "tok-abc-123" not in text
    assert PIN not in text and "secrets:" not in text
    setup = read_setup(folder)
    assert setup is not None and setup.sealed is None
    changes = describe_changes(setup, booth.config, booth.data)
    assert "the e-mail password is not on the stick: copy it again with the passwords" in changes
    apply_setup(setup, booth.config, booth.data, PIN)
    sync = load_settings(booth.config)[0].sync
    assert sync is not None and sync.email is not None and "password" not in sync.email
    assert sync.webhook_token == ""


def test_sealed_secrets_cannot_be_read_without_the_pin(tmp_path: Path, studio: Pc,
                                                       booth: Pc) -> None:
    folder = deck_folder(tmp_path)
    raw = write_setup(folder, studio.config, studio.data, include_secrets=True,
                      pin=PIN).read_bytes()
    assert b"s3cret-mail-pass" not in raw and b"tok-abc-123" not in raw
    sealed = yaml.safe_load(raw)["secrets"]
    assert b"s3cret" not in base64.b64decode(sealed["sealed"])
    setup = read_setup(folder)
    assert setup is not None and setup.sealed is not None
    with pytest.raises(SetupError):
        booth_setup._open(setup.sealed, "000000")  # the key made from another PIN fails
    assert booth_setup._open(setup.sealed, PIN)["sync.email.password"] == "s3cret-mail-pass"


def test_a_wrong_pin_changes_nothing(tmp_path: Path, studio: Pc, booth: Pc) -> None:
    folder = deck_folder(tmp_path)
    write_setup(folder, studio.config, studio.data, include_secrets=True, pin=PIN)
    setup = read_setup(folder)
    assert setup is not None
    with pytest.raises(WrongPin, match="nothing was changed"):
        apply_setup(setup, booth.config, booth.data, "999999")
    assert booth.config.read_text() == BOOTH_SETTINGS
    assert not StaffAuth(booth.data).has_pin


def test_sealed_secrets_changed_on_the_stick_are_refused(tmp_path: Path, studio: Pc,
                                                         booth: Pc) -> None:
    folder = deck_folder(tmp_path)
    path = write_setup(folder, studio.config, studio.data, include_secrets=True, pin=PIN)
    data = yaml.safe_load(path.read_text())
    blob = bytearray(base64.b64decode(data["secrets"]["sealed"]))
    blob[3] ^= 1
    data["secrets"]["sealed"] = base64.b64encode(bytes(blob)).decode()
    path.write_text(yaml.safe_dump(data))
    setup = read_setup(folder)
    assert setup is not None
    with pytest.raises(SetupError, match="changed after they were sealed"):
        apply_setup(setup, booth.config, booth.data, PIN)
    assert booth.config.read_text() == BOOTH_SETTINGS and not StaffAuth(booth.data).has_pin


def test_the_studio_needs_its_pin_to_write_a_set_up(tmp_path: Path, studio: Pc) -> None:
    folder = deck_folder(tmp_path)
    with pytest.raises(SetupError, match="not the staff PIN"):
        write_setup(folder, studio.config, studio.data, include_secrets=True, pin="1234")
    with pytest.raises(SetupError, match="set a staff PIN first"):
        write_setup(folder, studio.config, tmp_path / "no-pin-here")
    assert not (folder / SETUP_FILE).exists()


def test_a_booth_keeps_its_own_password_only_for_the_same_way_out(tmp_path: Path,
                                                                  studio: Pc) -> None:
    same = Pc(tmp_path / "same", "sync:\n  email:\n    host: smtp.example.org\n    user: "
              "office\n    password: booth-own\n    from: a@example.org\n    to: [b@example.org]\n")
    moved = Pc(tmp_path / "moved", "sync:\n  email:\n    host: smtp.elsewhere.org\n    "
               "user: office\n    password: booth-own\n    from: a@example.org\n    "
               "to: [b@example.org]\n")
    folder = deck_folder(tmp_path)
    write_setup(folder, studio.config, studio.data)
    setup = read_setup(folder)
    assert setup is not None
    assert ("the e-mail password is not on the stick: this kiosk keeps its own"
            in describe_changes(setup, same.config, same.data))
    for pc, kept in ((same, True), (moved, False)):
        apply_setup(setup, pc.config, pc.data, PIN)
        sync = load_settings(pc.config)[0].sync
        assert sync is not None and sync.email is not None
        assert (sync.email.get("password") == "booth-own") is kept


def test_a_damaged_booth_settings_file_is_replaced_and_kept_aside(tmp_path: Path,
                                                                  studio: Pc) -> None:
    broken = Pc(tmp_path / "broken", "idle_seconds: [unclosed\n")
    folder = deck_folder(tmp_path)
    write_setup(folder, studio.config, studio.data)
    setup = read_setup(folder)
    assert setup is not None
    apply_setup(setup, broken.config, broken.data, PIN)
    assert load_settings(broken.config)[0].idle_seconds == 60
    assert "[unclosed" in broken.config.with_name("kiosk.yaml.bak").read_text()


def test_the_stick_copy_carries_the_set_up_and_the_booth_copies_only_the_slides(
        tmp_path: Path, studio: Pc) -> None:
    source = write_deck(tmp_path / "work", "- {type: title, id: s1, heading: Hi, "
                        "chapter: one}\n", head="title: Easter\nchapters:\n  - {id: one, "
                        "title: One}\n")
    (source / SETUP_FILE).write_text("an old set-up left in the studio's folder")
    stick = tmp_path / "stick"
    stick.mkdir(exist_ok=True)
    target = copy_to_drive(source, stick, "easter",
                           setup=setup_writer(studio.config, studio.data))
    assert read_setup(target) is not None  # written afresh, not the old one copied
    assert [f.folder for f in find_decks([("S", stick)])] == [target]
    content = tmp_path / "booth" / "content"
    incoming = bring_in(target, content)
    assert (incoming / "deck.yaml").is_file() and not (incoming / SETUP_FILE).exists()


def test_a_set_up_that_cannot_be_written_leaves_the_older_copy(tmp_path: Path) -> None:
    source = write_deck(tmp_path / "work", "- {type: title, id: s1, heading: Hi, "
                        "chapter: one}\n", head="title: New\nchapters:\n  - {id: one, "
                        "title: One}\n")
    stick = tmp_path / "stick"
    stick.mkdir(exist_ok=True)
    older = copy_to_drive(source, stick, "easter")
    (older / "deck.yaml").write_text("title: Older\n")
    with pytest.raises(InstallError, match="staff PIN"):
        copy_to_drive(source, stick, "easter",
                      setup=setup_writer(tmp_path / "none.yaml", tmp_path / "no-pin"))
    assert (older / "deck.yaml").read_text() == "title: Older\n"
    assert sorted(p.name for p in (stick / "kiosk-slides").iterdir()) == ["easter"]


# ---------------------------------------------------------------- damaged and hostile
def good_setup(tmp_path: Path, studio: Pc) -> tuple[Path, dict]:  # type: ignore[type-arg]
    folder = deck_folder(tmp_path)
    path = write_setup(folder, studio.config, studio.data, include_secrets=True, pin=PIN)
    return folder, yaml.safe_load(path.read_text())


def edited(data: dict, where: str, value: object) -> dict:  # type: ignore[type-arg]
    node = data
    *parents, last = where.split(".")
    for key in parents:
        node = node[key]
    node[last] = value
    return data


@pytest.mark.parametrize("where, value, said", [
    ("format", 2, "newer Kiosk Studio"),
    ("format", "one", "no format number"),
    ("settings.idle_seconds", "soon", "idle_seconds: expected a number"),
    ("settings.sync.email.to", ["not an address"], "not one plain e-mail address"),
    ("settings.surprise", 1, "unknown key 'surprise'"),
    ("settings.sync.email.password", "in clear", "password in clear"),
    ("staff_pin.n", 2**30, "whole number"),
    ("staff_pin.r", 10**6, "whole number"),
    ("staff_pin.salt", "not hex", "hexadecimal"),
    ("staff_pin.alg", "md5", "salted scrypt hash"),
    ("staff_pin", None, "salted scrypt hash"),
    ("secrets.sealed", "!!not base64!!", "damaged"),
    ("secrets.nonce", "00", "damaged"),
    ("secrets.n", 2**20, "damaged"),
    ("secrets.names", ["sync.webhook.url"], "passwords a kiosk does not have"),
    ("extra", "x", "does not know"),
])
def test_a_damaged_set_up_is_refused_in_words(tmp_path: Path, studio: Pc, where: str,
                                              value: object, said: str) -> None:
    folder, data = good_setup(tmp_path, studio)
    (folder / SETUP_FILE).write_text(yaml.safe_dump(edited(data, where, value)))
    with pytest.raises(SetupError, match=said) as refused:
        read_setup(folder)
    assert SETUP_FILE in str(refused.value)


BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
    f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
    for i in range(8))


@pytest.mark.parametrize("content, said", [
    (b"\xff\xfe\x00garbage\x00", "not text"),
    (b"format: [unclosed\n", "line 1"),
    (b"- just\n- a list\n", "not a booth set-up"),
    (b"", "not a booth set-up"),
    (BOMB.encode(), "booth-setup.yaml"),
    (b"format: 1\n" + b"#" * (300 * 1024), "larger than"),
    (b"format: 1\nsettings: " + b"[" * 500 + b"]" * 500 + b"\n", "booth-setup.yaml"),
])
def test_a_hostile_file_is_refused_in_words(tmp_path: Path, content: bytes,
                                            said: str) -> None:
    folder = deck_folder(tmp_path)
    (folder / SETUP_FILE).write_bytes(content)
    with pytest.raises(SetupError, match=said):
        read_setup(folder)


def test_what_is_no_file_is_never_read(tmp_path: Path) -> None:
    folder = deck_folder(tmp_path)
    os.mkfifo(folder / SETUP_FILE)  # a pipe: never waited on
    with pytest.raises(SetupError, match="not a regular file"):
        read_setup(folder)
    (folder / SETUP_FILE).unlink()
    (folder / SETUP_FILE).symlink_to("/dev/zero")  # a link: never followed
    with pytest.raises(SetupError, match="not a regular file"):
        read_setup(folder)
    (folder / SETUP_FILE).unlink()
    (folder / SETUP_FILE).mkdir()
    with pytest.raises(SetupError, match="not a regular file"):
        read_setup(folder)
    assert stat.S_ISDIR(os.lstat(folder / SETUP_FILE).st_mode)


def test_slides_without_a_set_up_have_none(tmp_path: Path) -> None:
    assert read_setup(deck_folder(tmp_path)) is None


def test_every_setting_has_words_for_staff() -> None:
    from kiosk.setup.config import SETTINGS

    assert set(booth_setup.LABELS) == set(SETTINGS) - {"sync"}
