"""Malformed or tampered input: a clear error, never a 500, and nothing typed is lost."""

from __future__ import annotations

from tests import factories
from tests.requests.helpers import step_url, url


def _post(client, request, step: str, data: dict):
    response = client.post(step_url(request, step), {**data, "action": "save"})
    assert response.status_code == 200
    return response.content.decode()


def test_it_refuses_an_over_long_title_and_keeps_the_other_texts(client_a, draft_a):
    page = _post(client_a, draft_a, "need", {"title": "T" * 301, "context": "Keep me."})

    assert "Please shorten this to at most 300 characters (it has 301)." in page
    assert "Keep me.</textarea>" in page
    draft_a.refresh_from_db()
    assert draft_a.context_en == "Context of the request."


def test_it_refuses_an_over_long_narrative_text(client_a, draft_a):
    page = _post(
        client_a,
        draft_a,
        "support",
        {"proposed_activities": "x" * 10_001, "working_languages": "Tajik"},
    )

    assert "at most 10000 characters (it has 10001)" in page
    assert 'value="Tajik"' in page


def test_it_refuses_an_unknown_country(client_a, draft_a):
    page = _post(client_a, draft_a, "institution", {"country": "XX", "contact_name": "Aziz"})

    assert "“XX” is not a country we know." in page
    assert 'value="Aziz"' in page
    draft_a.refresh_from_db()
    assert draft_a.country.code == "TJ"


def test_it_refuses_tampered_choices(client_a, draft_a):
    data = {
        "co_institutions": "999999", "other_countries": ["KG", "ZZ"], "channel": "pigeon",
        "contact_phone": "+992 37 221 00 00",
    }  # fmt: skip
    page = _post(client_a, draft_a, "institution", data)

    assert "One of the chosen institutions is not available." in page
    assert "“ZZ” is not a country we know." in page
    assert "“pigeon” is not one of the choices." in page
    assert 'value="+992 37 221 00 00"' in page


def test_it_refuses_bad_numbers_and_dates(client_a, draft_a):
    for participants in ("0", "-3", "many", "99999999999999999999"):
        page = _post(client_a, draft_a, "support", {"expected_participants": participants})
        assert "Enter a" in page and "number" in page
    page = _post(
        client_a,
        draft_a,
        "support",
        {"timeframe_start": "2026-12-01", "timeframe_end": "2026-01-01"},
    )
    assert "The wished end cannot be before the wished start." in page
    assert "Enter a date such as" in _post(
        client_a, draft_a, "support", {"timeframe_start": "31/02/2026"}
    )


def test_it_refuses_tampered_topics_and_language(client_a, draft_a):
    page = _post(
        client_a, draft_a, "need", {"topics": ["abc"], "submission_language": "xx", "title": "Kept"}
    )

    assert "One of the chosen topics does not exist." in page
    assert "“xx” is not one of the choices." in page
    assert 'value="Kept"' in page


def test_it_survives_null_characters(client_a, draft_a):
    page = _post(client_a, draft_a, "need", {"title": "Kept", "context": "Bad\x00text"})

    assert "Null characters are not allowed." in page
    assert client_a.get(step_url(draft_a, "need")).status_code == 200


def test_it_drops_null_characters_from_one_line_fields(client_a, draft_a):
    data = {"title": "Bad\x00title", "context": "Fine.", "action": "save"}
    client_a.post(step_url(draft_a, "need"), data)

    draft_a.refresh_from_db()
    assert draft_a.narrative("title") == "Badtitle"


def test_it_gives_404_for_an_unknown_step(client_a, draft_a):
    assert client_a.get(url("step", draft_a.pk, "unknown")).status_code == 404
    assert client_a.post(url("step", draft_a.pk, "consent"), {"title": "x"}).status_code == 404


def test_it_refuses_a_tampered_file_kind(client_a, draft_a):
    data = {"kind": "evil", "file": factories.pdf_upload()}
    response = client_a.post(step_url(draft_a, "files"), data)

    assert response.status_code == 200
    assert "Choose what kind of file this is" in response.content.decode()
    assert not draft_a.attachments.exists()


def test_it_refuses_removing_a_file_of_another_request(client_a, client_b, complete_a, partner_b):
    theirs = factories.complete_draft(institution=partner_b.institution)
    letter = theirs.attachments.get()

    assert client_a.post(step_url(complete_a, "files"), {"remove": letter.pk}).status_code == 404
    assert client_a.post(step_url(complete_a, "files"), {"remove": "abc"}).status_code == 404
    assert theirs.attachments.exists()
