"""Messages between the institution and the MIEUX+ team, at any open stage."""

from __future__ import annotations

import pytest

from notifications_app.models import Notification
from requests_app import services, workflow
from requests_app.models import TEXT_MAX_LENGTH, CapacityRequest, EventKind, Status
from tests import factories
from tests.requests.helpers import url

CLOSED = [s for s in Status if s not in workflow.OPEN]


def put_in(request: CapacityRequest, stage: Status) -> None:
    CapacityRequest.objects.filter(pk=request.pk).update(status=stage)


def messages_of(request: CapacityRequest) -> list[str]:
    return list(request.events.filter(kind=EventKind.MESSAGE).values_list("body", flat=True))


def test_it_sends_a_partners_message_to_the_team(client_a, submitted_a, staff, manager):
    response = client_a.post(url("message", submitted_a.pk), {"body": "The letter is signed."})

    assert response.url == url("detail", submitted_a.pk) + "#history"
    assert messages_of(submitted_a) == ["The letter is signed."]
    told = Notification.objects.filter(event="message_from_partner")
    assert set(told.values_list("recipient", flat=True)) == {staff.pk, manager.pk}
    assert "The letter is signed." in told.get(recipient=staff).body_text


def test_it_tells_only_the_assignee_once_the_request_is_assigned(
    client_a, submitted_a, staff, manager
):
    services.request_transition(request=submitted_a, key="start_screening", actor=staff)
    client_a.post(url("message", submitted_a.pk), {"body": "A question about dates."})

    told = Notification.objects.filter(event="message_from_partner")
    assert list(told.values_list("recipient", flat=True)) == [staff.pk]


@pytest.mark.parametrize("stage", workflow.OPEN)
def test_it_lets_members_write_at_every_open_stage(client_a, submitted_a, stage):
    put_in(submitted_a, stage)
    page = client_a.get(url("detail", submitted_a.pk)).content.decode()
    assert url("message", submitted_a.pk) in page

    client_a.post(url("message", submitted_a.pk), {"body": f"Written at {stage}."})
    assert messages_of(submitted_a) == [f"Written at {stage}."]


def test_it_shows_the_teams_message_and_the_partners_reply_in_order(
    client_a, submitted_a, partner_a, staff
):
    services.request_post_message(request=submitted_a, actor=staff, body="Which unit leads?")
    client_a.post(url("message", submitted_a.pk), {"body": "The statistics unit."})
    page = client_a.get(url("detail", submitted_a.pk)).content.decode()

    assert page.index("Which unit leads?") < page.index("The statistics unit.")
    assert "MIEUX+ team" in page and staff.email not in page
    assert partner_a.get_full_name() in page


def test_it_explains_an_empty_message(client_a, submitted_a):
    response = client_a.post(url("message", submitted_a.pk), {"body": "   "})

    assert response.status_code == 200
    assert "Please write a message." in response.content.decode()
    assert messages_of(submitted_a) == []


def test_it_keeps_the_typed_text_when_the_message_is_refused(client_a, submitted_a):
    typed = "Лишний текст " * (TEXT_MAX_LENGTH // 12)
    response = client_a.post(url("message", submitted_a.pk), {"body": typed})

    assert response.status_code == 200
    assert "Please shorten this text" in response.content.decode()
    assert typed.strip() in response.content.decode()
    assert messages_of(submitted_a) == []


@pytest.mark.parametrize("stage", CLOSED)
def test_it_refuses_a_message_on_a_draft_or_closed_request(client_a, submitted_a, stage):
    put_in(submitted_a, stage)
    assert url("message", submitted_a.pk) not in client_a.get(url("detail", submitted_a.pk)).text

    response = client_a.post(url("message", submitted_a.pk), {"body": "Hello?"}, follow=True)
    assert "Messages can be exchanged only while a request is open." in response.text
    assert messages_of(submitted_a) == []


@pytest.mark.parametrize("who", ["partner_b", "staff", "manager"])
def test_it_refuses_a_message_from_outside_the_institution(request, client_for, submitted_a, who):
    response = client_for(request.getfixturevalue(who)).post(
        url("message", submitted_a.pk), {"body": "Let me in."}
    )

    assert response.status_code == 404
    assert messages_of(submitted_a) == []


def test_it_sends_a_visitor_to_the_login_page(client_for, submitted_a):
    response = client_for(None).post(url("message", submitted_a.pk), {"body": "Hi."})

    assert response.status_code == 302 and "/accounts/login/" in response.url
    assert messages_of(submitted_a) == []


def test_it_offers_staff_no_message_form_on_the_partner_page(client_for, submitted_a, staff):
    page = client_for(staff).get(url("detail", submitted_a.pk))

    assert page.status_code == 200
    assert url("message", submitted_a.pk) not in page.text


def test_it_keeps_one_message_when_the_same_text_is_sent_twice(partner_a, staff):
    request = factories.submitted_request(partner_a)
    first = services.request_post_message(request=request, actor=partner_a, body="Letter sent.")
    again = services.request_post_message(request=request, actor=partner_a, body="Letter sent.")
    assert again.pk == first.pk
    assert request.events.filter(kind="message").count() == 1
    assert Notification.objects.filter(event="message_from_partner").count() == 1
