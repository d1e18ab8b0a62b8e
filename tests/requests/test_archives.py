"""DOCX and ODT are ZIP archives: judged by their directory, never expanded in memory."""

from __future__ import annotations

import io
import tracemalloc

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from requests_app import files, services
from tests.archives import GIB, MIB, bomb_bytes, docx_bytes, many_entries_bytes, odt_bytes
from tests.requests.helpers import step_url

REFUSED = "its compressed contents are damaged or would expand to an unreasonable size"


def added(partner, draft, content: bytes, name: str):
    """Attach ``content``, measuring the memory Python allocated meanwhile (peak, bytes)."""
    upload = io.BytesIO(content)
    tracemalloc.start()
    try:
        services.attachment_add(
            request=draft, actor=partner, upload=upload, name=name, size=len(content)
        )
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak


@pytest.fixture
def bomb() -> bytes:
    content = bomb_bytes()
    assert len(content) < 1.1 * MIB
    return content


def test_it_refuses_a_zip_bomb_without_expanding_it(partner_a, draft_a, bomb, settings):
    settings.ATTACHMENT_MAX_BYTES = 10 * MIB
    tracemalloc.start()
    try:
        with pytest.raises(services.AttachmentRejected, match=REFUSED):
            services.attachment_add(
                request=draft_a, actor=partner_a, upload=io.BytesIO(bomb),
                name="letter.odt", size=len(bomb),
            )  # fmt: skip
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    # It would expand to over 1 GiB; a few MB is all the check may take.
    assert peak < 4 * MIB
    assert not draft_a.attachments.exists()


def test_it_does_not_trust_a_directory_that_understates_the_size(partner_a, draft_a):
    # The entry says 39 bytes and holds 1 GiB: only the first bytes are ever read.
    content = bomb_bytes(GIB + MIB, declared=39)
    tracemalloc.start()
    try:
        with pytest.raises(services.AttachmentRejected):
            services.attachment_add(
                request=draft_a, actor=partner_a, upload=io.BytesIO(content),
                name="letter.odt", size=len(content),
            )  # fmt: skip
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert peak < 4 * MIB


def test_it_tells_the_partner_why_the_archive_was_refused(client_a, draft_a, bomb):
    upload = SimpleUploadedFile("letter.docx", bomb)
    response = client_a.post(step_url(draft_a, "files"), {"kind": "letter", "file": upload})

    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    assert not draft_a.attachments.exists()


def test_it_refuses_an_archive_of_too_many_entries():
    with pytest.raises(files.UnsafeArchive):
        files.sniff(io.BytesIO(many_entries_bytes(files.MAX_ENTRIES + 1)))


def test_it_accepts_an_archive_just_under_the_entry_limit():
    assert files.sniff(io.BytesIO(many_entries_bytes(files.MAX_ENTRIES - 1))) == files.DOCX


def test_it_accepts_a_real_small_docx(client_a, draft_a):
    upload = SimpleUploadedFile("Письмо.docx", docx_bytes())
    response = client_a.post(step_url(draft_a, "files"), {"kind": "letter", "file": upload})

    assert response.status_code == 302
    assert draft_a.attachments.get().content_type == files.DOCX


def test_it_accepts_a_real_small_odt_with_little_memory(partner_a, draft_a):
    peak = added(partner_a, draft_a, odt_bytes(), "letter.odt")

    assert draft_a.attachments.get().content_type == files.ODT
    assert peak < 4 * MIB
