"""The staff desk's door: staff reach the admin only with an authenticator app (TOTP).

allauth.mfa asks the code at login once an authenticator is active; this site makes having
one a condition of the admin (the rule's home: `mieux_portal.two_factor`), and sends the
admin's login to allauth's, so that nobody reaches the admin with a password alone. A staff
member without an authenticator is sent, with a message, to the page that activates it, and
comes back to the admin afterwards.
`settings.ADMIN_REQUIRE_MFA` switches all this off (only the tests of other features do,
see tests/conftest.py), leaving Django's admin as it is.

Every admin registered here lists with `admin_lists.BoundedChangeList`, which answers any
querystring it cannot use as "incorrect parameters", never with a server error, and shows its
yes/no columns with icons named in the reader's language (`admin_booleans`), and deletes
without listing Django's English names of many-to-many rows (`admin_delete`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import update_wrapper
from typing import Any, TypeVar, cast

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy

from . import two_factor
from .admin_booleans import TranslatedBooleansMixin
from .admin_delete import TranslatedDeletionMixin
from .admin_lists import BoundedListMixin
from .admin_nav import AppLists, NavAppList

View = TypeVar("View", bound=Callable[..., Any])

# What every registered admin gets (admin_lists, admin_booleans, admin_delete).
PORTAL_MIXINS: tuple[type, ...] = (
    BoundedListMixin,
    TranslatedBooleansMixin,
    TranslatedDeletionMixin,
)


def needs_mfa_setup(user: Any) -> bool:
    """A signed-in staff member who has not activated an authenticator app yet (the rule's
    home is `mieux_portal.two_factor`; other roles needing two factors are refused here
    as any non-staff user is)."""
    return bool(getattr(user, "is_staff", False)) and two_factor.needs_setup(user)


mfa_setup_redirect = two_factor.setup_redirect


class PortalAdminSite(admin.AdminSite):
    """Django's admin site under the portal's name, refused to staff without an active
    authenticator app; partners who open it are told where their own pages are."""

    site_header = gettext_lazy("MIEUX+ staff desk")
    site_title = gettext_lazy("MIEUX+ staff desk")
    index_title = gettext_lazy("MIEUX+ staff desk")
    # The page staff start from (set_front_desk): the triage queue, registered by the app
    # that owns it, since this infrastructure module names no app.
    front_desk: type[Any] | None = None

    def set_front_desk(self, model: type[Any]) -> None:
        """Make ``model``'s list the page staff land on after logging in."""
        self.front_desk = model

    def landing_url(self, request: HttpRequest) -> str:
        """The front desk's list if the user may see it, else the admin's index."""
        model = self.front_desk
        if (
            model is not None
            and self.is_registered(model)
            and self.get_model_admin(model).has_view_or_change_permission(request)
        ):
            opts = model._meta
            return reverse(
                f"admin:{opts.app_label}_{opts.model_name}_changelist", current_app=self.name
            )
        return reverse("admin:index", current_app=self.name)

    def register(
        self,
        model_or_iterable: Any,
        admin_class: type[admin.ModelAdmin] | None = None,
        **options: Any,
    ) -> None:
        """Register as Django does, with lists bounded against hostile querystrings and
        yes/no icons named in the reader's language (the project's admins and the libraries'
        alike)."""
        admin_class = admin_class or admin.ModelAdmin
        mixins = tuple(m for m in PORTAL_MIXINS if not issubclass(admin_class, m))
        if mixins:
            # Django itself makes a subclass here when given options; this one only adds
            # the portal's mixins, under the admin's own name.
            admin_class = type(
                admin_class.__name__,
                (*mixins, admin_class),
                {"__module__": admin_class.__module__, "__doc__": admin_class.__doc__},
            )
        super().register(model_or_iterable, admin_class, **options)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.app_lists = AppLists()

    def get_app_list(
        self, request: HttpRequest, app_label: str | None = None
    ) -> list[dict[str, Any]]:
        """Django's list of the apps and models the user may open, kept for each set of
        permissions (`admin_nav.AppLists`)."""
        build = super().get_app_list
        return self.app_lists.get(request, app_label, lambda: build(request, app_label))

    def each_context(self, request: HttpRequest) -> dict[str, Any]:
        """Django's, with the sidebar's app list drawn in one pass (`admin_nav`)."""
        context = super().each_context(request)
        context["nav_app_list"] = NavAppList(context["available_apps"], request.path)
        return context

    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and not needs_mfa_setup(request.user)

    def admin_view(self, view: View, cacheable: bool = False) -> View:
        # Straight to the activation page, rather than through the admin's login page, which
        # would only say "not authorised" to someone who is signed in.
        inner = super().admin_view(view, cacheable)

        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if needs_mfa_setup(request.user):
                return mfa_setup_redirect(request)
            return inner(request, *args, **kwargs)

        return cast(View, update_wrapper(guarded, inner))

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        """allauth's login instead of the admin's: the admin's form checks the password only,
        so it would let a staff member in without the second factor."""
        if needs_mfa_setup(request.user):
            return mfa_setup_redirect(request)
        if request.user.is_authenticated and not self.has_permission(request):
            # A partner: told where their own pages are (allauth would only send them
            # straight back here, round and round).
            return TemplateResponse(request, "403.html", {"staff_desk_refused": True}, status=403)
        if not getattr(settings, "ADMIN_REQUIRE_MFA", True):
            return super().login(request, extra_context)
        if self.has_permission(request):
            return HttpResponseRedirect(reverse("admin:index", current_app=self.name))
        target = request.GET.get(REDIRECT_FIELD_NAME) or reverse(
            "admin:index", current_app=self.name
        )
        return HttpResponseRedirect(f"{reverse('account_login')}?{urlencode({'next': target})}")
