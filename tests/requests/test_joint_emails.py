"""Notifications follow visibility: whoever is e-mailed about a joint request can open the
link they are sent (and a co-requester that declined is e-mailed nothing more)."""

from __future__ import annotations

import re

from django.conf import settings
from django.test import Client

from actions_app import services as actions
from notifications_app.models import Notification
from requests_app import services
from tests import factories
from tests.requests.helpers import url

LINK = re.compile(r"https?://\S+")


def _joint_request_lifecycle(partner_a, partner_c, ministry, staff, manager):
    """A joint request from naming to its Action: two co-requesters, one declines."""
    border = factories.InstitutionFactory(name="Border Service", country="TJ")
    factories.partner(institution=border, email="border@example.org")
    draft = factories.complete_draft(institution=partner_a.institution)
    factories.co_request(draft, ministry, answer="confirmed")
    factories.co_request(draft, border, answer="declined")
    request = services.request_submit(request=draft, actor=partner_a, consent=True)
    services.request_post_message(request=request, actor=partner_c, body="We join.")
    services.request_post_message(request=request, actor=staff, body="Welcome.")
    steps = [("start_screening", staff), ("ask_clarification", staff), ("resubmit", partner_a)]
    steps += [("to_consultation", staff), ("approve", manager)]
    factories.screened(request)
    for key, actor in steps:
        request = services.request_transition(request=request, key=key, actor=actor, comment="c")
    actions.action_create_from_request(request=request, actor=manager)
    return request


def test_it_sends_every_recipient_a_link_they_can_open(
    partner_a, partner_c, ministry, staff, manager
):
    _joint_request_lifecycle(partner_a, partner_c, ministry, staff, manager)

    refused = []
    for row in Notification.objects.select_related("recipient"):
        client = Client()
        client.force_login(row.recipient)
        for link in LINK.findall(row.body_text):
            path = link.removeprefix(settings.PORTAL_BASE_URL.rstrip("/"))
            status = client.get(path).status_code
            if status != 200:
                refused.append((row.event, row.to_email, path, status))
    assert Notification.objects.count() > 10
    assert refused == []


def test_it_e_mails_the_confirmed_co_requester_and_not_the_one_that_declined(
    partner_a, partner_c, ministry, staff, manager
):
    _joint_request_lifecycle(partner_a, partner_c, ministry, staff, manager)

    to_ministry = set(
        Notification.objects.filter(to_email=partner_c.email).values_list("event", flat=True)
    )
    to_border = set(
        Notification.objects.filter(to_email="border@example.org").values_list("event", flat=True)
    )
    told = {"corequest_invited", "request_submitted", "message_from_staff", "request_approved"}
    assert told | {"review_started", "action_created"} <= to_ministry
    assert "clarification_requested" not in to_ministry  # the lead answers it, not them
    assert to_border == {"corequest_invited"}


def test_it_lists_the_pages_a_co_requester_is_sent_to(partner_c, joint_a):
    invitation = Notification.objects.get(to_email=partner_c.email, event="corequest_invited")
    assert url("corequest", joint_a.pk, lang="ru") in invitation.body_text
