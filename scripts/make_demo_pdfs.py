#!/usr/bin/env python
"""Write the demo PDFs that `make run` attaches and publishes, from the demo data modules.

    .venv/bin/python scripts/make_demo_pdfs.py

Run it once after changing `LETTERS` in `requests_app/demo/data.py` or `INFO_SHEET` in
`actions_app/demo/data.py`, and commit the files it writes (`requests_app/demo/pdf/`,
`actions_app/demo/pdf/`): the portal only reads them. It needs reportlab (a development
dependency) and the DejaVu fonts (Debian's fonts-dejavu-core), whose glyphs cover
Cyrillic, so the Russian texts are in Cyrillic. The files are reproducible (no date or
random id inside): writing them again without a change in the data changes no byte.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

ROOT = Path(__file__).resolve().parent.parent
FONTS = Path(os.environ.get("DEJAVU_DIR", "/usr/share/fonts/truetype/dejavu"))


def register_fonts() -> None:
    for name, file in (
        ("DejaVuSans", "DejaVuSans.ttf"),
        ("DejaVuSans-Bold", "DejaVuSans-Bold.ttf"),
    ):
        path = FONTS / file
        if not path.exists():
            raise SystemExit(f"{path} is missing: install fonts-dejavu-core or set DEJAVU_DIR")
        pdfmetrics.registerFont(TTFont(name, str(path)))


def write_pdf(path: Path, title: str, lines: list[str], *, heading: bool) -> None:
    """One A4 page: each line a paragraph (wrapped), the first in bold when `heading`."""
    body = ParagraphStyle("body", fontName="DejaVuSans", fontSize=11, leading=16)
    bold = ParagraphStyle("heading", parent=body, fontName="DejaVuSans-Bold", fontSize=14)
    story = []
    for n, line in enumerate(lines):
        style = bold if heading and n == 0 else body
        story += [Paragraph(escape(line), style), Spacer(1, 4 * mm)]
    document = SimpleDocTemplate(
        str(path),
        pagesize=A4,
        title=title,
        author="MIEUX+ Partner Portal (demo)",
        leftMargin=25 * mm,
        rightMargin=25 * mm,
        topMargin=25 * mm,
        bottomMargin=25 * mm,
        invariant=1,  # no creation date or random document id: the same data, the same bytes
    )
    document.build(story)
    print(f"wrote {path.relative_to(ROOT)}")


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def main() -> int:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mieux_portal.settings")
    import django

    django.setup()
    from actions_app.demo import data as public
    from actions_app.demo.seed import PDF_DIR as PUBLIC_PDF_DIR
    from requests_app.demo import data as requests
    from requests_app.demo.seed import PDF_DIR as REQUESTS_PDF_DIR

    register_fonts()
    for key, lines in requests.LETTERS.items():
        path = REQUESTS_PDF_DIR / requests.letter_file(key)
        write_pdf(path, "Official letter (demo)", lines, heading=False)
    for language, lines in public.INFO_SHEET["lines"].items():
        path = PUBLIC_PDF_DIR / public.info_sheet_file(language)
        write_pdf(path, public.INFO_SHEET["title"][language], lines, heading=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
