"""The consultee role, in one place: who is one, and that they need two factors.

A consultee (`models.Consultee`) speaks for a consulted body; they have no staff status,
no institution and no admin, and they read only the requests their body is consulted on
(`requests_app.consultation`). Like staff, they must have an authenticator app: this
module registers the role with `mieux_portal.two_factor`, the one home of that rule.
"""

from __future__ import annotations

from typing import Any

from .models import ConsultedBody, Consultee


def consultee_of(user: Any) -> Consultee | None:
    """The user's consultee membership (None: not a consultee, or not logged in/active)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    try:
        return user.consultee  # type: ignore[no-any-return]
    except Consultee.DoesNotExist:
        return None


def is_consultee(user: Any) -> bool:
    return consultee_of(user) is not None


def body_of(user: Any) -> ConsultedBody | None:
    membership = consultee_of(user)
    return membership.body if membership else None
