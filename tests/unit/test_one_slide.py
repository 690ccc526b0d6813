"""The studio paints the slide being typed in from the deck's head and that slide alone: it
must come out as the same slide the whole deck's loader makes, in every deck we ship or test
with (its id, chapter, fields and look)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kiosk.content import load_deck
from kiosk.content.edit import DeckDocument, plain
from kiosk.content.loader import build_deck
from kiosk.platform import paths
from tests.bilingual_deck import write_bilingual_deck


def _same_slides(folder: Path) -> int:
    whole = load_deck(folder).deck
    assert whole is not None
    document = DeckDocument(folder)
    for index, raw in enumerate(document.slides):
        one = build_deck(folder, document.one_slide(index))
        slide_id = str(raw.get("id") or f"{raw.get('type')}-{index + 1}")
        expected = next((s for s in whole.slides if s.id == slide_id), None)
        if expected is None:
            assert one is None or not one.slides
            continue
        assert one is not None
        got = one.slides[0]
        assert (got.id, got.type, got.chapter, got.fields, got.sources, got.placeholder,
                got.duration, got.timed) == (
            expected.id, expected.type, expected.chapter, expected.fields, expected.sources,
            expected.placeholder, expected.duration, expected.timed), index
        assert (one.title, one.languages, one.theme, one.sources) == (
            whole.title, whole.languages, whole.theme, whole.sources)
    return len(document.slides)


def test_each_slide_of_the_bundled_deck_alone_is_the_slide_of_the_whole(tmp_path: Path) -> None:
    folder = tmp_path / "deck"
    shutil.copytree(paths.bundled_content_dir(), folder)
    assert _same_slides(folder) >= 18


def test_each_slide_of_a_bilingual_deck_alone_is_the_slide_of_the_whole(tmp_path: Path) -> None:
    assert _same_slides(write_bilingual_deck(tmp_path / "deck")) > 3


def test_a_slide_without_a_chapter_is_in_the_one_before(tmp_path: Path) -> None:
    folder = tmp_path / "deck"
    shutil.copytree(paths.bundled_content_dir(), folder)
    document = DeckDocument(folder)
    index = next(i for i, s in enumerate(document.slides) if i and not s.get("chapter"))
    data = document.one_slide(index)
    assert data["slides"][0]["chapter"]
    assert "slides" not in {k for k in data if k != "slides"}


@pytest.mark.parametrize("value", [
    {"a": [1, 2.5, True, None, "x"]}, [{"b": "c"}], "text", 3,
])
def test_plain_copies_are_plain_and_equal(value: object) -> None:
    import io

    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    out = io.StringIO()
    yaml.dump({"v": value}, out)
    loaded = yaml.load(out.getvalue())["v"]
    copy = plain(loaded)
    assert copy == value
    assert type(copy) is type(value)
