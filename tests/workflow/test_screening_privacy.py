"""The screening assessment is the team's: never on a partner page, in an e-mail, an outbox
row or the partner's data download, while staff read it on the request page."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from notifications_app.models import Notification
from requests_app import screening, services
from requests_app.models import CapacityRequest, EligibilityCriterion, Verdict
from tests import factories

# Plain ASCII, so no escaping could disguise it.
MARK = "SCREENMARK-3f7a1c"


@pytest.fixture
def screened(partner_a, staff, manager, django_capture_on_commit_callbacks):
    """A request screened with markers in every comment, then in consultation."""
    with django_capture_on_commit_callbacks(execute=True):
        request = factories.submitted_request(partner_a)
        services.request_transition(request=request, key="start_screening", actor=staff)
        screening.screening_record(
            request=request,
            actor=staff,
            answers=[
                screening.CriterionInput(c.pk, Verdict.MET, f"{MARK} criterion")
                for c in EligibilityCriterion.objects.filter(active=True)
            ],
            recommendation="consult",
            comment=f"{MARK} overall",
        )
        factories.open_consultation(request)
        services.request_transition(
            request=request, key="to_consultation", actor=staff, comment="Now with the EU."
        )
    return CapacityRequest.objects.get(pk=request.pk)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_it_keeps_the_screening_off_every_partner_page(client_a, screened, lang):
    with translation.override(lang):
        pages = [
            reverse("requests:my_requests"),
            reverse("requests:detail", args=[screened.pk]),
            reverse("accounts:data_download"),
        ]
    for page in pages:
        response = client_a.get(page)
        assert response.status_code == 200, page
        body = b"".join(response) if response.streaming else response.content
        assert MARK.encode() not in body, page


def test_it_keeps_the_screening_out_of_e_mails_and_the_outbox(screened, partner_a):
    rows = Notification.objects.filter(recipient=partner_a)

    assert rows.filter(body_text__contains="Now with the EU.").exists()
    for row in rows:
        assert MARK not in row.subject + row.body_text + row.body_html
    for message in mail.outbox:
        assert MARK not in message.subject + message.body


def test_it_shows_staff_the_screening_on_the_request_page(client_for, staff, screened):
    url = reverse("admin:requests_app_capacityrequest_change", args=[screened.pk])

    page = client_for(staff).get(url).content.decode()

    assert f"{MARK} overall" in page and f"{MARK} criterion" in page
