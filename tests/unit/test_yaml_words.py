"""A deck.yaml a person mistyped is answered in plain words at the line to look at, whichever
parser read it: libyaml's, PyYAML's own, or ruamel.yaml's (the studio's editor)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError

from kiosk.content import load_deck, yamlpos
from kiosk.content.yamlpos import YamlSyntaxError, load_located, syntax_error

HEAD = "title: T\nsources: []\nslides:\n  - type: text\n"
QUOTES = "put the whole value in quotes"

#: (what a person typed, the line to look at, the words) — the first four lines are HEAD.
MISTAKES = {
    "unclosed quotation mark": (HEAD + '    heading: "Year Zero\n    body: x\n', 5,
                                "a quotation mark is not closed"),
    "unclosed single quote": (HEAD + "    heading: 'Year Zero\n    body: x\n", 5,
                              "a quotation mark is not closed"),
    "line indented too little": (HEAD + "    heading: A\n   body: x\n", 6,
                                 "this line is indented differently from the lines around "
                                 "it (use spaces, lined up)"),
    "line indented too far": (HEAD + "    heading: A\n      body: x\n", 6,
                              "this line is indented differently from the lines around it "
                              "(use spaces, lined up)"),
    "a tab": (HEAD + "\theading: A\n", 5, "a tab is used here: indent with spaces instead"),
    "a colon in a value": (HEAD + "    heading: Note: this is it\n", 5,
                           f"a colon (:) inside a value: {QUOTES}"),
    "unclosed bracket": (HEAD + "    heading: [Year Zero\n    body: x\n", 5,
                         "a [ is not closed with ] (or a comma is missing between its items)"),
    "unclosed brace": (HEAD + "    heading: {en: Year Zero\n    body: x\n", 5,
                       "a { is not closed with } (or a comma is missing between its items)"),
    "a star for italics": (HEAD + "    heading: A\n    body: *Year Zero* began\n", 6,
                           f"a value starts with *: {QUOTES}"),
    "more after a quotation": (HEAD + '    heading: "Year" Zero\n', 5,
                               "there is more after the closing quotation mark: "
                               f"{QUOTES}"),
    "a backslash in double quotes": (HEAD + '    heading: "C:\\photos"\n', 5,
                                     'a backslash (\\) inside "double quotes": write it '
                                     "twice, or use 'single quotes'"),
    "a name without its colon": (HEAD + "    heading\n    body: x\n", 5,
                                 "this line needs a colon (:) after its name"),
    "an @ at the start": (HEAD + "    heading: @kiosk\n", 5,
                          f"a value cannot start with @: {QUOTES}"),
}


@pytest.fixture(params=["libyaml", "pyyaml"])
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each test runs with libyaml's parser (what a booth usually has) and PyYAML's own."""
    if request.param == "libyaml":
        if not hasattr(yaml, "CSafeLoader"):
            pytest.skip("PyYAML was built without libyaml here")
        monkeypatch.setattr(yamlpos, "_Loader", yaml.CSafeLoader)
    else:
        monkeypatch.setattr(yamlpos, "_Loader", yaml.SafeLoader)
    return str(request.param)


@pytest.mark.parametrize("mistake", list(MISTAKES))
def test_a_mistyped_line_is_said_in_plain_words(parser: str, mistake: str) -> None:
    text, line, words = MISTAKES[mistake]
    with pytest.raises(YamlSyntaxError) as caught:
        load_located(text, "content/deck.yaml")
    assert str(caught.value) == f"deck.yaml line {line}: {words}"
    assert caught.value.message == words and caught.value.where.line == line


@pytest.mark.parametrize("mistake", [m for m in MISTAKES if m != "a backslash in double quotes"])
def test_the_studio_s_parser_gets_the_same_words(mistake: str) -> None:
    """ruamel.yaml (the studio's editor) says the same through ``syntax_error``."""
    text, line, words = MISTAKES[mistake]
    with pytest.raises(MarkedYAMLError) as caught:
        YAML(typ="rt").load(text)
    assert str(syntax_error(caught.value, text, "deck.yaml")) == f"deck.yaml line {line}: {words}"


def test_a_key_written_twice_is_named() -> None:
    text = "title: T\ntitle: U\nslides: []\n"
    with pytest.raises(MarkedYAMLError) as caught:
        YAML(typ="rt").load(text)
    assert str(syntax_error(caught.value, text, "deck.yaml")) == (
        "deck.yaml line 2: 'title' appears twice here: keep one")


def test_a_complaint_without_words_of_its_own_points_at_its_line(parser: str) -> None:
    text = "title: T\nslides: []\n---\ntitle: U\n"  # a second document in one file
    with pytest.raises(YamlSyntaxError) as caught:
        load_located(text, "kiosk.yaml")
    assert str(caught.value) == ("kiosk.yaml line 3: this line cannot be read (check its "
                                 "quotes, colons and indentation)")


def test_a_control_character_is_named_at_its_line(parser: str) -> None:
    with pytest.raises(YamlSyntaxError) as caught:
        load_located("title: T\nslides: x\x07y\n", "deck.yaml")
    assert str(caught.value) == ("deck.yaml line 2: this line holds an invisible control "
                                 "character: type the line again")


def test_validate_reports_the_words_at_the_line(tmp_path: Path) -> None:
    text, line, words = MISTAKES["unclosed quotation mark"]
    (tmp_path / "deck.yaml").write_text(text, encoding="utf-8")
    result = load_deck(tmp_path)
    assert result.deck is None
    [problem] = result.errors
    assert (problem.line, problem.message) == (line, words)
    assert "scalar" not in str(problem) and "stream" not in str(problem)
