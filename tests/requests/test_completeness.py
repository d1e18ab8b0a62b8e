"""What keeps a request from being submitted, read in as few queries as the pages allow."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from requests_app import services
from requests_app.models import CapacityRequest, Region
from requests_app.views.access import with_detail_data
from tests import factories


def problems_both_ways(request: CapacityRequest) -> tuple[list, list]:
    """The problems read with a query, and read from what the summary prefetched."""
    prefetched = with_detail_data(CapacityRequest.objects.all()).get(pk=request.pk)
    return services.request_problems(request), services.request_problems(prefetched)


def test_it_finds_nothing_missing_on_a_complete_draft_either_way(partner_a):
    draft = factories.complete_draft(institution=partner_a.institution)
    assert problems_both_ways(draft) == ([], [])


def test_it_finds_the_topics_kinds_and_letter_missing_either_way(draft_a):
    by_query, by_prefetch = problems_both_ways(draft_a)
    fields = {p.field for p in by_query}
    assert {"topics", "activity_types", "letter"} <= fields
    assert by_query == by_prefetch


def test_it_reads_the_prefetched_request_without_a_query(partner_a):
    draft = factories.complete_draft(institution=partner_a.institution)
    prefetched = with_detail_data(CapacityRequest.objects.all()).get(pk=draft.pk)
    Region.id_for_country("TJ")  # the reference data, read once
    with CaptureQueriesContext(connection) as queries:
        assert services.request_problems(prefetched) == []
    assert len(queries) == 0


def test_it_places_a_country_in_the_active_region_that_lists_it(reference_data):
    asia = Region.objects.get(code="asia")
    assert "TJ" in {c.code for c in asia.countries}
    assert Region.id_for_country("TJ") == asia.pk and Region.for_country("TJ") == asia
    assert Region.id_for_country("FR") is None and Region.for_country("FR") is None
    assert Region.id_for_country("") is None
    asia.active = False
    asia.save()  # an inactive region holds no country
    assert Region.for_country("TJ") is None


def test_it_sees_a_country_added_to_a_region_at_once(reference_data):
    assert Region.id_for_country("FR") is None
    asia = Region.objects.get(code="asia")
    asia.countries = [*asia.countries, "FR"]
    asia.save()
    assert Region.id_for_country("FR") == asia.pk
