"""The request lifecycle as data.

Every transition is one row of TRANSITIONS: the stages it leaves from, the stage it leads
to, who may take it, whether a comment is required, whether the partner sees it on the
timeline, and the notification event it emits. The service `request_transition` is the only
code that moves a request; admin buttons, partner buttons and tests read this table.
Nothing here keys on a translated label.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import Status

if TYPE_CHECKING:
    from .models import CapacityRequest


class Role(StrEnum):
    PARTNER = "partner"  # a member of the requesting institution
    STAFF = "staff"  # MIEUX+ team
    MANAGER = "manager"  # records the Steering Committee's decisions


@dataclass(frozen=True)
class Transition:
    key: str
    sources: tuple[Status, ...]
    target: Status
    roles: frozenset[Role]
    label: Promise
    comment_required: bool = False
    partner_visible: bool = True
    event: str = ""
    button_class: str = "primary"


OPEN = (Status.SUBMITTED, Status.SCREENING, Status.CLARIFICATION, Status.CONSULTATION)

TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        key="submit",
        sources=(Status.DRAFT,),
        target=Status.SUBMITTED,
        roles=frozenset({Role.PARTNER}),
        label=_("Submit"),
        event="request_submitted",
    ),
    Transition(
        key="start_screening",
        sources=(Status.SUBMITTED,),
        target=Status.SCREENING,
        roles=frozenset({Role.STAFF, Role.MANAGER}),
        label=_("Start screening"),
        event="screening_started",
    ),
    Transition(
        key="ask_clarification",
        sources=(Status.SCREENING,),
        target=Status.CLARIFICATION,
        roles=frozenset({Role.STAFF, Role.MANAGER}),
        label=_("Ask for clarification"),
        comment_required=True,
        event="clarification_requested",
        button_class="warning",
    ),
    Transition(
        key="resubmit",
        sources=(Status.CLARIFICATION,),
        target=Status.SCREENING,
        roles=frozenset({Role.PARTNER}),
        label=_("Answer and resubmit"),
        comment_required=True,
        event="request_resubmitted",
    ),
    Transition(
        key="to_consultation",
        sources=(Status.SCREENING,),
        target=Status.CONSULTATION,
        roles=frozenset({Role.STAFF, Role.MANAGER}),
        label=_("Send to consultation"),
        event="consultation_started",
    ),
    Transition(
        key="approve",
        sources=(Status.CONSULTATION,),
        target=Status.APPROVED,
        roles=frozenset({Role.MANAGER}),
        label=_("Approve"),
        event="request_approved",
        button_class="success",
    ),
    Transition(
        key="reject",
        sources=(Status.CONSULTATION,),
        target=Status.REJECTED,
        roles=frozenset({Role.MANAGER}),
        label=_("Reject"),
        comment_required=True,
        event="request_rejected",
        button_class="danger",
    ),
    Transition(
        key="reopen",
        sources=(Status.REJECTED,),
        target=Status.SCREENING,
        roles=frozenset({Role.MANAGER}),
        label=_("Reopen"),
        comment_required=True,
        event="request_reopened",
        button_class="secondary",
    ),
    Transition(
        key="withdraw",
        sources=OPEN,
        target=Status.WITHDRAWN,
        roles=frozenset({Role.PARTNER}),
        label=_("Withdraw"),
        event="request_withdrawn",
        button_class="danger",
    ),
)

BY_KEY: dict[str, Transition] = {t.key: t for t in TRANSITIONS}

# Stages whose change is a decision (sets `decided_at`).
DECISIONS = frozenset({Status.APPROVED, Status.REJECTED})

# What a partner reads for each stage: screening and consultation are both "under review".
PARTNER_LABELS: dict[str, Promise] = {
    Status.DRAFT: _("Draft"),
    Status.SUBMITTED: _("Submitted"),
    Status.SCREENING: _("Under review"),
    Status.CLARIFICATION: _("Clarification requested"),
    Status.CONSULTATION: _("Under review"),
    Status.APPROVED: _("Approved"),
    Status.REJECTED: _("Not approved"),
    Status.WITHDRAWN: _("Withdrawn"),
}

# Partner-facing filter groups for "My requests": key → stages.
PARTNER_FILTERS: dict[str, tuple[Promise, tuple[Status, ...]]] = {
    "draft": (_("Draft"), (Status.DRAFT,)),
    "submitted": (_("Submitted"), (Status.SUBMITTED,)),
    "review": (_("Under review"), (Status.SCREENING, Status.CONSULTATION)),
    "clarification": (_("Clarification requested"), (Status.CLARIFICATION,)),
    "approved": (_("Approved"), (Status.APPROVED,)),
    "rejected": (_("Not approved"), (Status.REJECTED,)),
    "withdrawn": (_("Withdrawn"), (Status.WITHDRAWN,)),
}


def partner_label(status: str) -> Promise:
    return PARTNER_LABELS[status]


def roles_of(user: Any, request: CapacityRequest) -> set[Role]:
    """The workflow roles this user holds on this request (may be empty)."""
    roles: set[Role] = set()
    if not user.is_authenticated or not user.is_active:
        return roles
    membership = getattr(user, "membership", None)
    if membership is not None and membership.institution_id == request.institution_id:
        roles.add(Role.PARTNER)
    if user.is_staff and user.has_perm("requests_app.change_capacityrequest"):
        roles.add(Role.STAFF)
    if user.is_staff and user.has_perm("requests_app.decide_capacityrequest"):
        roles.add(Role.MANAGER)
    return roles


def available(request: CapacityRequest, user: Any) -> list[Transition]:
    """Transitions this user may take on this request now, in table order."""
    roles = roles_of(user, request)
    return [t for t in TRANSITIONS if request.status in t.sources and t.roles & roles]


def mermaid() -> str:
    """The lifecycle as a Mermaid state diagram, generated from the table (README)."""
    lines = ["stateDiagram-v2", "    [*] --> draft"]
    for t in TRANSITIONS:
        who = "/".join(sorted(r.value for r in t.roles))
        for source in t.sources:
            lines.append(f"    {source.value} --> {t.target.value}: {t.key} ({who})")
    lines.append("    approved --> [*]")
    lines.append("    withdrawn --> [*]")
    return "\n".join(lines)
