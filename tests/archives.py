"""ZIP archives for the upload tests: real small documents and hostile ones.

The hostile ones are written byte by byte: zipfile would have to compress a gigabyte to
make a bomb, which takes seconds; here a deflated megabyte of zeros, flushed so that it
can be repeated, stands for every megabyte of it.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from requests_app.files import ODT

MIB = 1024 * 1024
GIB = 1024 * MIB
DATE_1980 = (1 << 5) | 1  # 1 January 1980, the earliest date ZIP can say

CONTENT_TYPES_XML = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Override PartName="/word/document.xml" ContentType="'
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)


def docx_bytes() -> bytes:
    """A small DOCX as Word writes it: content types, relationships and the document."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES_XML)
        archive.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships/>')
        archive.writestr(
            "word/document.xml",
            '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
            'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Письмо</w:t></w:r></w:p>'
            "</w:body></w:document>",
        )
    return buffer.getvalue()


def odt_bytes() -> bytes:
    """A small ODT as LibreOffice writes it: ``mimetype`` first and uncompressed."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", ODT, compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", '<?xml version="1.0"?><office:document-content/>')
        archive.writestr("META-INF/manifest.xml", '<?xml version="1.0"?><manifest:manifest/>')
    return buffer.getvalue()


def deflated_zeros(size: int) -> tuple[bytes, int]:
    """Raw deflate data that expands to ``size`` zero bytes, and its CRC-32."""
    zeros = bytes(MIB)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    # A full flush forgets the history, so the next megabyte compresses the same way.
    block = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    whole, rest = divmod(size, MIB)
    data = block * whole + compressor.compress(bytes(rest)) + compressor.flush()
    crc = 0
    for _ in range(whole):
        crc = zlib.crc32(zeros, crc)
    return data, zlib.crc32(bytes(rest), crc)


def bomb_bytes(
    expanded: int = GIB + MIB, *, name: str = "mimetype", declared: int | None = None
) -> bytes:
    """One deflated entry ``name`` expanding to ``expanded`` bytes, in a ~1 MB archive.

    ``declared`` makes the directory lie about the expanded size (say 39 bytes), as a
    bomb would to pass a check that trusts it.
    """
    data, crc = deflated_zeros(expanded)
    size = expanded if declared is None else declared
    raw = name.encode()
    local = struct.pack(
        "<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, DATE_1980, crc, len(data), size, len(raw), 0
    )
    central = struct.pack(
        "<4s6H3L5H2L",
        b"PK\x01\x02",
        20,
        20,
        0,
        8,
        0,
        DATE_1980,
        crc,
        len(data),
        size,
        len(raw),
        0,
        0,
        0,
        0,
        0,
        0,
    )
    directory = central + raw
    offset = len(local) + len(raw) + len(data)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 1, 1, len(directory), offset, 0)
    return local + raw + data + directory + end


def many_entries_bytes(count: int) -> bytes:
    """A DOCX-looking archive of ``count`` empty entries."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES_XML)
        for number in range(count):
            archive.writestr(f"word/media/{number}.xml", b"")
    return buffer.getvalue()
