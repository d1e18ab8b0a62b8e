"""The MIEUX+ team's back office for requests and their reference data.

Reference data (regions, topics, kinds of activities) is edited with both languages in tabs.
Requests are the team's triage desk: a list to filter, assign and screen in bulk, and a page
with the narrative in both languages side by side, the files, the whole timeline, the
workflow buttons and the message and note boxes. The list exports what it shows as CSV
(`requests_app.export`, recorded in the export log) and links to the staff dashboard
(`requests_app.reports`). Every change to a request goes through
`requests_app.services`, never through a plain admin save that would bypass the transition
table, the timeline and notifications.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any, cast

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.admin.views.main import ChangeList
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import URLPattern, URLResolver, path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from modeltranslation.admin import TabbedTranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from accounts_app.models import User
from mieux_portal import ratelimit

from . import export, reports, services, workflow
from .admin_forms import AssignForm, TranslationForm, staff_members
from .models import (
    NARRATIVE_FIELDS,
    ActivityType,
    Attachment,
    CapacityRequest,
    ExportLog,
    ExportSource,
    ReferenceCounter,
    Region,
    RequestEvent,
    Status,
    Topic,
)

# --- Reference data -------------------------------------------------------------------


@admin.register(Region)
class RegionAdmin(TabbedTranslationAdmin):
    list_display = ("code", "name", "country_count", "active", "position")
    list_filter = ("active",)
    search_fields = ("code", "name_en", "name_ru")
    ordering = ("position", "code")

    @admin.display(description=_("number of countries"))
    def country_count(self, obj: Region) -> int:
        return len(obj.countries)  # type: ignore[arg-type]


@admin.register(Topic)
class TopicAdmin(TabbedTranslationAdmin):
    list_display = ("code", "name", "position")
    search_fields = ("code", "name_en", "name_ru")
    ordering = ("position", "code")


@admin.register(ActivityType)
class ActivityTypeAdmin(TabbedTranslationAdmin):
    list_display = ("code", "name", "position")
    search_fields = ("code", "name_en", "name_ru")
    ordering = ("position", "code")


# --- Read-only building blocks ------------------------------------------------------------


class ReadOnlyAdminMixin:
    """Visible to whoever has the view permission; nobody adds, changes or deletes here."""

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


def download_url(attachment: Attachment) -> str:
    """The checked download view of the partner pages, which lets staff through too."""
    return reverse("requests:download", args=[attachment.request_id, attachment.pk])


def attachment_download(attachment: Attachment) -> str:
    """A link to the checked download view."""
    return format_html('<a href="{}">{}</a>', download_url(attachment), _("Download"))


def _actor(request: HttpRequest) -> User:
    # admin_site.admin_view lets only active staff reach the views that call this.
    return cast(User, request.user)


# --- Request list filters -------------------------------------------------------------------


class StatusFilter(admin.SimpleListFilter):
    """The stages staff work with: drafts are the partner's and never listed."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [(status.value, status.label) for status in Status if status != Status.DRAFT]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        return queryset.filter(status=value) if value else queryset


class CountryFilter(admin.SimpleListFilter):
    """Only the countries that occur among the requests (of ~250 possible)."""

    title = _("country")
    parameter_name = "country"

    # The distinct countries of every request cost a scan of the whole table (90 ms at
    # 100,000 requests) on each page of the list; they change only when a request comes
    # from a new country, so they are kept a few minutes (the same for every staff member).
    CACHE_KEY = "requests_app:admin:request_countries"
    CACHE_SECONDS = 300

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        codes = cache.get(self.CACHE_KEY)
        if codes is None:
            codes = list(
                model_admin.get_queryset(request)
                .exclude(country="")
                .order_by()
                .values_list("country", flat=True)
                .distinct()
            )
            cache.set(self.CACHE_KEY, codes, self.CACHE_SECONDS)
        return sorted(((code, countries.name(code)) for code in codes), key=lambda c: str(c[1]))

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        return queryset.filter(country=value) if value else queryset


