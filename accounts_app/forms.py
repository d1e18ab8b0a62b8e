"""Account and institution forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.db import models
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .models import InstitutionKind, PartnerInstitution, User


class SignupExtraForm(forms.Form):
    """What allauth's sign-up asks besides e-mail and password."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"), choices=settings.LANGUAGES
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["preferred_language"].initial = translation.get_language()

    def signup(self, request: HttpRequest, user: Any) -> None:
        user.first_name = self.cleaned_data["first_name"]
        user.last_name = self.cleaned_data["last_name"]
        user.preferred_language = self.cleaned_data["preferred_language"]
        user.save()


class ProfileForm(forms.ModelForm):
    """What a user may change about themselves (the e-mail is managed by allauth)."""

    class Meta:
        model = User
        fields = ["first_name", "last_name", "position", "phone", "preferred_language"]


def _https_urls(db_field: models.Field, **kwargs: Any) -> forms.Field | None:
    # "mlsp.gov.tj" typed without a scheme becomes https://…, as Django 6 will do by default.
    if isinstance(db_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return db_field.formfield(**kwargs)


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
