"""Internal notes and staff-only rows never reach the partner: no page, e-mail or outbox row.

The portal serves no JSON to partners (no JsonResponse, no json_script); the checks on the
pages' full HTML, headers included, cover any embedded data as well.
"""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from notifications_app.models import Notification
from requests_app import services
from requests_app.models import CapacityRequest, EventKind, RequestEvent, Status, Visibility
from tests import factories

# Plain ASCII, so no escaping (HTML, JSON, quoted-printable) could disguise it.
NOTE = "NOTE-MARKER-8d41c2 the letter looks unsigned"
STAFF_ROW = "STAFFROW-MARKER-5e09aa"


@pytest.fixture
def noted(partner_a, staff, manager, django_capture_on_commit_callbacks):
    """A request in clarification carrying a note, staff-only rows and partner e-mails."""
    with django_capture_on_commit_callbacks(execute=True):
        request = factories.submitted_request(partner_a)
        services.request_transition(request=request, key="start_screening", actor=staff)
        services.request_add_note(request=request, actor=staff, body=NOTE)
        services.request_assign(request=request, actor=staff, assignee=manager)
        services.request_post_message(request=request, actor=staff, body="Thank you.")
        services.request_transition(
            request=request, key="ask_clarification", actor=staff, comment="Who signs?"
        )
    # Rows a careless hand could write: a note left at the model's default visibility,
    # and a status row flagged for staff only.
    RequestEvent.objects.create(request=request, kind=EventKind.NOTE, actor=staff, body=NOTE)
    RequestEvent.objects.create(
        request=request, kind=EventKind.STATUS, actor=staff, body=STAFF_ROW,
        to_status=Status.CONSULTATION, visibility=Visibility.STAFF,
    )  # fmt: skip
    return CapacityRequest.objects.get(pk=request.pk)


def partner_pages(request: CapacityRequest, lang: str) -> list[str]:
    """Every partner page of the request, and the list, in one language."""
    with translation.override(lang):
        pk = request.pk
        return [
            reverse("requests:my_requests"),
            reverse("requests:detail", args=[pk]),
            reverse("requests:step", args=[pk, "institution"]),
            reverse("requests:step", args=[pk, "need"]),
            reverse("requests:step", args=[pk, "support"]),
            reverse("requests:files", args=[pk]),
            reverse("requests:review", args=[pk]),
            reverse("requests:withdraw", args=[pk]),
        ]


def leaked(text: str) -> bool:
    # The assignment row's text is the assignee's name and address: staff-only as well.
    return any(mark in text for mark in ("NOTE-MARKER", "STAFFROW-MARKER", "manager@mieux"))


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_it_keeps_notes_off_every_partner_page(client_a, noted, lang):
    for page_url in partner_pages(noted, lang):
        response = client_a.get(page_url)
        assert response.status_code == 200, page_url
        assert not leaked(response.content.decode()), page_url
        assert not leaked(str(response.headers)), page_url


def test_it_shows_staff_the_notes_on_the_request_page(client_for, staff, noted):
    with translation.override("en"):
        url = reverse("admin:requests_app_capacityrequest_change", args=[noted.pk])
    response = client_for(staff).get(url)

    assert response.status_code == 200
    page = response.content.decode()
    assert NOTE in page and STAFF_ROW in page and "manager@mieux" in page


def test_it_keeps_notes_off_a_page_shown_again_with_errors(client_a, noted):
    with translation.override("en"):
        message_url = reverse("requests:message", args=[noted.pk])
        review_url = reverse("requests:review", args=[noted.pk])

    message = client_a.post(message_url, {"body": ""})
    answer = client_a.post(review_url, {"transition": "resubmit", "comment": ""})
    assert message.status_code == answer.status_code == 200
    assert not leaked(message.content.decode()) and not leaked(answer.content.decode())


def test_it_keeps_notes_out_of_the_partners_e_mail(noted, partner_a):
    to_partner = [m for m in mail.outbox if partner_a.email in m.to]

    assert len(to_partner) >= 3  # submitted, the team's message, the question
    assert any("Who signs?" in m.body for m in to_partner)  # what the partner may read
    for message in to_partner:
        html = "".join(str(content) for content, _type in getattr(message, "alternatives", []))
        assert not leaked(message.subject + message.body + html)


def test_it_keeps_notes_out_of_the_partners_notifications(noted, partner_a):
    rows = Notification.objects.filter(recipient__membership__institution=noted.institution)

    assert rows.filter(recipient=partner_a).count() >= 3
    assert rows.filter(body_text__contains="Who signs?").exists()
    for row in rows:
        assert not leaked(row.subject + row.body_text + row.body_html)


def test_it_shows_the_partner_the_rest_of_the_timeline(client_a, noted, staff, manager):
    with translation.override("en"):
        page = client_a.get(reverse("requests:detail", args=[noted.pk])).content.decode()

    assert "Thank you." in page and "Who signs?" in page
    assert "MIEUX+ team" in page
    assert staff.email not in page and manager.email not in page
