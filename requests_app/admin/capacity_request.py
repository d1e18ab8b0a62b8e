"""The team's triage desk for requests, composed of its parts.

`queue` (the list, its columns and bulk actions), `filters`, `toolbar` (the tools around
the rows, the actions worked out once a page), `exports` (CSV, XLSX and dashboard), `desk`
(the request page and its workflow views), `documents` (the printable record) and
`dossier` (the managers' decision dossier) each add one side; this class holds
what they share: the fields shown, the permissions and the queryset, which never includes
a partner's draft.
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from mieux_portal.admin_languages import TranslatedSearchMixin
from mieux_portal.admin_lists import CappedPaginator

from ..models import CapacityRequest
from . import queue_rows
from .desk import DeskMixin
from .documents import RecordMixin
from .dossier import DossierMixin
from .exports import ExportMixin
from .filters import (
    AssigneeFilter,
    CountryFilter,
    OpinionsFilter,
    ReferenceFilter,
    StatusFilter,
    TopicFilter,
    WaitingFilter,
)
from .forms import TranslationForm
from .history import RequestHistoryMixin
from .queue import QueueMixin
from .screening import ScreeningMixin
from .toolbar import ActionsMixin


@admin.register(CapacityRequest)
class CapacityRequestAdmin(
    TranslatedSearchMixin,
    ActionsMixin,
    ExportMixin,
    RecordMixin,
    DossierMixin,
    DeskMixin,
    ScreeningMixin,
    RequestHistoryMixin,
    QueueMixin,
    SimpleHistoryAdmin,
):
    """The team's triage desk: list, filter, assign, read, translate, move along the workflow.

    Every change goes through `requests_app.services`, never through a plain admin save
    that would bypass the transition table, the timeline and notifications. The only form
    field on the request page is the working translation (the narrative in the languages
    other than the submission language); everything else is read-only. Workflow steps,
    messages and notes post to the small views of `DeskMixin.get_urls`.
    """

    change_form_template = "admin/requests_app/capacityrequest/change_form.html"
    form = TranslationForm
    list_display = queue_rows.LIST_DISPLAY  # the columns the queue's row writer draws
    list_display_links = queue_rows.LINKS
    list_filter = (
        StatusFilter,
        ("region", ReferenceFilter),
        CountryFilter,
        TopicFilter,
        "request_type",
        AssigneeFilter,
        WaitingFilter,
        OpinionsFilter,
        "submitted_at",
    )
    search_fields = (
        "reference",
        "title",  # in each active language (TranslatedSearchMixin)
        "institution__name",
        "institution__english_name",
        "contact_email",
    )
    search_help_text = _(
        "Words of the texts in any language (word forms included), the contact person, the "
        "institution or its city, a reference or an e-mail address."
    )
    # Everything the rows print, in the one list query (no query per row).
    list_select_related = ("institution", "assignee")
    # The queue is worked from the request waiting longest in its stage.
    ordering = ("status_changed_at", "pk")
    list_per_page = 50
    # Counting stops at a few thousand requests: the filtered count of 100,000 was most of a
    # filtered page's database time (the list then says "more than 2,000").
    paginator = CappedPaginator
    # "N results (M total)" would count all 100,000 requests again on every filtered page;
    # the filtered count the pages need is enough.
    show_full_result_count = False
    actions = (
        "assign_to_me",
        "assign_to",
        "start_screening",
        "export_selected",
        "export_selected_xlsx",
        "dossier_selected",
    )
    save_on_top = True
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "reference",
                    "status",
                    "days_in_stage",
                    "assignee",
                    "request_type",
                    "submission_language",
                )
            },
        ),
        (
            _("Contact"),
            {
                "fields": (
                    "created_by",
                    "contact_name",
                    "contact_position",
                    "contact_email",
                    "contact_phone",
                )
            },
        ),
        (
            _("Where and how"),
            {
                "fields": (
                    "country",
                    "countries_covered",
                    "region",
                    "channel",
                    "delegation_contact",
                )
            },
        ),
        (
            _("The support wished"),
            {
                "fields": (
                    "topics",
                    "activity_types",
                    "timeframe_start",
                    "timeframe_end",
                    "expected_participants",
                    "working_languages",
                )
            },
        ),
        (
            _("Consent and dates"),
            {
                "fields": (
                    "consent",
                    "consent_at",
                    "created_at",
                    "submitted_at",
                    "status_changed_at",
                    "decided_at",
                    "updated_at",
                )
            },
        ),
    )

    # -- permissions and the queryset

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet[CapacityRequest]:
        # A partner's draft is private until it is submitted: the team never sees it here,
        # in the list, on a page, in its history, or through an action or a workflow URL.
        return (
            super()
            .get_queryset(request)
            .staff_visible()
            .select_related("institution__kind", "institution__verified_by", "assignee")
        )


# Staff land on the queue after logging in (PortalAdminSite.landing_url).
admin.site.set_front_desk(CapacityRequest)  # type: ignore[attr-defined]
