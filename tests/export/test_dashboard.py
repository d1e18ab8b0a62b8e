"""The staff dashboard: the pipeline's figures, each linking to the list filtered to it."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from requests_app.models import Region, Status, Topic

from .conftest import CHANGELIST, DASHBOARD, add_requests

VIENNA = timezone.get_default_timezone()


@pytest.fixture
def pipeline(db) -> None:
    """3 in screening (waiting 10, 40, 100 days), 1 submitted, 2 approved in 10 and 30 days."""
    now = timezone.now()
    asia = Region.objects.get(code="asia")
    for days in (10, 40, 100):
        add_requests(
            1, status=Status.SCREENING, status_changed_at=now - timedelta(days), region=asia
        )
    (submitted,) = add_requests(1, submitted_at=datetime(2024, 12, 31, 23, 30, tzinfo=VIENNA))
    submitted.topics.set(Topic.objects.filter(code="LM"))
    start = datetime(2025, 1, 1, 0, 30, tzinfo=VIENNA)
    for days in (10, 30):
        add_requests(
            1, status=Status.APPROVED, submitted_at=start, decided_at=start + timedelta(days)
        )


def dashboard(client_for, user):
    response = client_for(user).get(reverse(DASHBOARD))
    assert response.status_code == 200
    return response.context


def test_it_counts_requests_per_stage_and_their_ageing(pipeline, staff, client_for):
    rows = {row.total.label: row for row in dashboard(client_for, staff)["stage_rows"]}
    assert rows["Screening"].total.count == 3
    assert [f.count for f in rows["Screening"].ageing] == [3, 2, 1]
    assert rows["Submitted"].total.count == 1
    assert rows["Approved"].total.count == 2
    assert rows["Approved"].ageing == []  # nobody waits in a closed stage


def test_it_counts_per_region_topic_and_year_and_the_median_time(pipeline, staff, client_for):
    context = dashboard(client_for, staff)
    region, topic, year = ({f.label: f.count for f in c.figures} for c in context["charts"])
    assert region["Asia (including Central Asia)"] == 3
    assert region["No region"] == 3
    assert topic["LM - Legal and labour migration"] == 1
    assert year == {"2024": 1, "2025": 2, str(timezone.localdate().year): 3}
    assert context["median_days"] == 20.0
    assert context["decided"].count == 2


def test_it_links_every_figure_to_the_list_filtered_to_it(pipeline, staff, client_for):
    context = dashboard(client_for, staff)
    figures = [context["decided"]]
    for row in context["stage_rows"]:
        figures += [row.total, *row.ageing]
    for chart in context["charts"]:
        figures += chart.figures
    client = client_for(staff)
    for figure in figures:
        assert figure.url.startswith(reverse(CHANGELIST) + "?")
        response = client.get(figure.url)
        assert response.status_code == 200, figure
        assert response.context["cl"].result_count == figure.count, figure


def test_it_shows_actions_per_status(pipeline, staff, client_for):
    from actions_app.models import Action

    Action.objects.create(code="Tajikistan III", slug="tj-3", title="T", status="ongoing")
    (chart,) = (c for c in dashboard(client_for, staff)["panels"] if c.key == "actions")
    assert {f.label: f.count for f in chart.figures}["Ongoing"] == 1


def test_it_takes_the_same_number_of_queries_for_more_requests(pipeline, staff, client_for):
    client = client_for(staff)
    client.get(reverse(DASHBOARD))

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse(DASHBOARD))
        return len(captured)

    before = queries()
    add_requests(30, status=Status.CONSULTATION)
    assert queries() == before


def test_it_is_linked_from_the_admin_index_and_the_list(staff, client_for):
    client = client_for(staff)
    assert reverse(DASHBOARD) in client.get(reverse("admin:index")).content.decode()
    assert reverse(DASHBOARD) in client.get(reverse(CHANGELIST)).content.decode()
