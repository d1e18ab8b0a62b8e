"""Reference data (regions, topics, kinds of activities, eligibility criteria), in tabs per
active language."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from mieux_portal.admin_languages import ActiveLanguagesAdminMixin, TranslatedSearchMixin

from ..models import ActivityType, EligibilityCriterion, Region, Topic
from .history import ReadableHistoryMixin


@admin.register(Region)
class RegionAdmin(ActiveLanguagesAdminMixin, TranslatedSearchMixin, TabbedTranslationAdmin):
    list_display = ("code", "name", "country_count", "active", "position")
    list_filter = ("active",)
    search_fields = ("code", "name")
    ordering = ("position", "code")

    @admin.display(description=_("number of countries"))
    def country_count(self, obj: Region) -> int:
        return len(obj.countries)  # type: ignore[arg-type]


@admin.register(Topic)
class TopicAdmin(ActiveLanguagesAdminMixin, TranslatedSearchMixin, TabbedTranslationAdmin):
    list_display = ("code", "name", "position")
    search_fields = ("code", "name")
    ordering = ("position", "code")


@admin.register(ActivityType)
class ActivityTypeAdmin(ActiveLanguagesAdminMixin, TranslatedSearchMixin, TabbedTranslationAdmin):
    list_display = ("code", "name", "position")
    search_fields = ("code", "name")
    ordering = ("position", "code")


@admin.register(EligibilityCriterion)
class EligibilityCriterionAdmin(
    ReadableHistoryMixin, ActiveLanguagesAdminMixin, TranslatedSearchMixin, TabbedTranslationAdmin
):
    """The criteria the team screens every request against; managers edit them (a retired
    criterion is made inactive, not deleted: past assessments keep their answers)."""

    list_display = ("code", "name", "active", "position")
    list_filter = ("active",)
    search_fields = ("code", "name")
    ordering = ("position", "code")

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False
