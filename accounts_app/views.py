"""The user's own pages: profile, institution and colleagues' invitations (allauth serves
sign-up, login, …)."""

from __future__ import annotations

import json

from allauth.account.adapter import get_adapter
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from mieux_portal import ratelimit

from . import services
from .adapters import set_language_cookie, url_in_language
from .forms import (
    INVITATION_SESSION_KEY,
    AccountEraseForm,
    InstitutionForm,
    InvitationForm,
    ProfileForm,
)
from .models import Invitation, Membership, PartnerInstitution, User
from .roles import is_consultee


def _safe_next(request: HttpRequest) -> str | None:
    """The ``next`` parameter, if it points back into the portal."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    """Name, position, phone and language; the e-mail and password have their own pages."""
    user: User = request.user  # type: ignore[assignment]
    form = ProfileForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        services.user_update_profile(user=user, actor=user, **form.cleaned_data)
        language = user.preferred_language
        # The message is read on the next page, which is already in the chosen language.
        with translation.override(language):
            messages.success(request, _("Your profile has been saved."))
        response = redirect(url_in_language(request.path, language))
        set_language_cookie(response, language)
        return response
    return render(request, "accounts/profile.html", {"form": form})


@login_required
def institution_create(request: HttpRequest) -> HttpResponse:
    """Describe the institution the user works for; the user becomes its first member."""
    user: User = request.user  # type: ignore[assignment]
    if user.institution is not None:
        return redirect("accounts:institution")
    if is_consultee(user):
        raise PermissionDenied  # a consulted body's member joins no institution
    if user.is_staff:
        return render(request, "accounts/institution_staff.html")
    form = InstitutionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            institution = services.institution_create(actor=user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(institution)s has been registered. MIEUX+ will verify it shortly.")
                % {"institution": institution},
            )
            return HttpResponseRedirect(_safe_next(request) or reverse("requests:my_requests"))
    return render(
        request,
        "accounts/institution_form.html",
        {"form": form, "next": _safe_next(request) or ""},
    )


def _membership_of(user: User) -> Membership | None:
    """The user's membership with everything the institution page shows."""
    return (
        Membership.objects.filter(user=user)
        .select_related("institution__kind", "institution__verified_by")
        .prefetch_related(
            Prefetch(
                "institution__memberships",
                queryset=Membership.objects.select_related("user").order_by("joined_at"),
            )
        )
        .first()
    )


def _institution_page(
    request: HttpRequest,
    membership: Membership,
    *,
    form: InstitutionForm | None = None,
    invite_form: InvitationForm | None = None,
    status: int = 200,
) -> HttpResponse:
    current: PartnerInstitution = membership.institution
    return render(
        request,
        "accounts/institution_detail.html",
        {
            "institution": current,
            "members": [m.user for m in current.memberships.all()],
            "form": InstitutionForm(instance=current) if form is None else form,
            "invite_form": InvitationForm() if invite_form is None else invite_form,
            "invitations": Invitation.objects.pending()
            .filter(institution=current)
            .select_related("invited_by"),
            "cannot_invite": services.INVITATION_UNVERIFIED,
        },
        status=status,
    )


