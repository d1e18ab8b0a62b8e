"""History pages a person can read (django-simple-history's admin, through its documented
customisation points: `get_historical_record_context_helper`, `history_list_display` with
admin methods, `render_history_view` and the `object_history_list.html` template).

* A choice shows its label ("Submitted → Screening"), not its key.
* A person shows their name; an empty reference shows "—", a removed one "removed (#7)",
  never simple-history's "Deleted user (pk=None)".
* Dates are shown in the viewer's time zone (`mieux_portal.timezones`), with its name.
* The change reason column appears only when a row on the page has a reason.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import ForeignKey
from django.http import HttpRequest, HttpResponse
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import DeletedObject, HistoricalChanges, ModelChange
from simple_history.template_utils import HistoricalRecordContextHelper

from .. import workflow

EMPTY = "—"


def person(user: Any) -> str:
    """A user as people call them: the full name, else the e-mail address."""
    return user.get_full_name() or user.email


def readable(field: Any, value: Any) -> Any:
    """One value of a field as the history page shows it."""
    if isinstance(value, DeletedObject):
        if value.pk is None:
            return EMPTY
        return gettext("removed (#%(pk)s)") % {"pk": value.pk}
    if value is None or value == "":
        return EMPTY
    if getattr(field, "flatchoices", None):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, ForeignKey) and isinstance(value, get_user_model()):
        return person(value)
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, date):
        return formats.date_format(value, "DATE_FORMAT")
    return value


class ReadableChanges(HistoricalRecordContextHelper):
    """The "Changes" column in staff words (labels, names, local dates)."""

    def prepare_delta_change_value(self, change: ModelChange, value: Any) -> Any:
        field = self.model._meta.get_field(change.field)
        if field.many_to_many:
            return super().prepare_delta_change_value(change, value)
        return readable(field, value)


class ReadableHistoryMixin(SimpleHistoryAdmin):
    """History pages with labels, names and local dates (see the module docstring)."""

    def get_historical_record_context_helper(
        self, request: HttpRequest, historical_record: HistoricalChanges
    ) -> HistoricalRecordContextHelper:
        return ReadableChanges(self.model, historical_record)

    def render_history_view(
        self, request: HttpRequest, template: str, context: dict[str, Any], **kwargs: Any
    ) -> HttpResponse:
        # Also renders a single version's page, which has no list of records.
        if "page_obj" in context:
            records = list(context["page_obj"].object_list)
            context["show_change_reason"] = any(r.history_change_reason for r in records)
            context["history_columns"] = [
                (name, getattr(getattr(self, name, None), "short_description", name))
                for name in context["history_list_display"]
            ]
            context["time_zone"] = timezone.get_current_timezone_name()
        return super().render_history_view(request, template, context, **kwargs)


class RequestHistoryMixin(ReadableHistoryMixin):
    """The request's history list: its stage and its assignee, as staff call them."""

    history_list_display = ("history_stage", "history_assignee")

    @admin.display(description=_("stage"))
    def history_stage(self, record: Any) -> str:
        return workflow.STAGE[record.status].staff_label

    @admin.display(description=_("assignee"))
    def history_assignee(self, record: Any) -> str:
        if not record.assignee_id:
            return gettext("nobody")
        try:
            return person(record.assignee)
        except ObjectDoesNotExist:
            return gettext("removed (#%(pk)s)") % {"pk": record.assignee_id}
