"""Who must log in with two factors, in one place: staff, and the roles apps register.

allauth.mfa asks the authenticator code at login once an authenticator app is active; the
pages of a role that needs two factors are refused until one is (the staff desk in
`admin_site`, the consultees' pages in requests_app), sending the person to the page that
activates it. An app adds a role with :func:`require_for` in its ``AppConfig.ready()``
(this infrastructure module names no app). `settings.ADMIN_REQUIRE_MFA` switches the rule
off (only the tests of other features do, see tests/conftest.py).

Whether a user has an active authenticator app is asked on every page of the staff desk: it
is kept in the shared cache (`sharedcache`) and forgotten when one of their authenticators
is saved or deleted (:func:`connect`), so a deactivated app is missed on the next page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import sharedcache

if TYPE_CHECKING:
    from django.utils.functional import Promise

_roles: dict[str, Callable[[Any], bool]] = {}


def require_for(key: str, holds_role: Callable[[Any], bool]) -> None:
    """Require two factors of every active user for whom ``holds_role(user)`` is true."""
    _roles[key] = holds_role


def required(user: Any) -> bool:
    """Whether this signed-in user must use two factors: staff, or a registered role."""
    if not (
        getattr(settings, "ADMIN_REQUIRE_MFA", True) and user.is_authenticated and user.is_active
    ):
        return False
    return bool(user.is_staff) or any(holds(user) for holds in _roles.values())


def needs_setup(user: Any) -> bool:
    """A user who must use two factors and has not activated an authenticator app yet."""
    if not required(user):
        return False
    # Asked several times per page: look it up once per user object (one a request).
    enabled = getattr(user, "_mx_totp_enabled", None)
    if enabled is None:
        enabled = sharedcache.remember(
            _totp_key(user.pk), lambda: is_mfa_enabled(user, [Authenticator.Type.TOTP])
        )
        user._mx_totp_enabled = enabled
    return not enabled


def _totp_key(user_id: Any) -> str:
    return f"two_factor:totp:{user_id}"


def _authenticator_changed(sender: Any, instance: Authenticator, **kwargs: Any) -> None:
    sharedcache.forget(_totp_key(instance.user_id))


def connect() -> None:
    """Forget whether a user has an authenticator app when one of theirs changes (ready())."""
    for signal in (post_save, post_delete):
        signal.connect(_authenticator_changed, sender=Authenticator, dispatch_uid="two_factor")
    # Asked on every page of the staff desk: read with the user's row.
    sharedcache.read_ahead(fact=_totp_key)


STAFF_DESK_MESSAGE = _(
    "The staff desk needs two-factor authentication. Activate an authenticator app "
    "for your account (after confirming your password), then open the staff desk again."
)


def setup_redirect(
    request: HttpRequest, message: str | Promise = STAFF_DESK_MESSAGE
) -> HttpResponse:
    """To allauth's activation page of an authenticator app, saying why."""
    messages.warning(request, str(message))  # in the language of the page asked for
    return HttpResponseRedirect(reverse("mfa_activate_totp"))
