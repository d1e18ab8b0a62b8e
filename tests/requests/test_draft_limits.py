"""Drafts are bounded: how many an institution keeps open, how often a user starts one,
and how much of what was typed a draft keeps."""

from __future__ import annotations

import pytest

from requests_app import drafts, services
from requests_app.models import CapacityRequest, Topic
from tests import factories
from tests.requests.helpers import step_url, url

MIB = 1024 * 1024


def start(partner) -> CapacityRequest:
    return services.request_create(institution=partner.institution, actor=partner, language="en")


# --- How many drafts -----------------------------------------------------------------


def test_it_refuses_a_draft_beyond_the_institutions_cap(partner_a, partner_b, settings):
    settings.DRAFT_MAX_PER_INSTITUTION = 2
    start(partner_a), start(partner_a)

    with pytest.raises(services.WorkflowError) as refused:
        start(partner_a)

    assert "already has 2 draft requests" in str(refused.value.message)
    assert start(partner_b).institution == partner_b.institution  # others are not affected
    assert CapacityRequest.objects.filter(institution=partner_a.institution).count() == 2


def test_it_counts_only_drafts_against_the_cap(partner_a, settings):
    settings.DRAFT_MAX_PER_INSTITUTION = 1
    factories.submitted_request(partner_a)

    assert start(partner_a).is_draft


# --- How much kept input --------------------------------------------------------------


def test_it_keeps_an_11_mib_phone_number_cut_to_the_fields_length(draft_a):
    kept = services.request_keep_invalid_input(
        request=draft_a, step="institution", data={"contact_phone": ["+992" + "7" * 11 * MIB]}
    )

    draft_a.refresh_from_db()
    assert draft_a.draft_payload["institution"] == kept == {"contact_phone": ["+992" + "7" * 46]}


def test_it_cuts_a_text_without_length_to_the_configured_cap(draft_a, settings):
    settings.DRAFT_KEPT_MAX_LENGTH = 12_000
    services.request_keep_invalid_input(
        request=draft_a, step="need", data={"context": ["x" * MIB], "title": ["y" * 400]}
    )

    draft_a.refresh_from_db()
    kept = draft_a.draft_payload["need"]
    assert (len(kept["context"][0]), len(kept["title"][0])) == (12_000, 300)


def test_it_keeps_a_text_a_little_too_long_whole_so_its_error_can_be_shown(draft_a):
    text = "z" * 10_050  # the form allows 10,000

    kept = services.request_keep_invalid_input(
        request=draft_a, step="need", data={"context": [text]}
    )

    assert kept == {"context": [text]}


def test_it_bounds_the_values_of_a_multiple_choice_together(db):
    topic = str(Topic.objects.first().pk)

    kept = drafts.bounded_input({"topics": [topic] * MIB, "other_countries": ["TJ"] * MIB})

    assert 0 < sum(len(value) for value in kept["topics"]) <= 20_000
    assert kept["other_countries"] == ["TJ"] * 250  # the field holds 500 characters


def test_it_keeps_the_last_value_of_a_single_field_and_drops_nul_characters(db):
    kept = drafts.bounded_input({"country": ["TJ", "K\x00G"], "contact_name": ["A\x00na"]})

    assert kept == {"country": ["KG"], "contact_name": ["Ana"]}


# --- The pages ------------------------------------------------------------------------


def test_it_refuses_starting_drafts_too_fast_with_a_message(
    client_a, client_b, settings, one_rate_window
):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "new_draft": "2/h"}
    new = url("new")

    statuses = [client_a.post(new).status_code for _ in range(3)]
    refused = client_a.post(new)

    assert statuses == [302, 302, 429] and refused["Retry-After"]
    assert "Too many attempts in a short time" in refused.content.decode()
    assert client_b.post(new).status_code == 302  # another user is not affected


def test_it_says_on_the_page_when_the_institution_has_too_many_drafts(client_a, draft_a, settings):
    settings.DRAFT_MAX_PER_INSTITUTION = 1

    response = client_a.post(url("new", lang="ru"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "У вашего учреждения уже 1 черновик заявки" in page
    assert "/ru/requests/?status=draft" in page
    assert CapacityRequest.objects.filter(institution=draft_a.institution).count() == 1


def test_it_keeps_a_3_mib_phone_number_cut_and_the_step_page_small(client_a, draft_a):
    # 3 MiB: the largest value under DATA_UPLOAD_MAX_MEMORY_SIZE (the 11 MiB is now
    # refused before any view, tests/security/test_body_limit.py).
    normal = len(client_a.get(step_url(draft_a, "institution")).content)

    posted = client_a.post(
        step_url(draft_a, "institution"), {"contact_phone": "7" * 3 * MIB, "action": "save"}
    )
    page = client_a.get(step_url(draft_a, "institution")).content

    draft_a.refresh_from_db()
    assert draft_a.draft_payload["institution"]["contact_phone"] == ["7" * 50]
    assert len(posted.content) < normal + 5_000 and len(page) < normal + 5_000
    assert "have been cut short" in posted.content.decode()
    assert "at most 50 characters (it has 3145728)" in posted.content.decode()


def test_it_shows_a_text_a_little_too_long_again_with_its_error(client_a, draft_a):
    client_a.post(step_url(draft_a, "need"), {"context": "z" * 10_050, "action": "save"})

    page = client_a.get(step_url(draft_a, "need")).content.decode()

    assert "z" * 10_050 + "</textarea>" in page
    assert "at most 10000 characters (it has 10050)" in page
