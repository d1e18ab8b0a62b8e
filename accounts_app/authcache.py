"""Users' permissions and groups, kept between pages in the shared cache until one changes.

Every page of the staff desk asks Django's backend for the user's permissions: two queries
(the user's own, their groups'), read again on each page. Here the set is kept in the shared
cache (`mieux_portal.sharedcache`) under the *auth version*, which any change that can move
a permission renews: a user saved or deleted (staff or not, superuser or not), a group or a
permission saved or deleted, a user's groups or permissions or a group's permissions changed
(the many-to-many signals, and writes to their tables' rows), a migration (new permissions
are created without signals). A revoked permission is refused on the next page, in every
worker. What the desk reads of the staff (the assignee filter's names) is kept under the
same version (:func:`remembered`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

from mieux_portal import sharedcache

T = TypeVar("T")

VERSION = "auth"


def remembered(name: str, build: Callable[[], T]) -> T:
    """What `build` reads of users, groups and permissions, until one of them changes."""
    return sharedcache.remember_current(VERSION, name, build)


def permissions(user: Any, build: Callable[[], set[str]]) -> set[str]:
    """An active user's permissions ("app_label.codename"), `build` reading them afresh."""
    superuser = int(bool(user.is_superuser))
    return remembered(f"permissions:{user.pk}:{superuser}", build)


_renew = sharedcache.renewer(VERSION)


def connect() -> None:
    """Renew the auth version on every change that can move a permission (ready())."""
    user = get_user_model()
    throughs = (
        user.groups.through,  # type: ignore[attr-defined]
        user.user_permissions.through,  # type: ignore[attr-defined]
        Group.permissions.through,
    )
    for model in (user, Group, Permission, *throughs):
        uid = f"authcache:{model._meta.label}"
        post_save.connect(_renew, sender=model, dispatch_uid=uid)
        post_delete.connect(_renew, sender=model, dispatch_uid=uid)
    for through in throughs:
        m2m_changed.connect(_renew, sender=through, dispatch_uid=f"authcache:{through._meta.label}")
    post_migrate.connect(_renew, dispatch_uid="authcache:migrate")
    # Asked on every page of the staff desk (the user's permissions): read with the user.
    sharedcache.read_ahead(version=VERSION)
