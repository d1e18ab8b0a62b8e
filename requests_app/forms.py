"""Forms of the partner's request pages.

Every step form is a plain form whose fields are all optional: a draft may be saved half
written, and completeness is checked once, at submit (`services.request_problems`). What
each field accepts is still checked here, so nothing malformed reaches the database.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import translation
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from accounts_app.models import PartnerInstitution
from mieux_portal import collation, languages, pagecache, widgets
from mieux_portal.forms import OneLineField
from mieux_portal.widgets import ChoiceList, FastSelect, FastSelectMultiple

from . import files as file_types
from .models import (
    NARRATIVE_FIELDS,
    TEXT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    ActivityType,
    AttachmentKind,
    CapacityRequest,
    Channel,
    RequestType,
    Topic,
)

# The largest number of participants we accept: beyond it the value is a typo, and it
# keeps the number inside PostgreSQL's integer range.
MAX_PARTICIPANTS = 100_000

BLANK_CHOICE = [("", "---------")]


@functools.lru_cache(maxsize=16)
def _countries(language: str | None) -> tuple[tuple[str, str], ...]:
    """Every country named in `language` (the active one) and in its readers' order: named
    and collated once per language, not twice on every page that lists them."""
    return tuple((code, name) for code, name in countries)


def country_choices() -> list[tuple[str, str]]:
    """Every country, named in the language of the current page."""
    return list(_countries(translation.get_language()))


class CountryChoices(BaseChoiceIterator):
    """`country_choices` (with the blank choice first: `blank`) as a field's choices, read
    anew on each use in the page's language. A choice iterator, which fields and widgets
    take as it is: a function's list is normalised pair by pair each time it is read
    (twice a page for each select of 250 countries)."""

    def __init__(self, *, blank: bool = False) -> None:
        self.blank = blank

    def __iter__(self) -> Iterator[tuple[str, str]]:
        if self.blank:
            yield from BLANK_CHOICE
        yield from _countries(translation.get_language())


def _text(label: Any, help_text: Any = "", rows: int = 5) -> forms.CharField:
    """A narrative text box (at most TEXT_MAX_LENGTH characters)."""
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=widgets.Textarea(attrs={"rows": rows}),
        error_messages={
            "max_length": _(
                "Please shorten this text to at most %(limit_value)d characters "
                "(it has %(show_value)d)."
            )
        },
    )


def _line(label: Any, max_length: int, help_text: Any = "") -> forms.CharField:
    """A one-line text input: line breaks and control characters are cleaned away."""
    return OneLineField(
        label=label,
        help_text=help_text,
        required=False,
        max_length=max_length,
        widget=widgets.TextInput,
        error_messages={
            "max_length": _(
                "Please shorten this to at most %(limit_value)d characters (it has %(show_value)d)."
            )
        },
    )


def _institution_choices() -> list[tuple[int, str]]:
    """Every institution as a list offers it, value and label only: read without building
    an instance of every institution of the portal (the slowest part of its page otherwise)."""
    rows = PartnerInstitution.objects.order_by(collation.ordered("name")).values_list(
        "pk", "name", "acronym"
    )
    return [(pk, PartnerInstitution.label_of(name, acronym)) for pk, name, acronym in rows]


def offer_reference_data(field: forms.Field, name: str) -> None:
    """Give a ModelMultipleChoiceField of reference data its options from the cache (its
    queryset still checks what is posted): a page lists them without querying them, where
    the field's own iterator runs its query each time the list is read (three times on a
    page of boxes)."""
    assert isinstance(field, forms.ModelMultipleChoiceField)
    queryset = field.queryset
    assert queryset is not None
    field.choices = pagecache.public_data(
        name, lambda: [(obj.pk, field.label_from_instance(obj)) for obj in queryset]
    )


# Fields of a step form that are not stored on the request (a confirmation box).
FORM_ONLY = ("confirm_countries",)

INVALID_CHOICE = _("“%(value)s” is not one of the choices. Please choose from the list.")


class StepForm(forms.Form):
    """Base of the three step forms: knows the request it edits."""

    step_key = ""

    def __init__(self, *args: Any, capacity_request: CapacityRequest, **kwargs: Any) -> None:
        self.capacity_request = capacity_request
        super().__init__(*args, **kwargs)

    @classmethod
    def chosen_rows(cls) -> list[str]:
        """The step's lists of chosen rows (institutions, topics…), to prefetch."""
        return [
            name
            for name, field in cls.base_fields.items()
            if isinstance(field, forms.ModelMultipleChoiceField)
        ]

    @classmethod
    def initial_for(cls, capacity_request: CapacityRequest) -> dict[str, Any]:
        """The values stored on the request, in the shape the fields expect."""
        initial: dict[str, Any] = {}
        for name, field in cls.base_fields.items():
            if name in FORM_ONLY:
                continue
            if name in NARRATIVE_FIELDS:
                initial[name] = capacity_request.narrative(name)
            elif isinstance(field, forms.ModelMultipleChoiceField):
                # Through .all(): what the caller prefetched is read, not queried again.
                initial[name] = [obj.pk for obj in getattr(capacity_request, name).all()]
            elif name == "country":
                initial[name] = capacity_request.country.code or ""  # type: ignore[attr-defined]
            elif name == "other_countries":
                initial[name] = [c.code for c in capacity_request.other_countries]  # type: ignore[attr-defined]
            else:
                initial[name] = getattr(capacity_request, name)
        return initial

    def values(self) -> dict[str, Any]:
        """The cleaned values to store on the request."""
        return {k: v for k, v in self.cleaned_data.items() if k not in FORM_ONLY}


