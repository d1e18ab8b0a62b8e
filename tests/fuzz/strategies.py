"""Hostile input for the forms: odd text, huge text, lists, wrong types and bad files."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Mapping, Sequence

from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import strategies as st

from tests import archives, factories

# Text a form may meet: scripts, direction overrides, emoji, control characters (NUL
# included), markup and injection attempts, numbers where words belong and the reverse.
SPECIMENS = (
    "",
    " ",
    "\x00",
    "a\x00b",
    "\x07\x08\x1b[31m\x7f",
    "\r\n\r\n",
    "\t",
    "Министерство труда, миграции и занятости населения",
    "ЁЖИК ёжик",
    "وزارة العمل",
    "משרד העבודה",
    "\u202eevil.pdf\u202c",
    "\u200b\u200d\ufeff",
    "🙂🇹🇯👩🏽‍💼",
    "Z̴̡̛a̷̧l̸g̵o̶",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%s%n%x",
    "{{ request }}{% debug %}",
    "../../etc/passwd",
    "-1",
    "0",
    "1e309",
    "NaN",
    "99999999999999999999999999",
    "2026-02-30",
    "30/09/2026",
    "true",
    "null",
    "[]",
    "{}",
    "²",
    "٢٠٢٤",
    "２０２４",
    "name@example.org",
    "x@invalid",
    "https://example.org/" + "a" * 300,
    "javascript:alert(1)",
)
# Django refuses nothing by length before the form does: the forms must.
HUGE = ("x" * 100_000, "я" * 100_000, "🙂" * 25_000, "a\x00" * 50_000)

# Every code point but lone surrogates (which no request can carry in UTF-8).
ANY_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=60)

text = st.one_of(
    st.sampled_from(SPECIMENS),
    ANY_TEXT,
    st.sampled_from(HUGE),
    st.integers().map(str),
    st.floats(allow_nan=True).map(repr),
)


@st.composite
def post_data(
    draw: st.DrawFn,
    fields: Mapping[str, Sequence[str]],
) -> dict[str, str | list[str]]:
    """A POST for a form with ``fields`` (name → plausible valid values).

    Each field is valid, hostile, missing or sent several times; a few unknown fields are
    added. Valid values keep some cases going past the first check into the deeper code.
    """
    data: dict[str, str | list[str]] = {}
    for name, valid in fields.items():
        how = draw(st.sampled_from(("valid", "valid", "hostile", "hostile", "missing", "many")))
        if how == "valid" and valid:
            data[name] = draw(st.sampled_from(list(valid)))
        elif how == "hostile":
            data[name] = draw(text)
        elif how == "many":
            options = st.one_of(st.sampled_from(list(valid) or [""]), text)
            data[name] = draw(st.lists(options, min_size=2, max_size=4))
    extra = draw(st.dictionaries(ANY_TEXT.filter(bool), text, max_size=2))
    return {**extra, **data}


def query(fields: Mapping[str, Sequence[str]]) -> st.SearchStrategy[dict[str, str | list[str]]]:
    """GET parameters: the same shapes as a POST."""
    return post_data(fields)


# --- Files ------------------------------------------------------------------------------

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 48 + b"PE\x00\x00"
ELF = b"\x7fELF\x02\x01\x01" + b"\x00" * 57
FAKE_DOCX = b"PK\x03\x04" + b"\x00" * 26 + b"not really a zip"
NAMES = (
    "letter.pdf",
    "LETTER.PDF",
    "setup.exe.pdf",
    "../../etc/passwd.pdf",
    "..\\..\\boot.ini.pdf",
    "Письмо министерства.pdf",
    "\u202efdp.exe",
    "a" * 300 + ".pdf",
    ".pdf",
    "noextension",
    "letter.pdf\x00.exe",
    "🙂.png",
)
# Archives: real small documents, a bomb whose directory admits it expands past 1 GiB, one
# whose directory lies about it, too many entries, and a truncated one. Built once each.
ARCHIVES: dict[str, Callable[[], bytes]] = {
    name: functools.cache(build)
    for name, build in {
        "docx": archives.docx_bytes,
        "odt": archives.odt_bytes,
        "bomb": archives.bomb_bytes,
        "lying bomb": lambda: archives.bomb_bytes(declared=39),
        "many entries": lambda: archives.many_entries_bytes(5000),
        "truncated": lambda: archives.docx_bytes()[:-30],
    }.items()
}
CONTENT_TYPES = ("application/pdf", "application/x-msdownload", "text/html", "image/png", "")


@st.composite
def uploads(draw: st.DrawFn, *, huge: int) -> SimpleUploadedFile:
    """A file to upload: junk, an executable named .pdf, empty, broken containers, a
    valid PDF, archives good and hostile (ARCHIVES), or one of ``huge`` bytes (the test
    sets the size limit around it)."""
    kind = draw(
        st.sampled_from(
            ("random", "exe", "elf", "empty", "pdf", "pdf_junk", "zip", "huge", "archive")
        )
    )
    content = {
        "random": lambda: draw(st.binary(max_size=4096)),
        "exe": lambda: EXE,
        "elf": lambda: ELF,
        "empty": lambda: b"",
        "pdf": lambda: factories.PDF_BYTES,
        "pdf_junk": lambda: b"%PDF-" + draw(st.binary(max_size=512)),
        "zip": lambda: FAKE_DOCX,
        "huge": lambda: b"%PDF-1.4\n" + b"0" * (huge - 9),
        "archive": lambda: ARCHIVES[draw(st.sampled_from(sorted(ARCHIVES)))](),
    }[kind]()
    # A name with nothing left after its folders is refused by the test client itself.
    name = draw(
        st.one_of(st.sampled_from(NAMES), ANY_TEXT).filter(
            lambda n: os.path.basename(n) not in {"", ".", ".."}
        )
    )
    return SimpleUploadedFile(name, content, content_type=draw(st.sampled_from(CONTENT_TYPES)))