@login_required
def institution(request: HttpRequest) -> HttpResponse:
    """The user's institution: its details, verification and members; members edit it."""
    user: User = request.user  # type: ignore[assignment]
    membership = _membership_of(user)
    if membership is None:
        if user.is_staff:
            return render(request, "accounts/institution_staff.html")
        return redirect("accounts:institution_create")
    current: PartnerInstitution = membership.institution
    if request.method != "POST":
        return _institution_page(request, membership)
    # A ModelForm writes the typed values into its instance while validating; editing a
    # copy keeps the details above the form as saved, not as half-typed.
    form = InstitutionForm(request.POST, instance=PartnerInstitution.objects.get(pk=current.pk))
    if form.is_valid():
        try:
            updated = services.institution_update(
                institution=current, actor=user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if current.verified and not updated.verified:
                messages.warning(
                    request,
                    _(
                        "The institution's details have been saved. Its name, kind or "
                        "country changed, so MIEUX+ will verify it again; until then it is "
                        "shown as not verified."
                    ),
                )
            else:
                messages.success(request, _("The institution's details have been saved."))
            return redirect("accounts:institution")
    return _institution_page(request, membership, form=form)


@login_required
@require_POST
def invitation_create(request: HttpRequest) -> HttpResponse:
    """Invite a colleague by e-mail (the form is on the institution page)."""
    user: User = request.user  # type: ignore[assignment]
    membership = _membership_of(user)
    if membership is None:
        return redirect("accounts:institution")
    invite_form = InvitationForm(request.POST)
    if not membership.institution.verified:
        # The page says why in place of the form; nothing is counted or sent.
        return _institution_page(request, membership, invite_form=invite_form, status=403)
    if invite_form.is_valid():
        # Per user, then per invited address (from anyone): invite-and-revoke cycles to
        # one address are as limited as a flood of addresses.
        refusal = ratelimit.consume(request, "invite") or ratelimit.consume(
            request, "invite_address", key=invite_form.cleaned_data["email"].lower()
        )
        if refusal is not None:
            invite_form.add_error("email", refusal.message)
            page = _institution_page(request, membership, invite_form=invite_form)
            return ratelimit.with_retry_after(page, refusal)
        try:
            invitation = services.invitation_create(
                institution=membership.institution, actor=user, **invite_form.cleaned_data
            )
        except ValidationError as error:
            invite_form.add_error("email", error)
        else:
            messages.success(
                request,
                _("An invitation has been sent to %(email)s.") % {"email": invitation.email},
            )
            return redirect("accounts:institution")
    return _institution_page(request, membership, invite_form=invite_form)


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraw a pending invitation of the user's own institution (others': 404)."""
    user: User = request.user  # type: ignore[assignment]
    invitation = get_object_or_404(Invitation, pk=pk, institution__memberships__user=user)
    services.invitation_revoke(invitation=invitation, actor=user)
    messages.success(
        request,
        _("The invitation to %(email)s has been revoked.") % {"email": invitation.email},
    )
    return redirect("accounts:institution")


# How each refusal of an invitation link answers: gone for good, unknown, or not for you.
REFUSAL_STATUS = {"unknown": 404, "accepted": 410, "revoked": 410, "expired": 410}


def _invitation_refused(
    request: HttpRequest, code: str, invitation: Invitation | None = None
) -> HttpResponse:
    return render(
        request,
        "accounts/invitation_refused.html",
        {"reason": services.INVITATION_REFUSALS[code], "code": code, "invitation": invitation},
        status=REFUSAL_STATUS.get(code, 403),
    )


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The link of the invitation e-mail.

    GET shows who invites to which institution. POST joins it: a signed-in user without an
    institution, whose address is the invited one, joins at once; a visitor goes on to the
    sign-up with the address fixed, and joins when the account is created.
    """
    invitation = (
        Invitation.objects.select_related("institution", "invited_by").filter(token=token).first()
    )
    if invitation is None:
        return _invitation_refused(request, "unknown")
    user: User | None = request.user if request.user.is_authenticated else None  # type: ignore[assignment]
    try:
        services.invitation_check(invitation=invitation, user=user)
    except ValidationError as error:
        return _invitation_refused(request, str(error.code), invitation)
    has_account = user is None and User.objects.filter(email__iexact=invitation.email).exists()
    if request.method == "POST":
        if user is not None:
            try:
                services.invitation_accept(invitation=invitation, user=user)
            except ValidationError as error:  # used or revoked since the page was shown
                return _invitation_refused(request, str(error.code), invitation)
            messages.success(
                request,
                _("Welcome! You are now a member of %(institution)s.")
                % {"institution": invitation.institution},
            )
            return redirect("accounts:institution")
        if has_account:
            return redirect_to_login(request.path)
        request.session[INVITATION_SESSION_KEY] = invitation.token
        # allauth's own hook: the sign-up shows this address and creates it verified.
        get_adapter(request).stash_verified_email(request, invitation.email)
        return redirect("account_signup")
    return render(
        request,
        "accounts/invitation_accept.html",
        {"invitation": invitation, "has_account": has_account},
    )


# --- Personal data ----------------------------------------------------------------------


@login_required
@require_safe
def data_download(request: HttpRequest) -> HttpResponse:
    """Everything the portal holds about the user, as a JSON file to keep."""
    user: User = request.user  # type: ignore[assignment]
    data = services.user_data_export(user=user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder),
        content_type="application/json; charset=utf-8",
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="mieux-my-data-{stamp}.json"'
    # Personal data: no shared cache may keep it.
    patch_cache_control(response, private=True, no_store=True)
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def account_erase(request: HttpRequest) -> HttpResponse:
    """Confirm with the password, then anonymise the account and sign the user out."""
    user: User = request.user  # type: ignore[assignment]
    form = AccountEraseForm(request.POST if request.method == "POST" else None, user=user)
    # Checked before the password: a superuser is told at once, not after typing it.
    refusal = str(services.SUPERUSER_REFUSAL) if user.is_superuser else ""
    if request.method == "POST" and not refusal and form.is_valid():
        try:
            services.user_erase(user=user, actor=user)
        except ValidationError as error:
            refusal = " ".join(error.messages)
        else:
            logout(request)
            messages.success(
                request,
                _("Your account has been deleted and your personal data erased. Goodbye."),
            )
            return redirect("home")
    return render(
        request,
        "accounts/account_erase.html",
        {"form": form, "refusal": refusal},
        status=403 if refusal and request.method == "POST" else 200,
    )
