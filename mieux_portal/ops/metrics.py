"""The portal's own Prometheus gauges, beside django-prometheus' request, database and cache
metrics, all served by the /metrics view (mieux_portal.ops.views).

An app registers what it wants counted with :func:`add_gauge` in its ``AppConfig.ready()``
(requests per stage, the e-mail outbox; consultations overdue once that app exists). A scrape
runs one query for all of them: each gauge's grouped count is one part of a UNION ALL.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, models
from django.db.models import Count, Min
from django.utils import timezone
from prometheus_client import REGISTRY
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector


@dataclass(frozen=True)
class Gauge:
    """``<name>{<label>=...}``: the rows of ``queryset()`` counted per value of ``key``.

    With ``since`` (a date-time field), ``<name>_oldest_age_seconds{<label>=...}`` too: the
    age of the oldest row of each value. ``keys()`` are reported as 0 when no row has them.
    """

    name: str
    documentation: str
    label: str
    queryset: Callable[[], models.QuerySet[Any]]
    key: str  # a field of the rows (not a relation's)
    since: str | None = None
    keys: Callable[[], Iterable[str]] = field(default=tuple)


_gauges: dict[str, Gauge] = {}


def add_gauge(gauge: Gauge) -> None:
    """Report ``gauge`` on every scrape (registered again under its name: replaced)."""
    _gauges[gauge.name] = gauge


def _part(gauge: Gauge) -> tuple[str, list[Any]]:
    """One SELECT of the UNION: (gauge name, label value, count, oldest or NULL)."""
    counted = gauge.queryset().order_by().values(gauge.key).annotate(n=Count("pk"))
    if gauge.since:
        counted = counted.annotate(oldest=Min(gauge.since))
    sql, params = counted.query.sql_with_params()
    key = connection.ops.quote_name(gauge.key)
    # A typed NULL: PostgreSQL types the UNION's columns pair by pair from the left, and two
    # untyped NULLs would make the column text before a gauge with ages is reached.
    oldest = "q.oldest" if gauge.since else "CAST(NULL AS TIMESTAMP)"
    # Only the ORM's own SQL and a quoted field name go into the text; values are parameters.
    select = f"SELECT %s, q.{key}, q.n, {oldest} FROM ({sql}) q"  # noqa: S608
    return select, [gauge.name, *params]


def read_gauges() -> dict[str, dict[str, tuple[int, Any]]]:
    """{gauge name: {label value: (count, oldest)}}, in one query."""
    if not _gauges:
        return {}
    parts = [_part(gauge) for gauge in _gauges.values()]
    sql = " UNION ALL ".join(part for part, _params in parts)
    found: dict[str, dict[str, tuple[int, Any]]] = {name: {} for name in _gauges}
    with connection.cursor() as cursor:
        cursor.execute(sql, [param for _sql, params in parts for param in params])
        for name, key, count, oldest in cursor.fetchall():
            found[name][str(key)] = (count, oldest)
    return found


class PortalCollector(Collector):
    """Collects the registered gauges when Prometheus scrapes (never at registration)."""

    def describe(self) -> Iterator[Metric]:
        for gauge in _gauges.values():
            yield GaugeMetricFamily(gauge.name, gauge.documentation, labels=[gauge.label])

    def collect(self) -> Iterator[Metric]:
        found = read_gauges()
        now = timezone.now()
        for gauge in _gauges.values():
            counts = GaugeMetricFamily(gauge.name, gauge.documentation, labels=[gauge.label])
            ages = GaugeMetricFamily(
                f"{gauge.name}_oldest_age_seconds",
                f"Age of the oldest row counted in {gauge.name}.",
                labels=[gauge.label],
            )
            rows = found.get(gauge.name, {})
            for key in sorted({*gauge.keys(), *rows}):
                count, oldest = rows.get(key, (0, None))
                counts.add_metric([key], count)
                if gauge.since:
                    age = (now - oldest).total_seconds() if oldest else 0.0
                    ages.add_metric([key], max(age, 0.0))
            yield counts
            if gauge.since:
                yield ages


_collector: PortalCollector | None = None


def register_collector() -> None:
    """Adds the portal's gauges to Prometheus' registry, once per process."""
    global _collector
    if _collector is None:
        _collector = PortalCollector()
        REGISTRY.register(_collector)
