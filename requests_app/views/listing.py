"""The list of the institution's requests ("My requests") and starting a new one."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet, Window
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts_app.decorators import institution_required
from mieux_portal import languages, ratelimit
from mieux_portal.pagecache import cached_page

from .. import services, workflow
from ..list_version import institution_version
from ..models import CapacityRequest, CoRequestStatus
from ..steps import STEP_KEYS

PAGE_SIZE = 20
MAX_SEARCH = 100  # characters of the search box kept


LIST_FIELDS = (
    "reference",
    "status",
    "created_at",
    "submitted_at",
    "updated_at",
    "submission_language",
    *(f"title_{code}" for code in languages.supported_codes()),
)


def _my_requests_version(request: HttpRequest) -> str | None:
    """Who sees this list, and the state of the rows behind it (one index-only query)."""
    institution = request.user.institution  # type: ignore[union-attr]
    if institution is None:
        return None
    count, last = institution_version(institution.pk)
    return f"mine:{request.user.pk}:{request.user.is_staff}:{institution.pk}:{count}:{last}"


@institution_required
@require_safe
@cached_page(_my_requests_version)
def my_requests(request: HttpRequest) -> HttpResponse:
    """The requests of the user's institution and those it co-requests (marked, with the
    requesting institution named), newest first, filterable by status and searchable (the
    best match first: `CapacityRequestQuerySet.search`)."""
    # Only what a row shows: no related rows, none of the long narrative texts. The
    # institution's own requests and the joint requests it co-requests (see `visible_to`).
    listed = CapacityRequest.objects.all()
    status_key = request.GET.get("status", "")
    if status_key in workflow.PARTNER_FILTERS:
        listed = listed.filter(status__in=workflow.PARTNER_FILTERS[status_key][1])
    else:
        status_key = ""  # an unknown filter is ignored rather than refused
    search = " ".join(request.GET.get("q", "").replace("\x00", "").split())[:MAX_SEARCH]
    if search:
        # The institution's few hundred requests are read first (by their indexes) and
        # searched among: given the whole search, PostgreSQL reads every request matching
        # a common word ("statistics": most of 100,000) before keeping the institution's.
        # Those ids are what `visible_to` lets the partner read: its condition (two
        # subqueries) is not asked again of the count and the page.
        readable = listed.filter(pk__in=listed.partner_ids(request.user))
    else:
        readable = listed.visible_to(request.user, as_partner=True)
    queryset = readable.with_co_request_of(
        request.user.institution  # type: ignore[union-attr]
    ).only(*LIST_FIELDS)
    if search:
        queryset = queryset.search(search).order_by("-search_rank", "-created_at", "-pk")
        page = _page_and_count(queryset, request.GET.get("page"))
    else:
        queryset = queryset.order_by("-created_at", "-pk")
        page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {
            "obj": obj,
            "title": obj.narrative("title"),
            "status": workflow.partner_label(obj.status),
            # A joint request led by another institution: its name, and our answer; its
            # members read it on the request page (the stage's page may be for editing).
            "lead": obj.lead_name if obj.co_status else "",
            "awaits_answer": obj.co_status == CoRequestStatus.PENDING,
            "url": reverse(
                "requests:detail" if obj.co_status else workflow.STAGE[obj.status].partner_page,
                args=[obj.pk],
            ),
        }
        for obj in page
    ]
    filters = [(key, label) for key, (label, _statuses) in workflow.PARTNER_FILTERS.items()]
    return render(
        request,
        "requests/my_requests.html",
        {
            "page": page,
            "rows": rows,
            "filters": filters,
            "status_key": status_key,
            "search": search,
        },
    )


def _page_and_count(queryset: QuerySet[CapacityRequest], number: str | None) -> Page:
    """`Paginator.get_page(number)` of a search, the count of its matches read by the
    page's own query (`COUNT(*) OVER ()`): ranking them all, it reads every match anyway,
    where a count would search them once more. A page past the last (no row to carry the
    count) is Django's: its last page."""
    paginator = Paginator(queryset, PAGE_SIZE)
    try:
        wanted = int(number) if number is not None else 1
    except ValueError:
        wanted = 1  # as Django's get_page
    if wanted < 1:
        return paginator.get_page(number)
    first = (wanted - 1) * PAGE_SIZE
    counted = queryset.annotate(listed_count=Window(Count("*")))
    rows = list(counted[first : first + PAGE_SIZE])
    if not rows and wanted > 1:
        return paginator.get_page(number)
    paginator.count = rows[0].listed_count if rows else 0  # type: ignore[attr-defined]
    return Page(rows, wanted, paginator)


@institution_required
@require_http_methods(["GET", "HEAD", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    """GET explains and offers a button; POST starts a draft in the page's language."""
    institution = request.user.institution  # type: ignore[union-attr]
    if institution is None:
        messages.info(request, _("Only members of a partner institution can start a request."))
        return redirect("requests:my_requests")
    context = {"institution": institution}
    if request.method == "POST":
        # Each draft is kept for months: starting them is limited per user (here) and per
        # institution (the service); a refusal is this page again, saying why.
        refusal = ratelimit.consume(request, "new_draft")
        if refusal is not None:
            messages.error(request, refusal.message)
            response = render(request, "requests/new.html", context)
            return ratelimit.with_retry_after(response, refusal)
        try:
            obj = services.request_create(
                institution=institution,
                actor=request.user,  # type: ignore[arg-type]
                language=translation.get_language(),
            )
        except services.WorkflowError as error:
            messages.error(request, str(error.message))
            return render(request, "requests/new.html", {**context, "show_drafts": True})
        messages.success(request, _("Your draft request has been started."))
        return redirect("requests:step", pk=obj.pk, step=STEP_KEYS[0])
    return render(request, "requests/new.html", context)
