"""The message form's rules, one at a time: what must be filled in, ticked, short enough or an
e-mail address; what is kept of what was typed; which thank-you shows. No Qt here."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any, cast

import pytest

from kiosk.content.model import Deck, Form, FormField
from kiosk.visit.form_rules import Why, check, fields_to_store, is_email, is_filled, thanks


def field(key: str, kind: str = "text", **rules: Any) -> FormField:
    return FormField(key=key, label={"en": key}, type=kind, **rules)


def form(*fields: FormField, thank_you_text: dict[str, str] | None = None) -> Form:
    return Form(title={"en": "Write"}, thank_you={"en": "Thank you"}, fields=fields,
                thank_you_text=thank_you_text)


MESSAGE = field("message", "long_text", required=True, max_length=10)
EMAIL = field("email", "email", required_when="contact_ok")
PHONE = field("phone", "text", required_when="call_me")
TICK = field("contact_ok", "checkbox")
CALL = field("call_me", "checkbox")


@pytest.mark.parametrize("value", [None, "", "   ", "\n\t ", False, 0, 5])
def test_a_required_field_left_empty_stops_the_form(value: Any) -> None:
    assert check(form(MESSAGE), {"message": value}) == {"message": Why.EMPTY}
    assert check(form(MESSAGE), {}) == {"message": Why.EMPTY}


def test_a_required_field_with_words_lets_the_form_go() -> None:
    assert check(form(MESSAGE), {"message": "  Hi  "}) == {}


def test_an_optional_field_may_stay_empty() -> None:
    optional = field("name")
    assert check(form(MESSAGE, optional), {"message": "Hi"}) == {}
    assert check(form(MESSAGE, optional), {"message": "Hi", "name": ""}) == {}


def test_a_required_tick_must_be_ticked() -> None:
    agree = field("agree", "checkbox", required=True)
    assert check(form(agree), {}) == {"agree": Why.TICK}
    assert check(form(agree), {"agree": False}) == {"agree": Why.TICK}
    assert check(form(agree), {"agree": True}) == {}


def test_as_long_as_allowed_goes_one_more_is_too_long() -> None:
    assert check(form(MESSAGE), {"message": "x" * 10}) == {}
    assert check(form(MESSAGE), {"message": "x" * 11}) == {"message": Why.LONG}


def test_length_counts_what_is_kept_not_control_characters() -> None:
    kept_ten = "x" * 8 + "\r\n" + "\x07y"  # CR LF is kept as one line break, the bell not
    assert check(form(MESSAGE), {"message": kept_ten}) == {}
    assert check(form(MESSAGE), {"message": kept_ten + "z"}) == {"message": Why.LONG}


def test_too_long_is_said_before_a_wrong_email() -> None:
    email = field("email", "email", max_length=12)
    assert check(form(email), {"email": "not-an-address"}) == {"email": Why.LONG}
    assert check(form(email), {"email": "not-an-addr"}) == {"email": Why.EMAIL}


@pytest.mark.parametrize("text", ["ana@mail.org", "ana.b+kiosk@sub.mail.org", " ana@mail.org ",
                                  "សុខា@mail.kh", "a@b.co"])
def test_an_email_address_is_taken(text: str) -> None:
    assert is_email(text)
    assert check(form(field("email", "email")), {"email": text}) == {}


@pytest.mark.parametrize("text", ["ana", "ana@", "@mail.org", "ana@mail", "ana@mail.o",
                                  "ana@@mail.org", "an a@mail.org", "ana@.org",
                                  "ana@mail..org", "ana@mail.org.", "ana@mail org"])
def test_a_wrong_email_address_is_named(text: str) -> None:
    assert not is_email(text)
    assert check(form(field("email", "email")), {"email": text}) == {"email": Why.EMAIL}


def test_an_empty_optional_email_is_no_problem() -> None:
    assert check(form(field("email", "email")), {"email": "  "}) == {}


def test_an_email_needed_by_a_tick_is_the_ticks_problem() -> None:
    rules = form(MESSAGE, EMAIL, TICK)
    said = {"message": "Hi"}
    assert check(rules, said) == {}  # not ticked: no email needed
    assert check(rules, {**said, "contact_ok": True}) == {"contact_ok": Why.UNTICK_EMAIL}
    assert check(rules, {**said, "contact_ok": True, "email": "ana@mail.org"}) == {}
    assert check(rules, {**said, "contact_ok": True, "email": "ana"}) == {"email": Why.EMAIL}


def test_another_field_needed_by_a_tick_says_untick() -> None:
    rules = form(MESSAGE, PHONE, CALL)
    assert check(rules, {"message": "Hi", "call_me": True}) == {"call_me": Why.UNTICK}
    assert check(rules, {"message": "Hi", "call_me": True, "phone": "012 345"}) == {}


def test_the_first_field_a_tick_needs_says_why() -> None:
    both = form(MESSAGE, EMAIL, field("phone", required_when="contact_ok"), TICK)
    assert check(both, {"message": "Hi", "contact_ok": True}) == {
        "contact_ok": Why.UNTICK_EMAIL}
    assert check(both, {"message": "Hi", "contact_ok": True, "email": "a@b.org"}) == {
        "contact_ok": Why.UNTICK}


def test_a_field_needed_by_a_filled_text_is_itself_empty() -> None:
    rules = form(field("name"), field("town", required_when="name"))
    assert check(rules, {"name": "Ana"}) == {"town": Why.EMPTY}
    assert check(rules, {"name": " "}) == {}
    assert check(rules, {"name": "Ana", "town": "Kampot"}) == {}


def test_a_tick_needed_by_a_filled_field_must_be_ticked() -> None:
    rules = form(field("email", "email"), field("agree", "checkbox", required_when="email"))
    assert check(rules, {"email": "ana@mail.org"}) == {"agree": Why.TICK}
    assert check(rules, {"email": "ana@mail.org", "agree": True}) == {}


def test_every_problem_is_named_at_once() -> None:
    rules = form(MESSAGE, field("email", "email"), field("agree", "checkbox", required=True))
    assert check(rules, {"message": "x" * 11, "email": "ana"}) == {
        "message": Why.LONG, "email": Why.EMAIL, "agree": Why.TICK}


@pytest.mark.parametrize(("value", "filled"), [
    (True, True), ("a", True), (" a ", True), (False, False), (None, False), ("", False),
    (" \n", False), (1, False), ([], False)])
def test_what_counts_as_filled_in(value: Any, filled: bool) -> None:
    assert is_filled(value) is filled


def test_what_is_kept_is_every_form_field_trimmed_and_none_for_empty() -> None:
    rules = form(MESSAGE, field("name"), EMAIL, TICK, CALL)
    kept = fields_to_store(rules, {"message": "\n  Line one\n\tLine two\t\n ",
                                   "name": "  Ana  ", "email": "   ", "contact_ok": 1,
                                   "not_a_field": "dropped"})
    assert kept == {"message": "Line one\n\tLine two\t", "name": "Ana", "email": None,
                    "contact_ok": True, "call_me": False}


def test_a_long_texts_own_spacing_inside_is_kept() -> None:
    kept = fields_to_store(form(MESSAGE), {"message": "  Dear all,\n\n  thank you"})
    assert kept == {"message": "Dear all,\n\n  thank you"}


def deck(thank_you: dict[str, str] | None, languages: tuple[str, ...] = ("en", "km")) -> Deck:
    return cast(Deck, SimpleNamespace(thank_you=thank_you, default_language=languages[0]))


def test_the_decks_thank_you_is_the_heading_else_the_forms() -> None:
    line = {"en": "Kept safe.", "km": "រក្សាទុក។"}
    rules = form(MESSAGE, thank_you_text=line)
    assert thanks(deck({"en": "Bless you", "km": "អរគុណ"}), rules, "km") == ("អរគុណ",
                                                                             "រក្សាទុក។")
    assert thanks(deck(None), rules, "en") == ("Thank you", "Kept safe.")


def test_a_thank_you_missing_in_a_language_is_the_first_languages() -> None:
    rules = form(MESSAGE, thank_you_text={"en": "Kept safe."})
    assert thanks(deck({"en": "Bless you"}), rules, "km") == ("Bless you", "Kept safe.")


def test_no_line_under_the_heading_is_an_empty_line() -> None:
    assert thanks(deck(None), form(MESSAGE), "en") == ("Thank you", "")
