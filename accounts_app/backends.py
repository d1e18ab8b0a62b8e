"""The portal's authentication backends: Django's and allauth's, loading the user of a
session together with their institution.

Every logged-in page loads its user, and most ask ``request.user.institution`` (the menu,
the partner pages' guard). Joining the membership and its institution into the user's own
query (``select_related``) spares them two queries a page; where sessions are read through
a shared cache, the loaded user is kept beside them (``usercache``) and most pages run no
query for it at all.
"""

from __future__ import annotations

from typing import Any

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError

from . import authcache, usercache


def user_with_institution(user_id: Any) -> Any:
    """The user with this id, their membership and its institution loaded (None: no user,
    or an id that is no user's id at all)."""
    model = get_user_model()
    users = model._default_manager.select_related("membership__institution", "consultee__body")
    try:
        return users.get(pk=user_id)
    except (model.DoesNotExist, ValueError, TypeError, ValidationError):
        return None


class InstitutionUserMixin:
    """``get_user`` with the membership and institution joined (None when there is none)."""

    def get_user(self, user_id: Any) -> Any:
        user = usercache.load(user_id, user_with_institution)
        if user is None:
            return None
        return user if self.user_can_authenticate(user) else None  # type: ignore[attr-defined]


class CachedPermissionsMixin:
    """Django's permissions of an active user, read from the shared cache (``authcache``)."""

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        build = super().get_all_permissions  # type: ignore[misc]
        if obj is not None or not user_obj.is_active or user_obj.is_anonymous:
            return build(user_obj, obj)  # type: ignore[no-any-return]
        # Asked for each model and action of a page: read once per user object (a request).
        kept = getattr(user_obj, "_mx_permissions", None)
        if kept is None:
            kept = authcache.permissions(user_obj, lambda: build(user_obj))
            user_obj._mx_permissions = kept
        return kept  # type: ignore[no-any-return]


class PortalModelBackend(InstitutionUserMixin, CachedPermissionsMixin, ModelBackend):
    """Django's backend (the test client's ``login()``, ``createsuperuser``'s users)."""


class PortalAuthenticationBackend(
    InstitutionUserMixin, CachedPermissionsMixin, AuthenticationBackend
):
    """allauth's backend: e-mail and password through the login form."""