class InstitutionStepForm(StepForm):
    """Step 1: who asks, who to contact, where, and how the request reaches us."""

    step_key = "institution"
    # The confirmation of a co-requester from elsewhere sits right under the names.
    field_order = ["co_institutions", "confirm_countries"]

    co_institutions = forms.ModelMultipleChoiceField(
        label=_("Co-requesting institutions"),
        help_text=_(
            "For a joint request, choose the other institutions that request with yours. "
            "A civil-society organisation needs a governmental co-requester."
        ),
        queryset=PartnerInstitution.objects.none(),
        required=False,
        widget=FastSelectMultiple(attrs={"size": 6}),
        error_messages={
            "invalid_choice": _(
                "One of the chosen institutions is not available. Please choose from the list."
            ),
            "invalid_pk_value": _(
                "One of the chosen institutions is not available. Please choose from the list."
            ),
        },
    )
    contact_name = _line(_("Contact person"), 200)
    contact_position = _line(_("Position of the contact person"), 200)
    contact_email = forms.EmailField(
        widget=widgets.EmailInput,
        label=_("Contact e-mail"),
        required=False,
        max_length=254,
        error_messages={"invalid": _("Enter an e-mail address such as name@example.org.")},
    )
    contact_phone = _line(_("Contact phone"), 50)
    country = forms.ChoiceField(
        label=_("Country"),
        help_text=_("The country whose institutions the support is for."),
        choices=CountryChoices(blank=True),
        required=False,
        widget=FastSelect,
        error_messages={
            "invalid_choice": _(
                "“%(value)s” is not a country we know. Please choose a country from the list."
            )
        },
    )
    other_countries = forms.MultipleChoiceField(
        label=_("Other countries covered"),
        help_text=_("Only for a regional request covering several countries."),
        choices=CountryChoices(),
        required=False,
        widget=FastSelectMultiple(attrs={"size": 6}),
        error_messages={
            "invalid_choice": _(
                "“%(value)s” is not a country we know. Please choose countries from the list."
            )
        },
    )
    channel = forms.ChoiceField(
        label=_("How does the request reach MIEUX+?"),
        choices=Channel.choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": INVALID_CHOICE},
    )
    delegation_contact = _line(
        _("EU Delegation contact"),
        300,
        help_text=_("Name and e-mail of your contact at the EU Delegation, if any."),
    )

    confirm_countries = forms.BooleanField(
        label=_("Yes, a co-requesting institution is from a country this request does not cover."),
        required=False,
    )

    def __init__(self, *args: Any, capacity_request: CapacityRequest, **kwargs: Any) -> None:
        super().__init__(*args, capacity_request=capacity_request, **kwargs)
        field = self.fields["co_institutions"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        queryset: QuerySet[PartnerInstitution] = PartnerInstitution.objects.exclude(
            pk=capacity_request.institution_id
        ).order_by(collation.ordered("name"))
        field.queryset = queryset  # what a post is checked against
        # What the select offers: every other institution, from the cache.
        own = capacity_request.institution_id
        field.choices = ChoiceList(
            (pk, label)
            for pk, label in pagecache.public_data("institution-choices", _institution_choices)
            if pk != own
        )
        # The box is asked only when it matters: on a post (a bound form keeps it, and its
        # stored names are not read), or for names kept from before.
        if self.is_bound:
            return
        stored = capacity_request.co_institutions.all() if capacity_request.pk else []
        if self._outside(stored, capacity_request.country, capacity_request.other_countries):
            self.initial["confirm_countries"] = True
        else:
            del self.fields["confirm_countries"]

    @staticmethod
    def _outside(institutions: Any, country: Any, others: Any) -> list[PartnerInstitution]:
        """The institutions from none of the countries the request covers."""
        covered = {str(country)} | {str(c) for c in others or ()}
        return [i for i in institutions if str(i.country) not in covered]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        outside = self._outside(
            cleaned.get("co_institutions") or [],
            cleaned.get("country", ""),
            cleaned.get("other_countries"),
        )
        if outside and not cleaned.get("confirm_countries"):
            self.add_error(
                "co_institutions",
                _(
                    "%(names)s: not from a country this request covers. If this is right, "
                    "tick the box below to confirm; otherwise choose another institution or "
                    "add its country to the countries covered."
                )
                % {"names": ", ".join(str(i) for i in outside)},
            )
        return cleaned

    def clean_channel(self) -> str:
        # The model has no "no channel": an empty choice means the default, direct.
        return self.cleaned_data.get("channel") or Channel.DIRECT

    def clean_other_countries(self) -> list[str]:
        # The main country need not be listed again.
        country = self.cleaned_data.get("country", "")
        return [c for c in self.cleaned_data.get("other_countries", []) if c != country]


class NeedStepForm(StepForm):
    """Step 2: the language of the texts and what the institution needs."""

    step_key = "need"

    submission_language = forms.ChoiceField(
        label=_("Language of your texts"),
        help_text=_(
            "The language in which you write this request. If you change it, the texts "
            "already typed are kept and move to the new language."
        ),
        choices=languages.active_choices,
        required=False,
        error_messages={"invalid_choice": INVALID_CHOICE},
    )
    request_type = forms.ChoiceField(
        label=_("Type of request"),
        choices=BLANK_CHOICE + list(RequestType.choices),
        required=False,
        error_messages={"invalid_choice": INVALID_CHOICE},
    )
    title = _line(
        _("Title"),
        TITLE_MAX_LENGTH,
        help_text=_("A short title, e.g. “Improving labour migration statistics”."),
    )
    topics: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("Topics"),
        queryset=Topic.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("One of the chosen topics does not exist. Please choose again."),
            "invalid_pk_value": _("One of the chosen topics does not exist. Please choose again."),
        },
    )
    context = _text(
        _("Context"), _("The situation in your country and institution that leads to the request.")
    )
    needs = _text(_("Needs"), _("What your institution needs and why."))
    objectives = _text(_("Objectives"), _("What the support should achieve."))
    target_groups = _text(
        _("Target groups"), _("Who would take part and benefit (units, roles, numbers)."), rows=3
    )

    def __init__(self, *args: Any, capacity_request: CapacityRequest, **kwargs: Any) -> None:
        super().__init__(*args, capacity_request=capacity_request, **kwargs)
        offer_reference_data(self.fields["topics"], "topic-choices")


