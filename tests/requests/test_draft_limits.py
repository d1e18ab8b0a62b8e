"""Drafts are bounded: how many an institution keeps open, how often a user starts one,
and how much of what was typed a draft keeps."""

from __future__ import annotations

import pytest

from requests_app import drafts, services
from requests_app.models import CapacityRequest, Topic
from tests import factories

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

    assert 0 < len(kept["topics"]) * len(topic) <= 20_000
    assert kept["other_countries"] == ["TJ"] * 250  # the field holds 500 characters


def test_it_keeps_the_last_value_of_a_single_field_and_drops_nul_characters(db):
    kept = drafts.bounded_input({"country": ["TJ", "K\x00G"], "contact_name": ["A\x00na"]})

    assert kept == {"country": ["KG"], "contact_name": ["Ana"]}
