"""The filters of the request queue, beside the admin's own ones on plain fields.

A value a filter cannot read is the admin's "incorrect parameters" (back to the list with
`?e=1`), as the admin's own filters answer it, never an unfiltered list or an error.
"""

from __future__ import annotations

import functools
from datetime import timedelta
from typing import Any, cast

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.cache import cache
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_countries import countries

from accounts_app import authcache
from mieux_portal import collation, pagecache

from .. import reports
from ..models import CapacityRequest, Consultation, Status, Topic
from .forms import staff_members

# A century: no request waits longer, and `timedelta` has an end.
MAX_WAITING_DAYS = 36_500
# Longer than any primary key.
MAX_ID_DIGITS = 18


def whole_number(value: str, *, digits: int = MAX_ID_DIGITS) -> int:
    """A filter value that must be a whole number (ASCII digits: "²" is a digit to
    `str.isdigit`, not to `int`)."""
    if value.isascii() and value.isdigit() and len(value) <= digits:
        return int(value)
    raise IncorrectLookupParameters(f"not a whole number: {value[:20]!r}")


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
        return country_choices(collation.current_language(), tuple(codes))

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        return queryset.filter(country=value) if value else queryset


@functools.lru_cache(maxsize=64)
def country_choices(language: str, codes: tuple[str, ...]) -> list[tuple[str, str]]:
    """The countries' names in the reader's order: naming and collating ~120 countries was
    a tenth of the list's time on every page, for a list that changes only with the
    language or when a request comes from a new country."""
    return collation.sorted_by_name(
        ((code, str(countries.name(code))) for code in codes), key=lambda c: c[1]
    )


class TopicFilter(admin.SimpleListFilter):
    """The topics, through a subquery. The admin's own filter of a many-to-many field joins
    the topics, may repeat a request, and so adds DISTINCT over every column of the list
    query and its count: 140 ms a page at 100,000 requests instead of 10."""

    title = _("topics")
    parameter_name = "topics__id__exact"  # the admin's own parameter: links keep working

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        # Reference data: kept until a topic changes (Topic is a public model).
        return pagecache.public_data("admin-filter-topics", topic_choices)  # type: ignore[no-any-return]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        if not value:
            return queryset
        through = cast(Any, CapacityRequest.topics.through)  # django-stubs: Never
        tagged = through.objects.filter(topic_id=whole_number(value))
        return queryset.filter(pk__in=tagged.values("capacityrequest_id"))


def topic_choices() -> list[tuple[str, str]]:
    return [(str(topic.pk), str(topic)) for topic in Topic.objects.all()]


class ReferenceFilter(admin.RelatedFieldListFilter):
    """Django's filter of a foreign key to reference data (the region), its choices kept
    until that data changes (`pagecache.public_data`: the model must be a public one)."""

    def field_choices(self, field: Any, request: HttpRequest, model_admin: Any) -> Any:
        build = super().field_choices
        return pagecache.public_data(
            f"admin-filter:{field.model._meta.label}.{field.name}",
            lambda: build(field, request, model_admin),
        )


class AssigneeFilter(admin.SimpleListFilter):
    """Whose requests: mine, nobody's, or a given member of the team's."""

    title = _("assignee")
    parameter_name = "assignee"
    ME = "me"
    NOBODY = "none"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        # Kept until a user or a group changes (authcache).
        people = authcache.remembered("assignee-choices", staff_choices)
        return [(self.ME, _("Me")), (self.NOBODY, _("Unassigned")), *people]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        if value == self.ME:
            return queryset.filter(assignee=request.user.pk)
        if value == self.NOBODY:
            return queryset.filter(assignee__isnull=True)
        if value:
            return queryset.filter(assignee_id=whole_number(value))
        return queryset


def staff_choices() -> list[tuple[str, str]]:
    return [(str(user.pk), str(user)) for user in staff_members()]


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
        if not value:
            return queryset
        days = whole_number(value)
        if days > MAX_WAITING_DAYS:
            raise IncorrectLookupParameters(f"waiting more than {MAX_WAITING_DAYS} days")
        return queryset.filter(status_changed_at__lt=timezone.now() - timedelta(days=days))


class OpinionsFilter(admin.SimpleListFilter):
    """Requests in consultation with a consulted body's opinion past its deadline (the
    desk's and the dashboard's overdue flag)."""

    title = _("consultation")
    parameter_name = "opinions"
    OVERDUE = "overdue"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [(self.OVERDUE, _("opinions overdue"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == self.OVERDUE:
            return queryset.filter(pk__in=overdue_requests())
        return queryset


def overdue_requests() -> QuerySet[Any]:
    """The ids of the requests with an overdue consultation."""
    return Consultation.objects.overdue().values("request_id")
