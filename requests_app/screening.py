"""Recording the screening assessment (the staff desk's screening page calls this).

Keyword-only, typed, one transaction, no HTTP request and no UI messages, like
`requests_app.services`. The assessment is staff-side only: its timeline row is internal.
Sending to consultation checks its completeness through the workflow row's
`requires_screening` flag, in `services.request_transition`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts_app.models import User

from . import workflow
from .assessment import (
    EligibilityCriterion,
    Recommendation,
    ScreeningAnswer,
    ScreeningAssessment,
    Verdict,
    screening_gaps,
)
from .models import CapacityRequest, EventKind, RequestEvent, Visibility
from .services import TransitionNotAllowed, WorkflowError


@dataclass(frozen=True)
class CriterionInput:
    """What the desk posted for one criterion."""

    criterion_id: int
    verdict: str
    comment: str = ""


def _clean(value: str | None) -> str:
    return (value or "").replace("\x00", "").strip()


def screening_for(request: CapacityRequest) -> ScreeningAssessment | None:
    return ScreeningAssessment.objects.filter(request_id=request.pk).first()


@transaction.atomic
def screening_record(
    *,
    request: CapacityRequest,
    actor: User,
    answers: list[CriterionInput],
    recommendation: str,
    comment: str = "",
) -> ScreeningAssessment:
    """Store the team's verdict on each criterion and the recommendation.

    Allowed to staff and managers while the stage row says the screening is open. An
    incomplete assessment may be saved (and finished later); an internal timeline row
    records who changed it and how complete it is.
    """
    locked = CapacityRequest.objects.select_for_update().get(pk=request.pk)
    if not {workflow.Role.STAFF, workflow.Role.MANAGER} & workflow.roles_of(actor, locked):
        raise TransitionNotAllowed(_("You are not allowed to do this."))
    if not workflow.STAGE[locked.status].screening:
        raise TransitionNotAllowed(
            _("The screening can be recorded only while the request is being screened.")
        )
    if recommendation and recommendation not in Recommendation.values:
        raise WorkflowError(_("Choose one of the recommendations."))
    criteria = {c.pk: c for c in EligibilityCriterion.objects.all()}
    for given in answers:
        if given.criterion_id not in criteria:
            raise WorkflowError(_("This criterion does not exist any more; reload the page."))
        if given.verdict and given.verdict not in Verdict.values:
            raise WorkflowError(_("Choose met, not met or unclear."))
    assessment, _created = ScreeningAssessment.objects.get_or_create(request=locked)
    assessment.recommendation = recommendation
    assessment.comment = _clean(comment)
    assessment.updated_by = actor
    assessment.updated_at = timezone.now()
    assessment.save()
    for given in answers:
        ScreeningAnswer.objects.update_or_create(
            assessment=assessment,
            criterion=criteria[given.criterion_id],
            defaults={"verdict": given.verdict, "comment": _clean(given.comment)},
        )
    gaps = screening_gaps(locked)
    RequestEvent.objects.create(
        request=locked,
        kind=EventKind.SCREENING,
        actor=actor,
        body=(
            str(_("Screening assessment complete."))
            if not gaps
            else str(_("Screening assessment saved; still missing: %(gaps)s."))
            % {"gaps": "; ".join(gaps)}
        ),
        visibility=Visibility.STAFF,
    )
    return assessment
