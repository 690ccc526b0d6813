"""Which texts may be slanted or spaced out: only letters of scripts with italics (Qt-free)."""

import pytest

from kiosk.content.text import has_italics


@pytest.mark.parametrize(("text", "slanted"), [
    ("Year Zero, 1975!", True), ("Ελλάδα", True), ("Камбоджа", True), ("Camboya, año", True),
    ("ចូលរួមជាមួយយើង", False), ("감사합니다", False), ("我们", False), ("ภาษาไทย", False),
    ("Khmer ខ្មែរ", False),  # one slanted half and one upright would read as two voices
    ("1975 — 1979", True)])  # digits and signs belong to every script
def test_only_latin_greek_and_cyrillic_letters_have_italics(text: str, slanted: bool) -> None:
    assert has_italics(text) is slanted
