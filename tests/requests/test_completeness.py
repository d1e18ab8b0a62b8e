"""What keeps a request from being submitted, read in as few queries as the pages allow."""

from __future__ import annotations

import io

from django.db import connection
from django.test.utils import CaptureQueriesContext

from requests_app import services
from requests_app.models import AttachmentKind, CapacityRequest, Region, Topic
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


def test_it_tells_each_list_and_the_letter_apart_either_way(partner_a, draft_a):
    draft_a.topics.add(Topic.objects.get(code="LM"))  # topics, but no kind of activity
    services.attachment_add(  # a supporting document is not the letter
        request=draft_a,
        actor=partner_a,
        upload=io.BytesIO(factories.PDF_BYTES),
        name="notes.pdf",
        size=len(factories.PDF_BYTES),
        kind=AttachmentKind.SUPPORTING,
    )
    by_query, by_prefetch = problems_both_ways(draft_a)
    fields = {p.field for p in by_query}
    assert "topics" not in fields and {"activity_types", "letter"} <= fields
    assert by_query == by_prefetch


def test_it_finds_another_request_s_lists_and_letter_none_of_this_one_s(partner_a, draft_a):
    factories.complete_draft(institution=partner_a.institution)  # has all three
    fields = {p.field for p in services.request_problems(draft_a)}
    assert {"topics", "activity_types", "letter"} <= fields


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
