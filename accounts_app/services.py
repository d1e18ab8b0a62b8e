"""Every write to institutions and memberships goes through here.

Functions are keyword-only, take no HTTP request and set no UI messages; views, admin
actions and commands call them. Each runs in one transaction.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Membership, PartnerInstitution, User

# What a partner may write about their institution. The verification fields are kept
# out on purpose: only MIEUX+ managers set them, through institution_verify().
EDITABLE_FIELDS = frozenset(
    {"name", "english_name", "acronym", "kind", "country", "address", "website"}
)
VERIFY_PERMISSION = "accounts_app.change_partnerinstitution"


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
    institution.save()
    Membership.objects.create(user=actor, institution=institution)
    return institution


@transaction.atomic
def institution_update(
    *, institution: PartnerInstitution, actor: User, **fields: Any
) -> PartnerInstitution:
    """Change an institution's details; only its members may.

    The verification (flag, date, verifier) is left as it was: MIEUX+ verified who the
    institution is, and correcting a typo in its address does not change that.
    """
    _check_fields(fields)
    if not Membership.objects.filter(user=actor, institution=institution).exists():
        raise PermissionDenied(_("Only members of an institution may change its details."))
    institution = PartnerInstitution.objects.select_for_update().get(pk=institution.pk)
    for name, value in fields.items():
        setattr(institution, name, value)
    institution.full_clean()
    institution.save(update_fields=sorted(fields))
    return institution


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
    institution.save(update_fields=["verified", "verified_at", "verified_by"])
    return institution
