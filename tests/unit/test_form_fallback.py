"""A form.yaml that cannot give a sound form gives way to the kiosk's plain one, with an error
that says so; the consent tick asks for an email in both forms; and which thank-you shows."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.content import load_deck
from kiosk.content.model import Deck, Form
from kiosk.platform import paths
from kiosk.visit.form_rules import Why, check, thanks
from tests.bilingual_deck import write_bilingual_deck
from tests.decks import HEAD, write_deck

PLAIN = ["message", "name", "email", "contact_ok"]
FIELDS = "fields:\n  - {key: message, label: Message, type: long_text, required: true}\n"
SAID = "form.yaml has {n} error(s): visitors get the kiosk's plain message form until they " \
       "are fixed"

BROKEN = {
    "texts that are lists": "title: Hi\nintro: [one, two, three]\n" + FIELDS,
    "a text map with a list": "title: Hi\nsend: {en: [a, b]}\n" + FIELDS,
    "a yes/no for a text": "title: Hi\nthank_you: true\n" + FIELDS,
    "a null label": "title: Hi\nfields:\n  - {key: message, label: null, type: long_text}\n",
    "a list placeholder": "title: Hi\nfields:\n"
                          "  - {key: message, label: M, type: long_text, placeholder: [x]}\n",
    "a length that is text": "title: Hi\nfields:\n"
                             "  - {key: message, label: M, type: text, max_length: long}\n",
    "fields that are no list": "title: Hi\nfields: message\n",
    "a form that is a list": "- title: Hi\n",
    "no title": FIELDS,
    "a syntax error": "title: [Hi\n" + FIELDS,
    "a consent rule naming no field": FIELDS
    + "  - {key: ok, label: OK, type: checkbox, required_when: emial}\ntitle: Hi\n",
    "a field key twice": "title: Hi\n" + FIELDS
    + "  - {key: message, label: Again, type: text}\n",
    "an unknown key": "title: Hi\n" + FIELDS + "  - {key: mail, lable: Email, type: email}\n",
}


def deck_with_form(folder: Path, form: str) -> tuple[Deck, list[str]]:
    write_deck(folder, "- {type: title, heading: Hi}\n", head=HEAD + "languages: [en, km]\n")
    (folder / "form.yaml").write_text(form, encoding="utf-8")
    result = load_deck(folder)
    assert result.deck is not None and result.deck.form is not None
    return result.deck, [str(p) for p in result.errors]


@pytest.mark.parametrize("form", BROKEN.values(), ids=BROKEN.keys())
def test_a_form_yaml_with_errors_gives_the_plain_form_and_says_so(tmp_path: Path, form: str
                                                                  ) -> None:
    deck, errors = deck_with_form(tmp_path, form)
    assert deck.form is not None and [f.key for f in deck.form.fields] == PLAIN
    assert deck.form.title == {"en": "Leave a message", "km": "ទុកសារ"}
    said = [e for e in errors if "plain message form" in e]
    others = [e for e in errors if e not in said]
    assert len(said) == 1 and others, errors
    assert said[0] == f"{tmp_path / 'form.yaml'}:1:1: error: " + SAID.format(n=len(others))
    assert all("form.yaml:" in e for e in others), errors  # each error with its own line


def plain_and_bundled(tmp_path: Path) -> list[Form]:
    plain = load_deck(write_bilingual_deck(tmp_path)).deck
    bundled = load_deck(paths.bundled_content_dir()).deck
    assert plain is not None and bundled is not None
    assert plain.form is not None and bundled.form is not None
    return [plain.form, bundled.form]


def test_the_consent_tick_needs_an_email_and_an_email_needs_the_tick(tmp_path: Path) -> None:
    for form in plain_and_bundled(tmp_path):
        said = {"message": "Hi"}
        assert check(form, said) == {}
        assert check(form, {**said, "contact_ok": True}) == {"contact_ok": Why.UNTICK_EMAIL}
        assert check(form, {**said, "contact_ok": True, "email": "  "}) == {
            "contact_ok": Why.UNTICK_EMAIL}
        assert check(form, {**said, "email": "ana@mail.org"}) == {"contact_ok": Why.TICK}
        assert check(form, {**said, "email": "ana@mail.org", "contact_ok": True}) == {}
        assert check(form, {**said, "email": "ana@", "contact_ok": True}) == {
            "email": Why.EMAIL}


def test_a_tick_that_needs_another_field_says_untick_without_naming_an_email(
        tmp_path: Path) -> None:
    deck, errors = deck_with_form(tmp_path, "title: Hi\n" + FIELDS + (
        "  - {key: phone, label: Phone, type: text, required_when: call_me}\n"
        "  - {key: call_me, label: Call me, type: checkbox}\n"))
    assert errors == [] and deck.form is not None
    assert check(deck.form, {"message": "Hi", "call_me": True}) == {"call_me": Why.UNTICK}


def test_the_decks_thank_you_is_the_heading_and_the_forms_line_stays_under_it(
        tmp_path: Path) -> None:
    wells = load_deck(write_bilingual_deck(tmp_path / "wells")).deck  # the plain form
    assert wells is not None and wells.form is not None
    assert thanks(wells, wells.form, "km") == ("សូមអរគុណ។ ពាក្យរបស់អ្នកនឹងទៅដល់ភូមិនានា។",
                                               "សាររបស់អ្នកត្រូវបានរក្សាទុកដោយសុវត្ថិភាព។")
    folder = tmp_path / "own"
    write_deck(folder, "- {type: title, heading: Hi}\n",
               head=HEAD + "languages: [en, km]\nthank_you: {en: Bless you, km: អរគុណ}\n")
    (folder / "form.yaml").write_text("title: Hi\nthank_you: Thanks\nthank_you_text: "
                                      "{en: Kept safe., km: រក្សាទុក។}\n" + FIELDS,
                                      encoding="utf-8")
    loaded = load_deck(folder)
    own = loaded.deck  # a sound form.yaml is used, and nothing is said of the plain one
    assert loaded.errors == [] and own is not None and own.form is not None
    assert own.form.title == {"en": "Hi"}
    assert thanks(own, own.form, "km") == ("អរគុណ", "រក្សាទុក។")
    assert thanks(own, own.form, "en") == ("Bless you", "Kept safe.")
