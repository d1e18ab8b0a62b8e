"""Pages travel gzipped to browsers that accept it (mieux_portal.ops.middleware's
PageCompressionMiddleware); files are sent as they are, with their length."""

from __future__ import annotations

import gzip

from tests import factories
from tests.factories import PDF_BYTES
from tests.requests.helpers import step_url, url

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br, zstd"}


def test_it_sends_the_request_form_gzipped_to_a_browser_that_accepts_it(client_a, partner_a):
    draft = factories.complete_draft(institution=partner_a.institution)
    response = client_a.get(step_url(draft, "need"), **GZIP)

    assert response.status_code == 200 and response["Content-Encoding"] == "gzip"
    page = gzip.decompress(response.content).decode()
    assert "data-draft=" in page and len(response.content) < len(page) / 2
    assert "Accept-Encoding" in response["Vary"]


def test_it_sends_the_request_form_plain_to_a_client_that_does_not(client_a, partner_a):
    draft = factories.complete_draft(institution=partner_a.institution)
    response = client_a.get(step_url(draft, "need"))

    assert response.status_code == 200 and not response.has_header("Content-Encoding")
    assert "data-draft=" in response.content.decode()


def test_it_sends_a_download_as_it_is_with_its_length(client_a, partner_a):
    draft = factories.complete_draft(institution=partner_a.institution)
    response = client_a.get(url("download", draft.pk, draft.attachments.get().pk), **GZIP)

    assert b"".join(response.streaming_content) == PDF_BYTES
    assert not response.has_header("Content-Encoding")
    assert response["Content-Length"] == str(len(PDF_BYTES))
