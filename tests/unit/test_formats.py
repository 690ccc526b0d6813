"""deck.yaml and kiosk.yaml carry a format number: a file of an older format is upgraded step
by step as it is read (by the kiosk, `kiosk validate` and Kiosk Studio, which saves it in the
new format), and a file newer than this kiosk reads is refused in words that say which kiosk
it needs: at validation, on a stick and in the fleet, while what plays stays.

There is no second format yet: these tests add demonstration steps of their own."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path
from typing import Any

import pytest

from kiosk import __version__
from kiosk.content import json_schema, load_deck
from kiosk.content.edit import DeckDocument, EditError, SettingsDocument, new_deck
from kiosk.content.formats import DECK_FORMAT
from kiosk.content.install import InstallError, bring_in
from kiosk.content.yamlpos import load_located
from kiosk.platform import paths
from kiosk.setup.config import Settings, load_settings, settings_schema
from kiosk.setup.config_formats import SETTINGS_FORMAT

KEPT = Path(__file__).resolve().parent.parent / "formats"
NEWER_DECK = ("This deck was made for a newer kiosk (deck format 2; this kiosk reads up to 1): "
              f"update the kiosk to a version after {__version__}")
NEWER_SETTINGS = ("This settings file was made for a newer kiosk (settings format 2; this "
                  f"kiosk reads up to 1): update the kiosk to a version after {__version__}")


def doubled(data: Any) -> Any:
    """A demonstration step from format 1 to 2: durations are counted twice as long."""
    data["duration"] = data["duration"] * 2
    return data


def one_more(data: Any) -> Any:
    """A demonstration step from format 2 to 3: a second more."""
    data["duration"] += 1
    return data


@pytest.fixture
def two_steps(monkeypatch: pytest.MonkeyPatch) -> None:
    """Decks have formats 1, 2 and 3 (read by kiosks 0.1.0, 0.2.0 and 0.3.0)."""
    monkeypatch.setattr(DECK_FORMAT, "steps", [doubled, one_more])
    monkeypatch.setitem(DECK_FORMAT.first_kiosk, 2, "0.2.0")
    monkeypatch.setitem(DECK_FORMAT.first_kiosk, 3, "0.3.0")


def kept_deck(tmp_path: Path, text: str | None = None) -> Path:
    """A deck folder holding the kept deck of format 1 (or ``text``)."""
    folder = tmp_path / "deck"
    folder.mkdir(parents=True)
    shutil.copy(KEPT / "deck-1.yaml", folder / "deck.yaml")
    if text is not None:
        (folder / "deck.yaml").write_text(text, encoding="utf-8")
    return folder


def with_format(number: object) -> str:
    """The kept deck declaring ``format: number`` on its line 4."""
    lines = (KEPT / "deck-1.yaml").read_text(encoding="utf-8").splitlines(keepends=True)
    return "".join([*lines[:3], f"format: {number}\n", *lines[3:]])


# ---------------------------------------------------------------- deck.yaml
def test_each_step_upgrades_the_kept_deck_in_order(tmp_path: Path, two_steps: None) -> None:
    result = load_deck(kept_deck(tmp_path))
    assert result.problems == [] and result.deck is not None
    assert result.deck.duration == 21  # doubled, then one more (the other order gives 22)


def test_a_deck_gets_only_the_steps_after_its_own_format(tmp_path: Path,
                                                         two_steps: None) -> None:
    assert load_deck(kept_deck(tmp_path / "2", with_format(2))).deck.duration == 11
    assert load_deck(kept_deck(tmp_path / "3", with_format(3))).deck.duration == 10


def test_a_newer_deck_is_refused_at_its_format_key(tmp_path: Path) -> None:
    folder = kept_deck(tmp_path, with_format(2))
    result = load_deck(folder)
    assert result.deck is None and result.shell is None
    assert [str(p) for p in result.problems] == [  # as `kiosk validate` prints it
        f"{folder / 'deck.yaml'}:4:1: error: {NEWER_DECK}"]


def test_the_refusal_names_the_kiosk_a_format_needs_when_it_is_known(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(DECK_FORMAT.first_kiosk, 2, "0.2.0")
    [problem] = load_deck(kept_deck(tmp_path, with_format(2))).problems
    assert problem.message.endswith("(deck format 2; this kiosk reads up to 1): update the "
                                    "kiosk to 0.2.0 or later")


@pytest.mark.parametrize("number", ["two", "0", "true", "1.5", "[1]"])
def test_a_format_that_is_no_whole_number_is_an_error(tmp_path: Path, number: str) -> None:
    result = load_deck(kept_deck(tmp_path, with_format(number)))
    assert result.deck is None
    assert [(p.line, p.message) for p in result.problems] == [
        (4, "'format' must be a whole number such as 1 (the deck format; this kiosk reads "
            "up to 1)")]


def test_every_format_names_the_first_kiosk_that_reads_it() -> None:
    def as_tuple(version: str) -> tuple[int, ...]:
        return tuple(int(part) for part in version.split("."))

    for formats in (DECK_FORMAT, SETTINGS_FORMAT):
        assert sorted(formats.first_kiosk) == list(range(1, formats.current + 1))
        assert as_tuple(formats.first_kiosk[formats.current]) <= as_tuple(__version__)


def test_the_schemas_and_the_bundled_deck_know_the_format() -> None:
    wanted = {"type": "integer", "minimum": 1, "maximum": 1, "default": 1}
    for schema in (json_schema(), settings_schema()):
        declared = schema["properties"]["format"]
        assert {k: v for k, v in declared.items() if k != "description"} == wanted
    text = (paths.bundled_content_dir() / "deck.yaml").read_text(encoding="utf-8")
    assert load_located(text, "deck.yaml").data["format"] == DECK_FORMAT.current


# ---------------------------------------------------------------- Kiosk Studio
def test_the_studio_upgrades_an_older_deck_and_saves_it_in_the_new_format(
        tmp_path: Path, two_steps: None) -> None:
    folder = kept_deck(tmp_path)
    document = DeckDocument(folder)
    assert document.upgraded_from == 1
    document.save()
    lines = (folder / "deck.yaml").read_text(encoding="utf-8").splitlines()
    assert lines[:4] == ["# A deck of format 1, as decks were written before they carried a "
                         "format number: kept to",
                         "# show each upgrade step at work on a real file of that format.",
                         "format: 3", "title: A deck of format 1"]
    assert "duration: 21  # seconds each slide shows" in lines  # the author's comment stays
    assert load_deck(folder).deck.duration == 21  # (not upgraded a second time)
    assert DeckDocument(folder).upgraded_from is None
    assert DECK_FORMAT.upgraded(1) == ("This deck was written in deck format 1: it is saved in "
                                       "format 3, which kiosks 0.3.0 and later read")


def test_a_deck_without_a_format_gains_only_that_line_when_saved(tmp_path: Path) -> None:
    folder = kept_deck(tmp_path)
    before = (folder / "deck.yaml").read_text(encoding="utf-8").splitlines()
    document = DeckDocument(folder)
    assert document.upgraded_from is None
    document.save()
    after = (folder / "deck.yaml").read_text(encoding="utf-8").splitlines()
    changed = [line for line in difflib.unified_diff(before, after, lineterm="", n=0)
               if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert changed == ["+format: 1"] and after.index("format: 1") == 2


def test_the_studio_refuses_a_newer_deck_in_words(tmp_path: Path) -> None:
    folder = kept_deck(tmp_path, with_format(2))
    with pytest.raises(EditError) as refused:
        DeckDocument(folder)
    assert str(refused.value) == (
        "This deck was made for a newer Kiosk Studio (deck format 2; this Kiosk Studio reads "
        f"up to 1): update Kiosk Studio to a version after {__version__}")
    assert (folder / "deck.yaml").read_text(encoding="utf-8") == with_format(2)


def test_a_new_deck_is_written_in_the_current_format(tmp_path: Path, two_steps: None) -> None:
    new_deck(tmp_path / "new")
    data = load_located((tmp_path / "new" / "deck.yaml").read_text(encoding="utf-8"),
                        "deck.yaml").data
    assert data["format"] == 3 and data["duration"] == 21
    result = load_deck(tmp_path / "new")
    assert result.errors == [] and result.deck is not None and result.deck.duration == 21


# ---------------------------------------------------------------- kiosk.yaml
def doubled_idle(data: Any) -> Any:
    """A demonstration step for kiosk.yaml, from format 1 to 2."""
    data["idle_seconds"] = data["idle_seconds"] * 2
    return data


def kept_settings(tmp_path: Path, text: str | None = None) -> Path:
    config = tmp_path / "kiosk.yaml"
    shutil.copy(KEPT / "kiosk-1.yaml", config)
    if text is not None:
        config.write_text(text, encoding="utf-8")
    return config


def test_the_kept_settings_are_upgraded_as_they_are_read(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(SETTINGS_FORMAT, "steps", [doubled_idle])
    settings, problems = load_settings(kept_settings(tmp_path))
    assert problems == [] and settings.idle_seconds == 90 and settings.kiosk_id == "booth-1"


def test_newer_settings_are_refused_and_the_kiosk_keeps_its_own(tmp_path: Path) -> None:
    text = "# from a newer kiosk\nformat: 2\nidle_seconds: 60\nnew_thing: yes\n"
    config = kept_settings(tmp_path, text)
    settings, problems = load_settings(config)
    assert settings == Settings()
    assert [str(p) for p in problems] == [f"{config}:2:1: error: {NEWER_SETTINGS}"]
    assert config.read_text(encoding="utf-8") == text


def test_the_studio_writes_the_settings_format_and_keeps_their_comments(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(SETTINGS_FORMAT, "steps", [doubled_idle])
    config = kept_settings(tmp_path)
    document = SettingsDocument(config)
    assert document.upgraded_from == 1
    document.save()
    text = config.read_text(encoding="utf-8")
    assert "format: 2\nkiosk_id: booth-1\nidle_seconds: 90  # before 'Still there?'" in text
    assert text.startswith("# Settings of format 1")
    empty = SettingsDocument(tmp_path / "none" / "kiosk.yaml")
    assert empty.text() == "format: 2\n"


def test_the_studio_refuses_newer_settings(tmp_path: Path) -> None:
    with pytest.raises(EditError) as refused:
        SettingsDocument(kept_settings(tmp_path, "format: 2\n"))
    assert str(refused.value) == NEWER_SETTINGS


def test_a_set_up_over_newer_settings_keeps_them_as_a_copy(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    import kiosk.staff.pin as staff_module
    from kiosk.setup.booth_setup import apply_setup, read_setup, write_setup
    from kiosk.staff.pin import StaffAuth

    monkeypatch.setattr(staff_module, "SCRYPT", {"n": 2**10, "r": 8, "p": 1})
    studio = tmp_path / "studio"
    studio.mkdir()
    (studio / "kiosk.yaml").write_text("idle_seconds: 60\n", encoding="utf-8")
    StaffAuth(studio / "data").set_pin("482916")
    folder = kept_deck(tmp_path)
    write_setup(folder, studio / "kiosk.yaml", studio / "data")
    setup = read_setup(folder)
    assert setup is not None
    newer = "format: 2\nidle_seconds: 70\n"
    booth = kept_settings(tmp_path, newer)
    applied = apply_setup(setup, booth, tmp_path / "data", "482916")
    assert applied.settings.idle_seconds == 60
    assert booth.with_name("kiosk.yaml.bak").read_text(encoding="utf-8") == newer
    assert booth.read_text(encoding="utf-8") == "format: 1\nidle_seconds: 60\n"


# ---------------------------------------------------------------- a stick, the fleet
def test_a_newer_deck_on_a_stick_is_refused_before_anything_is_copied(tmp_path: Path) -> None:
    stick = kept_deck(tmp_path / "stick", with_format(2))
    target = tmp_path / "content"
    playing = kept_deck(tmp_path / "playing")
    shutil.copytree(playing, target)
    with pytest.raises(InstallError) as refused:
        bring_in(stick, target)
    assert str(refused.value) == NEWER_DECK
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "playing", "stick"]
    assert (target / "deck.yaml").read_bytes() == (playing / "deck.yaml").read_bytes()


def test_a_newer_deck_published_to_the_fleet_is_refused_and_what_plays_stays(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kiosk.fleet.booth import Ready, Refused, look
    from kiosk.fleet.layout import make_fleet
    from kiosk.fleet.office import publish
    from kiosk.fleet.store import current, install
    from kiosk.platform.clock import ManualClock
    from kiosk.sync.fleet_key import parse_key

    made = make_fleet(tmp_path / "Booths", "Our booths", clock=ManualClock(1.8e9))
    assert made.key is not None
    shared, key, store = made.fleet.folder, parse_key(made.key), tmp_path / "booth"
    first = look(shared, "booth-1", "", key).checked
    assert first is None
    publish(shared, kept_deck(tmp_path / "old"), key)
    ready = look(shared, "booth-1", "", key).checked
    assert isinstance(ready, Ready)
    install(ready, store)
    playing = current(store)
    with monkeypatch.context() as newer_office:  # an office with a kiosk that writes format 2
        newer_office.setattr(DECK_FORMAT, "steps", [doubled])
        publish(shared, kept_deck(tmp_path / "new", with_format(2)), key)
    found = look(shared, "booth-1", "", key, after=ready.package.serial)
    assert isinstance(found.checked, Refused)
    assert found.note == f"package 2 (version 2026.1) refused: deck.yaml line 4: {NEWER_DECK}"
    assert current(store) == playing


def test_settings_saved_in_their_format_travel_on_a_stick(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    import kiosk.staff.pin as staff_module
    from kiosk.setup.booth_setup import SetupError, apply_setup, read_setup, write_setup
    from kiosk.staff.pin import StaffAuth

    monkeypatch.setattr(staff_module, "SCRYPT", {"n": 2**10, "r": 8, "p": 1})
    studio = SettingsDocument(tmp_path / "studio" / "kiosk.yaml")
    studio.set(("idle_seconds",), 60)
    studio.save()  # as the studio's Settings tab saves it: with its format
    StaffAuth(tmp_path / "studio" / "data").set_pin("482916")
    folder = kept_deck(tmp_path)
    write_setup(folder, studio.path, tmp_path / "studio" / "data")
    setup = read_setup(folder)
    assert setup is not None
    booth = kept_settings(tmp_path)
    assert apply_setup(setup, booth, tmp_path / "data", "482916").settings.idle_seconds == 60

    monkeypatch.setattr(SETTINGS_FORMAT, "steps", [doubled_idle])  # a newer studio's
    write_setup(folder, studio.path, tmp_path / "studio" / "data")
    monkeypatch.setattr(SETTINGS_FORMAT, "steps", [])
    with pytest.raises(SetupError) as refused:
        read_setup(folder)
    assert str(refused.value) == ("booth-setup.yaml has settings a kiosk cannot use: format: "
                                  + NEWER_SETTINGS)