class SupportStepForm(StepForm):
    """Step 3: the kind of support wished, when and for whom."""

    step_key = "support"

    activity_types: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("Kinds of activities wished"),
        queryset=ActivityType.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _(
                "One of the chosen kinds of activities does not exist. Please choose again."
            ),
            "invalid_pk_value": _(
                "One of the chosen kinds of activities does not exist. Please choose again."
            ),
        },
    )
    proposed_activities = _text(
        _("Proposed activities"), _("The activities you have in mind, in the order you see them.")
    )
    expected_results = _text(_("Expected results"), _("What will be different after the support."))
    timeframe_start = forms.DateField(
        label=_("Wished start"),
        required=False,
        widget=widgets.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter a date such as 2026-09-30.")},
    )
    timeframe_end = forms.DateField(
        label=_("Wished end"),
        required=False,
        widget=widgets.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter a date such as 2026-12-31.")},
    )
    expected_participants = forms.IntegerField(
        widget=widgets.NumberInput,
        label=_("Expected participants"),
        required=False,
        min_value=1,
        max_value=MAX_PARTICIPANTS,
        error_messages={
            "invalid": _("Enter a whole number, such as 25."),
            "min_value": _("Enter a number of at least %(limit_value)s."),
            "max_value": _("Enter a number of at most %(limit_value)s."),
        },
    )
    working_languages = _line(
        _("Working languages"), 200, help_text=_("For example: Russian, English.")
    )
    other_support = _text(
        _("Other support received"),
        _("Support on the same subject from other donors or programmes, if any."),
        rows=3,
    )

    def __init__(self, *args: Any, capacity_request: CapacityRequest, **kwargs: Any) -> None:
        super().__init__(*args, capacity_request=capacity_request, **kwargs)
        offer_reference_data(self.fields["activity_types"], "activity-type-choices")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("timeframe_start"), cleaned.get("timeframe_end")
        if start and end and end < start:
            self.add_error("timeframe_end", _("The wished end cannot be before the wished start."))
        return cleaned


