"""People and the partner institutions they act for."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from mieux_portal import languages
from mieux_portal.history import HistoricalRecords
from mieux_portal.loading import DeferredLoading


class UserManager(BaseUserManager["User"]):
    """Users log in by e-mail; there is no username."""

    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(DeferredLoading, AbstractUser):
    """A portal user: a partner official, a MIEUX+ staff member or a manager."""

    username = None  # type: ignore[assignment, misc]
    email = models.EmailField(_("e-mail address"), unique=True)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=languages.active_choices,
        default="en",
        help_text=_("Pages after login and every e-mail use this language."),
    )
    position = models.CharField(_("position"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    # Decisions and clarification requests are always sent; only these two can be switched off.
    receive_reminders = models.BooleanField(
        _("receive reminders"),
        default=True,
        help_text=_("Weekly reminders about unanswered clarifications and idle drafts."),
    )
    receive_digest = models.BooleanField(
        _("receive the daily digest"),
        default=True,
        help_text=_("MIEUX+ staff: a morning summary of new and waiting requests."),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []  # type: ignore[misc]

    objects = UserManager()  # type: ignore[misc, assignment]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        if self.is_erased:
            return self.get_full_name()
        name = self.get_full_name()
        return f"{name} <{self.email}>" if name else self.email

    @property
    def is_erased(self) -> bool:
        """Anonymised at the user's request (accounts_app.services.user_erase)."""
        # ".invalid" is reserved and refused by sign-up, so no real address ends so.
        return self.email.endswith("@invalid") and self.email.startswith("erased-")

    def get_full_name(self) -> str:
        # The pseudonym of an erased user, wherever a name is shown (timelines, admin).
        if self.is_erased:
            return str(_("Former user #%(pk)s") % {"pk": self.pk})
        return super().get_full_name()

    @property
    def institution(self) -> PartnerInstitution | None:
        """The institution this user acts for, or None (staff, or not yet set up)."""
        membership = getattr(self, "membership", None)
        return membership.institution if membership else None


class InstitutionKind(models.Model):
    """Reference data: national authority, local authority, civil society, …"""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    is_governmental = models.BooleanField(
        _("governmental"),
        default=True,
        help_text=_("A governmental institution may request alone."),
    )
    needs_governmental_partner = models.BooleanField(
        _("needs a governmental co-requester"),
        default=False,
        help_text=_("Civil society may request only jointly with a governmental institution."),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("institution kind")
        verbose_name_plural = _("institution kinds")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name


class PartnerInstitution(DeferredLoading, models.Model):
    """A public institution (or civil-society organisation) of a partner country."""

    name = models.CharField(
        _("name"), max_length=300, help_text=_("The official name, as written in your country.")
    )
    english_name = models.CharField(_("name in English"), max_length=300, blank=True)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    kind = models.ForeignKey(
        InstitutionKind, on_delete=models.PROTECT, related_name="+", verbose_name=_("kind")
    )
    country = CountryField(_("country"))
    address = models.TextField(_("address"), blank=True)
    website = models.URLField(_("website"), blank=True)
    verified = models.BooleanField(_("verified"), default=False)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    # Every change, by whom (services set the actor): staff correct partners' data.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("partner institution")
        verbose_name_plural = _("partner institutions")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.label_of(self.name, self.acronym)

    @staticmethod
    def label_of(name: str, acronym: str) -> str:
        """How an institution is named in lists: "Name (ACRONYM)", or the name alone."""
        return f"{name} ({acronym})" if acronym else name


class Membership(models.Model):
    """A user acts for exactly one institution; an institution has many members."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="membership",
        verbose_name=_("user"),
    )
    institution = models.ForeignKey(
        PartnerInstitution,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("institution"),
    )
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)

    # Who added, moved or removed a member, and when (services set the actor).
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} → {self.institution}"


def new_invitation_token() -> str:
    return secrets.token_urlsafe(32)


def invitation_expiry() -> datetime:
    return timezone.now() + timedelta(days=settings.INVITATION_DAYS)


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def pending(self, now: datetime | None = None) -> InvitationQuerySet:
        """Neither accepted nor revoked, and not yet expired."""
        return self.filter(
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=now or timezone.now(),
        )


class Invitation(models.Model):
    """A member's invitation to a colleague: the link signs them up into the institution."""

    institution = models.ForeignKey(
        PartnerInstitution,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("institution"),
    )
    email = models.EmailField(_("e-mail address"))
    token = models.CharField(
        _("token"), max_length=64, unique=True, default=new_invitation_token, editable=False
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    language = models.CharField(
        _("language of the invitation"),
        max_length=8,
        choices=languages.active_choices,
        default="en",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"), default=invitation_expiry)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["institution", "email"])]

    def __str__(self) -> str:
        return f"{self.email} → {self.institution}"

    def refusal(self, now: datetime | None = None) -> str | None:
        """Why the link cannot be used any more ("accepted", "revoked", "expired"), or None."""
        if self.accepted_at is not None:
            return "accepted"
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at <= (now or timezone.now()):
            return "expired"
        return None


class BodyKind(models.TextChoices):
    DELEGATION = "delegation", _("EU Delegation")
    STEERING = "steering", _("Steering Committee service")


class ConsultedBody(models.Model):
    """A body consulted before the decision on a request (reference data): the EU
    Delegation in a country, or a Commission service of the Steering Committee (DG INTPA,
    DG HOME, EEAS, DG NEAR). Its members are consultees (`Consultee`)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=BodyKind.choices)
    name = models.CharField(_("name"), max_length=200)
    # The Delegation's country (a Steering Committee service has none).
    country = CountryField(_("country"), blank=True)
    active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("consulted body")
        verbose_name_plural = _("consulted bodies")
        ordering = ["kind", "position", "code"]

    def __str__(self) -> str:
        return self.name


class Consultee(models.Model):
    """A user who speaks for a consulted body: the consultee role (no staff status, no
    institution; two factors required, `accounts_app.roles`)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="consultee",
        verbose_name=_("user"),
    )
    body = models.ForeignKey(
        ConsultedBody,
        on_delete=models.CASCADE,
        related_name="members",
        verbose_name=_("consulted body"),
    )
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        verbose_name = _("consultee")
        verbose_name_plural = _("consultees")

    def __str__(self) -> str:
        return f"{self.user} → {self.body}"
