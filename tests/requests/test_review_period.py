"""One "Under review" period for the partner: screening and consultation read the same, so
the partner's timeline shows the period once and the partner is e-mailed once for it; the
team's comments (approve's required, send to consultation's optional) reach the partner."""

from __future__ import annotations

import pytest
from django.urls import reverse

from notifications_app.models import Notification
from requests_app import services
from tests import factories
from tests.requests.helpers import url

JOURNEYS = {
    # Approval always carries the managers' reasons; the other steps here none.
    "straight": [("start_screening", ""), ("to_consultation", ""), ("approve", "Approved.")],
    "commented": [
        ("start_screening", "We have started."),
        ("to_consultation", "Now with the EU Delegation."),
        ("approve", "Approved by the Steering Committee."),
    ],
    "clarified": [
        ("start_screening", ""),
        ("ask_clarification", "Which regions?"),
        ("resubmit", "Two regions."),
        ("to_consultation", ""),
        ("reject", "Outside the mandate."),
    ],
}


def walk(request, steps, *, partner, staff, manager):
    actors = {"approve": manager, "reject": manager, "resubmit": partner}
    for key, comment in steps:
        if key == "to_consultation":
            factories.screened(request)
        request = services.request_transition(
            request=request, key=key, actor=actors.get(key, staff), comment=comment
        )
    return request


def stage_labels(client, request) -> list[str]:
    timeline = client.get(url("detail", request.pk)).context["timeline"]
    return [str(item.label) for item in timeline if not item.is_message]


@pytest.mark.parametrize("journey", sorted(JOURNEYS))
def test_it_never_shows_two_consecutive_entries_with_the_same_label(
    client_a, partner_a, staff, manager, journey
):
    request = walk(
        factories.submitted_request(partner_a),
        JOURNEYS[journey],
        partner=partner_a,
        staff=staff,
        manager=manager,
    )
    labels = stage_labels(client_a, request)

    assert labels.count("Under review") == 1 + (journey == "clarified")
    assert all(a != b for a, b in zip(labels, labels[1:], strict=False)), labels


def test_it_e_mails_the_partner_once_for_the_review_period(partner_a, staff, manager):
    walk(
        factories.submitted_request(partner_a),
        JOURNEYS["straight"],
        partner=partner_a,
        staff=staff,
        manager=manager,
    )
    events = list(Notification.objects.filter(recipient=partner_a).values_list("event", flat=True))

    assert events.count("review_started") == 1
    assert "consultation_started" not in events
    assert "request_approved" in events


def test_it_tells_the_partner_the_comment_sent_with_consultation(client_a, partner_a, staff):
    request = factories.screened(factories.submitted_request(partner_a))
    services.request_transition(request=request, key="start_screening", actor=staff)
    services.request_transition(
        request=request, key="to_consultation", actor=staff, comment="With the EU now."
    )

    page = client_a.get(url("detail", request.pk)).content.decode()
    assert "Comment from the MIEUX+ team" in page and "With the EU now." in page
    mail = Notification.objects.get(recipient=partner_a, event="consultation_started")
    assert "With the EU now." in mail.body_text


def test_it_gives_the_partner_the_approval_comment(client_a, partner_a, staff, manager):
    request = walk(
        factories.submitted_request(partner_a),
        JOURNEYS["commented"],
        partner=partner_a,
        staff=staff,
        manager=manager,
    )

    page = client_a.get(url("detail", request.pk)).content.decode()
    assert "Approved by the Steering Committee." in page
    mail = Notification.objects.get(recipient=partner_a, event="request_approved")
    assert "Approved by the Steering Committee." in mail.body_text


def test_it_asks_for_the_reasons_of_either_decision_in_the_desk(
    client_for, partner_a, staff, manager
):
    request = factories.submitted_request(partner_a)
    walk(request, JOURNEYS["straight"][:2], partner=partner_a, staff=staff, manager=manager)
    change = reverse("admin:requests_app_capacityrequest_change", args=[request.pk])

    page = client_for(manager).get(change).content.decode()

    assert 'id="mx-comment-approve" name="comment" rows="3" required>' in page
    assert 'id="mx-comment-reject" name="comment" rows="3" required>' in page
    assert "(optional; the partner reads it)" not in page
