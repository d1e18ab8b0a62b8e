"""The request pages' forms, drawn from their layout, are crispy-forms' own markup."""

from __future__ import annotations

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_form
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from requests_app import formlayout
from requests_app.forms import (
    AttachmentForm,
    CommentForm,
    InstitutionStepForm,
    MessageForm,
    NeedStepForm,
    SubmitForm,
    SupportStepForm,
)
from requests_app.models import Topic
from tests import factories

LANGUAGES = ["en", "ru", "fr", "es"]
STEPS = [InstitutionStepForm, NeedStepForm, SupportStepForm]


def both(make) -> tuple[str, str]:
    """The form drawn twice from its layout (the second from the kept layout), then by crispy
    (each on a fresh form: crispy changes the widgets' classes as it draws them)."""
    formlayout._layouts.clear()
    first, second = str(formlayout.render_form(make())), str(formlayout.render_form(make()))
    assert first == second
    return first, str(as_crispy_form(make()))


@pytest.fixture
def draft(partner_a, ministry):
    draft = factories.complete_draft(institution=partner_a.institution)
    factories.co_request(draft, ministry)
    return draft


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("form_class", STEPS)
def test_it_draws_a_step_with_the_drafts_values_as_crispy_does(draft, form_class, language):
    with translation.override(language):
        ours, crispy = both(
            lambda: form_class(initial=form_class.initial_for(draft), capacity_request=draft)
        )
    assert ours == crispy
    assert 'class="form-check-input"' in ours or "form-control" in ours


BAD = {
    "contact_email": "not an address",
    "country": "XX",
    "channel": "pigeon",
    "co_institutions": ["999999"],
    "title": "<b>Title & co</b>",
    "topics": ["1", "999999"],
    "context": "   <i>typed</i>\n  <",
    "timeframe_start": "2027-05-01",
    "timeframe_end": "2027-01-01",
    "expected_participants": "0",
}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("form_class", STEPS)
def test_it_draws_a_step_with_errors_and_what_was_typed_as_crispy_does(draft, form_class, language):
    def make():
        form = form_class(BAD, capacity_request=draft)
        form.is_valid()
        form.add_error(None, "Please correct the fields marked below <now>.")
        return form

    with translation.override(language):
        ours, crispy = both(make)
    assert ours == crispy
    assert "is-invalid" in ours and "&lt;now&gt;" in ours


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_draws_the_file_submit_answer_and_message_forms_as_crispy_does(language):
    upload = {"file": SimpleUploadedFile("empty.pdf", b"")}
    makers = [
        lambda: AttachmentForm(initial={"kind": "supporting"}),
        lambda: AttachmentForm({"kind": "letter"}, upload),
        lambda: AttachmentForm({"kind": "nonsense"}, {}),
        lambda: SubmitForm(initial={"consent": True}),
        lambda: SubmitForm({"consent": "on"}),
        lambda: CommentForm(None, required=True, label="Your answer"),
        lambda: CommentForm({"comment": ""}, required=True, required_message="Say <it>."),
        lambda: MessageForm(),
        lambda: MessageForm({"body": ""}),
    ]
    with translation.override(language):
        for make in makers:
            ours, crispy = both(lambda make=make: _validated(make()))
            assert ours == crispy


def _validated(form):
    if form.is_bound:
        form.is_valid()
    return form


def test_it_keeps_what_was_typed_out_of_the_kept_layout(draft):
    formlayout._layouts.clear()
    typed = NeedStepForm({"title": "First partner's title"}, capacity_request=draft)
    typed.is_valid()
    formlayout.render_form(typed)
    other = NeedStepForm({"title": "Second title"}, capacity_request=draft)
    other.is_valid()
    page = str(formlayout.render_form(other))
    assert "Second title" in page and "First partner" not in page
    assert not any("First partner" in str(layout) for layout in formlayout._layouts.values())


class TopicsForm(forms.Form):
    topics = forms.ModelMultipleChoiceField(
        queryset=Topic.objects.all(), widget=forms.CheckboxSelectMultiple, required=False
    )


def test_it_leaves_boxes_listed_from_a_query_to_crispy(reference_data):
    assert formlayout._shape(TopicsForm()) is None
    assert str(formlayout.render_form(TopicsForm())) == str(as_crispy_form(TopicsForm()))


def test_it_keeps_a_layout_for_boxes_listed_from_the_cache(draft):
    assert formlayout._shape(NeedStepForm(capacity_request=draft)) is not None