class TopicFilter(admin.SimpleListFilter):
    """The topics, through a subquery. The admin's own filter of a many-to-many field joins
    the topics, may repeat a request, and so adds DISTINCT over every column of the list
    query and its count: 140 ms a page at 100,000 requests instead of 10."""

    title = _("topics")
    parameter_name = "topics__id__exact"  # the admin's own parameter: links keep working

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [(str(topic.pk), str(topic)) for topic in Topic.objects.all()]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        if value and value.isdigit():
            through = cast(Any, CapacityRequest.topics.through)  # django-stubs: Never
            tagged = through.objects.filter(topic_id=int(value))
            return queryset.filter(pk__in=tagged.values("capacityrequest_id"))
        return queryset


class AssigneeFilter(admin.SimpleListFilter):
    """Whose requests: mine, nobody's, or a given member of the team's."""

    title = _("assignee")
    parameter_name = "assignee"
    ME = "me"
    NOBODY = "none"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        people = [(str(user.pk), str(user)) for user in staff_members()]
        return [(self.ME, _("Me")), (self.NOBODY, _("Unassigned")), *people]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        if value == self.ME:
            return queryset.filter(assignee=request.user.pk)
        if value == self.NOBODY:
            return queryset.filter(assignee__isnull=True)
        if value and value.isdigit():
            return queryset.filter(assignee_id=int(value))
        return queryset


