"""Which files a request may carry: the type is read from the content, never the name."""

from __future__ import annotations

import zipfile
from typing import IO

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"
JPEG = "image/jpeg"
PNG = "image/png"

EXTENSIONS = {PDF: ".pdf", DOCX: ".docx", ODT: ".odt", JPEG: ".jpg", PNG: ".png"}
ACCEPT = ",".join(sorted(set(EXTENSIONS.values()) | {".jpeg"}))


def sniff(fileobj: IO[bytes]) -> str | None:
    """The content type of an allowed document, or None if it is anything else."""
    fileobj.seek(0)
    head = fileobj.read(8)
    fileobj.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        return _office_type(fileobj)
    return None


def _office_type(fileobj: IO[bytes]) -> str | None:
    # DOCX and ODT are both ZIP containers: what is inside tells them apart.
    try:
        with zipfile.ZipFile(fileobj) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and archive.read("mimetype").strip() == ODT.encode():
                return ODT
            if "[Content_Types].xml" in names and any(n.startswith("word/") for n in names):
                return DOCX
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return None
    finally:
        fileobj.seek(0)
    return None
