"""Joint requests: each co-requesting institution named on a request, and its answer.

A model of `requests_app`, kept in its own module; `models` imports it, so the app's
model registry and migrations see it like any other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts_app.models import PartnerInstitution

from .models import CapacityRequest

if TYPE_CHECKING:
    from accounts_app.models import User


class CoRequestStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Declined")


# Answers whose institution's members read the request (`CapacityRequest.objects.visible_to`).
READING_ANSWERS: tuple[str, ...] = (CoRequestStatus.PENDING.value, CoRequestStatus.CONFIRMED.value)


class CoRequestQuerySet(models.QuerySet["CoRequest"]):
    def confirmed(self) -> CoRequestQuerySet:
        return self.filter(status=CoRequestStatus.CONFIRMED)

    def governmental(self) -> CoRequestQuerySet:
        return self.filter(institution__kind__is_governmental=True)

    def of_user(self, user: User | Any) -> CoRequestQuerySet:
        """The co-requests of the user's institution (none for a user without one)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(institution__memberships__user_id=user.pk)


class CoRequest(models.Model):
    """An institution named as co-requester of a joint request, and its answer.

    Naming one invites it; its members confirm or decline (with a reason) from the portal.
    """

    request = models.ForeignKey(
        CapacityRequest,
        on_delete=models.CASCADE,
        related_name="corequests",
        verbose_name=_("request"),
    )
    institution = models.ForeignKey(
        PartnerInstitution,
        on_delete=models.CASCADE,
        related_name="corequests",
        verbose_name=_("co-requesting institution"),
    )
    status = models.CharField(
        _("answer"), max_length=20, choices=CoRequestStatus.choices, default=CoRequestStatus.PENDING
    )
    reason = models.TextField(_("reason"), blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("named by"),
    )
    invited_at = models.DateTimeField(_("named"), default=timezone.now)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    objects = CoRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("co-request")
        verbose_name_plural = _("co-requests")
        ordering = ["invited_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["request", "institution"], name="one_corequest_each")
        ]
        # "My requests" of a co-requester, and `visible_to`, look rows up by institution.
        indexes = [models.Index(fields=["institution", "status"])]

    def __str__(self) -> str:
        return f"{self.institution}: {self.get_status_display()}"
