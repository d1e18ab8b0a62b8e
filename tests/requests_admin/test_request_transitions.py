"""Workflow buttons of the request page: the admin allows exactly what the table says.

Parametrized from requests_app.workflow.TRANSITIONS: every transition × role × a stage
where it is legal and one where it is not.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from requests_app import workflow
from requests_app.models import EventKind, Status
from requests_app.workflow import TRANSITIONS, Role
from tests import factories

from .conftest import change_url, desk_url, in_stage, messages_of

ROLES = ("partner_a", "partner_b", "staff", "manager", "anonymous")
TEAM = {Role.STAFF, Role.MANAGER}


def stages(transition: workflow.Transition) -> tuple[Status, Status]:
    """A stage the transition leaves from, and one (not a draft) it cannot leave from."""
    illegal = next(s for s in Status if s not in transition.sources and s != Status.DRAFT)
    return transition.sources[0], illegal


CASES = [
    pytest.param(t, stage, role, id=f"{t.key}-{stage.value}-{role}")
    for t in TRANSITIONS
    for stage in stages(t)
    for role in ROLES
]


@pytest.mark.parametrize(("transition", "stage", "role"), CASES)
def test_it_takes_a_transition_exactly_when_the_table_allows_it(
    transition, stage, role, request, institution_a, client_for
):
    user = None if role == "anonymous" else request.getfixturevalue(role)
    obj = factories.screened(in_stage(stage, institution=institution_a))
    # The admin is the team's: a partner's own steps are taken on the partner pages.
    allowed = bool(user and user.is_staff) and transition in workflow.available(obj, user)
    response = client_for(user).post(desk_url("transition", obj, transition.key), {"comment": "Ok"})
    obj.refresh_from_db()
    assert obj.status == (transition.target if allowed else stage)
    assert obj.events.filter(kind=EventKind.STATUS).count() == (1 if allowed else 0)
    if user is None or not user.is_staff:
        assert response["Location"].startswith(reverse("admin:login"))
    elif not allowed:
        assert [level for level, _text in messages_of(response)] in (["error"], ["warning"])


# Named by key: a transition's text shows its roles' set, in an order that differs between
# processes (the workers of a parallel run must collect the same names).
@pytest.mark.parametrize(
    "transition",
    [t for t in TRANSITIONS if t.comment_required and t.roles & TEAM],
    ids=lambda t: t.key,
)
def test_it_requires_a_comment_where_the_table_says(transition, manager, client_for):
    obj = in_stage(transition.sources[0])
    url = desk_url("transition", obj, transition.key)
    refused = client_for(manager).post(url, {"comment": "  "})
    assert ("error", "Please write a comment: this action requires one.") in messages_of(refused)
    client_for(manager).post(url, {"comment": "Which ministry leads?"})
    obj.refresh_from_db()
    assert obj.status == transition.target
    assert obj.events.get(kind=EventKind.STATUS).body == "Which ministry leads?"


def test_it_shows_one_button_per_step_the_user_may_take(staff, manager, client_for):
    obj = in_stage(Status.CONSULTATION)
    for user in (staff, manager):
        html = client_for(user).get(change_url(obj)).content.decode()
        for transition in TRANSITIONS:
            button = f'name="transition" value="{transition.key}"'
            assert (button in html) == (transition in workflow.available(obj, user))


def test_it_refuses_a_manager_only_step_to_staff_with_the_reason(staff, client_for):
    obj = in_stage(Status.CONSULTATION)
    response = client_for(staff).post(desk_url("transition", obj, "approve"))
    assert ("error", "You are not allowed to do this.") in messages_of(response)
    obj.refresh_from_db()
    assert obj.status == Status.CONSULTATION


def test_it_explains_a_stale_button(staff, manager, client_for):
    obj = in_stage(Status.SUBMITTED)
    client_for(manager).post(desk_url("transition", obj, "start_screening"))
    response = client_for(staff).post(desk_url("transition", obj, "start_screening"))
    assert response["Location"] == change_url(obj)
    [(level, text)] = messages_of(response)
    assert level == "error" and "no longer possible" in text
    assert obj.events.filter(kind=EventKind.STATUS).count() == 1


def test_it_reports_an_unknown_step_without_an_error_page(staff, client_for):
    obj = in_stage(Status.SUBMITTED)
    response = client_for(staff).post(desk_url("transition", obj, "teleport"))
    assert ("error", "Unknown action.") in messages_of(response)
