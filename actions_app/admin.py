"""The team's admin for Actions (activities inline), news and resources, both languages
in tabs, plus the "Create Action" step offered on an approved request's page. Actions and
activities are saved through `services` (which numbers the activities)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
)
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path, reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationStackedInline

from accounts_app.models import User
from mieux_portal import languages
from mieux_portal.admin_languages import (
    ActiveLanguagesAdminMixin,
    ActiveLanguagesInlineMixin,
    TranslatedSearchMixin,
)
from requests_app.export import chosen_format
from requests_app.models import CapacityRequest, ExportFormat, ExportSource

from . import export, services
from .models import Action, Activity, NewsItem, Resource


class ActivityInline(ActiveLanguagesInlineMixin, TranslationStackedInline):
    model = Activity
    extra = 0
    ordering = ("number",)
    fields = (
        ("number", "kind", "status"),
        "title",
        "description",
        ("start_date", "end_date"),
        ("place", "online", "participants"),
    )


@admin.register(Action)
class ActionAdmin(ActiveLanguagesAdminMixin, TranslatedSearchMixin, TabbedTranslationAdmin):
    list_display = (
        "code",
        "title",
        "status",
        "region",
        "start_date",
        "end_date",
        "activity_count",
        "published",
    )
    list_display_links = ("code", "title")
    list_filter = ("status", "published", "region", "topics")
    search_fields = ("code", "title", "request__reference")
    list_select_related = ("region",)
    prepopulated_fields = {"slug": ("code",)}
    autocomplete_fields = ("institutions",)
    filter_horizontal = ("topics",)
    raw_id_fields = ("request",)
    readonly_fields = ("request_link",)
    inlines = (ActivityInline,)
    save_on_top = True
    fieldsets = (
        (None, {"fields": ("code", "slug", "status", "published", ("start_date", "end_date"))}),
        (
            _("Texts"),
            {"fields": ("title", "summary", "objective", "specific_objectives", "results")},
        ),
        (
            _("Who and where"),
            {
                "fields": (
                    "request",
                    "request_link",
                    "institutions",
                    "countries",
                    "region",
                    "topics",
                    "member_states",
                )
            },
        ),
    )

    actions = ("export_selected", "export_selected_xlsx")
    change_list_template = "admin/actions_app/action/change_list.html"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Action]:
        return super().get_queryset(request).annotate(activity_total=Count("activities"))

    # -- saved through the services (activities numbered there)

    def save_model(self, request: HttpRequest, obj: Action, form: Any, change: bool) -> None:
        services.action_save(action=obj, actor=cast(User, request.user))

    def delete_model(self, request: HttpRequest, obj: Action) -> None:
        services.action_delete(action=obj, actor=cast(User, request.user))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Action]) -> None:
        for action in queryset:
            services.action_delete(action=action, actor=cast(User, request.user))

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if formset.model is not Activity:
            formset.save()
            return
        actor = cast(User, request.user)
        for activity in formset.save(commit=False):
            services.activity_save(activity=activity, actor=actor)
        for activity in formset.deleted_objects:
            services.activity_delete(activity=activity, actor=actor)

    # -- CSV and XLSX export with the activities (the requests list's permission and audit trail)

    def has_export_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request) and request.user.has_perm(
            "requests_app.export_capacityrequest"
        )

    @admin.action(description=_("Export selected as CSV (with activities)"), permissions=["export"])
    def export_selected(self, request: HttpRequest, queryset: QuerySet[Action]) -> HttpResponseBase:
        return self._export_selected(request, queryset, ExportFormat.CSV)

    @admin.action(
        description=_("Export selected as XLSX (with activities)"), permissions=["export"]
    )
    def export_selected_xlsx(
        self, request: HttpRequest, queryset: QuerySet[Action]
    ) -> HttpResponseBase:
        return self._export_selected(request, queryset, ExportFormat.XLSX)

    def _export_selected(
        self, request: HttpRequest, queryset: QuerySet[Action], format: str
    ) -> HttpResponseBase:
        return export.actions_export_response(
            Action.objects.filter(pk__in=queryset.values("pk")),
            language=translation.get_language() or settings.LANGUAGE_CODE,
            user=request.user,
            source=ExportSource.SELECTION,
            format=format,
        )

    def export_view(self, request: HttpRequest) -> HttpResponseBase:
        """Every Action the list shows after its filters and search, with its activities."""
        if not self.has_export_permission(request):
            raise PermissionDenied
        query = request.GET.copy()
        language = query.pop("language", [""])[-1]
        format = chosen_format(query.pop("format", [""])[-1])
        if language not in dict(settings.LANGUAGES):
            language = translation.get_language() or settings.LANGUAGE_CODE
        request.GET = query  # type: ignore[assignment]  # the list's own parameters only
        try:
            queryset = self.get_changelist_instance(request).queryset
        except IncorrectLookupParameters:
            return HttpResponseRedirect(reverse("admin:actions_app_action_changelist") + "?e=1")
        return export.actions_export_response(
            Action.objects.filter(pk__in=queryset.values("pk")),
            language=language,
            user=request.user,
            filters=query.urlencode(),
            format=format,
        )

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        extra_context = {
            **(extra_context or {}),
            "export_url": (
                reverse("admin:actions_app_action_export")
                if self.has_export_permission(request)
                else ""
            ),
            "export_params": [
                (key, value)
                for key, values in request.GET.lists()
                if key not in {"language", "format"}
                for value in values
            ],
            "export_languages": settings.LANGUAGES,
        }
        return super().changelist_view(request, extra_context)

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        # 27 Member States read better as ticks than as a multiple-select box.
        if db_field.name == "member_states":
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description=_("activities"), ordering="activity_total")
    def activity_count(self, obj: Action) -> int:
        return getattr(obj, "activity_total", 0)

    @admin.display(description=_("request page"))
    def request_link(self, obj: Action) -> str:
        if obj.request_id is None:
            return "—"
        url = reverse("admin:requests_app_capacityrequest_change", args=[obj.request_id])
        return format_html('<a href="{}">{}</a>', url, obj.request)

    # -- "Create Action" on an approved request (a POST from the request's admin page)

    def get_urls(self) -> list[URLPattern]:
        return [
            path(
                "from-request/<int:request_id>/",
                self.admin_site.admin_view(self.from_request_view),
                name="actions_app_action_from_request",
            ),
            path(
                "export/",
                self.admin_site.admin_view(self.export_view),
                name="actions_app_action_export",
            ),
            *super().get_urls(),
        ]

    def from_request_view(self, request: HttpRequest, request_id: int) -> HttpResponse:
        """Create the Action of an approved request; refusals become a message."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_add_permission(request):
            raise PermissionDenied
        capacity_request = get_object_or_404(CapacityRequest, pk=request_id)
        try:
            action = services.action_create_from_request(
                request=capacity_request, actor=cast(User, request.user)
            )
        except services.ActionNotAllowed as error:
            self.message_user(request, str(error.message), messages.ERROR)
            return HttpResponseRedirect(
                reverse("admin:requests_app_capacityrequest_change", args=[request_id])
            )
        self.message_user(
            request,
            gettext(
                "The Action %(code)s was created from the request. Design it with the "
                "partner, then publish it."
            )
            % {"code": action.code},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:actions_app_action_change", args=[action.pk]))


@admin.register(NewsItem)
class NewsItemAdmin(ActiveLanguagesAdminMixin, TranslatedSearchMixin, TabbedTranslationAdmin):
    list_display = ("title", "date", "published")
    list_filter = ("published", "date")
    search_fields = ("title", "body")
    prepopulated_fields = {"slug": ("title_en",)}
    autocomplete_fields = ("actions",)
    date_hierarchy = "date"
    fields = ("title", "slug", "date", "body", "actions", "published")


@admin.register(Resource)
class ResourceAdmin(ActiveLanguagesAdminMixin, TranslatedSearchMixin, TabbedTranslationAdmin):
    list_display = ("title", "kind", "date", "file_languages", "published")
    list_filter = ("kind", "published")
    search_fields = ("title",)
    autocomplete_fields = ("actions",)
    fields = ("title", "kind", "date", "file_en", "actions", "published")

    def get_fields(self, request: HttpRequest, obj: Resource | None = None) -> Any:
        # One file field per active language (the model has one per supported language).
        return ["title", "kind", "date", *languages.localized("file"), "actions", "published"]

    @admin.display(description=_("files in"))
    def file_languages(self, obj: Resource) -> str:
        return ", ".join(code.upper() for code, _file in obj.files()) or "—"
