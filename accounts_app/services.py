"""Every write to users' profiles, institutions and memberships goes through here.

Functions are keyword-only, take no HTTP request and set no UI messages; views, the admin,
allauth's sign-up form and commands call them. Each runs in one transaction. Every change
to an institution or a membership leaves a history row naming who made it (the models'
``history``), so what MIEUX+ staff changed in a partner's data can be traced.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import models, transaction
from django.db.models import Model, Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from mieux_portal.forms import one_line
from notifications_app.services import absolute_url, notification_queue, notify_user

from . import personal_data
from .models import Invitation, Membership, PartnerInstitution, User

# What a partner may write about their institution. The verification fields are kept
# out on purpose: only MIEUX+ managers set them, through institution_verify().
EDITABLE_FIELDS = frozenset(
    {"name", "english_name", "acronym", "kind", "country", "address", "website"}
)
VERIFY_PERMISSION = "accounts_app.change_partnerinstitution"
VERIFICATION_FIELDS = ("verified", "verified_at", "verified_by")
# What MIEUX+ checks when it verifies an institution: changing one withdraws the verification.
VERIFIED_FIELDS = frozenset({"name", "kind", "country"})
META = PartnerInstitution._meta


def _field(name: str) -> models.Field:
    field = META.get_field(name)
    assert isinstance(field, models.Field)
    return field


def _check_fields(fields: dict[str, Any]) -> None:
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        # A programming error, not a user's: callers pass form data, never raw input.
        raise TypeError(f"Not editable on an institution: {', '.join(sorted(unknown))}")


@transaction.atomic
def institution_create(*, actor: User, **fields: Any) -> PartnerInstitution:
    """Create an institution and make ``actor`` its first member.

    Refused (ValidationError, code ``already_member``) when the actor already acts for an
    institution: a user belongs to exactly one.
    """
    _check_fields(fields)
    # Lock the user's row so two simultaneous submissions cannot create two institutions
    # (the second would otherwise fail late on the membership's unique constraint).
    User.objects.select_for_update().filter(pk=actor.pk).first()
    if Membership.objects.filter(user=actor).exists():
        raise ValidationError(
            _("You already belong to an institution; ask MIEUX+ if you need to change it."),
            code="already_member",
        )
    institution = PartnerInstitution(**fields)
    institution.full_clean()
    _save(institution, actor)
    _save(Membership(user=actor, institution=institution), actor)
    return institution


@transaction.atomic
def institution_update(
    *, institution: PartnerInstitution, actor: User, **fields: Any
) -> PartnerInstitution:
    """Change an institution's details; only its members may.

    MIEUX+ verified who the institution is: its name, kind and country (VERIFIED_FIELDS).
    Changing any of them withdraws the verification (flag, date and verifier emptied) until
    a manager verifies it again, and the managers are told by e-mail; correcting a typo in
    the address or the website keeps it. Like every change, it leaves a history row naming
    the member.
    """
    _check_fields(fields)
    if not Membership.objects.filter(user=actor, institution=institution).exists():
        raise PermissionDenied(_("Only members of an institution may change its details."))
    institution = PartnerInstitution.objects.select_for_update().get(pk=institution.pk)
    before = PartnerInstitution(
        **{field.attname: field.value_from_object(institution) for field in META.concrete_fields}
    )
    for name, value in fields.items():
        setattr(institution, name, value)
    institution.full_clean()
    changed = [
        name
        for name in sorted(fields)
        if _field(name).value_to_string(before) != _field(name).value_to_string(institution)
    ]
    withdrawn = institution.verified and not VERIFIED_FIELDS.isdisjoint(changed)
    if withdrawn:
        institution.verified = False
        institution.verified_at = None
        institution.verified_by = None
    # The history row names the member and keeps the values before (verification included).
    saved = sorted(fields) + (list(VERIFICATION_FIELDS) if withdrawn else [])
    _save(institution, actor, update_fields=saved)
    if withdrawn:
        _tell_verifiers(before=before, institution=institution, actor=actor, changed=changed)
    return institution


def verifiers() -> list[User]:
    """Active staff who may verify institutions (the permission, through a group or not)."""
    permission = Permission.objects.get(
        content_type__app_label="accounts_app", codename="change_partnerinstitution"
    )
    return list(
        User.objects.filter(is_active=True, is_staff=True)
        .filter(Q(groups__permissions=permission) | Q(user_permissions=permission))
        .distinct()
        .order_by("pk")
    )


def _tell_verifiers(
    *, before: PartnerInstitution, institution: PartnerInstitution, actor: User, changed: list[str]
) -> None:
    for user in verifiers():
        with translation.override(user.preferred_language):
            fields = [str(_field(name).verbose_name) for name in changed]
        notify_user(
            user=user,
            event="institution_reverify",
            context={
                "before": before,
                "institution": institution,
                "changed": fields,
                "actor_name": one_line(actor.get_full_name()),
                "actor_email": actor.email,
                "link": absolute_url(
                    "admin:accounts_app_partnerinstitution_change",
                    language=user.preferred_language,
                    args=(institution.pk,),
                ),
            },
            key=f"institution_reverify:{institution.pk}:{timezone.now().isoformat()}",
        )


@transaction.atomic
def institution_verify(*, institution: PartnerInstitution, actor: User) -> PartnerInstitution:
    """Record that MIEUX+ checked the institution is who it says it is.

    Needs the ``change_partnerinstitution`` permission (MIEUX+ managers). Verifying an
    institution that is already verified keeps the first verifier and date.
    """
    if not actor.has_perm(VERIFY_PERMISSION):
        raise PermissionDenied(_("Only MIEUX+ managers may verify institutions."))
    institution = PartnerInstitution.objects.select_for_update().get(pk=institution.pk)
    if institution.verified:
        return institution
    institution.verified = True
    institution.verified_at = timezone.now()
    institution.verified_by = actor
    _save(institution, actor, update_fields=list(VERIFICATION_FIELDS))
    return institution


def _save(obj: Model, actor: User | None, **kwargs: Any) -> None:
    """Save with the actor recorded in the history row the save writes."""
    obj._history_user = actor  # type: ignore[attr-defined]
    obj.save(**kwargs)


def _require(actor: User, permission: str) -> None:
    if not actor.has_perm(permission):
        raise PermissionDenied(_("You are not allowed to do this."))


# --- The staff desk (the admin): changes to partners' data, each with a history row -----


@transaction.atomic
def institution_save(*, institution: PartnerInstitution, actor: User) -> PartnerInstitution:
    """Save an institution that staff added or changed on the admin's form.

    The form has put its values on ``institution``. Adding needs the add permission,
    changing the change permission (MIEUX+ managers). The verification keeps its stored
    values: only institution_verify() sets it.
    """
    if institution.pk is None:
        _require(actor, "accounts_app.add_partnerinstitution")
        for name in VERIFICATION_FIELDS:
            setattr(institution, name, PartnerInstitution._meta.get_field(name).get_default())
    else:
        _require(actor, VERIFY_PERMISSION)
        stored = PartnerInstitution.objects.select_for_update().get(pk=institution.pk)
        for name in VERIFICATION_FIELDS:
            setattr(institution, name, getattr(stored, name))
    institution.full_clean()
    _save(institution, actor)
    return institution


@transaction.atomic
def institution_delete(*, institution: PartnerInstitution, actor: User) -> None:
    """Delete an institution (its memberships go with it, each with a history row)."""
    _require(actor, "accounts_app.delete_partnerinstitution")
    for membership in Membership.objects.filter(institution=institution):
        membership_delete(membership=membership, actor=actor)
    institution._history_user = actor  # type: ignore[attr-defined]
    institution.delete()


@transaction.atomic
def membership_save(*, membership: Membership, actor: User) -> Membership:
    """Add a user to an institution, or move them to another one (the staff desk).

    A user acts for one institution: adding a second membership is refused by the form
    (and the database). Needs the add or change permission on memberships.
    """
    action = "add" if membership.pk is None else "change"
    _require(actor, f"accounts_app.{action}_membership")
    User.objects.select_for_update().filter(pk=membership.user_id).first()
    membership.full_clean()
    _save(membership, actor)
    return membership


@transaction.atomic
def membership_delete(*, membership: Membership, actor: User) -> None:
    """Remove a user from their institution; the history row names who did."""
    _require(actor, "accounts_app.delete_membership")
    membership._history_user = actor  # type: ignore[attr-defined]
    membership.delete()


# --- The user's own profile -------------------------------------------------------------

# What users may change about themselves (the e-mail address is allauth's).
PROFILE_FIELDS = frozenset(
    {"first_name", "last_name", "position", "phone", "preferred_language", "receive_reminders"}
)
# Only MIEUX+ staff receive the digest.
STAFF_PROFILE_FIELDS = PROFILE_FIELDS | {"receive_digest"}


@transaction.atomic
def user_update_profile(*, user: User, actor: User, **fields: Any) -> User:
    """Change the user's own name, position, phone, language and e-mail choices."""
    if actor.pk != user.pk:
        raise PermissionDenied(_("Only the account holder may change this profile."))
    allowed = STAFF_PROFILE_FIELDS if user.is_staff else PROFILE_FIELDS
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"Not editable in a profile: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(user, name, value)
    user.save(update_fields=sorted(fields))
    return user


