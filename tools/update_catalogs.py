"""Write the templates of the kiosk's words (kiosk/locale/kiosk.pot from ``kiosk.visit.words``,
kiosk/locale/staff.pot from ``kiosk.staff.words``) and add new words to every catalog,
keeping what translators wrote (Babel does the merging).

Run: python tools/update_catalogs.py   (then translate the new entries in each kiosk.po and
staff.po, with Poedit or any editor; ``pytest tests/unit/test_words.py`` says what is missing)
Start a new language: python tools/update_catalogs.py --new fr
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kiosk.staff import words as staff_words
from kiosk.visit import words
from kiosk.visit.words import LOCALE_DIR

#: Each catalog's name and its words: the visitors' (kiosk.po) and the staff screens'
#: (staff.po).
DOMAINS = {words.DOMAIN: words.MESSAGES, staff_words.DOMAIN: staff_words.MESSAGES}


def template(domain: str) -> Catalog:
    pot = Catalog(project="awareness-kiosk", domain=domain)
    for key, message in DOMAINS[domain].items():
        pot.add(message, auto_comments=[f"key: {key}"])
    return pot


def main(argv: list[str] | None = None) -> int:
    args = argparse.ArgumentParser(description=__doc__)
    args.add_argument("--new", metavar="LANGUAGE", help="start a catalog for LANGUAGE")
    options = args.parse_args(argv)
    for domain in DOMAINS:
        update(domain, options.new)
    return 0


def update(domain: str, new: str | None) -> None:
    """Write ``domain``'s template and merge it into each language's catalog."""
    pot = template(domain)
    with (LOCALE_DIR / f"{domain}.pot").open("wb") as out:
        write_po(out, pot, omit_header=False, width=100)
    languages = [p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{domain}.po")]
    if new:
        (LOCALE_DIR / new / "LC_MESSAGES").mkdir(parents=True, exist_ok=True)
        languages.append(new)
    for language in sorted(set(languages)):
        path = LOCALE_DIR / language / "LC_MESSAGES" / f"{domain}.po"
        if path.exists():
            with path.open("rb") as handle:
                po = read_po(handle, locale=language)
        else:
            po = Catalog(locale=language, domain=domain, project="awareness-kiosk")
        po.update(pot, no_fuzzy_matching=True)
        with path.open("wb") as out:
            write_po(out, po, width=100, ignore_obsolete=True)
        print(path)


if __name__ == "__main__":
    sys.exit(main())
