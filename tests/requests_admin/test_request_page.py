"""The request page: both languages side by side, the working translation, files,
institution verification, the timeline, messages and internal notes."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from requests_app import services
from requests_app.models import CapacityRequest, EventKind, RequestEvent, Status, Visibility
from tests import factories

from .conftest import change_url, desk_url, in_stage, messages_of


def russian_request(**kwargs) -> CapacityRequest:
    return in_stage(
        submission_language="ru",
        title_en="",
        context_en="",
        title_ru="Реинтеграция мигрантов",
        context_ru="Контекст запроса.",
        **kwargs,
    )


def test_it_shows_both_languages_side_by_side_with_the_original_marked(staff, client_for):
    obj = russian_request()
    html = client_for(staff).get(change_url(obj)).content.decode()
    assert '<td lang="ru" dir="ltr">' in html
    assert "Контекст запроса." in html
    assert 'name="context_en"' in html  # the working translation is typed here
    assert 'name="context_ru"' not in html  # the partner's original is not editable
    assert 'name="status"' not in html
    flat = " ".join(html.split())
    assert '<th scope="col" lang="ru">Russian <span class="mx-badge">original</span>' in flat


def test_it_saves_the_working_translation_with_who_in_the_history(staff, client_for):
    obj = russian_request()
    data = {"title_en": "Reintegration of migrants", "context_ru": "Forged", "_save": "1"}
    response = client_for(staff).post(change_url(obj), data)
    assert response.status_code == 302
    obj.refresh_from_db()
    assert obj.title_en == "Reintegration of migrants"
    assert obj.context_ru == "Контекст запроса."  # the original stays as submitted
    assert obj.history.first().history_user == staff


def test_it_changes_nothing_but_the_translation_when_a_change_is_posted(staff, client_for):
    obj = in_stage(Status.SCREENING)
    before = CapacityRequest.objects.values().get(pk=obj.pk)
    client_for(staff).post(change_url(obj), {"title_en": "Changed", "status": "approved"})
    assert CapacityRequest.objects.values().get(pk=obj.pk) == before


def test_it_shows_the_history_of_staff_edits(staff, client_for):
    obj = russian_request()
    client_for(staff).post(change_url(obj), {"title_en": "Reintegration", "_save": "1"})
    history = client_for(staff).get(desk_url("history", obj))
    assert history.status_code == 200
    assert staff.email in history.content.decode()


def test_it_never_reverts_a_past_version(staff, client_for):
    obj = in_stage(Status.SCREENING)
    version = obj.history.last()
    url = reverse(
        "admin:requests_app_capacityrequest_simple_history", args=[obj.pk, version.history_id]
    )
    assert client_for(staff).post(url, {"_save": "1"}).status_code == 403


def test_it_keeps_the_history_of_a_deleted_draft_from_the_team(staff, partner_a, client_for):
    draft = factories.complete_draft(institution=partner_a.institution, title_en="Not yet sent")
    version = draft.history.last()
    services.request_delete_draft(request=draft, actor=partner_a)
    history = client_for(staff).get(desk_url("history", draft))
    entry = client_for(staff).get(desk_url("simple_history", draft, str(version.history_id)))
    assert (history.status_code, entry.status_code) == (404, 404)
    assert "Not yet sent" not in history.content.decode() + entry.content.decode()


def test_it_answers_a_made_up_version_with_not_found(staff, client_for):
    obj = in_stage(Status.SCREENING)
    version = str(obj.history.last().history_id)
    assert client_for(staff).get(desk_url("simple_history", obj, "x1")).status_code == 404
    assert client_for(staff).get(desk_url("simple_history", obj, version)).status_code == 200


def test_it_links_the_files_to_the_checked_download(staff, partner_a, client_for):
    obj = factories.submitted_request(partner_a)
    letter = obj.attachments.get()
    url = reverse("requests:download", args=[obj.pk, letter.pk])
    assert f'href="{url}"' in client_for(staff).get(change_url(obj)).content.decode()
    assert client_for(staff).get(url).status_code == 200


def test_it_shows_who_verified_the_institution(staff, manager, client_for):
    institution = factories.InstitutionFactory(
        verified=True, verified_by=manager, verified_at=timezone.now()
    )
    html = client_for(staff).get(change_url(in_stage(institution=institution))).content.decode()
    assert "verified" in html
    assert f"by {manager}".replace("<", "&lt;").replace(">", "&gt;") in html


def test_it_leads_only_managers_to_verify_an_unverified_institution(staff, manager, client_for):
    obj = in_stage()
    verify = f"?id__exact={obj.institution_id}"
    assert verify in client_for(manager).get(change_url(obj)).content.decode()
    assert verify not in client_for(staff).get(change_url(obj)).content.decode()


def test_it_shows_the_whole_timeline_with_internal_notes_marked(staff, client_for):
    obj = in_stage()
    RequestEvent.objects.create(
        request=obj, kind=EventKind.NOTE, body="Check the letter", visibility=Visibility.STAFF
    )
    html = client_for(staff).get(change_url(obj)).content.decode()
    assert "Check the letter" in html
    assert "internal — never shown to the partner" in html


def test_it_posts_a_message_the_partner_sees(staff, partner_a, client_for):
    obj = in_stage(institution=partner_a.institution)
    response = client_for(staff).post(desk_url("message", obj), {"body": "Which ministry?"})
    assert response["Location"] == change_url(obj)
    event = obj.events.get(kind=EventKind.MESSAGE)
    assert (event.body, event.visibility, event.actor) == ("Which ministry?", "partner", staff)
    detail = client_for(partner_a).get(reverse("requests:detail", args=[obj.pk]))
    assert "Which ministry?" in detail.content.decode()


def test_it_posts_an_internal_note_the_partner_never_sees(staff, partner_a, client_for):
    obj = in_stage(institution=partner_a.institution)
    client_for(staff).post(desk_url("note", obj), {"body": "Looks like a duplicate"})
    event = obj.events.get(kind=EventKind.NOTE)
    assert (event.visibility, event.actor) == (Visibility.STAFF, staff)
    detail = client_for(partner_a).get(reverse("requests:detail", args=[obj.pk]))
    assert "Looks like a duplicate" not in detail.content.decode()


def test_it_refuses_an_empty_message_with_an_error_and_no_event(staff, client_for):
    obj = in_stage()
    response = client_for(staff).post(desk_url("message", obj), {"body": "  "})
    assert ("error", "Please write a message.") in messages_of(response)
    assert not obj.events.filter(kind=EventKind.MESSAGE).exists()


def test_it_accepts_changes_only_by_post(staff, client_for):
    obj = in_stage()
    assert client_for(staff).get(desk_url("note", obj)).status_code == 405
    assert client_for(staff).get(desk_url("transition", obj, "start_screening")).status_code == 405
    obj.refresh_from_db()
    assert obj.status == Status.SUBMITTED


def test_it_refuses_partners_and_anonymous_visitors(partner_a, client_for):
    obj = in_stage(institution=partner_a.institution)
    for user in (partner_a, None):
        for url in (change_url(obj), desk_url("message", obj), desk_url("note", obj)):
            response = client_for(user).post(url, {"body": "Hello"})
            assert response["Location"].startswith(reverse("admin:login"))
    assert not obj.events.exists()
