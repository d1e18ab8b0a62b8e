"""The widgets written without templates (mieux_portal.widgets) write Django's own markup:
the long selects tag for tag, with the options' markup kept from one page to the next (what
is chosen, escaped and translated stays each page's own), the inputs byte for byte."""

from __future__ import annotations

import datetime
import re

import pytest
from django import forms
from django.utils import translation
from django.utils.safestring import mark_safe

from mieux_portal import widgets
from mieux_portal.widgets import ChoiceList, FastSelect, FastSelectMultiple
from requests_app.forms import CountryChoices

CHOICES = [
    ("", "---------"),
    ("a&b", "Tom & Jerry <one>"),
    ("safe", mark_safe("<b>already</b> safe")),
    (7, "A number"),
    (None, "None as a value"),
    ("Group <1>", [("g1", "In a group"), ("a&b", "Again a&b")]),
    ("last", "Last"),
]

VALUES = [None, "", "a&b", ["a&b", "g1"], "7", ["last", "safe", "nothing"], "absent"]


def both(fast_class, django_class, choices, value, attrs=None):
    """The fast widget's markup and Django's, without the templates' line breaks and
    indents between tags (which the fast widgets never wrote)."""
    fast = fast_class(attrs=attrs, choices=choices).render("box", value)
    plain = django_class(attrs=attrs, choices=choices).render("box", value)
    return fast, re.sub(r">\s+<", "><", plain)


@pytest.mark.parametrize("value", VALUES)
def test_it_writes_django_s_select(value):
    fast, plain = both(FastSelect, forms.Select, CHOICES, value, {"id": "id_box"})
    assert fast == plain


@pytest.mark.parametrize("value", VALUES)
def test_it_writes_django_s_select_multiple(value):
    fast, plain = both(FastSelectMultiple, forms.SelectMultiple, CHOICES, value, {"size": 6})
    assert fast == plain


def test_it_marks_what_each_page_chose_though_the_options_are_kept():
    first = FastSelect(choices=CHOICES).render("box", "last")
    second = FastSelect(choices=CHOICES).render("box", "g1")
    assert '<option value="last" selected>' in first and "selected" not in first.replace(
        '<option value="last" selected>', ""
    )
    assert '<option value="g1" selected>' in second and '<option value="last">' in second


def test_it_escapes_a_label_that_is_not_safe_though_the_same_text_was_kept_safe():
    safe = FastSelect(choices=[("x", mark_safe("<i>x</i>"))]).render("box", "")
    plain = FastSelect(choices=[("x", "<i>x</i>")]).render("box", "")
    assert "<i>x</i></option>" in safe
    assert "&lt;i&gt;x&lt;/i&gt;</option>" in plain


def test_it_lists_a_changed_label_at_once():
    before = FastSelect(choices=[(1, "Old name")]).render("box", "1")
    after = FastSelect(choices=[(1, "New name")]).render("box", "1")
    assert "Old name" in before and "New name" in after and "Old name" not in after


@pytest.mark.parametrize("language", ["en", "ru", "fr", "es"])
def test_it_names_the_countries_in_the_page_s_language_as_django_does(language):
    with translation.override(language):
        fast, plain = both(FastSelect, forms.Select, list(CountryChoices(blank=True)), "TJ")
        many, plain_many = both(
            FastSelectMultiple, forms.SelectMultiple, list(CountryChoices()), ["KG", "UZ"]
        )
    assert fast == plain and many == plain_many
    assert " selected>" in fast and many.count(" selected>") == 2


@pytest.mark.parametrize("value", [[], ["2"], ["1", "3"], "3"])
def test_it_writes_django_s_markup_for_plain_numbered_choices(value):
    choices = [(1, "Ministry & Co <main>"), (2, "Agency"), (3, 'Service "North"')]
    fast, plain = both(FastSelectMultiple, forms.SelectMultiple, choices, value, {"size": 6})
    single, plain_single = both(FastSelect, forms.Select, choices, value)
    assert fast == plain and single == plain_single


def test_a_choice_list_is_taken_as_it_is_and_read_on_every_use():
    field = forms.MultipleChoiceField(choices=[], widget=FastSelectMultiple, required=False)
    field.choices = ChoiceList((pk, f"Institution {pk}") for pk in (3, 1, 2))
    assert isinstance(field.choices, ChoiceList) and field.widget.choices is field.choices
    assert field.clean(["1", "3"]) == ["1", "3"]
    assert field.widget.render("box", ["2"]).count("<option") == 3
    assert list(field.choices) == list(field.choices)  # not used up by a first reading


TEXTS = [None, "", "plain", 'a<b> & "c"', mark_safe("<i>safe</i>"), 0, 25, "line\nbreak"]
ATTRS = {"maxlength": 200, "required": True, "disabled": False, "aria-describedby": "id_x_help"}


@pytest.mark.parametrize("value", TEXTS)
@pytest.mark.parametrize(
    ("fast_class", "django_class"),
    [
        (widgets.TextInput, forms.TextInput),
        (widgets.EmailInput, forms.EmailInput),
        (widgets.NumberInput, forms.NumberInput),
        (widgets.Textarea, forms.Textarea),
    ],
)
def test_it_writes_django_s_inputs_byte_for_byte(fast_class, django_class, value):
    attrs = {**ATTRS, "data-safe": mark_safe("<x>")}
    fast = fast_class(attrs={"rows": 4}).render("box", value, attrs=attrs)
    assert fast == django_class(attrs={"rows": 4}).render("box", value, attrs=attrs)


@pytest.mark.parametrize("value", [None, "", "2027-03-01", datetime.date(2027, 6, 30), "30.06."])
def test_it_writes_django_s_date_input_byte_for_byte(value):
    fast = widgets.DateInput(attrs={"type": "date"}, format="%Y-%m-%d").render("day", value, ATTRS)
    plain = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d").render("day", value, ATTRS)
    assert fast == plain


@pytest.mark.parametrize(
    "name", ["TextInput", "EmailInput", "NumberInput", "DateInput", "Textarea"]
)
def test_each_input_bears_django_s_name_which_crispy_writes_as_its_class(name):
    assert getattr(widgets, name).__name__ == getattr(forms, name).__name__
    assert issubclass(getattr(widgets, name), getattr(forms, name))
