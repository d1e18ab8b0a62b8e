"""The MIEUX+ team's back office for requests and their reference data.

Reference data (regions, topics, kinds of activities) is edited with both languages in tabs.
Requests are listed and opened read-only for now: every change to a request goes through
`requests_app.services` (the workflow buttons come with a later issue), never through a
plain admin form that would bypass the transition table, the timeline and notifications.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin
from django.db.models import F, Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.defaultfilters import filesizeformat
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modeltranslation import settings as mt_settings
from modeltranslation.admin import TabbedTranslationAdmin
from modeltranslation.translator import translator

from accounts_app.admin import LOCAL_JQUERY_UI

from .models import (
    ActivityType,
    Attachment,
    CapacityRequest,
    ReferenceCounter,
    Region,
    RequestEvent,
    Topic,
)

# --- Tabs without a CDN -----------------------------------------------------------------


class LocalTabbedTranslationAdmin(TabbedTranslationAdmin):
    """modeltranslation's tabbed admin with jQuery UI served from static/vendor (no CDN).

    modeltranslation names jQuery UI by its CDN URL (settings.JQUERY_UI_URL); partners' and
    staff's networks may be filtered and these machines have no internet, so the tabs
    would never appear. The vendored copy is the one the accounts admin uses.
    """

    class Media:
        # Shadows TabbedTranslationAdmin.Media: Django adds the nearest inherited Media to
        # each subclass's media, which would bring the CDN URL back for every admin below.
        pass

    @property
    def media(self) -> forms.Media:
        # Swap the one URL rather than restate modeltranslation's file list, so an upgrade
        # that adds a file keeps working (Media has no public accessor for its lists).
        media = super().media
        js = [
            LOCAL_JQUERY_UI if path == mt_settings.JQUERY_UI_URL else path
            for path in media._js  # type: ignore[attr-defined]
        ]
        return forms.Media(js=js, css=media._css)  # type: ignore[attr-defined]


# --- Reference data -------------------------------------------------------------------


@admin.register(Region)
class RegionAdmin(LocalTabbedTranslationAdmin):
    list_display = ("code", "name", "country_count", "active", "position")
    list_filter = ("active",)
    search_fields = ("code", "name_en", "name_ru")
    ordering = ("position", "code")

    @admin.display(description=_("number of countries"))
    def country_count(self, obj: Region) -> int:
        return len(obj.countries)  # type: ignore[arg-type]


@admin.register(Topic)
class TopicAdmin(LocalTabbedTranslationAdmin):
    list_display = ("code", "name", "position")
    search_fields = ("code", "name_en", "name_ru")
    ordering = ("position", "code")


@admin.register(ActivityType)
class ActivityTypeAdmin(LocalTabbedTranslationAdmin):
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


def attachment_download(attachment: Attachment) -> str:
    """A link to the checked download view, or a dash while that view does not exist."""
    try:
        url = reverse("requests:attachment", args=[attachment.request_id, attachment.pk])
    except NoReverseMatch:
        # The download view is built separately; the admin must never fail for want of it.
        return "—"
    return format_html('<a href="{}">{}</a>', url, _("Download"))


class RequestEventInline(ReadOnlyAdminMixin, admin.TabularInline):
    """The whole timeline, internal notes included: only staff open this page."""

    model = RequestEvent
    extra = 0
    can_delete = False
    fields = (
        "created_at",
        "kind",
        "transition",
        "from_status",
        "to_status",
        "actor",
        "body",
        "visibility",
    )
    readonly_fields = fields
    ordering = ("created_at", "pk")

    def get_queryset(self, request: HttpRequest) -> QuerySet[RequestEvent]:
        return super().get_queryset(request).select_related("actor")


class AttachmentInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Attachment
    extra = 0
    can_delete = False
    fields = (
        "kind",
        "original_name",
        "content_type",
        "file_size",
        "uploaded_by",
        "uploaded_at",
        "download",
    )
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[Attachment]:
        return super().get_queryset(request).select_related("uploaded_by")

    @admin.display(description=_("size"))
    def file_size(self, obj: Attachment) -> str:
        return filesizeformat(obj.size)

    @admin.display(description=_("file"))
    def download(self, obj: Attachment) -> str:
        return attachment_download(obj)


# --- Requests ---------------------------------------------------------------------------


@admin.register(CapacityRequest)
class CapacityRequestAdmin(LocalTabbedTranslationAdmin):
    """Requests, read-only for now: staff open them; the workflow comes with its own issue."""

    list_display = (
        "reference",
        "display_title",
        "institution",
        "country",
        "status",
        "assignee",
        "submitted_at",
    )
    list_display_links = ("reference", "display_title")
    list_filter = ("status", "region", "request_type", "submission_language")
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
    # Oldest submission first: the queue is worked from the longest waiting; drafts last.
    ordering = (F("submitted_at").asc(nulls_last=True), "pk")
    list_per_page = 50
    inlines = (RequestEventInline, AttachmentInline)
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "reference",
                    "status",
                    "assignee",
                    "request_type",
                    "submission_language",
                    "title",
                )
            },
        ),
        (
            _("Institution and contact"),
            {
                "fields": (
                    "institution",
                    "co_institutions",
                    "created_by",
                    "contact_name",
                    "contact_position",
                    "contact_email",
                    "contact_phone",
                    "country",
                    "other_countries",
                    "region",
                    "channel",
                    "delegation_contact",
                )
            },
        ),
        (
            _("The need"),
            {"fields": ("topics", "context", "needs", "objectives", "target_groups")},
        ),
        (
            _("The support wished"),
            {
                "fields": (
                    "activity_types",
                    "proposed_activities",
                    "expected_results",
                    "timeframe_start",
                    "timeframe_end",
                    "expected_participants",
                    "working_languages",
                    "other_support",
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

    def get_readonly_fields(
        self, request: HttpRequest, obj: CapacityRequest | None = None
    ) -> list[str]:
        """Every field, each language of the narrative included: nothing is editable here."""
        translated = translator.get_options_for_model(CapacityRequest).all_fields
        return [
            field.name
            for field in CapacityRequest._meta.get_fields()
            if (field.concrete or field.many_to_many)
            and not field.auto_created
            and field.name not in translated  # the per-language fields stand for these
        ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        # The change permission lets staff open the page; with nothing editable, a save
        # button would only suggest otherwise.
        extra_context = {
            **(extra_context or {}),
            "show_save": False,
            "show_save_and_continue": False,
            "show_save_and_add_another": False,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(
        self, request: HttpRequest, obj: CapacityRequest, form: Any, change: Any
    ) -> None:
        # A forged POST must not touch the row (not even `updated_at` or its history).
        return None

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: Any) -> None:
        return None

    def log_change(self, request: HttpRequest, obj: Model, message: Any) -> Any:
        # Nothing was changed, so nothing is written to the admin log either.
        return None

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
