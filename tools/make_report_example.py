"""Make the example event report in docs/report: a made-up busy day (300 visits) at a booth
playing the bundled deck, written by `kiosk report`, and its A4 pages as PNG pictures.

The pictures need Chromium (headless, to print the HTML as it prints from a browser) and
pdftoppm (poppler-utils). Run: python tools/make_report_example.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kiosk.analytics.report_command import make_report  # noqa: E402
from kiosk.analytics.sample import fill_days  # noqa: E402
from kiosk.content import load_deck  # noqa: E402
from kiosk.platform import paths  # noqa: E402

OUT = ROOT / "docs" / "report"


def main() -> int:
    deck = load_deck(paths.bundled_content_dir()).deck
    assert deck is not None
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as place:
        data = Path(place)
        fill_days(data, [(s.id, s.duration) for s in deck.slides], 1, date(2026, 11, 21))
        html = OUT / "event-report.html"
        make_report(data, html, None, None, deck, "st-marks-fair")
        browser = shutil.which("chromium") or shutil.which("chromium-browser")
        if browser is None or shutil.which("pdftoppm") is None:
            print("wrote the report; the pictures need chromium and pdftoppm", file=sys.stderr)
            return 1
        pdf = data / "report.pdf"
        subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu",
                        "--no-pdf-header-footer", f"--print-to-pdf={pdf}", html.as_uri()],
                       check=True, capture_output=True, timeout=120)
        for old in OUT.glob("page-*.png"):
            old.unlink()
        subprocess.run(["pdftoppm", "-r", "90", "-png", str(pdf), str(OUT / "page")],
                       check=True, timeout=120)
    print("\n".join(str(p.relative_to(ROOT)) for p in sorted(OUT.iterdir())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
