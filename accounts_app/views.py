"""The user's own pages: profile and institution (allauth serves sign-up, login, …)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from . import services
from .adapters import set_language_cookie, url_in_language
from .forms import InstitutionForm, ProfileForm
from .models import Membership, PartnerInstitution, User


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
        form.save()
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


@login_required
def institution(request: HttpRequest) -> HttpResponse:
    """The user's institution: its details, verification and members; members edit it."""
    user: User = request.user  # type: ignore[assignment]
    membership = (
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
    if membership is None:
        if user.is_staff:
            return render(request, "accounts/institution_staff.html")
        return redirect("accounts:institution_create")
    current: PartnerInstitution = membership.institution
    members = [m.user for m in current.memberships.all()]
    # A ModelForm writes the typed values into its instance while validating; editing a
    # copy keeps the details above the form as saved, not as half-typed.
    edited = PartnerInstitution.objects.get(pk=current.pk) if request.method == "POST" else current
    form = InstitutionForm(request.POST or None, instance=edited)
    if request.method == "POST" and form.is_valid():
        try:
            services.institution_update(institution=current, actor=user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The institution's details have been saved."))
            return redirect("accounts:institution")
    return render(
        request,
        "accounts/institution_detail.html",
        {"institution": current, "members": members, "form": form},
    )
