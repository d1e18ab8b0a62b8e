"""Which files a request may carry: the type is read from the content, never the name.

DOCX and ODT are ZIP archives, told apart by what is inside. An archive is a promise about
sizes that its author wrote: a 1 MB upload may "contain" gigabytes. So an archive is judged
by its directory alone, before anything is decompressed: the end-of-directory record first
(how many entries, how large the directory is), then each entry's declared sizes (how much
it would expand, and by what ratio). Of the contents, only ODT's ``mimetype`` entry is
read, and only its first bytes. A refusal is :class:`UnsafeArchive`, with a message for
the person who uploaded it.
"""

from __future__ import annotations

import struct
import zipfile
from typing import IO

from django.utils.translation import gettext_lazy as _

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"
JPEG = "image/jpeg"
PNG = "image/png"

EXTENSIONS = {PDF: ".pdf", DOCX: ".docx", ODT: ".odt", JPEG: ".jpg", PNG: ".png"}
ACCEPT = ",".join(sorted(set(EXTENSIONS.values()) | {".jpeg"}))

# What a text document plausibly holds. A long report with many images has a few hundred
# entries and expands to tens of MB; XML compresses well, but not a hundredfold at size.
MAX_ENTRIES = 2000
MAX_DIRECTORY_BYTES = 1024 * 1024
MAX_EXPANDED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 100
RATIO_FROM_BYTES = 1024 * 1024  # small entries may compress any amount (e.g. empty XML)

# The end-of-central-directory record: signature, disk numbers, entry counts, directory
# size and offset, comment length. It sits in the last 22 bytes plus a comment of at most
# 65,535 bytes.
END_RECORD = struct.Struct("<4s4H2LH")
END_SIGNATURE = b"PK\x05\x06"
END_SEARCH = END_RECORD.size + 0xFFFF
MIMETYPE_READ = 64

UNSAFE_MESSAGE = _(
    "This document cannot be accepted: its compressed contents are damaged or would expand "
    "to an unreasonable size. Please save it again from your word processor, or convert "
    "it to PDF, and try again."
)


class UnsafeArchive(ValueError):
    """An archive refused for its structure; ``message`` is meant for the uploader."""

    def __init__(self) -> None:
        super().__init__(str(UNSAFE_MESSAGE))
        self.message = UNSAFE_MESSAGE


def sniff(fileobj: IO[bytes]) -> str | None:
    """The content type of an allowed document, or None if it is anything else.

    Raises :class:`UnsafeArchive` for a ZIP whose directory promises too much.
    """
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
        try:
            return _office_type(fileobj)
        finally:
            fileobj.seek(0)
    return None


def _check_end_record(fileobj: IO[bytes]) -> None:
    """Refuse before zipfile reads the directory: it would hold all of it in memory."""
    end = fileobj.seek(0, 2)
    start = max(0, end - END_SEARCH)
    fileobj.seek(start)
    tail = fileobj.read(end - start)
    found = tail.rfind(END_SIGNATURE)
    if found < 0 or found + END_RECORD.size > len(tail):
        raise zipfile.BadZipFile("no end of central directory")
    fields = END_RECORD.unpack_from(tail, found)
    entries, directory_bytes = fields[4], fields[5]
    # 0xFFFF / 0xFFFFFFFF announce ZIP64, which no document of a few MB needs.
    if entries > MAX_ENTRIES or directory_bytes > MAX_DIRECTORY_BYTES:
        raise UnsafeArchive()


def _check_entries(archive: zipfile.ZipFile) -> None:
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        raise UnsafeArchive()
    total = 0
    for info in infos:
        total += info.file_size
        if total > MAX_EXPANDED_BYTES:
            raise UnsafeArchive()
        if info.file_size > RATIO_FROM_BYTES and info.file_size > MAX_RATIO * max(
            info.compress_size, 1
        ):
            raise UnsafeArchive()


def _office_type(fileobj: IO[bytes]) -> str | None:
    try:
        _check_end_record(fileobj)
        fileobj.seek(0)
        with zipfile.ZipFile(fileobj) as archive:
            _check_entries(archive)
            names = {info.filename for info in archive.infolist()}
            if "mimetype" in names and _mimetype(archive) == ODT:
                return ODT
            if "[Content_Types].xml" in names and any(n.startswith("word/") for n in names):
                return DOCX
    except UnsafeArchive:
        raise
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, EOFError, NotImplementedError):
        return None
    return None


def _mimetype(archive: zipfile.ZipFile) -> str:
    """The first bytes of ODT's ``mimetype`` entry (stored uncompressed, as ODF requires;
    deflate is tolerated, since its output can be bounded; other methods are not read)."""
    info = archive.getinfo("mimetype")
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        return ""
    with archive.open(info) as entry:
        return entry.read(MIMETYPE_READ).strip().decode("ascii", errors="replace")
