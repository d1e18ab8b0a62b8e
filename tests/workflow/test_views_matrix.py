"""The partner pages do exactly what the workflow table says: stage × transition × role.

Parametrized from `workflow.TRANSITIONS`: a partner transition added to the table is tested
here at once (and fails until a partner page performs it).
"""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation

from requests_app import views, workflow
from requests_app.models import CapacityRequest, RequestEvent, Status
from tests import factories

PARTNER_TRANSITIONS = [t for t in workflow.TRANSITIONS if workflow.Role.PARTNER in t.roles]
ROLES = ("partner_a", "partner_b", "staff", "manager", "anonymous")
# One post for every partner form: the button's key, the consent box and a comment (the
# answer where the table requires one). Each view reads only the fields it knows.
POSTED = {"consent": "on", "comment": "Our answer to the team."}


def page_url(transition: workflow.Transition, request: CapacityRequest) -> str:
    """The partner page that performs this transition (views.PARTNER_PAGES)."""
    name, _anchor = views.PARTNER_PAGES[transition.key]
    with translation.override("en"):
        return reverse(name, args=[request.pk])


def detail_url(request: CapacityRequest) -> str:
    with translation.override("en"):
        return reverse("requests:detail", args=[request.pk])


def request_in(stage: Status, institution) -> CapacityRequest:
    """A submittable request of the institution, put straight into `stage` (no workflow walk)."""
    request = factories.complete_draft(institution=institution)
    if stage != Status.DRAFT:
        CapacityRequest.objects.filter(pk=request.pk).update(
            status=stage, reference=f"MX-2000-{request.pk:04d}"
        )
    request.refresh_from_db()
    return request


def test_it_has_a_partner_page_for_every_partner_transition_of_the_table():
    assert PARTNER_TRANSITIONS
    assert {t.key for t in PARTNER_TRANSITIONS} <= set(views.PARTNER_PAGES)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("transition", PARTNER_TRANSITIONS, ids=lambda t: t.key)
@pytest.mark.parametrize("stage", list(Status))
def test_it_does_exactly_what_the_table_says(
    request, client_for, partner_a, stage, transition, role
):
    obj = request_in(stage, partner_a.institution)
    user = None if role == "anonymous" else request.getfixturevalue(role)
    data = {views.TRANSITION: transition.key, **POSTED}
    response = client_for(user).post(page_url(transition, obj), data)

    status = CapacityRequest.objects.get(pk=obj.pk).status
    moved = RequestEvent.objects.filter(request=obj, transition=transition.key).count()
    if role == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response.url
    elif role != "partner_a":  # another institution, or staff who are not members: not theirs
        assert response.status_code == 404
    elif stage in transition.sources:
        assert (status, moved) == (transition.target, 1)
        return
    else:
        assert response.status_code == 302
        assert len(list(get_messages(response.wsgi_request))) == 1
    assert (status, moved) == (stage, 0)


@pytest.mark.parametrize("stage", list(Status))
def test_it_shows_the_partner_the_buttons_the_table_allows(client_for, partner_a, stage):
    obj = request_in(stage, partner_a.institution)
    page = client_for(partner_a).get(detail_url(obj))

    shown = {t.key for t in PARTNER_TRANSITIONS if f'data-transition="{t.key}"' in page.text}
    allowed = {t.key for t in workflow.available(obj, partner_a) if t in PARTNER_TRANSITIONS}
    assert shown == allowed


@pytest.mark.parametrize("role", ("staff", "manager"))
def test_it_shows_staff_no_partner_button(request, client_for, partner_a, role):
    obj = request_in(Status.SUBMITTED, partner_a.institution)
    page = client_for(request.getfixturevalue(role)).get(detail_url(obj))

    assert page.status_code == 200
    assert "data-transition=" not in page.text
