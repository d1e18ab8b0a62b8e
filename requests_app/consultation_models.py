"""Consultation of outside bodies before the decision: who is asked, by when, and their opinion.

Sending a request to consultation opens one `Consultation` per consulted body
(`accounts_app.ConsultedBody`: the EU Delegation of the country, Steering Committee
services), with a deadline. Each body gives at most one `Opinion`, which its members may
revise until the decision; the decision closes the consultations and cites their opinions
(`Consultation.decision`, the decision's timeline row). Opinions are staff- and
consultee-side only: no partner or co-requester page, e-mail, export or API reads them.
Writes go through `requests_app.consultation`.

Imported at the end of `requests_app.models`, so Django registers these models with the app.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts_app.models import ConsultedBody
from mieux_portal import sharedcache

if TYPE_CHECKING:
    from accounts_app.models import User


class Stance(models.TextChoices):
    SUPPORTS = "supports", _("Supports")
    CONDITIONS = "conditions", _("Supports with conditions")
    OPPOSES = "opposes", _("Does not support")


# The shared cache's version of what is counted of consultations and their opinions
# (`requests_app.overdue`): renewed by every write of either.
CHANGES_VERSION = "consultations"


class ConsultationQuerySet(models.QuerySet["Consultation"]):
    def update(self, **kwargs: Any) -> int:
        """Django's update, which sends no signals, renewing the consultations version."""
        updated = super().update(**kwargs)
        sharedcache.renew(CHANGES_VERSION)
        return updated

    def open(self) -> ConsultationQuerySet:
        """Not yet closed by a decision (nor by the request leaving consultation)."""
        return self.filter(closed_at__isnull=True)

    def of_user(self, user: User | Any) -> ConsultationQuerySet:
        """The consultations of the body this user speaks for (none for anyone else)."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(body__members__user_id=user.pk)

    def awaiting_opinion(self) -> ConsultationQuerySet:
        return self.open().filter(opinion__isnull=True)

    def overdue(self, today: date | None = None) -> ConsultationQuerySet:
        """Open, without an opinion, past the deadline."""
        return self.awaiting_opinion().filter(deadline__lt=today or timezone.localdate())


class Consultation(models.Model):
    """One body asked for its opinion on one request, by a deadline."""

    request = models.ForeignKey(
        "requests_app.CapacityRequest",
        on_delete=models.CASCADE,
        related_name="consultations",
        verbose_name=_("request"),
    )
    body = models.ForeignKey(
        ConsultedBody,
        on_delete=models.PROTECT,
        related_name="consultations",
        verbose_name=_("consulted body"),
    )
    deadline = models.DateField(_("deadline"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("asked by"),
    )
    requested_at = models.DateTimeField(_("asked"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # The decision's timeline row: the decision cites the opinions of these consultations.
    decision = models.ForeignKey(
        "requests_app.RequestEvent",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=_("decision"),
    )

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["requested_at", "body__kind", "body__position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "body"],
                condition=Q(closed_at__isnull=True),
                name="one_open_consultation_per_body",
            )
        ]
        indexes = [models.Index(fields=["closed_at", "deadline"])]

    def __str__(self) -> str:
        return f"{self.body} ({self.deadline:%Y-%m-%d})"

    def is_overdue(self, today: date | None = None) -> bool:
        return (
            self.closed_at is None
            and self.opinion_or_none is None
            and self.deadline < (today or timezone.localdate())
        )

    @property
    def opinion_or_none(self) -> Opinion | None:
        try:
            return self.opinion
        except Opinion.DoesNotExist:
            return None


class Opinion(models.Model):
    """A consulted body's opinion on a request: revisable until the decision."""

    consultation = models.OneToOneField(
        Consultation,
        on_delete=models.CASCADE,
        related_name="opinion",
        verbose_name=_("consultation"),
    )
    stance = models.CharField(_("opinion"), max_length=20, choices=Stance.choices)
    comment = models.TextField(_("comment"), blank=True)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("given by"),
    )
    given_at = models.DateTimeField(_("given"), default=timezone.now)
    updated_at = models.DateTimeField(_("last change"), default=timezone.now)

    class Meta:
        verbose_name = _("opinion")
        verbose_name_plural = _("opinions")

    def __str__(self) -> str:
        return f"{self.consultation.body}: {self.get_stance_display()}"
