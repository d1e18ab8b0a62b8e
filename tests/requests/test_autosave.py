"""The background save of a step (static/js/drafts.js sends it with X-Mieux-Autosave): saved
like "Save draft", without a message or a redirect; only the request's own partner."""

from __future__ import annotations

from django.contrib.messages import get_messages

from requests_app.models import Status
from tests.requests.helpers import step_url

AUTOSAVE = {"HTTP_X_MIEUX_AUTOSAVE": "1"}
NEED = {"request_type": "action", "title": "Labour statistics", "needs": "Typed on a train."}


def test_it_saves_the_step_in_the_background_without_a_message(client_a, draft_a):
    response = client_a.post(step_url(draft_a, "need"), NEED, **AUTOSAVE)

    assert response.status_code == 204
    assert list(get_messages(response.wsgi_request)) == []
    draft_a.refresh_from_db()
    assert draft_a.needs_en == "Typed on a train." and draft_a.title_en == "Labour statistics"


def test_without_the_header_the_post_saves_and_redirects_as_before(client_a, draft_a):
    response = client_a.post(step_url(draft_a, "need"), {**NEED, "action": "save"})

    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Your changes have been saved."
    ]
    draft_a.refresh_from_db()
    assert draft_a.needs_en == "Typed on a train."


def test_it_keeps_invalid_input_to_show_again(client_a, draft_a):
    data = {"contact_name": "Aziz Rahimov", "contact_email": "not-an-address"}
    response = client_a.post(step_url(draft_a, "institution"), data, **AUTOSAVE)

    assert response.status_code == 204
    draft_a.refresh_from_db()
    assert draft_a.draft_payload["institution"]["contact_email"] == ["not-an-address"]
    page = client_a.get(step_url(draft_a, "institution")).content.decode()
    assert 'value="not-an-address"' in page


def test_another_institution_cannot_save_into_the_draft(client_b, draft_a):
    response = client_b.post(step_url(draft_a, "need"), NEED, **AUTOSAVE)

    assert response.status_code == 404
    draft_a.refresh_from_db()
    assert draft_a.needs_en != "Typed on a train."


def test_a_submitted_request_is_not_changed(client_a, submitted_a):
    response = client_a.post(step_url(submitted_a, "need"), NEED, **AUTOSAVE)

    assert response.status_code == 302  # to the request page: it can no longer be edited
    submitted_a.refresh_from_db()
    assert submitted_a.status == Status.SUBMITTED and submitted_a.needs_en != "Typed on a train."


def test_the_form_carries_the_draft_key_and_its_hidden_notice(client_a, partner_a, draft_a):
    page = client_a.get(step_url(draft_a, "need")).content.decode()

    assert f'data-draft="{partner_a.pk}:{draft_a.pk}:need"' in page
    assert "data-draft-notice hidden" in page
    assert "js/drafts.js" in page
