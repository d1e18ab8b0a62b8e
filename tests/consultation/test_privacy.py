"""Opinions are staff- and consultee-side: no page, file, data download or e-mail a partner
or co-requester reaches carries their text, while consultees and staff read it."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from notifications_app.models import Notification
from requests_app import consultation, services
from requests_app.models import CapacityRequest
from tests import factories
from tests.pdftext import pdf_text

from .conftest import OPINION, consultation_of


@pytest.fixture
def ministry(uz_institution):
    """A co-requesting institution that confirmed, and its member."""
    institution = factories.InstitutionFactory(name="Uzbek Ministry", country="UZ")
    return factories.partner(institution=institution, email="ministry@example.org")


@pytest.fixture
def decided(
    uz_partner, ministry, staff, manager, delegation, delegate, django_capture_on_commit_callbacks
):
    """A joint request through consultation (an opinion with the marker) to approval."""
    with django_capture_on_commit_callbacks(execute=True):
        draft = factories.complete_draft(institution=uz_partner.institution)
        factories.co_request(draft, ministry.institution, answer="confirmed")
        request = services.request_submit(request=draft, actor=uz_partner, consent=True)
        services.request_transition(request=request, key="start_screening", actor=staff)
        factories.screened(request, consult=False)
        consultation.consultation_start(
            request=request,
            actor=staff,
            bodies=[delegation],
            deadline=consultation.default_deadline(),
            comment="Now with the EU.",
        )
        consultation.opinion_give(
            consultation=consultation_of(request, delegate),
            actor=delegate,
            stance="conditions",
            comment=OPINION,
        )
        services.request_transition(
            request=request, key="approve", actor=manager, comment="Approved: well prepared."
        )
    return CapacityRequest.objects.get(pk=request.pk)


def partner_pages(request) -> list[str]:
    pages = []
    for lang in ("en", "ru"):
        with translation.override(lang):
            pages += [
                reverse("requests:my_requests"),
                reverse("requests:detail", args=[request.pk]),
                reverse("requests:record", args=[request.pk]),
                reverse("accounts:data_download"),
                reverse("api:actions"),
            ]
    return pages


def content(response) -> str:
    body = b"".join(response) if response.streaming else response.content
    if response["Content-Type"].startswith("application/pdf"):
        return pdf_text(body)
    return body.decode()


@pytest.mark.parametrize("who", ["uz_partner", "ministry"])
def test_it_keeps_opinions_off_every_page_a_partner_reaches(client_for, decided, who, request):
    client = client_for(request.getfixturevalue(who))
    for page in partner_pages(decided):
        response = client.get(page)
        assert response.status_code == 200, page
        text = content(response)
        assert OPINION not in text and "Supports with conditions" not in text, page
    detail = client.get(reverse("requests:detail", args=[decided.pk])).text
    assert "Approved: well prepared." in detail  # the manager's comment, which they do read


@pytest.mark.parametrize("who", ["uz_partner", "ministry"])
def test_it_keeps_opinions_out_of_partners_e_mails(decided, who, request):
    user = request.getfixturevalue(who)
    rows = Notification.objects.filter(recipient=user)

    assert rows.filter(event="request_approved", body_text__contains="well prepared").exists()
    for row in rows:
        assert OPINION not in row.subject + row.body_text + row.body_html
    for message in mail.outbox:
        if user.email in message.to:
            assert OPINION not in message.subject + message.body


def test_it_keeps_opinions_out_of_every_outbox_row(decided):
    for row in Notification.objects.all():
        assert OPINION not in row.subject + row.body_text + row.body_html, row.event


def test_it_shows_the_opinion_to_the_consultee(client_for, decided, delegate):
    page = client_for(delegate).get(reverse("consultations:detail", args=[decided.pk])).text

    assert OPINION in page


def test_it_shows_staff_the_opinions_board_and_the_decision_citing_them(
    client_for, decided, manager
):
    url = reverse("admin:requests_app_capacityrequest_change", args=[decided.pk])
    page = client_for(manager).get(url).text

    assert OPINION in page and "Opinions considered:" in page
