"""The multi-step form: drafts are saved, invalid input is kept, language moves texts."""

from __future__ import annotations

from tests.requests.helpers import step_url, url

NEED = {"request_type": "action", "title": "Labour statistics", "context": "Our context."}


def test_it_starts_a_draft_in_the_language_of_the_page(client_a, partner_a):
    response = client_a.post(url("new", lang="ru"))

    request = partner_a.institution.requests.get()
    assert request.submission_language == "ru"
    assert request.contact_email == partner_a.email
    assert response.url == step_url(request, "institution", lang="ru")


def test_it_saves_a_draft_and_keeps_valid_input(client_a, draft_a):
    response = client_a.post(step_url(draft_a, "need"), {**NEED, "action": "save"})

    assert response.url == step_url(draft_a, "need")
    draft_a.refresh_from_db()
    assert draft_a.title_en == "Labour statistics"
    page = client_a.get(step_url(draft_a, "need")).content.decode()
    assert 'value="Labour statistics"' in page
    assert "Our context." in page


def test_it_goes_to_the_next_step_on_save_and_continue(client_a, draft_a):
    response = client_a.post(step_url(draft_a, "support"), {"action": "continue"})

    assert response.url == step_url(draft_a, "files")


def test_it_keeps_invalid_input_and_shows_it_again_after_a_reload(client_a, draft_a):
    data = {"contact_name": "Aziz Rahimov", "contact_email": "not-an-address", "action": "save"}
    response = client_a.post(step_url(draft_a, "institution"), data)

    assert response.status_code == 200
    assert "Enter an e-mail address such as name@example.org." in response.content.decode()
    draft_a.refresh_from_db()
    assert draft_a.contact_name == "Dilnoza Karimova"  # nothing invalid is saved
    page = client_a.get(step_url(draft_a, "institution")).content.decode()
    assert 'value="Aziz Rahimov"' in page and 'value="not-an-address"' in page
    assert "Enter an e-mail address such as name@example.org." in page


def test_it_forgets_kept_input_once_the_step_is_corrected(client_a, draft_a):
    client_a.post(step_url(draft_a, "institution"), {"contact_email": "bad"})
    client_a.post(step_url(draft_a, "institution"), {"contact_email": "ok@example.org"})

    draft_a.refresh_from_db()
    assert draft_a.draft_payload == {}
    assert draft_a.contact_email == "ok@example.org"


def test_it_marks_a_step_holding_invalid_input_in_the_step_nav(client_a, draft_a):
    client_a.post(step_url(draft_a, "support"), {"expected_participants": "many"})

    page = client_a.get(step_url(draft_a, "review")).content.decode()
    assert "Some fields of this step still hold invalid input." in page
    assert f'href="{step_url(draft_a, "support")}"' in page


def test_it_moves_the_texts_when_the_request_language_changes(client_a, draft_a):
    data = {**NEED, "submission_language": "ru", "title": "Статистика"}
    client_a.post(step_url(draft_a, "need"), data)

    draft_a.refresh_from_db()
    assert draft_a.submission_language == "ru"
    assert (draft_a.title_ru, draft_a.title_en) == ("Статистика", "")
    assert draft_a.proposed_activities_ru == "A workshop and a study visit."
    assert draft_a.proposed_activities_en == ""


def test_it_does_not_let_a_submitted_request_be_edited(client_a, submitted_a):
    response = client_a.post(step_url(submitted_a, "need"), {**NEED, "title": "Changed"})

    assert response.url == url("detail", submitted_a.pk)
    submitted_a.refresh_from_db()
    assert submitted_a.title_en != "Changed"


def test_it_lets_a_request_in_clarification_be_edited(client_a, submitted_a):
    submitted_a.status = "clarification"
    submitted_a.save()
    client_a.post(step_url(submitted_a, "need"), {**NEED, "title": "Clarified"})

    submitted_a.refresh_from_db()
    assert submitted_a.title_en == "Clarified"


def test_it_offers_a_button_to_start_a_request(client_a, partner_a):
    page = client_a.get(url("new")).content.decode()

    assert "Start a new request" in page and 'method="post"' in page
    assert not partner_a.institution.requests.exists()


def test_it_stays_on_the_step_when_continuing_with_invalid_input(client_a, draft_a):
    data = {"timeframe_start": "2026-05-01", "timeframe_end": "2026-04-01", "action": "continue"}
    response = client_a.post(step_url(draft_a, "support"), data)

    assert response.status_code == 200
    assert response.context["current_step"] == "support"
    assert 'value="2026-04-01"' in response.content.decode()
