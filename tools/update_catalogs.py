"""Write the template of the kiosk's words (kiosk/locale/kiosk.pot) from ``kiosk.words`` and
add new words to every catalog, keeping what translators wrote (Babel does the merging).

Run: python tools/update_catalogs.py   (then translate the new entries in each kiosk.po,
with Poedit or any editor; ``pytest tests/unit/test_words.py`` says what is missing)
Start a new language: python tools/update_catalogs.py --new fr
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kiosk.words import DOMAIN, LOCALE_DIR, MESSAGES


def template() -> Catalog:
    pot = Catalog(project="awareness-kiosk", domain=DOMAIN)
    for key, message in MESSAGES.items():
        pot.add(message, auto_comments=[f"key: {key}"])
    return pot


def main(argv: list[str] | None = None) -> int:
    args = argparse.ArgumentParser(description=__doc__)
    args.add_argument("--new", metavar="LANGUAGE", help="start a catalog for LANGUAGE")
    options = args.parse_args(argv)
    pot = template()
    with (LOCALE_DIR / f"{DOMAIN}.pot").open("wb") as out:
        write_po(out, pot, omit_header=False, width=100)
    languages = [p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po")]
    if options.new:
        (LOCALE_DIR / options.new / "LC_MESSAGES").mkdir(parents=True, exist_ok=True)
        languages.append(options.new)
    for language in sorted(set(languages)):
        path = LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
        if path.exists():
            with path.open("rb") as handle:
                po = read_po(handle, locale=language)
        else:
            po = Catalog(locale=language, domain=DOMAIN, project="awareness-kiosk")
        po.update(pot, no_fuzzy_matching=True)
        with path.open("wb") as out:
            write_po(out, po, width=100, ignore_obsolete=True)
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
