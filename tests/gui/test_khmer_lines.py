"""A long paragraph in a script without spaces, laid out in a narrow box by the kiosk's own
text layout: every line ends between two words (ICU's), and no line leaves the box."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

KHMER = ("ស្ត្រីនិងកុមារីកម្ពុជាជាច្រើនត្រូវបានគេជួញដូរទៅប្រទេសជិតខាង "
         "សូមអភ័យទោស យើងមិនអាចបង្ហាញទំព័រនេះបានទេ "
         "អង្គការនេះជួយស្ត្រីនិងកុមារីដែលរួចផុតពីការជួញដូរឱ្យមានជីវិតថ្មី")
BURMESE = "မြန်မာဘာသာစကားသည် မြန်မာနိုင်ငံ၏ ရုံးသုံးဘာသာစကားဖြစ်သည်။" * 2


def line_ends(laid) -> list[int]:  # type: ignore[no-untyped-def]
    """Where each laid-out line ends, as an offset in the text the author wrote."""
    layout = laid.layout
    text = layout.text()
    ends = []
    for i in range(layout.lineCount()):
        line = layout.lineAt(i)
        ends.append(len(text[:line.textStart() + line.textLength()].replace("\u200b", "")))
    return ends


@pytest.mark.parametrize(("text", "language", "family"), [
    (KHMER, "km", "Noto Sans Khmer"), (BURMESE, "my", "Noto Sans")])
@pytest.mark.parametrize("align", [Qt.AlignmentFlag.AlignLeft, Qt.AlignmentFlag.AlignHCenter])
def test_lines_end_between_words_inside_a_narrow_box(kiosk_app, text: str, language: str,
                                                     family: str, align: Qt.AlignmentFlag
                                                     ) -> None:  # type: ignore[no-untyped-def]
    from kiosk.content.line_breaks import break_points
    from kiosk.ui.common.text_layout import TextStyle, fit_text

    width = 300.0
    style = TextStyle(family, 34, "#000000", align=align, min_size=34)
    laid = fit_text(text, style, width, 5000, language)
    words = set(break_points(text, language))
    ends = line_ends(laid)
    broken = [text[end - 3:end] + "|" + text[end:end + 3] for end in ends[:-1]
              if end not in words]
    assert broken == []  # no line ends inside a word
    for i in range(laid.layout.lineCount()):
        line = laid.layout.lineAt(i)
        assert line.x() >= -0.5 and line.x() + line.naturalTextWidth() <= width + 0.5, i
    assert laid.fits and laid.size == 34 and ends[-1] == len(text) and len(ends) >= 6