class WaitingFilter(admin.SimpleListFilter):
    """Requests waiting in their stage longer than a number of days (the dashboard's ageing)."""

    title = _("waiting in stage")
    parameter_name = "waiting"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [
            (
                str(days),
                ngettext("more than %(days)d day", "more than %(days)d days", days)
                % {"days": days},
            )
            for days in reports.AGEING_DAYS
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        if value and value.isdigit():
            since = timezone.now() - timedelta(days=int(value))
            return queryset.filter(status_changed_at__lt=since)
        return queryset


class ExportChangeList(ChangeList):
    """The list's filters, search and order, without its page.

    An export needs the whole filtered queryset, not the counts and the 50 rows of a page
    that `ChangeList.get_results` would query.
    """

    def get_results(self, request: HttpRequest) -> None:
        return None


class QueueChangeList(ChangeList):
    """The queue's page: 50 rows without the long texts, joined only to what they show, and
    linked to their request pages without resolving each link's URL.

    The request page needs the institution's kind and verifier (`get_queryset`); the list's
    rows name the institution and the assignee only, and never print the narrative, which
    is most of a request's bytes.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Each row's link carries the list's filters back from the request page. Django's
        # row rendering adds them by resolving every link's URL again (to tell a link to
        # the list itself); these links all go to request pages, so the filters are
        # appended once here, and the rows see none left to add.
        self.row_filters, self.preserved_filters = self.preserved_filters, ""

    def url_for_result(self, result: Model) -> str:
        url = super().url_for_result(result)
        return f"{url}?{self.row_filters}" if self.row_filters else url

    def get_queryset(self, request: HttpRequest, exclude_parameters: Any = None) -> QuerySet:
        queryset = super().get_queryset(request, exclude_parameters)
        return (
            queryset.select_related(None)
            .select_related(*self.list_select_related)  # type: ignore[misc]
            .defer(*LONG_FIELDS)
        )


LONG_FIELDS = (
    "draft_payload",
    *(
        f"{name}{suffix}"
        for name in NARRATIVE_FIELDS
        if name != "title"
        for suffix in ("", *(f"_{code}" for code, _name in settings.LANGUAGES))
    ),
)


# Query parameters of the export URL that are not the list's own.
EXPORT_LANGUAGE_VAR = "language"


# --- Requests: the triage desk ------------------------------------------------------------


@admin.register(CapacityRequest)
class CapacityRequestAdmin(SimpleHistoryAdmin):
    """The team's triage desk: list, filter, assign, read, translate, move along the workflow.

    Every change goes through `requests_app.services`, never through a plain admin save
    that would bypass the transition table, the timeline and notifications. The only form
    field on the request page is the working translation (the narrative in the languages
    other than the submission language); everything else is read-only. Workflow steps,
    messages and notes post to the small views of `get_urls`.
    """

    change_form_template = "admin/requests_app/capacityrequest/change_form.html"
    form = TranslationForm
    list_display = (
        "reference",
        "display_title",
        "institution_name",
        "country_name",
        "status",
        "assignee_name",
        "submitted_on",
        "days_in_stage",
    )
    list_display_links = ("reference", "display_title")
    list_filter = (
        StatusFilter,
        "region",
        CountryFilter,
        TopicFilter,
        "request_type",
        AssigneeFilter,
        WaitingFilter,
        "submitted_at",
    )
    search_fields = (
        "reference",
        "title_en",
        "title_ru",
        "institution__name",
        "institution__english_name",
        "contact_email",
    )
    # Everything the rows print, in the one list query (no query per row).
    list_select_related = ("institution", "assignee")
    # The queue is worked from the request waiting longest in its stage.
    ordering = ("status_changed_at", "pk")
    list_per_page = 50
    # "N results (M total)" would count all 100,000 requests again on every filtered page;
    # the filtered count the pages need is enough.
    show_full_result_count = False
    actions = ("assign_to_me", "assign_to", "start_screening", "export_selected")
    save_on_top = True
    history_list_display = ("status", "assignee")
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

    def has_export_permission(self, request: HttpRequest) -> bool:
        """Exports are for staff who may see the list and hold the export permission."""
        return self.has_view_or_change_permission(request) and request.user.has_perm(
            "requests_app.export_capacityrequest"
        )

    def get_queryset(self, request: HttpRequest) -> QuerySet[CapacityRequest]:
        # A partner's draft is private until it is submitted: the team never sees it here,
        # in the list, on a page, or through an action or a workflow URL.
        return (
            super()
            .get_queryset(request)
            .exclude(status=Status.DRAFT)
            .select_related("institution__kind", "institution__verified_by", "assignee")
        )

    # -- the list

    @admin.display(description=_("title"))
    def display_title(self, obj: CapacityRequest) -> str:
        """The title in the page's language, else the other one marked with its code."""
        current = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
        own = getattr(obj, f"title_{current}", "") or ""
        if own:
            return own
        for code, _name in settings.LANGUAGES:
            other = getattr(obj, f"title_{code}", "") or ""
            if code != current and other:
                return f"{other} ({code})"
        return "—"

    @admin.display(description=_("requesting institution"), ordering="institution__name")
    def institution_name(self, obj: CapacityRequest) -> str:
        """The institution, shortened so the row keeps its status and dates in view."""
        full = str(obj.institution)
        return format_html('<span title="{}">{}</span>', full, Truncator(full).chars(48))

    def action_checkbox(self, obj: CapacityRequest) -> str:
        """Django's checkbox of each row, without rendering a form widget's template per row
        (a sixth of the list's time); the markup is the widget's."""
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            obj.pk,
            format_html(gettext("Select this object for an action - {}"), str(obj)),
        )

    @admin.display(description=_("country"), ordering="country")
    def country_name(self, obj: CapacityRequest) -> str:
        # The admin's generic display of a CountryField looks the code up in the flattened
        # list of ~250 countries, twice per row: a third of the list's time at 50 rows.
        return str(obj.country.name) if obj.country else "—"  # type: ignore[attr-defined]

    @admin.display(description=_("assignee"), ordering="assignee__last_name")
    def assignee_name(self, obj: CapacityRequest) -> str:
        """The assignee's name (the e-mail address only for someone without one)."""
        if obj.assignee is None:
            return "—"
        return obj.assignee.get_full_name() or obj.assignee.email

    @admin.display(description=_("submitted"), ordering="submitted_at")
    def submitted_on(self, obj: CapacityRequest) -> date | None:
        # The day is what triage needs; the time would push the row's last columns away.
        return timezone.localdate(obj.submitted_at) if obj.submitted_at else None

    @admin.display(description=_("days in stage"), ordering="-status_changed_at")
    def days_in_stage(self, obj: CapacityRequest) -> int:
        """Whole days since the request entered its current stage (from the row itself)."""
        return (timezone.now() - obj.status_changed_at).days

    @admin.display(description=_("other countries covered"))
    def countries_covered(self, obj: CapacityRequest) -> str:
        # The admin's generic display prints a multiple CountryField as bare codes.
        names = [country.name for country in obj.other_countries]  # type: ignore[attr-defined]
        return ", ".join(names) or "—"

    # -- bulk actions

    @admin.action(description=_("Assign to me"), permissions=["change"])
    def assign_to_me(self, request: HttpRequest, queryset: QuerySet[CapacityRequest]) -> None:
        """Give the selected requests to the user who runs the action."""
        self._assign(request, queryset, _actor(request))

    @admin.action(description=_("Assign to…"), permissions=["change"])
    def assign_to(
        self, request: HttpRequest, queryset: QuerySet[CapacityRequest]
    ) -> TemplateResponse | None:
        """Ask for a staff member on an intermediate page, then give them the requests."""
        if "apply" in request.POST:
            form = AssignForm(request.POST)
            if form.is_valid():
                self._assign(request, queryset, form.cleaned_data["assignee"])
                return None  # back to the list
        else:
            form = AssignForm()
        context = {
            **self.admin_site.each_context(request),
            "title": _("Assign requests"),
            "opts": self.opts,
            "form": form,
            "queryset": queryset,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "action": "assign_to",
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(
            request, "admin/requests_app/capacityrequest/assign_to.html", context
        )

    @admin.action(description=_("Start screening"), permissions=["change"])
    def start_screening(self, request: HttpRequest, queryset: QuerySet[CapacityRequest]) -> None:
        """Move each selected request from "submitted" to "screening" where the table allows."""
        moved = 0
        refused: list[tuple[CapacityRequest, Any]] = []
        for obj in queryset:
            try:
                services.request_transition(
                    request=obj, key="start_screening", actor=_actor(request)
                )
            except services.WorkflowError as error:
                refused.append((obj, error.message))
            else:
                moved += 1
        message = ngettext(
            "%(count)d request moved to screening.",
            "%(count)d requests moved to screening.",
            moved,
        ) % {"count": moved}
        self._report(request, message if moved else "", refused)

    @admin.action(description=_("Export selected as CSV"), permissions=["export"])
    def export_selected(
        self, request: HttpRequest, queryset: QuerySet[CapacityRequest]
    ) -> HttpResponseBase:
        """The selected requests as CSV, in the language of the page."""
        selection = request.GET.copy()
        if request.POST.get("select_across") == "1":
            selection["select_across"] = "1"
        else:
            selection.setlist(
                helpers.ACTION_CHECKBOX_NAME, request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
            )
        return export.requests_csv_response(
            queryset,
            language=current_language(),
            user=request.user,
            source=ExportSource.SELECTION,
            filters=selection.urlencode(),
        )

    def _assign(
        self, request: HttpRequest, queryset: QuerySet[CapacityRequest], assignee: User
    ) -> None:
        done = 0
        refused: list[tuple[CapacityRequest, Any]] = []
        for obj in queryset:
            try:
                services.request_assign(request=obj, actor=_actor(request), assignee=assignee)
            except services.WorkflowError as error:
                refused.append((obj, error.message))
            else:
                done += 1
        message = ngettext(
            "%(count)d request assigned to %(name)s.",
            "%(count)d requests assigned to %(name)s.",
            done,
        ) % {"count": done, "name": assignee}
        self._report(request, message if done else "", refused)

    def _report(
        self, request: HttpRequest, done: str, refused: list[tuple[CapacityRequest, Any]]
    ) -> None:
        # One success line and one line naming each refused request with its reason, so a
        # mixed selection never ends in an error page.
        if done:
            self.message_user(request, done, messages.SUCCESS)
        if refused:
            details = "; ".join(f"{obj.reference}: {reason}" for obj, reason in refused)
            self.message_user(
                request,
                ngettext(
                    "%(count)d request was not changed: %(details)s",
                    "%(count)d requests were not changed: %(details)s",
                    len(refused),
                )
                % {"count": len(refused), "details": details},
                messages.WARNING,
            )

    # -- export and dashboard

    def get_changelist(self, request: HttpRequest, **kwargs: Any) -> type[ChangeList]:
        if getattr(request, "export_changelist", False):
            return ExportChangeList
        return QueueChangeList

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        # Refuse the export action outright rather than let the list say "no action
        # selected" to someone who posted it without the permission.
        if (
            request.method == "POST"
            and request.POST.get("action") == "export_selected"
            and not self.has_export_permission(request)
        ):
            raise PermissionDenied
        context = {**(extra_context or {}), **self._list_tools_context(request)}
        return super().changelist_view(request, extra_context=context)

    def _list_tools_context(self, request: HttpRequest) -> dict[str, Any]:
        info = self.opts.app_label, self.opts.model_name
        can_export = self.has_export_permission(request)
        return {
            "dashboard_url": reverse("admin:{}_{}_dashboard".format(*info)),
            "export_url": reverse("admin:{}_{}_export".format(*info)) if can_export else "",
            # The list's own parameters travel with the export form as hidden fields.
            "export_params": [
                (key, value)
                for key, values in request.GET.lists()
                if key not in {EXPORT_LANGUAGE_VAR, "p", "e"}
                for value in values
            ],
            "export_languages": settings.LANGUAGES,
            "export_language": current_language(),
        }

    def export_queryset(self, request: HttpRequest) -> QuerySet[CapacityRequest]:
        """What the list shows for this request's query string: filters, search and order,
        every page. May raise IncorrectLookupParameters."""
        request.export_changelist = True  # type: ignore[attr-defined]
        try:
            return self.get_changelist_instance(request).queryset
        finally:
            del request.export_changelist  # type: ignore[attr-defined]

    def export_view(self, request: HttpRequest) -> HttpResponseBase:
        """Stream what the list shows after its filters and search, all pages, as CSV."""
        if not self.has_export_permission(request):
            raise PermissionDenied
        query = request.GET.copy()
        language = query.pop(EXPORT_LANGUAGE_VAR, [""])[-1]
        if language not in dict(settings.LANGUAGES):
            language = current_language()
        request.GET = query  # type: ignore[assignment]  # the list's own parameters only
        try:
            queryset = self.export_queryset(request)
        except IncorrectLookupParameters:
            changelist = reverse("admin:requests_app_capacityrequest_changelist")
            return HttpResponseRedirect(f"{changelist}?e=1")
        return export.requests_csv_response(
            queryset,
            language=language,
            user=request.user,
            source=ExportSource.LIST,
            filters=query.urlencode(),
        )

    def dashboard_view(self, request: HttpRequest) -> HttpResponse:
        """The pipeline at a glance; every figure links to the list filtered to it."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        changelist = reverse("admin:requests_app_capacityrequest_changelist")
        context = {
            **self.admin_site.each_context(request),
            "title": _("Requests dashboard"),
            "opts": self.opts,
            "changelist_url": changelist,
            **reports.dashboard(
                self.get_queryset(request), changelist_url=changelist, user=request.user
            ),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(
            request, "admin/requests_app/capacityrequest/dashboard.html", context
        )

    # -- the request page

    def get_readonly_fields(
        self, request: HttpRequest, obj: CapacityRequest | None = None
    ) -> list[str]:
        """Everything the fieldsets show; the translation is laid out by the template."""
        return flatten_fieldsets(self.get_fieldsets(request, obj))

    def get_form(
        self,
        request: HttpRequest,
        obj: CapacityRequest | None = None,
        change: bool = False,
        **kwargs: Any,
    ) -> Any:
        """A form of the other languages' narrative fields only: staff never edit the
        partner's original nor any other field here."""
        kwargs["fields"] = translation_fields(obj) if obj is not None else []
        return super().get_form(request, obj, change, **kwargs)

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict[str, Any],
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: CapacityRequest | None = None,
    ) -> HttpResponse:
        if obj is not None:
            context.update(self._desk_context(request, obj, context["adminform"].form))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _desk_context(
        self, request: HttpRequest, obj: CapacityRequest, form: forms.ModelForm
    ) -> dict[str, Any]:
        user = request.user
        institution = obj.institution
        rows = []
        for field in NARRATIVE_FIELDS:
            cells = []
            for code, _name in settings.LANGUAGES:
                name = f"{field}_{code}"
                cells.append(
                    {
                        "language": code,
                        "field": form[name] if name in form.fields else None,
                        "text": getattr(obj, name) or "",
                    }
                )
            label = getattr(CapacityRequest._meta.get_field(field), "verbose_name", field)
            rows.append({"label": label, "cells": cells})
        return {
            "narrative_languages": [
                (code, name, code == obj.submission_language) for code, name in settings.LANGUAGES
            ],
            "narrative_rows": rows,
            "institution": institution,
            "co_institutions": obj.co_institutions.select_related("kind", "verified_by"),
            "institution_url": (
                reverse("admin:accounts_app_partnerinstitution_change", args=[institution.pk])
                if user.has_perm("accounts_app.view_partnerinstitution")
                else ""
            ),
            # Managers verify through the "Mark as verified" action of the institution list.
            "verify_url": (
                f"{reverse('admin:accounts_app_partnerinstitution_changelist')}"
                f"?id__exact={institution.pk}"
                if user.has_perm("accounts_app.change_partnerinstitution")
                and not institution.verified
                else ""
            ),
            "attachments": [
                (attachment, download_url(attachment))
                for attachment in obj.attachments.select_related("uploaded_by")
            ],
            "events": obj.events.select_related("actor"),
            "steps": [
                {"transition": step, "url": self._url("transition", obj, step.key)}
                for step in workflow.available(obj, user)
            ],
            "days_in_stage": self.days_in_stage(obj),
            "can_message": obj.status in workflow.OPEN,
            "message_url": self._url("message", obj),
            "note_url": self._url("note", obj),
        }

    def save_model(
        self, request: HttpRequest, obj: CapacityRequest, form: Any, change: bool
    ) -> None:
        # Only what this user changed is written, so a colleague's translation of another
        # field saved meanwhile is kept.
        values = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            services.request_save_translation(request=obj, actor=_actor(request), values=values)
        except services.WorkflowError as error:
            obj._translation_refused = error.message  # type: ignore[attr-defined]

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # The form holds no relations; the service wrote everything there is to write.
        return None

    def log_change(self, request: HttpRequest, obj: Model, message: Any) -> Any:
        if getattr(obj, "_translation_refused", None) is not None:
            return None
        return super().log_change(request, obj, message)

    def response_change(self, request: HttpRequest, obj: CapacityRequest) -> HttpResponse:
        refused = getattr(obj, "_translation_refused", None)
        if refused is not None:
            self.message_user(request, refused, messages.ERROR)
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    # -- history: kept, shown, never reverted

    def revert_disabled(self, request: HttpRequest, obj: Any = None) -> bool:
        # Reverting would rewrite status, assignee and dates around the workflow table.
        return True

    def history_form_view(
        self,
        request: HttpRequest,
        object_id: str,
        version_id: str,
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        """A past version, to read: simple-history would save a POST even without the
        Revert button."""
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    # -- workflow, message and note: POST-only views behind the admin login

    def get_urls(self) -> list[URLPattern | URLResolver]:
        """The desk's own URLs, before the admin's catch-all `<object_id>/` pattern."""
        info = self.opts.app_label, self.opts.model_name
        wrap = self.admin_site.admin_view
        return [
            path("export/", wrap(self.export_view), name="{}_{}_export".format(*info)),
            path("dashboard/", wrap(self.dashboard_view), name="{}_{}_dashboard".format(*info)),
            path(
                "<int:object_id>/transition/<slug:key>/",
                wrap(self.transition_view),
                name="{}_{}_transition".format(*info),
            ),
            path(
                "<int:object_id>/message/",
                wrap(self.message_view),
                name="{}_{}_message".format(*info),
            ),
            path(
                "<int:object_id>/note/",
                wrap(self.note_view),
                name="{}_{}_note".format(*info),
            ),
            *super().get_urls(),
        ]

    def _url(self, view: str, obj: CapacityRequest, *args: str) -> str:
        info = self.opts.app_label, self.opts.model_name
        return reverse(f"admin:{info[0]}_{info[1]}_{view}", args=[obj.pk, *args])

    def transition_view(self, request: HttpRequest, object_id: int, key: str) -> HttpResponse:
        """Take one workflow step; the service checks the stage, the role and the comment."""

        def act(obj: CapacityRequest) -> str:
            moved = services.request_transition(
                request=obj, key=key, actor=_actor(request), comment=request.POST.get("comment", "")
            )
            return gettext("%(action)s: done. The request is now “%(status)s”.") % {
                "action": workflow.BY_KEY[key].label,
                "status": moved.get_status_display(),
            }

        return self._desk_post(request, object_id, act)

    def message_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        """Send a message the partner reads on the request page (and is told of by e-mail)."""

        def act(obj: CapacityRequest) -> str:
            services.request_post_message(
                request=obj, actor=_actor(request), body=request.POST.get("body", "")
            )
            return gettext("The message was sent to the partner.")

        return self._desk_post(request, object_id, act, limit="staff_message")

    def note_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        """Add an internal note of the team: never shown to the partner."""

        def act(obj: CapacityRequest) -> str:
            services.request_add_note(
                request=obj, actor=_actor(request), body=request.POST.get("body", "")
            )
            return gettext("The internal note was added.")

        return self._desk_post(request, object_id, act, limit="staff_message")

    def _desk_post(
        self,
        request: HttpRequest,
        object_id: int,
        act: Callable[[CapacityRequest], str],
        limit: str = "",
    ) -> HttpResponse:
        # Changes only by POST (CSRF-checked by admin_view); every refusal of the service
        # becomes a message on the page, never an error page.
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self.get_object(request, str(object_id))
        if obj is None:
            self.message_user(
                request,
                gettext("No submitted request with ID “%(id)s” exists.") % {"id": object_id},
                messages.WARNING,
            )
            return HttpResponseRedirect(reverse("admin:requests_app_capacityrequest_changelist"))
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        refusal = ratelimit.consume(request, limit) if limit else None
        if refusal is not None:
            return self._rate_limited(request, obj, refusal)
        try:
            done = act(obj)
        except services.WorkflowError as error:
            self.message_user(request, error.message, messages.ERROR)
        else:
            self.message_user(request, done, messages.SUCCESS)
        return HttpResponseRedirect(self._url("change", obj))

    def _rate_limited(
        self, request: HttpRequest, obj: CapacityRequest, refusal: ratelimit.Refusal
    ) -> HttpResponse:
        """Too many posts: a page with the typed text in a form to send again (HTTP 429)."""
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": obj,
            "title": gettext("Not sent yet"),
            "refusal": refusal,
            "body": request.POST.get("body", ""),
            "change_url": self._url("change", obj),
        }
        response = TemplateResponse(
            request, "admin/requests_app/capacityrequest/rate_limited.html", context
        )
        return ratelimit.with_retry_after(response, refusal)