@transaction.atomic
def user_complete_signup(
    *, user: User, first_name: str, last_name: str, preferred_language: str
) -> User:
    """What the sign-up form asks besides the address and password, saved on the new
    account (allauth has just created it)."""
    if preferred_language not in dict(settings.LANGUAGES):
        raise ValidationError(_("Choose a language."), code="language")
    user.first_name = first_name
    user.last_name = last_name
    user.preferred_language = preferred_language
    user.save(update_fields=["first_name", "last_name", "preferred_language"])
    return user


INVITATION_UNVERIFIED = _(
    "You can invite colleagues once MIEUX+ has verified your institution. Until then, "
    "nobody can be invited in its name: this keeps the portal's e-mails trustworthy."
)

# Why an invitation link cannot be used, as the person who clicked it is told.
INVITATION_REFUSALS = {
    "unknown": _("This invitation link is not valid. Check that you copied all of it."),
    "accepted": _("This invitation has already been used. An invitation works only once."),
    "revoked": _("This invitation was withdrawn by your colleague."),
    "expired": _("This invitation has expired. Ask your colleague to invite you again."),
    "already_member": _(
        "You already belong to an institution; ask MIEUX+ if you need to change it."
    ),
    "wrong_email": _(
        "This invitation was sent to another e-mail address. Sign in with that address, "
        "or ask your colleague to invite the address you use."
    ),
}


