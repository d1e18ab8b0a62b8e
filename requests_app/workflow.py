"""The request lifecycle as data: the one place that knows the stages and the transitions.

* `Status` holds each stage's key (code) and staff label; one `Stage` row per status adds
  what partners see: their label, the "My requests" filter the stage belongs to, whether the
  request is open, whether the partner may still edit it, and which page a partner lands on.
* Every transition is one `Transition` row: the stages it leaves from, the stage it leads to,
  who may take it, whether a comment is required and how the partner's timeline introduces
  it, whether the partner sees it, whether the request must be complete, whether it submits
  the request or assigns it to the actor, and its notification: who is e-mailed with which
  template, or the explicit decision that nobody is.
* `NOTICES` is every notification event of a request (transitions, messages, assignment,
  co-requesters' invitations and answers, consulted bodies' opinions and reminders).

The service `request_transition` is the only code that moves a request, and it branches on
these flags, never on a key; admin buttons, partner pages, e-mails and tests read the rows.
Changing a stage's partner label, or who is e-mailed on a transition, is one edit here (plus
the catalogue). Nothing here keys on a translated label.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from .models import CapacityRequest


class Status(models.TextChoices):
    """Stage keys are code; the labels are the staff's (partners read `Stage.partner_label`)."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    SCREENING = "screening", _("Screening")
    CLARIFICATION = "clarification", _("Clarification requested")
    CONSULTATION = "consultation", _("In consultation")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


@dataclass(frozen=True)
class Stage:
    status: Status
    partner_label: Promise
    # The "My requests" filter (?status=<key>) that lists this stage; stages sharing a filter
    # share their partner label, which is the filter's label.
    partner_filter: str
    # Open: the request is under way (messages can be exchanged, the partner may withdraw).
    open: bool = False
    # The partner may still change the request's fields and files.
    partner_editable: bool = False
    # Reaching this stage is a decision (stamps `decided_at`).
    decision: bool = False
    # The page (URL name, taking the request's pk) a partner lands on from a list or e-mail.
    partner_page: str = "requests:detail"
    # Staff may record or change the screening assessment in this stage.
    screening: bool = False
    # Consulted bodies give their opinions in this stage; leaving it closes the
    # consultations, and the row that leaves it cites their opinions (requests_app.guards).
    consulting: bool = False

    @property
    def key(self) -> str:
        return self.status.value

    @property
    def staff_label(self) -> str:
        return str(self.status.label)


STAGES: tuple[Stage, ...] = (
    Stage(Status.DRAFT, partner_label=_("Draft"), partner_filter="draft", partner_editable=True),
    Stage(Status.SUBMITTED, partner_label=_("Submitted"), partner_filter="submitted", open=True),
    # Partners see one "Under review" for screening and consultation.
    Stage(
        Status.SCREENING,
        partner_label=_("Under review"),
        partner_filter="review",
        open=True,
        screening=True,
    ),
    Stage(
        Status.CLARIFICATION,
        partner_label=_("Clarification requested"),
        partner_filter="clarification",
        open=True,
        partner_editable=True,
        screening=True,
    ),
    Stage(
        Status.CONSULTATION,
        partner_label=_("Under review"),
        partner_filter="review",
        open=True,
        consulting=True,
    ),
    Stage(Status.APPROVED, partner_label=_("Approved"), partner_filter="approved", decision=True),
    Stage(
        Status.REJECTED, partner_label=_("Not approved"), partner_filter="rejected", decision=True
    ),
    Stage(Status.WITHDRAWN, partner_label=_("Withdrawn"), partner_filter="withdrawn"),
)

STAGE: dict[str, Stage] = {s.key: s for s in STAGES}


class Role(StrEnum):
    PARTNER = "partner"  # a member of the requesting institution
    STAFF = "staff"  # MIEUX+ team
    MANAGER = "manager"  # records the Steering Committee's decisions
    # A member of a co-requesting institution that has confirmed: reads the request and
    # writes messages, takes no transition (`requests_app.joint`).
    CO_REQUESTER = "co_requester"


class Audience(StrEnum):
    """Who an e-mail goes to (requests_app.notify resolves each to people)."""

    PARTNER = "partner"  # every active member of the requesting institution
    TRIAGE = "triage"  # TRIAGE_EMAILS when set, else every active member of the staff groups
    TEAM = "team"  # the assignee, or the triage recipients while nobody is assigned
    ASSIGNEE = "assignee"  # the assignee only
    # Every active member of a co-requesting institution that has confirmed: they read the
    # request (`CapacityRequest.objects.visible_to`), so they may hear of it.
    CO_REQUESTERS = "co_requesters"
    # The members of the institution a co-request names (its invitation to answer).
    NAMED = "named"
    # The members of the bodies consulted on the request (open consultations), or of the
    # one body a reminder concerns: they open the consultee pages, never the partner's.
    CONSULTEES = "consultees"


# Audiences that open the partner's pages; the others open the staff desk or the consultee
# pages, which show no draft (so they hear of nothing about a draft).
PARTNER_AUDIENCES = frozenset({Audience.PARTNER, Audience.CO_REQUESTERS, Audience.NAMED})
STAFF_AUDIENCES = frozenset(set(Audience) - PARTNER_AUDIENCES)


