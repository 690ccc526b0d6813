"""The form's words (Qt-free): the kiosk's own plain form for a deck without form.yaml, in
every language it has words for; which thank-you a visitor reads; and the warnings (the
studio's problems list) naming each language's untranslated form texts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kiosk.content import load_deck
from kiosk.content.model import Deck, Form
from kiosk.content.text import pick
from kiosk.platform import paths
from kiosk.visit.form_rules import thanks
from tests.bilingual_deck import write_bilingual_deck
from tests.decks import HEAD, write_deck

CAMPAIGN = re.compile(r"girls|women|Cambodia|prayer|pray|encouragement", re.IGNORECASE)
SCRIPTS = {"km": re.compile(r"[\u1780-\u17ff]"), "ko": re.compile(r"[\uac00-\ud7a3]")}
SLIDE = "- {type: title, heading: {en: Hi, km: សួស្តី, ko: 안녕, es: Hola}}\n"


def texts_of(form: Form, language: str, fallback: str) -> list[str]:
    """Every text of the form in one language."""
    found = [form.title, form.intro, form.send, form.thank_you, form.thank_you_text]
    for field in form.fields:
        found += [field.label, field.placeholder, *(o.label for o in field.options)]
    return [pick(t, language, fallback) for t in found if t]


def deck_in(folder: Path, languages: str, form: str | None = None, extra: str = "") -> Deck:
    head = HEAD + f"languages: [{languages}]\n" + extra
    write_deck(folder, SLIDE, head=head)
    if form is not None:
        (folder / "form.yaml").write_text(form, encoding="utf-8")
    result = load_deck(folder)
    assert result.errors == [] and result.deck is not None and result.deck.form is not None
    return result.deck


@pytest.mark.parametrize("language", ["en", "km", "ko", "es"])
def test_a_deck_without_a_form_gets_the_kiosks_plain_form_in_its_language(
        tmp_path: Path, language: str) -> None:
    deck = deck_in(tmp_path, "en, km, ko, es")
    assert deck.form is not None
    assert [f.key for f in deck.form.fields] == ["message", "name", "email", "contact_ok"]
    texts = texts_of(deck.form, language, "en")
    assert len(texts) >= 8 and not [t for t in texts if CAMPAIGN.search(t)], texts
    english = texts_of(deck.form, "en", "en")
    if language != "en":  # from the catalog: none left in English
        assert not set(texts) & set(english), texts
    if language in SCRIPTS:
        assert all(SCRIPTS[language].search(t) for t in texts), texts
    assert thanks(deck, deck.form, language) == (pick(deck.form.thank_you, language, "en"),
                                                 pick(deck.form.thank_you_text, language, "en"))


def test_the_plain_forms_title_is_the_decks_own_leave_a_message(tmp_path: Path) -> None:
    deck = deck_in(tmp_path, "en, km",
                   extra="labels:\n  leave_message: {en: Write to the wells team}\n")
    assert deck.form is not None
    assert pick(deck.form.title, "en", "en") == "Write to the wells team"
    assert pick(deck.form.title, "km", "en") == "ទុកសារ"


def test_only_the_bundled_deck_has_the_campaign_form(tmp_path: Path) -> None:
    bundled = load_deck(paths.bundled_content_dir()).deck
    assert bundled is not None and bundled.form is not None
    topic = bundled.form.field("topic")
    assert topic is not None and [o.key for o in topic.options] == ["prayer", "help",
                                                                    "encouragement"]
    assert "girls and women" in pick(bundled.form.thank_you_text, "en", "en")
    other = load_deck(write_bilingual_deck(tmp_path)).deck  # not inherited by another deck
    assert other is not None and other.form is not None and other.form.field("topic") is None
    assert not [t for t in texts_of(other.form, "en", "en") if CAMPAIGN.search(t)]


def test_the_decks_thank_you_then_the_forms_then_the_kiosks(tmp_path: Path) -> None:
    bilingual = load_deck(write_bilingual_deck(tmp_path / "wells")).deck
    assert bilingual is not None and bilingual.form is not None
    assert thanks(bilingual, bilingual.form, "km") == (  # the plain form's line under it
        "សូមអរគុណ។ ពាក្យរបស់អ្នកនឹងទៅដល់ភូមិនានា។", "សាររបស់អ្នកត្រូវបានរក្សាទុកដោយសុវត្ថិភាព។")
    fields = "fields:\n  - {key: message, label: Message, type: long_text, required: true}\n"
    own = deck_in(tmp_path / "own", "en, km", form="title: Hi\nthank_you: {en: Ta, km: អរគុណ}\n"
                  + fields)
    assert own.form is not None and thanks(own, own.form, "km") == ("អរគុណ", "")
    none = deck_in(tmp_path / "none", "en, km", form="title: Hi\n" + fields)
    assert none.form is not None
    assert thanks(none, none.form, "km") == ("សូមអរគុណ",
                                             "សាររបស់អ្នកត្រូវបានរក្សាទុកដោយសុវត្ថិភាព។")


FORM = """\
title: {en: Write to us, km: សរសេរមកយើង, ko: 글을 남겨 주세요}
intro: Only in English
fields:
  - key: message
    label: {en: Message, ko: 메시지}
    type: long_text
    required: true
  - key: topic
    label: {en: Topic, km: ប្រធានបទ, ko: 주제}
    type: choice
    options:
      - {key: hope, label: {en: Hope, km: សង្ឃឹម, ko: 희망}}
      - {key: help, label: {en: Help, km: ជួយ}}
"""


def test_each_languages_untranslated_form_texts_are_named_with_their_line(
        tmp_path: Path) -> None:
    write_deck(tmp_path, SLIDE, head=HEAD + "languages: [en, km, ko]\n")
    (tmp_path / "form.yaml").write_text(FORM, encoding="utf-8")
    result = load_deck(tmp_path)
    assert result.errors == []
    said = {p.message.split("'")[1]: p for p in result.warnings if "form text" in p.message}
    assert set(said) == {"km", "ko"}, [str(p) for p in result.warnings]
    lines = FORM.splitlines()
    km, ko = said["km"], said["ko"]
    assert km.path.endswith("form.yaml") and lines[km.line - 1].startswith("intro:")
    assert "2 form text(s)" in km.message and "(intro, message label)" in km.message
    assert ko.path == km.path and ko.line == km.line and "2 form text(s)" in ko.message
    assert "(intro, topic option help)" in ko.message
    alone = tmp_path / "english"  # a deck in one language has nothing to translate
    write_deck(alone, "- {type: title, heading: Hi}\n")
    (alone / "form.yaml").write_text(FORM.replace(", km: សរសេរមកយើង", ""), encoding="utf-8")
    assert not [p for p in load_deck(alone).problems if "translation" in p.message]