def _refuse(code: str) -> ValidationError:
    return ValidationError(INVITATION_REFUSALS[code], code=code)


@transaction.atomic
def invitation_create(
    *, institution: PartnerInstitution, actor: User, email: str, language: str
) -> Invitation:
    """Invite a colleague to ``institution`` and queue the e-mail with the link.

    Only members of the institution may invite, and only once MIEUX+ has verified it: the
    e-mail goes out from the portal's address, so it must not carry the word of an
    institution nobody checked. The e-mail is written to the outbox in this transaction,
    in ``language``, and delivered after commit; the names partners wrote (the inviter's,
    the institution's) stay out of its subject and are quoted, on one line, in its body.
    Refused (ValidationError) for an unverified institution (code ``unverified``), an
    invalid address, a colleague who is already a member, or an address with an
    invitation still pending: that one can be revoked first.
    """
    if not Membership.objects.filter(user=actor, institution=institution).exists():
        raise PermissionDenied(_("Only members of an institution may invite colleagues."))
    # Locked: two colleagues inviting the same address make one invitation, and a change
    # that withdraws the verification cannot slip in between.
    locked = PartnerInstitution.objects.select_for_update().get(pk=institution.pk)
    if not locked.verified:
        raise ValidationError(INVITATION_UNVERIFIED, code="unverified")
    email = email.strip().lower()
    validate_email(email)
    if language not in dict(settings.LANGUAGES):
        raise ValidationError(_("Choose the language of the invitation."), code="language")
    if Membership.objects.filter(institution=institution, user__email__iexact=email).exists():
        raise ValidationError(
            _("%(email)s is already a member of your institution.") % {"email": email},
            code="already_member",
        )
    if Invitation.objects.pending().filter(institution=institution, email=email).exists():
        raise ValidationError(
            _("%(email)s has already been invited; revoke that invitation to send a new one.")
            % {"email": email},
            code="already_invited",
        )
    invitation = Invitation.objects.create(
        institution=institution, email=email, invited_by=actor, language=language
    )
    notification_queue(
        event="invitation",
        to_email=email,
        language=language,
        context={
            "invitation": invitation,
            "institution_name": one_line(locked.name),
            "inviter_name": one_line(actor.get_full_name()),
            "inviter_email": actor.email,
            "link": absolute_url(
                "accounts:invitation_accept", language=language, args=(invitation.token,)
            ),
            "days": settings.INVITATION_DAYS,
        },
        key=f"invitation:{invitation.pk}",
        recipient=User.objects.filter(email__iexact=email).first(),
    )
    return invitation


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, actor: User) -> Invitation:
    """Withdraw a pending invitation; only members of its institution may."""
    if not Membership.objects.filter(user=actor, institution_id=invitation.institution_id).exists():
        raise PermissionDenied(_("Only members of an institution may revoke its invitations."))
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is None and invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
    return invitation


