"""The screening assessment: a request measured against the programme's eligibility criteria.

The criteria are translated reference data that managers edit in the admin
(`EligibilityCriterion`, registered with modeltranslation and history in translation.py).
A request has at most one assessment: one answer per criterion (met / not met / unclear,
with a comment) and the team's recommendation. All of it is staff-side only: no partner
page, e-mail or export reads these models. Writes go through `requests_app.screening`.

Imported at the end of `requests_app.models`, so Django registers these models with the app.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from .models import CapacityRequest


class EligibilityCriterion(models.Model):
    """One criterion of the programme's eligibility screening (translated reference data)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("what to check"), blank=True)
    # A retired criterion keeps the answers given to it but is no longer asked.
    active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("eligibility criterion")
        verbose_name_plural = _("eligibility criteria")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name


class Verdict(models.TextChoices):
    MET = "met", _("Met")
    NOT_MET = "not_met", _("Not met")
    UNCLEAR = "unclear", _("Unclear")


class Recommendation(models.TextChoices):
    CONSULT = "consult", _("Eligible: send to consultation")
    CLARIFY = "clarify", _("Ask the partner for clarification")
    REJECT = "reject", _("Not eligible: recommend rejection")


class ScreeningAssessment(models.Model):
    """The team's screening of one request: the answers and the recommendation."""

    request = models.OneToOneField(
        "requests_app.CapacityRequest",
        on_delete=models.CASCADE,
        related_name="screening",
        verbose_name=_("request"),
    )
    recommendation = models.CharField(
        _("recommendation"), max_length=20, choices=Recommendation.choices, blank=True
    )
    comment = models.TextField(_("overall comment"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last changed by"),
    )
    updated_at = models.DateTimeField(_("last change"), default=timezone.now)

    class Meta:
        verbose_name = _("screening assessment")
        verbose_name_plural = _("screening assessments")

    def __str__(self) -> str:
        return str(_("Screening of %(request)s") % {"request": self.request_id})


class ScreeningAnswer(models.Model):
    """The answer to one criterion in one assessment."""

    assessment = models.ForeignKey(
        ScreeningAssessment,
        on_delete=models.CASCADE,
        related_name="answers",
        verbose_name=_("screening assessment"),
    )
    criterion = models.ForeignKey(
        EligibilityCriterion,
        on_delete=models.PROTECT,
        related_name="answers",
        verbose_name=_("criterion"),
    )
    verdict = models.CharField(_("verdict"), max_length=20, choices=Verdict.choices, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("screening answer")
        verbose_name_plural = _("screening answers")
        ordering = ["criterion__position", "criterion__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "criterion"], name="one_answer_per_criterion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.get_verdict_display()}"


def screening_gaps(request: CapacityRequest) -> list[str]:
    """What keeps the request's screening from being complete: the names of the active
    criteria without a verdict, then the recommendation if none is given (empty when
    complete)."""
    assessment = ScreeningAssessment.objects.filter(request_id=request.pk).first()
    answered = (
        set(assessment.answers.exclude(verdict="").values_list("criterion_id", flat=True))
        if assessment
        else set()
    )
    gaps = [
        str(criterion)
        for criterion in EligibilityCriterion.objects.filter(active=True)
        if criterion.pk not in answered
    ]
    if assessment is None or not assessment.recommendation:
        gaps.append(str(_("the recommendation")))
    return gaps
