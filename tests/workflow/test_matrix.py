"""The service allows exactly what the workflow table says: every stage × transition × role."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from requests_app import services, workflow
from requests_app.models import CapacityRequest, RequestEvent, Status
from tests import factories

ROLES = ("partner_a", "partner_b", "staff", "manager", "anonymous")
# What each person holds on partner A's request.
HELD = {
    "partner_a": {workflow.Role.PARTNER},
    "partner_b": set(),
    "staff": {workflow.Role.STAFF},
    "manager": {workflow.Role.STAFF, workflow.Role.MANAGER},
    "anonymous": set(),
}


def expected(stage: Status, transition: workflow.Transition, role: str) -> bool:
    return stage in transition.sources and bool(transition.roles & HELD[role])


def request_in(stage: Status, institution, *, complete: bool = True) -> CapacityRequest:
    if complete:
        request = factories.complete_draft(institution=institution)
    else:  # no letter, no topics: enough for every transition but submit
        request = factories.CapacityRequestFactory(institution=institution)
    if stage != Status.DRAFT:
        CapacityRequest.objects.filter(pk=request.pk).update(
            status=stage, reference=f"MX-2000-{request.pk:04d}"
        )
    request.refresh_from_db()
    return factories.screened(request)


@pytest.fixture
def people(partner_a, partner_b, staff, manager):
    return {
        "partner_a": partner_a,
        "partner_b": partner_b,
        "staff": staff,
        "manager": manager,
        "anonymous": AnonymousUser(),
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("key", [t.key for t in workflow.TRANSITIONS])
@pytest.mark.parametrize("stage", list(Status))
def test_it_allows_exactly_what_the_table_says(people, partner_a, stage, key, role):
    transition = workflow.BY_KEY[key]
    request = request_in(stage, partner_a.institution, complete=key in ("submit", "resubmit"))
    allowed = expected(stage, transition, role)
    assert (transition in workflow.available(request, people[role])) == allowed
    if allowed:
        moved = services.request_transition(
            request=request, key=key, actor=people[role], comment="Reason given."
        )
        assert moved.status == transition.target
        assert RequestEvent.objects.filter(request=request, transition=key).count() == 1
    else:
        with pytest.raises(services.TransitionNotAllowed):
            services.request_transition(
                request=request, key=key, actor=people[role], comment="Reason given."
            )
        request.refresh_from_db()
        assert request.status == stage
        assert not RequestEvent.objects.filter(request=request, transition=key).exists()


@pytest.mark.parametrize("transition", [t for t in workflow.TRANSITIONS if t.comment_required])
def test_it_requires_a_comment_where_the_table_says_so(people, partner_a, transition):
    request = request_in(transition.sources[0], partner_a.institution)
    role = next(r for r in ("partner_a", "manager") if transition.roles & HELD[r])
    with pytest.raises(services.TransitionNotAllowed):
        services.request_transition(request=request, key=transition.key, actor=people[role])
    request.refresh_from_db()
    assert request.status == transition.sources[0]


def test_it_assigns_screening_to_whoever_starts_it(partner_a, staff):
    request = factories.submitted_request(partner_a)
    moved = services.request_transition(request=request, key="start_screening", actor=staff)
    assert moved.assignee == staff


def test_it_records_the_decision_time(partner_a, manager):
    request = request_in(Status.CONSULTATION, partner_a.institution)
    moved = services.request_transition(
        request=request, key="approve", actor=manager, comment="Approved."
    )
    assert moved.decided_at is not None and moved.status == Status.APPROVED
