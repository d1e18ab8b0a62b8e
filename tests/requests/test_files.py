"""The files step: real type checked, size and count limited, removable while a draft."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile

from requests_app import services
from requests_app.models import Attachment
from tests.factories import PDF_BYTES, pdf_upload
from tests.requests.helpers import step_url, url

EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


def test_it_accepts_a_pdf_letter(client_a, draft_a):
    data = {"kind": "letter", "file": pdf_upload("Письмо.pdf")}
    response = client_a.post(step_url(draft_a, "files"), data)

    assert response.url == step_url(draft_a, "files")
    attachment = draft_a.attachments.get()
    assert (attachment.kind, attachment.content_type) == ("letter", "application/pdf")
    assert attachment.original_name == "Письмо.pdf"


def test_it_refuses_an_executable_renamed_pdf(client_a, draft_a):
    upload = SimpleUploadedFile("letter.pdf", EXE_BYTES, content_type="application/pdf")
    response = client_a.post(step_url(draft_a, "files"), {"kind": "letter", "file": upload})

    assert response.status_code == 200
    assert "This file is not a PDF" in response.content.decode()
    assert not draft_a.attachments.exists()


def test_it_refuses_a_file_over_the_size_limit(client_a, draft_a, settings):
    settings.ATTACHMENT_MAX_BYTES = 20
    response = client_a.post(step_url(draft_a, "files"), {"kind": "letter", "file": pdf_upload()})

    assert response.status_code == 200
    assert "The file is larger than" in response.content.decode()
    assert not draft_a.attachments.exists()


def test_it_refuses_an_eleventh_file(client_a, partner_a, draft_a):
    for number in range(10):
        services.attachment_add(
            request=draft_a, actor=partner_a, upload=io.BytesIO(PDF_BYTES),
            name=f"annex{number}.pdf", size=len(PDF_BYTES), kind="supporting",
        )  # fmt: skip
    response = client_a.post(
        step_url(draft_a, "files"), {"kind": "supporting", "file": pdf_upload()}
    )

    assert "A request can carry at most 10 files." in response.content.decode()
    assert draft_a.attachments.count() == 10


def test_it_shows_the_limits_on_the_page(client_a, draft_a):
    page = client_a.get(step_url(draft_a, "files")).content.decode()

    assert "at most 10 MB per file and 10 files per request" in page
    assert 'accept=".docx,.jpeg,.jpg,.odt,.pdf,.png"' in page


def test_it_removes_a_file_while_a_draft(client_a, complete_a):
    letter = complete_a.attachments.get()
    response = client_a.post(step_url(complete_a, "files"), {"remove": letter.pk})

    assert response.url == step_url(complete_a, "files")
    assert not Attachment.objects.filter(pk=letter.pk).exists()


def test_it_keeps_files_once_submitted(client_a, submitted_a):
    letter = submitted_a.attachments.get()
    response = client_a.post(step_url(submitted_a, "files"), {"remove": letter.pk})
    client_a.post(step_url(submitted_a, "files"), {"kind": "supporting", "file": pdf_upload()})

    assert response.url == url("detail", submitted_a.pk)
    assert list(submitted_a.attachments.all()) == [letter]


def test_it_downloads_a_file_as_an_attachment(client_a, complete_a):
    letter = complete_a.attachments.get()
    response = client_a.get(url("download", complete_a.pk, letter.pk))

    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="letter.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
