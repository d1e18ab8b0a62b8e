"""The step pages list reference data (topics, kinds of activities, institutions) from the
cache, and a change to that data is listed on the next page."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from requests_app.models import ActivityType, Topic
from tests import factories
from tests.requests.helpers import step_url


def test_it_lists_the_topics_without_querying_them_once_cached(client_a, draft_a):
    client_a.get(step_url(draft_a, "need"))
    with CaptureQueriesContext(connection) as queries:
        page = client_a.get(step_url(draft_a, "need")).content.decode()

    listed = [q["sql"] for q in queries if 'FROM "requests_app_topic"' in q["sql"]]
    assert all("capacityrequest_topics" in sql for sql in listed)  # only the draft's own
    assert Topic.objects.order_by("pk").first().name in page


def test_it_lists_a_new_topic_on_the_next_page(client_a, draft_a):
    client_a.get(step_url(draft_a, "need"))
    Topic.objects.create(code="ZZ", name="Migration and outer space")

    page = client_a.get(step_url(draft_a, "need")).content.decode()

    assert "Migration and outer space" in page


def test_it_lists_a_new_kind_of_activity_on_the_next_page(client_a, draft_a):
    client_a.get(step_url(draft_a, "support"))
    ActivityType.objects.create(code="orbit", name="Orbital study visit")

    page = client_a.get(step_url(draft_a, "support")).content.decode()

    assert "Orbital study visit" in page


def test_it_offers_a_new_institution_as_co_requester_but_never_the_own(client_a, draft_a):
    client_a.get(step_url(draft_a, "institution"))
    factories.InstitutionFactory(name="Agency of Newcomers", acronym="AON")

    page = client_a.get(step_url(draft_a, "institution")).content.decode()

    assert "Agency of Newcomers (AON)" in page
    own = draft_a.institution
    assert f'<option value="{own.pk}"' not in page