@dataclass(frozen=True)
class Tell:
    """One audience of an event and its e-mail: templates/emails/<template>_subject.txt,
    _body.txt and _body.html."""

    audience: Audience
    template: str
    # Sent only when the transition carries a comment (a step the partner would not notice
    # otherwise: the stage's partner label does not change).
    only_with_comment: bool = False


@dataclass(frozen=True)
class Notice:
    """A notification event: who is e-mailed with which template.

    An event nobody hears of says so with `nobody=True` (and a reason in a comment), so a
    forgotten audience fails the tests instead of dropping the event silently. Each person is
    e-mailed once, with the template of the first audience that holds them.
    """

    event: str
    tell: tuple[Tell, ...] = ()
    nobody: bool = False
    # The actor is e-mailed too (an acknowledgement); otherwise the actor is left out.
    acknowledged: bool = False


def tell(event: str, *audiences: Audience, acknowledged: bool = False) -> Notice:
    """A notice whose every audience reads the event's own template."""
    return Notice(event, tuple(Tell(a, event) for a in audiences), acknowledged=acknowledged)


@dataclass(frozen=True)
class Transition:
    key: str
    sources: tuple[Status, ...]
    target: Status
    roles: frozenset[Role]
    label: Promise
    notice: Notice
    comment_required: bool = False
    # What introduces the comment on the partner's timeline ("Comment:" when empty).
    comment_label: Promise | None = None
    partner_visible: bool = True
    # Refused (with the problems listed) while the request is incomplete.
    requires_complete: bool = False
    # Refused (with the gaps listed) until every active eligibility criterion has a verdict
    # and the screening has a recommendation (requests_app.assessment).
    requires_screening: bool = False
    # Refused until the bodies to consult are named with a deadline: the desk's form asks
    # for them and opens the consultations first (requests_app.consultation).
    consults: bool = False
    # Submits: gives the reference (the first time) and stamps `submitted_at`.
    submits: bool = False
    # The actor becomes the assignee when nobody is assigned yet.
    assigns_actor: bool = False
    button_class: str = "primary"

    @property
    def event(self) -> str:
        return self.notice.event

    @property
    def offers_comment(self) -> bool:
        """Whether the desk offers a comment box: required ones, and optional ones wherever
        the partner would read the comment (on the timeline and in the e-mail)."""
        return self.comment_required or self.partner_visible


OPEN: tuple[Status, ...] = tuple(s.status for s in STAGES if s.open)

TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        key="submit",
        sources=(Status.DRAFT,),
        target=Status.SUBMITTED,
        roles=frozenset({Role.PARTNER}),
        label=_("Submit"),
        # The submitter's colleagues and the submitter (an acknowledgement), and triage.
        notice=Notice(
            "request_submitted",
            (
                Tell(Audience.PARTNER, "request_submitted"),
                Tell(Audience.CO_REQUESTERS, "request_submitted"),
                Tell(Audience.TRIAGE, "request_submitted_staff"),
            ),
            acknowledged=True,
        ),
        requires_complete=True,
        submits=True,
    ),
    Transition(
        key="start_screening",
        sources=(Status.SUBMITTED,),
        target=Status.SCREENING,
        roles=frozenset({Role.STAFF, Role.MANAGER}),
        label=_("Start screening"),
        # The partner's one e-mail for the "Under review" period (consultation, which
        # follows, reads the same to the partner); the one who starts it becomes assignee.
        notice=tell("review_started", Audience.PARTNER, Audience.CO_REQUESTERS),
        assigns_actor=True,
    ),
    Transition(
        key="ask_clarification",
        sources=(Status.SCREENING,),
        target=Status.CLARIFICATION,
        roles=frozenset({Role.STAFF, Role.MANAGER}),
        label=_("Ask for clarification"),
        notice=tell("clarification_requested", Audience.PARTNER),
        comment_required=True,
        comment_label=_("Question:"),
        button_class="warning",
    ),
    Transition(
        key="resubmit",
        sources=(Status.CLARIFICATION,),
        target=Status.SCREENING,
        roles=frozenset({Role.PARTNER}),
        label=_("Answer and resubmit"),
        notice=tell("request_resubmitted", Audience.TEAM),
        comment_required=True,
        comment_label=_("Answer:"),
        # An answer to a clarification must not send back a request left incomplete.
        requires_complete=True,
    ),
    Transition(
        key="to_consultation",
        sources=(Status.SCREENING,),
        target=Status.CONSULTATION,
        roles=frozenset({Role.STAFF, Role.MANAGER}),
        label=_("Send to consultation"),
        # Still "Under review" to the partners: told only of a comment meant for them. Each
        # consulted body's members are asked for their opinion.
        notice=Notice(
            "consultation_started",
            (
                Tell(Audience.PARTNER, "consultation_started", only_with_comment=True),
                Tell(Audience.CO_REQUESTERS, "consultation_started", only_with_comment=True),
                Tell(Audience.CONSULTEES, "consultation_requested"),
            ),
        ),
        requires_screening=True,
        consults=True,
    ),
    Transition(
        key="approve",
        sources=(Status.CONSULTATION,),
        target=Status.APPROVED,
        roles=frozenset({Role.MANAGER}),
        label=_("Approve"),
        notice=tell("request_approved", Audience.PARTNER, Audience.CO_REQUESTERS, Audience.TEAM),
        # The decision is reasoned, and the partner reads the reasons (issue 13).
        comment_required=True,
        button_class="success",
    ),
    Transition(
        key="reject",
        sources=(Status.CONSULTATION,),
        target=Status.REJECTED,
        roles=frozenset({Role.MANAGER}),
        label=_("Reject"),
        notice=tell("request_rejected", Audience.PARTNER, Audience.CO_REQUESTERS, Audience.TEAM),
        comment_required=True,
        comment_label=_("Reason:"),
        button_class="danger",
    ),
    Transition(
        key="reopen",
        sources=(Status.REJECTED,),
        target=Status.SCREENING,
        roles=frozenset({Role.MANAGER}),
        label=_("Reopen"),
        notice=tell("request_reopened", Audience.PARTNER, Audience.CO_REQUESTERS, Audience.TEAM),
        comment_required=True,
        button_class="secondary",
    ),
    Transition(
        key="withdraw",
        sources=OPEN,
        target=Status.WITHDRAWN,
        roles=frozenset({Role.PARTNER}),
        label=_("Withdraw"),
        notice=tell("request_withdrawn", Audience.TEAM, Audience.CO_REQUESTERS),
        comment_label=_("Reason:"),
        button_class="danger",
    ),
)