def invitation_check(
    *, invitation: Invitation, user: User | None, now: datetime | None = None
) -> None:
    """Raise the ValidationError that refuses ``user`` this invitation, if there is one.

    ``user`` is None for a visitor who has no account yet.
    """
    refusal = invitation.refusal(now)
    if refusal:
        raise _refuse(refusal)
    if user is None:
        return
    if Membership.objects.filter(user=user).exists():
        raise _refuse("already_member")
    if user.email.lower() != invitation.email.lower():
        raise _refuse("wrong_email")


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    """Make ``user`` a member of the invitation's institution; the link is then used up.

    The invited address is marked verified: following the link proved the user reads it.
    Refused (ValidationError with the code of INVITATION_REFUSALS) when the invitation is
    used, revoked or expired, when the user already belongs to an institution, or when the
    user's address is not the invited one.
    """
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    User.objects.select_for_update().filter(pk=user.pk).first()
    invitation_check(invitation=invitation, user=user)
    membership = Membership(user=user, institution=invitation.institution)
    _save(membership, user)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    # At sign-up allauth creates the address afterwards, already verified (the view stashed
    # it); for a user who had an account this confirms the address they were invited at.
    EmailAddress.objects.filter(user=user, email__iexact=invitation.email).update(verified=True)
    return membership


# --- Personal data ----------------------------------------------------------------


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def user_data_export(*, user: User) -> dict[str, Any]:
    """Everything the portal holds about ``user``, as JSON-serialisable data.

    The profile and membership come from here; requests, messages and notifications from
    the other apps' ``personal_data`` sections (internal notes are never included).
    """
    membership = Membership.objects.filter(user=user).select_related("institution").first()
    data: dict[str, Any] = {
        "exported_at": timezone.now().isoformat(),
        "profile": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "position": user.position,
            "phone": user.phone,
            "preferred_language": user.preferred_language,
            "receive_reminders": user.receive_reminders,
            "receive_digest": user.receive_digest,
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
            "email_addresses": [
                {"email": a.email, "verified": a.verified, "primary": a.primary}
                for a in EmailAddress.objects.filter(user=user).order_by("pk")
            ],
        },
        "membership": (
            {
                "institution": str(membership.institution),
                "country": str(membership.institution.country),
                "joined_at": _iso(membership.joined_at),
            }
            if membership
            else None
        ),
    }
    for section in personal_data.sections():
        data[section.key] = section.export(user)
    return data


SUPERUSER_REFUSAL = _(
    "A superuser account cannot be deleted here. Ask another administrator to remove "
    "your superuser status first."
)


@transaction.atomic
def user_erase(*, user: User, actor: User) -> User:
    """Anonymise ``user`` for good: the account can no longer be used or identified.

    Personal fields are emptied, the e-mail becomes ``erased-<pk>@invalid``, the password
    unusable, the account inactive; allauth's addresses and the membership are removed.
    The institution's requests stay, with the anonymised user as a pseudonymous author
    ("Former user #<pk>"); each app's ``personal_data`` section anonymises its own rows.
    Refused for superusers (their account is needed to run the portal: another
    administrator removes the superuser status first) and for anyone but the user.
    """
    if actor.pk != user.pk:
        raise PermissionDenied(_("Only the account holder may erase an account."))
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_superuser:
        raise ValidationError(SUPERUSER_REFUSAL, code="superuser")
    person = personal_data.Person(
        user=user,
        email=user.email,
        full_name=user.get_full_name(),
        position=user.position,
        phone=user.phone,
        institution_id=Membership.objects.filter(user=user)
        .values_list("institution_id", flat=True)
        .first(),
    )
    for section in personal_data.sections():
        if section.erase is not None:
            section.erase(person)
    invited = Invitation.objects.filter(email__iexact=person.email)
    invited.pending().update(revoked_at=timezone.now())
    invited.update(email=personal_data.erased_email(user.pk))
    EmailAddress.objects.filter(user=user).delete()
    Membership.objects.filter(user=user).delete()
    user.email = personal_data.erased_email(user.pk)
    user.first_name = user.last_name = user.position = user.phone = ""
    user.is_active = False
    user.is_staff = False
    user.receive_reminders = user.receive_digest = False
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    return user
