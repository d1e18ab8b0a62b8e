"""The detail page: every field, the files, the partner's timeline, withdraw and delete."""

from __future__ import annotations

from requests_app import services
from requests_app.models import CapacityRequest, EventKind, RequestEvent, Status, Visibility
from tests import factories
from tests.requests.helpers import url


def test_it_shows_the_fields_with_names_in_the_page_language(client_a, submitted_a):
    submitted_a.other_countries = ["KG", "UZ"]
    submitted_a.save()
    page = client_a.get(url("detail", submitted_a.pk, lang="ru")).content.decode()

    assert "Таджикистан" in page and "Кыргызстан" in page and "Узбекистан" in page
    assert "LM - Легальная и трудовая миграция" in page
    assert "Рабочее совещание (воркшоп)" in page
    assert submitted_a.title_en in page
    assert url("download", submitted_a.pk, submitted_a.attachments.get().pk, lang="ru") in page


def test_it_hides_staff_only_events_from_the_partner(client_a, submitted_a, staff):
    services.request_transition(request=submitted_a, key="start_screening", actor=staff)
    RequestEvent.objects.create(
        request=submitted_a, kind=EventKind.NOTE, body="Internal: weak letter",
        visibility=Visibility.STAFF, actor=staff,
    )  # fmt: skip
    page = client_a.get(url("detail", submitted_a.pk)).content.decode()

    assert "Under review" in page and "Screening" not in page
    assert "Internal: weak letter" not in page
    assert "MIEUX+ team" in page and staff.last_name not in page


def test_it_withdraws_after_a_confirmation(client_a, submitted_a):
    confirmation = client_a.get(url("withdraw", submitted_a.pk))
    assert "Yes, withdraw the request" in confirmation.content.decode()
    assert CapacityRequest.objects.get(pk=submitted_a.pk).status == Status.SUBMITTED

    response = client_a.post(url("withdraw", submitted_a.pk), {"comment": ""}, follow=True)
    assert CapacityRequest.objects.get(pk=submitted_a.pk).status == Status.WITHDRAWN
    assert "The request has been withdrawn." in response.content.decode()


def test_it_records_the_reason_for_withdrawing(client_a, submitted_a):
    client_a.post(url("withdraw", submitted_a.pk), {"comment": "Funded elsewhere."})

    event = submitted_a.events.get(transition="withdraw")
    assert (event.body, event.to_status) == ("Funded elsewhere.", Status.WITHDRAWN)
    page = client_a.get(url("detail", submitted_a.pk)).content.decode()
    assert "Funded elsewhere." in page and "Withdrawn" in page


def test_it_offers_withdraw_only_where_the_workflow_allows_it(client_a, draft_a, submitted_a):
    assert (
        url("withdraw", submitted_a.pk)
        in client_a.get(url("detail", submitted_a.pk)).content.decode()
    )
    assert (
        url("withdraw", draft_a.pk) not in client_a.get(url("detail", draft_a.pk)).content.decode()
    )

    response = client_a.post(url("withdraw", draft_a.pk))
    assert response.url == url("detail", draft_a.pk)
    assert CapacityRequest.objects.get(pk=draft_a.pk).status == Status.DRAFT


def test_it_deletes_a_draft_after_a_confirmation(client_a, complete_a):
    confirmation = client_a.get(url("delete", complete_a.pk))
    assert "Yes, delete the draft" in confirmation.content.decode()

    response = client_a.post(url("delete", complete_a.pk))
    assert response.url == url("my_requests")
    assert not CapacityRequest.objects.filter(pk=complete_a.pk).exists()


def test_it_does_not_delete_a_submitted_request(client_a, submitted_a):
    response = client_a.post(url("delete", submitted_a.pk))

    assert response.url == url("detail", submitted_a.pk)
    assert CapacityRequest.objects.filter(pk=submitted_a.pk).exists()


def test_it_tells_the_story_in_the_partners_words(client_a, submitted_a, staff, manager):
    factories.screened(submitted_a)
    for key, actor, comment in [
        ("start_screening", staff, ""),
        ("to_consultation", staff, ""),
        ("reject", manager, "Outside the mandate."),
    ]:
        services.request_transition(request=submitted_a, key=key, actor=actor, comment=comment)
    page = client_a.get(url("detail", submitted_a.pk)).text

    # Screening and consultation both read "Under review": the silent step between is not shown.
    assert page.count("Under review") == 1 and "Not approved" in page
    assert "Screening" not in page and "In consultation" not in page and "Rejected" not in page
    assert "Reason:</span> Outside the mandate." in page
    assert page.count("<time datetime=") == submitted_a.events.for_partner().count() - 1 == 3


def test_it_shows_under_review_once_when_screening_moves_to_consultation(
    client_a, submitted_a, staff
):
    services.request_transition(request=submitted_a, key="start_screening", actor=staff)
    factories.screened(submitted_a)
    services.request_transition(request=submitted_a, key="to_consultation", actor=staff)
    page = client_a.get(url("detail", submitted_a.pk)).content.decode()
    timeline = page.split("History and messages", 1)[1]
    assert timeline.count("Under review") == 1
