"""The logged-in user's row, kept in the session's cache between their pages.

Every logged-in page loads its user with their membership and institution (one query, but
one the ORM builds anew for each page: most of what a logged-in page costs beyond an
anonymous one). Where sessions are read through a shared cache (Django's ``cached_db``
engine, settings.py), the loaded user is kept there too, under the user's id, for a few
minutes: the next page of any worker reads it back instead.

A change is seen on the next page: saving or deleting a user, a membership or an institution
(or a consultee's membership or body) forgets the users it concerns (the signals below; a
cascade sends them too). The cache fails softly as the sessions' does: with Redis down, the
user comes from the database. Without a shared cache (the embedded default) nothing is
kept: a memory of each process could not be told of a change made in another.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db.models.signals import post_delete, post_save

from mieux_portal import requestmemo, sharedcache


def _key(user_id: Any) -> str:
    return f"user:{user_id}"


def load(user_id: Any, loader: Callable[[Any], Any]) -> Any:
    """The user with this id: from the cache, else from ``loader`` (then kept)."""
    cache = sharedcache.shared()
    if cache is None:
        return loader(user_id)
    try:
        key = _key(int(user_id))
    except (TypeError, ValueError):
        return loader(user_id)  # not an id at all: the loader says who (nobody)
    # With what the page will ask of this user (sharedcache.read_ahead), in one round trip.
    user = sharedcache.read_with_user(int(user_id), key)
    if user is None:
        user = loader(user_id)
        if user is not None:
            # Kept as long as any fact of the shared cache: a change made without the
            # model's signals (a raw UPDATE) does not outlive it.
            cache.set(key, user, sharedcache.SECONDS)
    return user


def forget(user_ids: Iterable[Any]) -> None:
    """Drop these users' kept rows: their next page loads them from the database."""
    cache = sharedcache.shared()
    keys = [_key(pk) for pk in user_ids if pk is not None]
    if cache is not None and keys:
        cache.delete_many(keys)
        for key in keys:
            requestmemo.forget(key)


def _user_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    forget([instance.pk])


def _membership_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    forget([instance.user_id])


def _institution_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    forget(instance.memberships.values_list("user_id", flat=True))


def _body_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    forget(instance.members.values_list("user_id", flat=True))


def connect() -> None:
    """Forget a user whenever a row loaded with them changes (AppConfig.ready)."""
    from django.contrib.auth import get_user_model

    from .models import ConsultedBody, Consultee, Membership, PartnerInstitution

    for signal in (post_save, post_delete):
        signal.connect(_user_changed, sender=get_user_model(), dispatch_uid="usercache-user")
        signal.connect(_membership_changed, sender=Membership, dispatch_uid="usercache-member")
        signal.connect(
            _institution_changed, sender=PartnerInstitution, dispatch_uid="usercache-inst"
        )
        # A consultee's membership and body are loaded with them too (the consultee role).
        signal.connect(_membership_changed, sender=Consultee, dispatch_uid="usercache-consultee")
        signal.connect(_body_changed, sender=ConsultedBody, dispatch_uid="usercache-body")
