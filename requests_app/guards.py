"""What a transition checks beyond the table's roles and stages, and what it does after.

`services.request_transition` asks :func:`transition_refusal` under the row lock (a row's
`requires_screening` and `consults` flags) and calls :func:`transition_done` once the
stage has changed: leaving a consulting stage closes the request's open consultations and
links them to the timeline row that closed them, so a decision cites the opinions it
considered (`requests_app.consultation.opinions_considered`). The stage flags, not keys,
decide; nothing here keys on a label.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts_app.models import User

from . import workflow
from .assessment import screening_gaps
from .consultation_models import Consultation
from .models import CapacityRequest, EventKind, RequestEvent, Visibility


def transition_refusal(transition: workflow.Transition, request: CapacityRequest) -> str | None:
    """Why the transition cannot be taken on this (locked) request now, or None."""
    if transition.requires_screening and (gaps := screening_gaps(request)):
        return _("The screening assessment is not complete; still missing: %(gaps)s.") % {
            "gaps": "; ".join(gaps)
        }
    if transition.consults and not Consultation.objects.open().filter(request=request).exists():
        return _("Name the bodies to consult and the deadline of their opinions.")
    return None


def transition_done(
    *, request: CapacityRequest, previous: str, row: RequestEvent, actor: User | None
) -> None:
    """After a move from ``previous``: close the consultations when the request leaves a
    consulting stage, recording (staff-side) which opinions the step considered."""
    if not workflow.STAGE[previous].consulting or workflow.STAGE[request.status].consulting:
        return
    closing = Consultation.objects.open().filter(request=request).select_related("body")
    cited = []
    for consultation in closing.select_related("opinion"):
        opinion = consultation.opinion_or_none
        stance = opinion.get_stance_display() if opinion else _("no opinion")
        cited.append(f"{consultation.body}: {stance}")
    closing.update(closed_at=timezone.now(), decision=row)
    if cited:
        RequestEvent.objects.create(
            request=request,
            kind=EventKind.CONSULTATION,
            actor=actor,
            body=_("Opinions considered: %(opinions)s.") % {"opinions": "; ".join(cited)},
            visibility=Visibility.STAFF,
            created_at=row.created_at,
        )
