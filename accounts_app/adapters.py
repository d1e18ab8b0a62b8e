"""allauth hooks: after login, the portal speaks the user's preferred language and each role
lands on its own page (`landing_url`); a sign-up that started from a colleague's invitation
joins the institution."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import translate_url
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mieux_portal.admin_site import PortalAdminSite
from mieux_portal.security import client_ip

from . import services
from .forms import INVITATION_SESSION_KEY, pending_invitation
from .roles import is_consultee


def preferred_language(user: Any) -> str:
    """The user's language if the portal has it, else the language of the current page."""
    language = getattr(user, "preferred_language", "") or ""
    if language in dict(settings.LANGUAGES):
        return language
    return translation.get_language() or settings.LANGUAGE_CODE


def url_in_language(url: str, language: str) -> str:
    """``url`` in ``language`` (/en/x/ → /ru/x/); unchanged if it is not one of ours.

    translate_url() resolves the path in the *active* language, and i18n_patterns only
    match their own prefix, so resolve it in the language the URL is written in.
    """
    written_in = translation.get_language_from_path(urlsplit(url).path)
    with translation.override(written_in or translation.get_language()):
        return translate_url(url, language)


def set_language_cookie(response: HttpResponse, language: str) -> None:
    """Remember the language so that "/" (no prefix) sends the user to it next time."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


@dataclass(frozen=True)
class PortalSite:
    """What allauth's e-mails call the site: the portal's name (in the reader's language),
    and its address from PORTAL_BASE_URL, never the host a request came in on."""

    name: Promise | str
    domain: str


def portal_site() -> PortalSite:
    return PortalSite(
        name=gettext_lazy("MIEUX+ Partner Portal"),
        domain=urlsplit(settings.PORTAL_BASE_URL).netloc,
    )


def landing_url(request: HttpRequest) -> str:
    """Where a person lands after logging in, when no page was asked for (the one place
    that decides it per role): staff on the staff desk's front page (the triage queue),
    consultees on their consultations (settings.CONSULTEE_REDIRECT_URL), everyone else on
    their requests (settings.LOGIN_REDIRECT_URL)."""
    user = request.user
    if user.is_active and user.is_staff:
        return cast(PortalAdminSite, admin.site).landing_url(request)
    if is_consultee(user):
        return resolve_url(settings.CONSULTEE_REDIRECT_URL)
    return resolve_url(settings.LOGIN_REDIRECT_URL)


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        super().send_mail(template_prefix, email, {"current_site": portal_site(), **context})

    def get_client_ip(self, request: HttpRequest) -> str:
        # allauth's rate limits read the address the way the lockout and the portal's
        # limits do (TRUSTED_PROXY_COUNT).
        address = client_ip(request)
        if address is None:
            raise PermissionDenied("Unable to determine client IP address")
        return address

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        return url_in_language(landing_url(request), preferred_language(request.user))

    def post_login(
        self, request: HttpRequest, user: AbstractBaseUser, **kwargs: Any
    ) -> HttpResponse:
        # Switch before allauth renders its "signed in" message, so the message is in the
        # language of the page the user lands on.
        language = preferred_language(user)
        translation.activate(language)
        response = super().post_login(request, user, **kwargs)
        if isinstance(response, HttpResponseRedirect):
            # A ?next=/en/… link (e.g. from a login-required page) is translated too: the
            # user asked for that page, but in their own language.
            response["Location"] = url_in_language(response["Location"], language)
            set_language_cookie(response, language)
        return response

    def save_user(
        self, request: HttpRequest, user: AbstractBaseUser, form: BaseForm, commit: bool = True
    ) -> AbstractBaseUser:
        user = super().save_user(request, user, form, commit=commit) or user
        if commit:
            self._join_invited_institution(request, user)
        return user

    def _join_invited_institution(self, request: HttpRequest, user: Any) -> None:
        invitation = pending_invitation(request)
        request.session.pop(INVITATION_SESSION_KEY, None)
        if invitation is None:
            return
        try:
            services.invitation_accept(invitation=invitation, user=user)
        except ValidationError as error:
            # The account stands; only joining failed (e.g. the link expired meanwhile).
            messages.warning(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Welcome! You are now a member of %(institution)s.")
                % {"institution": invitation.institution},
            )
