"""The studio shows a slide's problems under it: a problem of form.yaml, whose line number
means nothing in deck.yaml, is never shown as the slide's, and what is about no slide is
said too."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize

from tests.bilingual_deck import write_bilingual_deck
from tests.decks import line_of


def test_a_form_problem_never_lands_on_a_slide(kiosk_app: object, tmp_path: Path) -> None:
    from kiosk.content.problems import Problem, Severity
    from kiosk.studio.checks import check, place_problems

    folder = write_bilingual_deck(tmp_path / "d")
    text = (folder / "deck.yaml").read_text(encoding="utf-8")
    result = check(folder, text, "the-walk", QSize(480, 270), 1)
    heading = line_of(folder, 'heading: {en: "The daily walk"')
    for name, said in (("form.yaml", "a form text"), ("deck.yaml", "a slide text")):
        result.problems.append(Problem(str(folder / name), heading, 3, Severity.WARNING, said))
    index = next(i for i, (first, _) in enumerate(result.spans) if first < heading
                 and all(f <= first or f > heading for f, _ in result.spans))
    by_field, general = place_problems(result, index, {"heading", "body"})
    assert by_field.get("heading") == ["note: a slide text"]
    assert general == ["form.yaml: note: a form text"]  # said, but not as the slide's


def test_a_deck_wide_problem_is_shown_with_every_slide(kiosk_app: object, tmp_path: Path
                                                      ) -> None:
    from kiosk.content.problems import Problem, Severity
    from kiosk.studio.checks import check, place_problems

    folder = write_bilingual_deck(tmp_path / "d")
    text = (folder / "deck.yaml").read_text(encoding="utf-8")
    result = check(folder, text, "the-walk", QSize(480, 270), 1)
    result.problems.append(Problem(str(folder / "deck.yaml"), 2, 1, Severity.WARNING,
                                   "no font can show it"))
    for index in range(len(result.spans)):
        _by_field, general = place_problems(result, index, {"heading", "body"})
        assert "The deck: note: no font can show it" in general