def current_language() -> str:
    """The page's language among the portal's (the default one otherwise)."""
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def translation_fields(obj: CapacityRequest) -> list[str]:
    """The per-language narrative fields staff may write: those not in the submission
    language."""
    return [
        f"{field}_{code}"
        for field in NARRATIVE_FIELDS
        for code, _name in settings.LANGUAGES
        if code != obj.submission_language
    ]


# --- Timeline, files and counters: read-only ---------------------------------------------


@admin.register(RequestEvent)
class RequestEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = (
        "created_at",
        "request",
        "kind",
        "transition",
        "to_status",
        "actor",
        "visibility",
    )
    list_filter = ("kind", "visibility", "to_status")
    search_fields = ("request__reference", "body")
    list_select_related = ("request", "actor")
    ordering = ("-created_at", "-pk")
    raw_id_fields = ("request",)


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = (
        "original_name",
        "request",
        "kind",
        "content_type",
        "file_size",
        "uploaded_by",
        "uploaded_at",
        "download",
    )
    list_filter = ("kind", "content_type")
    search_fields = ("request__reference", "original_name")
    list_select_related = ("request", "uploaded_by")
    ordering = ("-uploaded_at", "-pk")
    # The stored path is an internal detail; the download link is the way to the file.
    exclude = ("file",)

    @admin.display(description=_("size"))
    def file_size(self, obj: Attachment) -> str:
        return filesizeformat(obj.size)

    @admin.display(description=_("file"))
    def download(self, obj: Attachment) -> str:
        return attachment_download(obj)


@admin.register(ReferenceCounter)
class ReferenceCounterAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("year", "last")
    ordering = ("-year",)


@admin.register(ExportLog)
class ExportLogAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The audit trail of exports: who exported which filter, when, how many rows."""

    list_display = ("created_at", "user", "kind", "source", "language", "filters", "row_count")
    list_filter = ("kind", "source", "language", "created_at")
    search_fields = ("user__email", "user__last_name", "filters")
    list_select_related = ("user",)
    ordering = ("-created_at", "-pk")
    date_hierarchy = "created_at"
