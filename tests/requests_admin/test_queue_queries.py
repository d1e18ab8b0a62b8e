"""The queue's queries with the deployment's shared cache: the count and the page of rows;
its filters' choices (regions, topics, staff), the user's permissions and the overdue flag's
count come from the cache, and a change to any of them shows on the next page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from requests_app.models import Consultation, Opinion, Region, Stance, Status, Topic
from tests import factories

from .conftest import CHANGELIST, in_stage
from .test_request_list import add_requests


def page(client, params: dict | None = None) -> tuple[str, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(CHANGELIST), params or {})
    assert response.status_code == 200
    sql = [q["sql"] for q in queries.captured_queries]
    # The savepoint around the count is the test's transaction's, not the page's.
    return response.content.decode(), [q for q in sql if "SAVEPOINT" not in q]


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"status": "screening", "assignee": "me"},
        {"topics__id__exact": "1", "region__id__exact": "1", "waiting": "1"},
        {"q": "request"},
        {"q": "request", "status": "screening"},
    ],
)
def test_it_runs_only_the_count_and_the_page(redis_cache, staff, manager, client_for, params):
    client = client_for(staff)
    add_requests(20, [staff, manager, None])
    page(client, params)  # fills the cache

    _html, sql = page(client, params)

    # The list's count and page, of the requests (a search counts in their search copy).
    assert len(sql) == 2, "\n".join(q[:150] for q in sql)
    requests = ('"requests_app_capacityrequest"', '"requests_app_searchrow"')
    assert all(any(table in q for table in requests) for q in sql)


def test_without_a_shared_cache_the_assignee_filter_reads_the_staff(staff, client_for):
    in_stage()
    client = client_for(staff)
    page(client)

    _html, sql = page(client)

    assert sum(q.startswith('SELECT DISTINCT "accounts_app_user"') for q in sql) == 1
    assert len(sql) > 3


def test_a_renamed_region_and_topic_show_in_the_filters_at_once(redis_cache, staff, client_for):
    client = client_for(staff)
    html, _sql = page(client)
    assert ">Asia (including Central Asia)<" in html and ">LM - Legal and labour migration<" in html

    asia, labour = Region.objects.get(code="asia"), Topic.objects.get(code="LM")
    asia.name_en, labour.name_en = "Asia and the Pacific", "Labour mobility"
    asia.save()
    labour.save()

    html, _sql = page(client)
    assert ">Asia and the Pacific<" in html and ">LM - Labour mobility<" in html


def test_a_new_staff_member_is_offered_as_assignee_at_once(redis_cache, staff, client_for):
    client = client_for(staff)
    page(client)

    newcomer = factories.staff_user(first_name="Nodira", last_name="Usmonova")

    html, _sql = page(client)
    assert f"?assignee={newcomer.pk}" in html and "Nodira Usmonova" in html


def test_a_member_who_leaves_the_staff_is_no_longer_offered_at_once(
    redis_cache, staff, manager, client_for
):
    client = client_for(staff)
    html, _sql = page(client)
    assert f"?assignee={manager.pk}" in html

    manager.groups.clear()

    html, _sql = page(client)
    assert f"?assignee={manager.pk}" not in html


def overdue(request, *codes: str, days: int = -1, **kwargs) -> None:
    for code in codes:
        deadline = timezone.localdate() + timedelta(days=days)
        factories.open_consultation(request, code, deadline=deadline, **kwargs)


def test_the_overdue_note_counts_each_request_once(staff, client_for):
    factories.delegation("UZ")
    overdue(in_stage(Status.CONSULTATION), "dg-home", "delegation-uz")
    overdue(in_stage(Status.CONSULTATION), "dg-home")

    html, _sql = page(client_for(staff))

    assert "2 requests in consultation have an opinion past its deadline." in html


def test_the_overdue_note_leaves_out_deadlines_to_come_and_closed_consultations(staff, client_for):
    overdue(in_stage(Status.CONSULTATION), "dg-home", days=1)
    overdue(in_stage(Status.CONSULTATION), "dg-home", closed_at=timezone.now())

    html, _sql = page(client_for(staff))

    assert "opinion past its deadline" not in html


NOTE = "request in consultation has an opinion past its deadline."


def test_the_overdue_count_is_read_once_then_kept(redis_cache, staff, client_for):
    overdue(in_stage(Status.CONSULTATION), "dg-home")
    client = client_for(staff)
    html, sql = page(client)
    assert f"1 {NOTE}" in html and sum('"requests_app_consultation"' in q for q in sql) == 1

    html, sql = page(client)

    assert f"1 {NOTE}" in html and not any('"requests_app_consultation"' in q for q in sql)


def test_a_new_overdue_consultation_shows_at_once(redis_cache, staff, client_for):
    client = client_for(staff)
    assert NOTE not in page(client)[0]

    overdue(in_stage(Status.CONSULTATION), "dg-home")

    assert f"1 {NOTE}" in page(client)[0]


def test_an_opinion_given_and_withdrawn_shows_at_once(redis_cache, staff, client_for):
    overdue(in_stage(Status.CONSULTATION), "dg-home")
    client = client_for(staff)
    assert f"1 {NOTE}" in page(client)[0]

    asked = Consultation.objects.get()
    opinion = Opinion.objects.create(consultation=asked, stance=Stance.SUPPORTS)
    assert NOTE not in page(client)[0]

    opinion.delete()
    assert f"1 {NOTE}" in page(client)[0]


def test_consultations_closed_in_bulk_show_at_once(redis_cache, staff, client_for):
    # As the decision closes them (requests_app.guards): an update, which sends no signals.
    overdue(in_stage(Status.CONSULTATION), "dg-home")
    client = client_for(staff)
    assert f"1 {NOTE}" in page(client)[0]

    Consultation.objects.open().update(closed_at=timezone.now())

    assert NOTE not in page(client)[0]


def test_a_deadline_passing_shows_at_once(redis_cache, staff, client_for, monkeypatch):
    overdue(in_stage(Status.CONSULTATION), "dg-home", days=0)  # due today: not yet overdue
    client = client_for(staff)
    assert NOTE not in page(client)[0]

    tomorrow = timezone.now() + timedelta(days=1)
    monkeypatch.setattr(timezone, "now", lambda: tomorrow)

    assert f"1 {NOTE}" in page(client)[0]
