"""Account and institution forms."""

from __future__ import annotations

from typing import Any

from allauth.core import context as allauth_context
from django import forms
from django.db import models
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from mieux_portal import languages
from mieux_portal.forms import OneLineField, one_line_formfield

from . import services
from .models import InstitutionKind, Invitation, PartnerInstitution, User

# The session key under which the accept page leaves the token for the sign-up.
INVITATION_SESSION_KEY = "invitation_token"


def pending_invitation(request: HttpRequest | None) -> Invitation | None:
    """The still usable invitation this browser is signing up with, if any."""
    token = request.session.get(INVITATION_SESSION_KEY) if request is not None else None
    if not token:
        return None
    invitation = Invitation.objects.select_related("institution").filter(token=token).first()
    return invitation if invitation is not None and invitation.refusal() is None else None


class SignupExtraForm(forms.Form):
    """What allauth's sign-up asks besides e-mail and password."""

    first_name = OneLineField(label=_("First name"), max_length=150)
    last_name = OneLineField(label=_("Last name"), max_length=150)
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"), choices=languages.active_choices
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["preferred_language"].initial = translation.get_language()
        # allauth builds this form without the request; its middleware publishes it here.
        invitation = pending_invitation(allauth_context.request)
        email = self.fields.get("email")
        if invitation is not None and email is not None:
            # Invited: the account is made for the address the link was sent to (a disabled
            # field takes its initial value whatever is posted).
            email.initial = invitation.email
            email.disabled = True
            email.help_text = _("You were invited to %(institution)s at this address.") % {
                "institution": invitation.institution
            }

    def signup(self, request: HttpRequest, user: Any) -> None:
        services.user_complete_signup(
            user=user,
            first_name=self.cleaned_data["first_name"],
            last_name=self.cleaned_data["last_name"],
            preferred_language=self.cleaned_data["preferred_language"],
        )


class ProfileForm(forms.ModelForm):
    """What a user may change about themselves (the e-mail is managed by allauth); the
    view saves it through services.user_update_profile()."""

    class Meta:
        model = User
        formfield_callback = one_line_formfield
        fields = [
            "first_name",
            "last_name",
            "position",
            "phone",
            "preferred_language",
            "receive_reminders",
            "receive_digest",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.is_staff:
            # Only MIEUX+ staff receive the digest; partners are not offered it.
            del self.fields["receive_digest"]


class InvitationForm(forms.Form):
    """Invite a colleague: the address and the language of the e-mail and sign-up."""

    email = forms.EmailField(label=_("Colleague's e-mail address"), max_length=254)
    language = forms.ChoiceField(
        label=_("Language of the invitation"), choices=languages.active_choices
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = translation.get_language()


def _https_urls(db_field: models.Field, **kwargs: Any) -> forms.Field | None:
    # "mlsp.gov.tj" typed without a scheme becomes https://…, as Django 6 will do by default.
    if isinstance(db_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return one_line_formfield(db_field, **kwargs)


class InstitutionForm(forms.ModelForm):
    """The institution's details, as its members describe them (never the verification)."""

    class Meta:
        model = PartnerInstitution
        formfield_callback = _https_urls
        fields = ["name", "english_name", "acronym", "kind", "country", "address", "website"]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}
        # "name" alone is Django's "Имя" (a person's name) in Russian.
        labels = {"name": _("Official name")}
        help_texts = {
            "english_name": _("How the institution is called in English, if it has a name."),
            "acronym": _("For example, MLSPP."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The kinds' names come from modeltranslation, so they read in the page's language;
        # the choice list is built when the form is rendered, after the language is active.
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ModelChoiceField)
        kind.queryset = InstitutionKind.objects.order_by("position", "code")
        self.fields["website"].widget.attrs.setdefault("placeholder", "https://")


class AccountEraseForm(forms.Form):
    """Deleting one's account is for good: the password proves it is really the user."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Enter your password to confirm.")},
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(
                _("This is not your password. Your account has not been deleted."),
                code="wrong_password",
            )
        return password
