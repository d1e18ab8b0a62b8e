"""Figures of the public site: key figures of the home page and the statistics tables.

Only published Actions count, and only their activities that were not cancelled.
Each table is one or two grouped queries, whatever the number of Actions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from requests_app.models import Region, Topic

from .models import Action, Activity, ActivityStatus


def public_activities() -> Any:
    return Activity.objects.filter(action__published=True).exclude(status=ActivityStatus.CANCELLED)


def key_figures() -> dict[str, int]:
    """Published Actions, their activities, and the partner countries they reached."""
    countries: set[str] = set()
    for value in Action.objects.published().values_list("countries", flat=True):
        countries.update(code for code in str(value or "").split(",") if code)
    return {
        "actions": Action.objects.published().count(),
        "activities": public_activities().count(),
        "countries": len(countries),
    }


@dataclass
class Row:
    label: str
    actions: int
    activities: int
    actions_pct: int = 0
    activities_pct: int = 0


@dataclass
class Table:
    key: str
    title: Any
    heading: Any
    rows: list[Row] = field(default_factory=list)

    def scale(self) -> Table:
        # Bars are drawn relative to the largest figure of the table, in whole percent.
        top = max([1, *(r.actions for r in self.rows), *(r.activities for r in self.rows)])
        for row in self.rows:
            row.actions_pct = round(100 * row.actions / top)
            row.activities_pct = round(100 * row.activities / top)
        return self

    @property
    def total_actions(self) -> int:
        return sum(r.actions for r in self.rows)

    @property
    def total_activities(self) -> int:
        return sum(r.activities for r in self.rows)


def _counts(queryset: Any, key: Any, distinct_on: str = "pk") -> dict[Any, int]:
    rows = (
        queryset.order_by()
        .annotate(key=key)
        .values("key")
        .annotate(n=Count(distinct_on, distinct=True))
    )
    return {row["key"]: row["n"] for row in rows if row["key"] is not None}


def tables() -> list[Table]:
    actions = Action.objects.published()
    activities = public_activities()

    by_region_a = _counts(actions, F("region_id"))
    by_region_b = _counts(activities, F("action__region_id"))
    regions = Table("region", _("By region"), _("Region"))
    for region in Region.objects.order_by("position", "code"):
        if by_region_a.get(region.pk) or by_region_b.get(region.pk):
            regions.rows.append(
                Row(str(region.name), by_region_a.get(region.pk, 0), by_region_b.get(region.pk, 0))
            )

    by_topic_a = _counts(actions, F("topics__id"))
    by_topic_b = _counts(activities, F("action__topics__id"))
    topics = Table("topic", _("By topic"), _("Topic"))
    for topic in Topic.objects.order_by("position", "code"):
        if by_topic_a.get(topic.pk) or by_topic_b.get(topic.pk):
            topics.rows.append(
                Row(str(topic), by_topic_a.get(topic.pk, 0), by_topic_b.get(topic.pk, 0))
            )

    # An Action counts in the year it started; an activity in the year it took place.
    by_year_a = _counts(actions, ExtractYear("start_date"))
    by_year_b = _counts(activities, ExtractYear("start_date"))
    years = Table("year", _("By year"), _("Year"))
    for year in sorted({*by_year_a, *by_year_b}):
        years.rows.append(Row(str(year), by_year_a.get(year, 0), by_year_b.get(year, 0)))

    return [regions.scale(), topics.scale(), years.scale()]