BY_KEY: dict[str, Transition] = {t.key: t for t in TRANSITIONS}

# Notification events that are not transitions.
# A co-requester's message is the partners' side too: the team hears of it.
MESSAGE_FROM_PARTNER = tell("message_from_partner", Audience.TEAM)
MESSAGE_FROM_STAFF = tell("message_from_staff", Audience.PARTNER, Audience.CO_REQUESTERS)
ASSIGNED = tell("assigned", Audience.ASSIGNEE)
# Joint requests (`requests_app.joint`): naming an institution asks its members to answer;
# its answer is told to the requesting institution and, once submitted, to the team.
CO_REQUEST_INVITED = tell("corequest_invited", Audience.NAMED)
CO_REQUEST_ANSWERED = tell("corequest_answered", Audience.PARTNER, Audience.TEAM)
# Consultation (`requests_app.consultation`): a body's opinion is told to the team; a body
# that has not given one is reminded before the deadline (on beat, once each).
OPINION_GIVEN = tell("opinion_given", Audience.TEAM)
CONSULTATION_REMINDER = tell("consultation_reminder", Audience.CONSULTEES)

# Every notification event of a request, by name.
NOTICES: dict[str, Notice] = {
    n.event: n
    for n in (
        *(t.notice for t in TRANSITIONS),
        MESSAGE_FROM_PARTNER,
        MESSAGE_FROM_STAFF,
        ASSIGNED,
        CO_REQUEST_INVITED,
        CO_REQUEST_ANSWERED,
        OPINION_GIVEN,
        CONSULTATION_REMINDER,
    )
}

# Partner-facing filter groups for "My requests": key → (label, stages), in stage order.
PARTNER_FILTERS: dict[str, tuple[Promise, tuple[Status, ...]]] = {
    s.partner_filter: (
        s.partner_label,
        tuple(o.status for o in STAGES if o.partner_filter == s.partner_filter),
    )
    for s in STAGES
}


def partner_label(status: str) -> Promise:
    return STAGE[status].partner_label


def partner_sees_change(from_status: str, to_status: str) -> bool:
    """Whether the partner reads a move between these stages as a change of stage (False for
    screening → consultation: both "Under review")."""
    if not from_status:
        return True
    # Stages that share a partner filter share their partner label (see `Stage`).
    return STAGE[from_status].partner_filter != STAGE[to_status].partner_filter


def partner_editable(status: str) -> bool:
    """Whether the partner may still change the request's fields and files."""
    return STAGE[status].partner_editable


def roles_of(user: Any, request: CapacityRequest) -> set[Role]:
    """The workflow roles this user holds on this request (may be empty)."""
    roles: set[Role] = set()
    if not user.is_authenticated or not user.is_active:
        return roles
    membership = getattr(user, "membership", None)
    if membership is not None and membership.institution_id == request.institution_id:
        roles.add(Role.PARTNER)
    elif (
        membership is not None
        and request.corequests.confirmed().filter(institution_id=membership.institution_id).exists()
    ):
        roles.add(Role.CO_REQUESTER)
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
    lines = ["stateDiagram-v2", f"    [*] --> {STAGES[0].key}"]
    for t in TRANSITIONS:
        who = "/".join(sorted(r.value for r in t.roles))
        for source in t.sources:
            lines.append(f"    {source.value} --> {t.target.value}: {t.key} ({who})")
    left = {source for t in TRANSITIONS for source in t.sources}
    lines.extend(f"    {s.key} --> [*]" for s in STAGES[1:] if s.status not in left)
    return "\n".join(lines)
