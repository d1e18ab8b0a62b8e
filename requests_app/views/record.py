"""The printable record of a request, as a PDF (`requests_app.record`).

Whoever may read the request page may print its record once it is submitted: the
institution's members (and whoever else `CapacityRequest.objects.visible_to` lets read it),
and staff. A draft has no record (404), and anyone else gets a 404 too. This is always the
partner's record, whoever opens it; the team's own, with internal notes, is on the admin
page of the request.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from accounts_app.decorators import institution_required

from ..models import Status
from ..record import record_filename, record_pdf
from .access import visible_requests, with_detail_data


def pdf_response(data: bytes, filename: str) -> HttpResponse:
    """A PDF shown inline (the browser's viewer prints and saves it), never cached."""
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, no_store=True)
    return response


@institution_required
@require_safe
def record(request: HttpRequest, pk: int) -> HttpResponse:
    """The partner's PDF record of a submitted request, in the language of the page."""
    queryset = with_detail_data(visible_requests(request)).exclude(status=Status.DRAFT)
    obj = get_object_or_404(queryset, pk=pk)
    language = translation.get_language() or "en"
    return pdf_response(record_pdf(obj, language=language, staff=False), record_filename(obj))
