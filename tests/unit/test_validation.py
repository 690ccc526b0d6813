"""Validation: every class of problem, reported with its file position. No Qt here."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.content import load_deck, visible_texts
from kiosk.platform import paths
from tests.decks import HEAD, line_of, write_deck


def problems_of(folder: Path) -> list[str]:
    return [str(p) for p in load_deck(folder).problems]


def only(problems: list[str], needle: str) -> str:
    found = [p for p in problems if needle in p]
    assert len(found) == 1, problems
    return found[0]


def test_default_deck_is_valid_and_tells_the_story() -> None:
    result = load_deck(paths.bundled_content_dir())
    assert result.errors == []
    deck = result.deck
    assert deck is not None
    assert 12 <= len(deck.slides) <= 20
    assert {s.type for s in deck.slides} == {"title", "text", "image", "quote", "stat",
                                             "sources", "call_to_action"}
    for slide in deck.slides:
        words = sum(len(t.split()) for t in visible_texts(slide, deck, "en"))
        if slide.type != "sources":
            assert words <= 45, (slide.id, words)
        if slide.type in ("stat", "quote") or any(ch.isdigit() for ch in
                                                  slide.text("label", "en", "en")):
            assert slide.sources, slide.id
    assert deck.slides[-2].type == "call_to_action"  # the invitation before the sources


def test_unknown_key_has_line_and_suggestion(tmp_path: Path) -> None:
    folder = write_deck(tmp_path, """\
        - type: text
          heading: Hello
          bdy: A short text.
        """)
    line = line_of(folder, "bdy:")
    problems = problems_of(folder)
    assert any(p.endswith(f":{line}:5: error: unknown key 'bdy' (did you mean 'body'?)")
               for p in problems), problems
    assert only(problems, "missing 'body'")


def test_wrong_type_has_line(tmp_path: Path) -> None:
    folder = write_deck(tmp_path, """\
        - type: text
          heading: Hello
          body: A short text.
          duration: long
        """)
    problem = only(problems_of(folder), "expected a number")
    assert f"deck.yaml:{line_of(folder, 'duration: long')}:" in problem
    assert ": error: " in problem


def test_unknown_slide_type_suggests(tmp_path: Path) -> None:
    folder = write_deck(tmp_path, "- type: qoute\n  quote: Hi\n  by: Me\n  source: un\n")
    assert "did you mean 'quote'" in only(problems_of(folder), "unknown slide type")


def test_missing_image(tmp_path: Path) -> None:
    folder = write_deck(tmp_path, "- type: image\n  image: images/gone.jpg\n")
    problem = only(problems_of(folder), "image not found: images/gone.jpg")
    assert f"deck.yaml:{line_of(folder, 'gone.jpg')}:12: error:" in problem


def test_image_that_is_not_an_image(tmp_path: Path) -> None:
    folder = write_deck(tmp_path, "- type: image\n  image: notes.jpg\n")
    (folder / "notes.jpg").write_text("these are not pixels")
    problem = only(problems_of(folder), "not an image")
    assert f":{line_of(folder, 'notes.jpg')}:" in problem


def test_unreadable_image(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = write_deck(tmp_path, "- type: image\n  image: locked.png\n",
                        images={"locked.png": (1, 2, 3)})
    import kiosk.content.images as images

    real_open = images.open_regular

    def refuse(path: Path):  # type: ignore[no-untyped-def]
        if Path(path).name == "locked.png":
            raise PermissionError(13, "Permission denied")
        return real_open(path)

    monkeypatch.setattr(images, "open_regular", refuse)
    assert "Permission denied" in only(problems_of(folder), "image cannot be read")


def test_unknown_source_and_chapter(tmp_path: Path) -> None:
    folder = write_deck(tmp_path, """\
        - type: quote
          quote: A short quotation.
          by: Someone
          source: unn
          chapter: two
        """)
    problems = problems_of(folder)
    assert f":{line_of(folder, 'source: unn')}:" in only(problems, "unknown source 'unn'")
    assert "did you mean 'un'" in only(problems, "unknown source")
    assert f":{line_of(folder, 'chapter: two')}:" in only(problems, "unknown chapter 'two'")


def test_duplicate_slide_id(tmp_path: Path) -> None:
    folder = write_deck(tmp_path, """\
        - {type: stat, id: same, figure: "1", label: one, source: un}
        - {type: stat, id: same, figure: "2", label: two, source: un}
        """)
    problem = only(problems_of(folder), "duplicate slide id 'same'")
    first = line_of(folder, 'figure: "1"')
    assert f":{first + 1}:" in problem and f"line {first}" in problem


def test_stat_without_source_is_an_error(tmp_path: Path) -> None:
    folder = write_deck(tmp_path, "- type: stat\n  figure: 80%\n  label: of people\n")
    result = load_deck(folder)
    problem = only([str(p) for p in result.errors], "without 'source'")
    assert f":{line_of(folder, '- type: stat')}:" in problem
    assert result.deck is None  # the only slide is not shown


def test_too_short_duration_is_a_warning(tmp_path: Path) -> None:
    folder = write_deck(tmp_path, """\
        - type: text
          heading: A long read
          body: >-
            one two three four five six seven eight nine ten eleven twelve thirteen
            fourteen fifteen sixteen seventeen eighteen nineteen twenty twenty-one
            twenty-two twenty-three twenty-four twenty-five twenty-six twenty-seven
          duration: 3
        """)
    result = load_deck(folder)
    assert result.errors == []
    warning = only([str(p) for p in result.warnings], "takes about")
    assert f":{line_of(folder, 'duration: 3')}:" in warning and ": warning: " in warning


def test_yaml_syntax_error_has_line(tmp_path: Path) -> None:
    folder = write_deck(tmp_path, "- type: text\n  heading: [unclosed\n  body: x\n")
    problem = only(problems_of(folder), "is not closed")
    assert f":{line_of(folder, 'body: x') }:" in problem or ":" in problem.split(": error")[0]


def test_translations_and_unknown_language(tmp_path: Path) -> None:
    head = "title: T\nlanguages: [en, km]\nsources: []\n"
    folder = write_deck(tmp_path, """\
        - type: text
          heading: {en: Hello, km: សួស្តី}
          body: {en: Body only in English, fr: Bonjour}
        """, head=head)
    result = load_deck(folder)
    assert result.errors == []
    warnings = [str(p) for p in result.warnings]
    assert only(warnings, "language 'fr' is not in the deck's languages")
    assert only(warnings, "no 'km' translation")
    assert result.deck and result.deck.slides[0].text("heading", "km", "en") == "សួស្តី"


def test_missing_text_in_first_language_is_an_error(tmp_path: Path) -> None:
    head = "title: T\nlanguages: [en, km]\n"
    folder = write_deck(tmp_path, "- {type: text, heading: {km: សួស្តី}, body: b}\n", head=head)
    assert only(problems_of(folder), "no text in the deck's first language 'en'")


def test_missing_folder_is_reported(tmp_path: Path) -> None:
    problems = problems_of(tmp_path / "nowhere")
    assert problems and "no deck.yaml" in problems[0]


def test_schema_is_current_and_accepts_the_default_deck() -> None:
    from kiosk.content import json_schema

    schema = json_schema()
    shipped = json.loads((paths.bundled_content_dir() / "deck.schema.json").read_text())
    assert shipped == schema, "run: kiosk schema > content/deck.schema.json"
    jsonschema = pytest.importorskip("jsonschema")
    import yaml

    data = yaml.safe_load((paths.bundled_content_dir() / "deck.yaml").read_text())
    jsonschema.validate(data, schema)
    data["slides"][2].pop("source")  # a stat without a source
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


def test_the_core_imports_no_qt() -> None:
    code = ("import sys, kiosk.content, kiosk.platform.paths, kiosk.cli;"
            "bad = [m for m in sys.modules if m.startswith(('PySide6', 'qtawesome', 'kiosk.ui'))];"
            "print(bad); sys.exit(1 if bad else 0)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_reading_a_command_line_loads_no_command_of_the_fleet() -> None:
    """Every command builds the whole command line first: what it imports for that is paid
    by `kiosk export` as much as by `kiosk publish` (the fleet's signing and packages: about
    a third of a second)."""
    code = ("import sys; from kiosk.cli import _parser; _parser();"
            "bad = [m for m in sys.modules if m.startswith(('kiosk.fleet.booth', "
            "'kiosk.fleet.office', 'kiosk.fleet.store', 'cryptography'))];"
            "print(bad); sys.exit(1 if bad else 0)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_form_schema_is_current_and_accepts_the_default_form() -> None:
    from kiosk.content.schema import form_schema

    shipped = json.loads((paths.bundled_content_dir() / "form.schema.json").read_text())
    assert shipped == form_schema(), "run: kiosk schema --form > content/form.schema.json"
    jsonschema = pytest.importorskip("jsonschema")
    import yaml

    jsonschema.validate(yaml.safe_load((paths.bundled_content_dir() / "form.yaml").read_text()),
                        form_schema())


def test_form_problems_have_lines(tmp_path: Path) -> None:
    folder = write_deck(tmp_path, "- {type: stat, figure: '1', label: one, source: un}\n")
    (folder / "form.yaml").write_text(
        "title: Write to us\nthank_you: Thanks\nfields:\n"
        "  - {key: message, label: Message, type: long_text, required: true}\n"
        "  - {key: ok, label: OK, type: checkbox, required_when: emial}\n"
        "  - {key: mail, lable: Email, type: email}\n")
    result = load_deck(folder)
    text = [str(p) for p in result.errors]
    assert any("form.yaml:5:" in t and "unknown field 'emial'" in t for t in text), text
    assert any("form.yaml:6:" in t and "unknown key 'lable' (did you mean 'label'?)" in t
               for t in text), text
    assert result.deck is not None and result.deck.form is not None
    assert [f.key for f in result.deck.form.fields] == [  # the plain form, in its place
        "message", "name", "email", "contact_ok"]


def test_a_deck_without_a_form_uses_the_bundled_one(tmp_path: Path) -> None:
    folder = write_deck(tmp_path, "- {type: stat, figure: '1', label: one, source: un}\n")
    deck = load_deck(folder).deck
    assert deck is not None and deck.form is not None and deck.form.field("message")


def test_an_example_address_is_a_warning(tmp_path: Path) -> None:
    folder = write_deck(tmp_path, """\
        - type: call_to_action
          heading: Give
          url: https://example.org/give
        - type: call_to_action
          heading: Learn
          url: https://mission.example.net.kh/learn
        """)
    result = load_deck(folder)
    warnings = [str(p) for p in result.warnings if "example address" in p.message]
    assert len(warnings) == 1 and f":{line_of(folder, 'example.org')}:" in warnings[0]
    assert result.errors == []


def test_a_chapter_icon_that_cannot_be_one_is_a_warning_and_the_chapter_stays(
        tmp_path: Path) -> None:
    head = HEAD.replace("- {id: one, title: One}", "- {id: one, title: One, icon: not-an-icon}")
    folder = write_deck(tmp_path, "- {type: title, heading: Hi, chapter: one}\n", head=head)
    result = load_deck(folder)
    assert "warning: 'not-an-icon' is not an icon name" in only(problems_of(folder), "icon")
    assert result.errors == [] and result.deck is not None
    assert [c.id for c in result.deck.chapters] == ["one"]


def test_a_deck_with_no_playable_slide_still_gives_its_title_and_colours(tmp_path: Path
                                                                        ) -> None:
    """For a calm holding slide in the deck's own colours: the deck's shell, not None."""
    folder = write_deck(tmp_path / "d", "- {type: image, image: images/missing.png}\n",
                        head='title: {km: "អណ្តូង", en: Wells}\nlanguages: [km, en]\n'
                             'theme: {accent: "#5fb3d9"}\n')
    result = load_deck(folder)
    assert result.deck is None and result.errors
    assert result.shell is not None and result.shell.title == {"km": "អណ្តូង", "en": "Wells"}
    assert result.shell.theme.accent == "#5fb3d9" and result.shell.languages == ["km", "en"]
