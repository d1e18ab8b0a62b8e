"""Joint requests: what a member of a co-requesting institution finds, reads and may do."""

from __future__ import annotations

import pytest
from django.urls import reverse

from notifications_app.models import Notification
from requests_app import services
from requests_app.models import CoRequestStatus, EventKind
from tests import factories
from tests.requests.helpers import step_url, url


def test_it_lists_the_joint_request_for_the_co_requester_with_its_lead(client_c, joint_a):
    page = client_c.get(url("my_requests")).content.decode()

    assert joint_a.reference in page and "Joint study" in page
    assert "Co-requested" in page
    assert "Requested by Migration Service of Tajikistan" in page


def test_it_lists_the_joint_request_for_the_lead_without_the_mark(client_a, joint_a):
    page = client_a.get(url("my_requests")).content.decode()

    assert joint_a.reference in page
    assert "Co-requested" not in page


def test_it_keeps_the_lead_s_other_requests_from_the_co_requester(client_c, joint_a, partner_a):
    other = factories.submitted_request(partner_a, title_en="Only ours")

    assert "Only ours" not in client_c.get(url("my_requests")).content.decode()
    assert client_c.get(url("detail", other.pk)).status_code == 404
    attachment = other.attachments.get()
    assert client_c.get(url("download", other.pk, attachment.pk)).status_code == 404


def test_it_opens_the_joint_request_its_files_and_timeline_for_the_co_requester(client_c, joint_a):
    page = client_c.get(url("detail", joint_a.pk))
    attachment = joint_a.attachments.get()

    assert page.status_code == 200
    assert "Joint study" in page.content.decode()
    assert "Co-requester confirmed" in page.content.decode()  # the timeline
    assert client_c.get(url("download", joint_a.pk, attachment.pk)).status_code == 200


def test_it_answers_404_to_a_partner_of_a_third_institution(client_b, joint_a):
    attachment = joint_a.attachments.get()

    assert joint_a.reference not in client_b.get(url("my_requests")).content.decode()
    assert client_b.get(url("detail", joint_a.pk)).status_code == 404
    assert client_b.get(url("download", joint_a.pk, attachment.pk)).status_code == 404
    assert client_b.get(url("corequest", joint_a.pk)).status_code == 404


@pytest.mark.parametrize("step", ["institution", "need", "support", "files", "review"])
def test_it_refuses_the_co_requester_every_edit_step(client_c, partner_a, ministry, step):
    draft = factories.complete_draft(institution=partner_a.institution)
    factories.co_request(draft, ministry, answer="confirmed")

    assert client_c.get(step_url(draft, step)).status_code == 404
    assert client_c.post(step_url(draft, step), {"title": "Taken over"}).status_code == 404
    assert client_c.get(url("detail", draft.pk)).status_code == 200  # reading is allowed


@pytest.mark.parametrize("page", ["withdraw", "delete"])
def test_it_refuses_the_co_requester_withdraw_and_delete(client_c, joint_a, page):
    assert client_c.post(url(page, joint_a.pk), {"comment": "Ours now"}).status_code == 404
    joint_a.refresh_from_db()
    assert joint_a.status == "submitted"


def test_it_shows_the_co_requester_no_edit_or_withdraw_button(client_c, joint_a):
    page = client_c.get(url("detail", joint_a.pk)).content.decode()

    assert url("withdraw", joint_a.pk) not in page
    assert step_url(joint_a, "institution") not in page


def test_it_lets_a_confirmed_co_requester_write_to_the_team(client_c, joint_a, staff):
    response = client_c.post(url("message", joint_a.pk), {"body": "We join the study visit."})

    assert response.status_code == 302
    message = joint_a.events.get(kind=EventKind.MESSAGE)
    assert message.body == "We join the study visit."
    page = client_c.get(url("detail", joint_a.pk)).content.decode()
    history = page.split('id="history"', 1)[1]
    assert "(Ministry of Interior of Tajikistan" in history  # which institution wrote


def test_it_lets_a_pending_co_requester_read_but_not_write(client_c, partner_a, ministry):
    request = factories.complete_draft(institution=partner_a.institution)
    factories.co_request(request, ministry)

    assert client_c.get(url("detail", request.pk)).status_code == 200
    assert client_c.post(url("message", request.pk), {"body": "Hi"}).status_code == 404
    page = client_c.get(url("my_requests")).content.decode()
    assert url("corequest", request.pk) in page  # "Confirm or decline"


def test_it_hides_the_joint_request_from_an_institution_that_declined(client_c, joint_a):
    joint_a.corequests.update(status=CoRequestStatus.DECLINED)

    assert client_c.get(url("detail", joint_a.pk)).status_code == 404
    assert joint_a.reference not in client_c.get(url("my_requests")).content.decode()
    assert client_c.get(url("corequest", joint_a.pk)).status_code == 200  # may reconsider


def test_it_never_shows_the_co_requester_an_internal_note(client_c, client_for, joint_a, staff):
    services.request_add_note(request=joint_a, actor=staff, body="NOTE-MARKER weak letter")
    admin_page = reverse("admin:requests_app_capacityrequest_change", args=[joint_a.pk])

    assert "NOTE-MARKER" not in client_c.get(url("detail", joint_a.pk)).content.decode()
    assert "NOTE-MARKER" in client_for(staff).get(admin_page).content.decode()
    mail = Notification.objects.filter(to_email="partner.c@example.org")
    assert mail.exists() and all("NOTE-MARKER" not in row.body_text for row in mail)


def test_it_finds_the_joint_request_in_the_co_requester_s_search(client_c, joint_a, partner_a):
    factories.submitted_request(partner_a, title_en="Joint ours only")
    page = client_c.get(url("my_requests"), {"q": "joint"}).content.decode()

    assert joint_a.reference in page and "Co-requested" in page
    assert "Joint ours only" not in page


def test_it_leaves_a_declined_joint_request_out_of_the_search(client_c, joint_a):
    joint_a.corequests.update(status=CoRequestStatus.DECLINED)
    page = client_c.get(url("my_requests"), {"q": "joint"}).content.decode()

    assert joint_a.reference not in page
