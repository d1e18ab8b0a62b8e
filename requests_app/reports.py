"""Figures of the staff dashboard: the pipeline at a glance.

Each figure comes with the address of the admin request list filtered to exactly the
requests it counts, written with the list filters' own query parameters (``status``,
``waiting``, ``region__id__exact``, ``topics__id__exact``, ``submitted_at__gte/__lt``, …),
so a figure and the list behind it always agree. The whole page is a fixed number of
grouped queries, whatever the number of requests.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import extensions
from .models import CapacityRequest, Region, Status, Topic
from .workflow import OPEN

# The ageing columns: requests waiting in their stage longer than this many days.
AGEING_DAYS = (7, 30, 90)


@dataclass
class Figure:
    label: str
    count: int
    url: str = ""
    percent: int = 0  # bar length, relative to the largest figure of its chart


@dataclass
class Chart:
    key: str
    title: Any
    heading: Any
    figures: list[Figure] = field(default_factory=list)
    unit: Any = _("requests")  # what the figures count (the table's column heading)

    def scaled(self) -> Chart:
        top = max([1, *(f.count for f in self.figures)])
        for figure in self.figures:
            figure.percent = round(100 * figure.count / top)
        return self


@dataclass
class StageRow:
    total: Figure
    ageing: list[Figure]  # empty for closed stages: nobody waits in them


def _linker(changelist_url: str) -> Any:
    def link(**params: Any) -> str:
        return f"{changelist_url}?{urlencode(params)}"

    return link


def ageing_labels() -> list[str]:
    return [
        ngettext("more than %(days)d day", "more than %(days)d days", days) % {"days": days}
        for days in AGEING_DAYS
    ]


def stages(base: QuerySet[CapacityRequest], link: Any, now: datetime) -> list[StageRow]:
    """Requests per stage, and how many of them have waited in it longer than 7/30/90 days."""
    waiting = {
        f"over_{days}": Count("pk", filter=Q(status_changed_at__lt=now - timedelta(days=days)))
        for days in AGEING_DAYS
    }
    counts: dict[str, dict[str, Any]] = {
        row["status"]: dict(row)
        for row in base.order_by().values("status").annotate(total=Count("pk"), **waiting)
    }
    rows = []
    for status in Status:
        if status == Status.DRAFT:
            continue
        row: dict[str, Any] = counts.get(status.value, {})
        total = Figure(str(status.label), row.get("total", 0), link(status=status.value))
        ageing = [
            Figure(label, row.get(f"over_{days}", 0), link(status=status.value, waiting=days))
            for days, label in zip(AGEING_DAYS, ageing_labels(), strict=True)
        ]
        rows.append(StageRow(total, ageing if status in OPEN else []))
    return rows


def per_region(base: QuerySet[CapacityRequest], link: Any) -> Chart:
    counts = dict(base.order_by().values_list("region").annotate(n=Count("pk")))
    chart = Chart("region", _("Requests per region"), _("region"))
    for region in Region.objects.all():
        chart.figures.append(
            Figure(region.name, counts.get(region.pk, 0), link(region__id__exact=region.pk))
        )
    if counts.get(None):
        chart.figures.append(Figure(str(_("No region")), counts[None], link(region__isnull="True")))
    return chart.scaled()


def per_topic(base: QuerySet[CapacityRequest], link: Any) -> Chart:
    counts = dict(
        base.order_by().filter(topics__isnull=False).values_list("topics").annotate(n=Count("pk"))
    )
    chart = Chart("topic", _("Requests per topic"), _("topic"))
    for topic in Topic.objects.all():
        chart.figures.append(
            Figure(str(topic), counts.get(topic.pk, 0), link(topics__id__exact=topic.pk))
        )
    return chart.scaled()


def per_year(base: QuerySet[CapacityRequest], link: Any) -> Chart:
    """Requests per year of submission (in the portal's time zone)."""
    rows = (
        base.order_by()
        .filter(submitted_at__isnull=False)
        .annotate(year=ExtractYear("submitted_at"))
        .values_list("year")
        .annotate(n=Count("pk"))
        .order_by("year")
    )
    chart = Chart("year", _("Requests per year of submission"), _("year"))
    zone = timezone.get_default_timezone()
    for year, count in rows:
        start = datetime(year, 1, 1, tzinfo=zone)
        end = datetime(year + 1, 1, 1, tzinfo=zone)
        url = link(submitted_at__gte=start.isoformat(), submitted_at__lt=end.isoformat())
        chart.figures.append(Figure(str(year), count, url))
    return chart.scaled()


def decision_time(base: QuerySet[CapacityRequest], link: Any) -> dict[str, Any]:
    """The median number of days from submission to decision, over decided requests.

    Computed in Python over one column of durations: a few thousand values at the scale
    the portal is built for, and the same on PostgreSQL and SQLite.
    """
    pairs = (
        base.order_by()
        .filter(decided_at__isnull=False, submitted_at__isnull=False)
        .values_list("submitted_at", "decided_at")
    )
    days: list[float] = [
        (decided - submitted).total_seconds() / 86400
        for submitted, decided in pairs
        if submitted is not None and decided is not None
    ]
    return {
        "median_days": round(statistics.median(days), 1) if days else None,
        "decided": Figure(str(_("decided")), len(days), link(decided_at__isnull="False")),
    }


def dashboard(
    base: QuerySet[CapacityRequest],
    *,
    changelist_url: str,
    user: Any,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Everything the dashboard shows, for the requests of ``base`` (the admin's list)."""
    now = now or timezone.now()
    link = _linker(changelist_url)
    stage_rows = stages(base, link, now)
    stage_chart = Chart(
        "stage", _("Requests per stage"), _("status"), [row.total for row in stage_rows]
    ).scaled()
    return {
        "stage_rows": stage_rows,
        "stage_chart": stage_chart,
        "ageing_labels": ageing_labels(),
        "charts": [per_region(base, link), per_topic(base, link), per_year(base, link)],
        # Charts of the apps built on this one (requests_app.extensions), e.g. Actions.
        "panels": [chart for panel in extensions.dashboard_panels() if (chart := panel(user))],
        **decision_time(base, link),
    }
