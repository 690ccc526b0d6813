"""A bilingual English and Khmer deck no one wrote for the kiosk's own screens: long Khmer
sentences without spaces, chapters, a quotation, a giving slide, a logo, and no form.yaml
(so the kiosk's neutral form is used). The layout tests and the language screenshots draw it."""

from __future__ import annotations

from pathlib import Path

from tests.decks import png_bytes, write_deck

HEAD = """\
title: {en: "Wells for the villages", km: "អណ្តូងទឹកសម្រាប់ភូមិ"}
languages: [en, km]
duration: 8
transition: fade
transition_seconds: 0.5
theme:
  background: "#12263a"
  surface: "#1c3550"
  text: "#f2f5f7"
  muted: "#b4c2cf"
  accent: "#5fb3d9"
  logo: images/logo.png
sources:
  - {id: survey, title: Village water survey, publisher: The Wells Project, year: "2025"}
chapters:
  - {id: water, title: {en: Water, km: ទឹកស្អាតសម្រាប់គ្រប់គ្នា}, icon: mdi6.water}
  - {id: join, title: {en: Join us, km: ចូលរួមជាមួយយើង}, icon: mdi6.hand-heart}
thank_you: {en: "Thank you. Your words will reach the villages.",
            km: "សូមអរគុណ។ ពាក្យរបស់អ្នកនឹងទៅដល់ភូមិនានា។"}
"""

#: Khmer is written without spaces between words: only phrases are spaced.
KM_BODY = ("ក្នុងភូមិជាច្រើននៅតាមជនបទប្រជាជនត្រូវដើរឆ្ងាយរាប់គីឡូម៉ែត្ររៀងរាល់ថ្ងៃដើម្បីរកទឹកស្អាត"
           "សម្រាប់ផឹកនិងចម្អិនអាហារ ហើយកុមារីជាច្រើនមិនបានទៅសាលារៀនដោយសារតែការងារនេះ")
KM_QUOTE = "ពេលមានអណ្តូងទឹកនៅក្បែរផ្ទះកូនស្រីរបស់ខ្ញុំអាចទៅសាលារៀនបានរៀងរាល់ថ្ងៃ"
KM_GIVING = "សូមជួយឱ្យការងារនេះបន្តទៅមុខទៀតដើម្បីភូមិដែលនៅរង់ចាំ"

SLIDES = f"""\
- type: title
  id: welcome
  heading: {{en: "Wells for the villages", km: "អណ្តូងទឹកសម្រាប់ភូមិនានានៅកម្ពុជា"}}
  subtitle: {{en: "Clean water, close to home", km: "ទឹកស្អាតនៅក្បែរផ្ទះសម្រាប់គ្រប់គ្រួសារ"}}
- type: text
  id: the-walk
  chapter: water
  heading: {{en: "The daily walk", km: "ការដើររកទឹករៀងរាល់ថ្ងៃដ៏វែងឆ្ងាយ"}}
  body:
    en: >-
      In many villages people walk for kilometres each day to find clean water for
      drinking and cooking, and many girls miss school because of it.
    km: "{KM_BODY}"
  source: survey
- type: stat
  id: hours
  figure: {{en: "3 hours", km: "៣ ម៉ោង"}}
  label: {{en: "a day spent carrying water in the villages we surveyed",
           km: "ក្នុងមួយថ្ងៃសម្រាប់ការដឹកទឹកនៅក្នុងភូមិដែលយើងបានស្ទង់មតិ"}}
  source: survey
- type: quote
  id: mother
  chapter: join
  quote: {{en: "With a well near our house, my daughter goes to school every day.",
           km: "{KM_QUOTE}"}}
  by: {{en: "A mother in Kampong Speu", km: "ម្តាយម្នាក់នៅកំពង់ស្ពឺ"}}
  source: survey
- type: call_to_action
  id: give
  heading: {{en: "Help the work go on", km: "{KM_GIVING}"}}
  text: {{en: "Touch the screen to leave a message, or scan to give.",
          km: "សូមប៉ះអេក្រង់ដើម្បីផ្ញើសារ ឬស្កេនដើម្បីបរិច្ចាគ"}}
  url: https://example.org/wells
"""


def write_bilingual_deck(folder: Path) -> Path:
    """Write the deck (and its logo) into ``folder``; there is no form.yaml."""
    write_deck(folder, SLIDES, head=HEAD)
    (folder / "images").mkdir(exist_ok=True)
    (folder / "images" / "logo.png").write_bytes(png_bytes(240, 96, (95, 179, 217)))
    return folder