STEP_FORMS: dict[str, type[StepForm]] = {
    form.step_key: form for form in (InstitutionStepForm, NeedStepForm, SupportStepForm)
}


class AttachmentForm(forms.Form):
    """Upload one file: the official letter or a supporting document."""

    kind = forms.ChoiceField(
        label=_("What is this file?"),
        choices=AttachmentKind.choices,
        initial=AttachmentKind.LETTER,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose what kind of file this is."),
            "invalid_choice": _(
                "Choose what kind of file this is: the letter or a supporting document."
            ),
        },
    )
    file = forms.FileField(
        label=_("File"),
        widget=forms.FileInput(attrs={"accept": file_types.ACCEPT}),
        error_messages={
            "required": _("Choose a file to upload."),
            "empty": _("The file is empty."),
        },
    )


class RemoveAttachmentForm(forms.Form):
    """Which file to remove (the id is checked against the request's files)."""

    remove = forms.IntegerField(min_value=1)


class SubmitForm(forms.Form):
    """The last step: the data-processing consent."""

    consent = forms.BooleanField(
        label=_(
            "I agree that MIEUX+ and ICMPD process the data of this request in order to assess it."
        ),
        required=False,
    )


TEXT_TOO_LONG = _(
    "Please shorten this text to at most %(limit_value)d characters (it has %(show_value)d)."
)


class CommentForm(forms.Form):
    """An optional (or, where the workflow says so, required) comment on a status change."""

    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=widgets.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": TEXT_TOO_LONG},
    )

    def __init__(
        self,
        *args: Any,
        required: bool = False,
        label: Any = None,
        required_message: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["comment"]
        field.required = required
        if label is not None:
            field.label = label
        if required_message is not None:
            # "This field is required." does not say what is missing; the page's own words do.
            field.error_messages["required"] = required_message


class MessageForm(forms.Form):
    """A message from a member of the requesting institution to the MIEUX+ team."""

    body = forms.CharField(
        label=_("Your message to the MIEUX+ team"),
        max_length=TEXT_MAX_LENGTH,
        widget=widgets.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Please write a message."), "max_length": TEXT_TOO_LONG},
    )


class CoRequestAnswerForm(forms.Form):
    """A co-requesting institution's answer: take part in the joint request, or decline."""

    CONFIRM, DECLINE = "confirm", "decline"

    answer = forms.ChoiceField(
        label=_("Does your institution request this support jointly?"),
        choices=[
            (CONFIRM, _("Yes: we confirm that we request it jointly")),
            (DECLINE, _("No: we decline")),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose whether your institution confirms or declines."),
            "invalid_choice": _("Choose whether your institution confirms or declines."),
        },
    )
    reason = forms.CharField(
        label=_("Reason or comment"),
        help_text=_("Required when you decline; the requesting institution reads it."),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=widgets.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": TEXT_TOO_LONG},
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("answer") == self.DECLINE and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Please say why your institution declines."))
        return cleaned
