"""Selects of many options, and the text inputs of the request form, written in Python
rather than through one template per option (or three per input).

Django's form renderer writes each <option> through a template of its own (and each
option's attributes through another): a select of every country (some 250 options) or of
every partner institution costs tens of milliseconds a page that way. These widgets write
the very markup of Django's templates (select.html, select_option.html, attrs.html), the
attributes and values alike, in one pass. Use them wherever a select lists reference data,
and for the inputs of forms drawn on every page of a flow (tests compare them with Django's).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

from django import forms
from django.utils.choices import BaseChoiceIterator
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import SafeString


def html_attrs(attrs: dict[str, Any]) -> SafeString:
    """Attributes as django/forms/widgets/attrs.html writes them (True: bare, False: left
    out; a value escaped unless it is safe HTML, as `stringformat:'s'` keeps it)."""
    return SafeString(
        "".join(
            f" {conditional_escape(name)}"
            if value is True
            else f' {conditional_escape(name)}="{conditional_escape(value)}"'
            for name, value in attrs.items()
            if value is not False
        )
    )


class FastInputMixin:
    """``render`` of an <input> as django/forms/widgets/input.html writes it, without a
    template (a text field's template and the two it includes cost ten times the string).

    The classes below bear the names of Django's: crispy-forms gives each widget its class's
    name as a CSS class (``textinput``, ``textarea``…), which the pages keep."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]  # type: ignore[attr-defined]
        shown = "" if widget["value"] is None else f' value="{conditional_escape(widget["value"])}"'
        return SafeString(
            f'<input type="{conditional_escape(widget["type"])}" '
            f'name="{conditional_escape(widget["name"])}"{shown}{html_attrs(widget["attrs"])}>'
        )


class TextInput(FastInputMixin, forms.TextInput):
    """Django's text input."""


class EmailInput(FastInputMixin, forms.EmailInput):
    """Django's e-mail input."""


class NumberInput(FastInputMixin, forms.NumberInput):
    """Django's number input."""


class DateInput(FastInputMixin, forms.DateInput):
    """Django's date input."""


class Textarea(forms.Textarea):
    """Django's <textarea> as django/forms/widgets/textarea.html writes it, without a template."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        text = conditional_escape(widget["value"]) if widget["value"] else ""
        return SafeString(
            f'<textarea name="{conditional_escape(widget["name"])}"'
            f"{html_attrs(widget['attrs'])}>\n{text}</textarea>"
        )


# The options' markup of the lists drawn lately, by their choices (values, labels in the
# page's language, and whether each is already safe HTML): most pages draw the same lists.
OPTIONS_KEPT = 64

Option = tuple[str | None, str, str]  # value (None: group markup), unchosen, chosen markup


@lru_cache(maxsize=OPTIONS_KEPT)
def _options_markup(key: tuple[bool, tuple[Any, ...]]) -> tuple[Option, ...]:
    """Each option's markup, unchosen and chosen, as Django's templates write it (and the
    <optgroup> tags around a group's options), for the choices `_choices_key` stands for."""
    plain, choices = key
    if plain:
        choices = (
            (None, tuple(((str(value), False), (label, False)) for value, label in choices)),
        )
    out: list[Option] = []
    for group, options in choices:
        if group is not None:
            out.append((None, f'<optgroup label="{_escaped(group)}">', ""))
        for value, label in options:
            start = f'<option value="{_escaped(value)}"'
            end = f">{_escaped(label)}</option>"
            out.append((value[0], start + end, f"{start} selected{end}"))
        if group is not None:
            out.append((None, "</optgroup>", ""))
    return tuple(out)


def _text(value: Any) -> tuple[str, bool]:
    """A value or label as the key of its markup: its text, and whether it is safe HTML
    (conditional_escape leaves that as it is, and escapes the same text otherwise)."""
    return (value if isinstance(value, str) else str(value)), hasattr(value, "__html__")


def _escaped(text: tuple[str, bool]) -> str:
    """What conditional_escape makes of the value `_text` stands for."""
    return text[0] if text[1] else escape(text[0])


def _choices_key(choices: Any) -> tuple[bool, tuple[Any, ...]]:
    """What the markup of `choices` depends on. Pairs of a plain str or int and a plain
    str (countries, institutions) are their own key (True, the pairs); others, (False, the
    (group name or None, ((value, label), ...)) pairs as `_text`s): lazy texts as they read
    now, safe HTML told apart from the same text to escape."""
    items = tuple(choices)
    if all(type(label) is str and type(value) in (str, int) for value, label in items):
        return True, items
    groups: list[Any] = []
    for option_value, option_label in items:
        if isinstance(option_label, list | tuple):
            group, options = (_text(option_value) if option_value else None), option_label
        else:
            group, options = None, [(option_value, option_label)]
        groups.append(
            (
                group,
                tuple(
                    (_text("" if value is None else value), _text(label))
                    for value, label in options
                ),
            )
        )
    return False, tuple(groups)


class ChoiceList(BaseChoiceIterator):
    """Choices already in Django's form (value and label pairs), which a field and its
    widget take as they are: a list given as `choices` is normalised pair by pair each time
    a form is made (a millisecond for every institution of the portal)."""

    def __init__(self, pairs: Iterable[tuple[Any, Any]]) -> None:
        self.pairs = list(pairs)

    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        return iter(self.pairs)


class FastOptionsMixin:
    """``render`` for Select and SelectMultiple: the templates' markup, in one pass.

    The options are written straight from ``choices``, without the dictionary Django's
    ``optgroups`` builds for each of them (most of the cost of a long list otherwise), and
    their markup is kept for the next page that lists the same choices (`_options_markup`:
    a list of every country is escaped once per language, not on every page).
    """

    allow_multiple_selected: bool
    choices: Any

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        # Widget's context (name, attributes, value as strings), not ChoiceWidget's: its
        # option dictionaries are what this method does without.
        widget = forms.Widget.get_context(self, name, value, attrs)["widget"]  # type: ignore[arg-type]
        if self.allow_multiple_selected:
            widget["attrs"]["multiple"] = True
        values = set(widget["value"])
        multiple = self.allow_multiple_selected
        has_selected = False
        parts = []
        for option_value, unchosen, chosen in _options_markup(_choices_key(self.choices)):
            # As Django's optgroups: a single select marks only its first match.
            if (
                option_value is not None
                and (multiple or not has_selected)
                and option_value in values
            ):
                has_selected = True
                parts.append(chosen)
            else:
                parts.append(unchosen)
        return format_html(
            '<select name="{}"{}>{}</select>',
            widget["name"],
            html_attrs(widget["attrs"]),
            SafeString("".join(parts)),
        )


class FastSelect(FastOptionsMixin, forms.Select):
    """Django's <select> (one choice)."""


class FastSelectMultiple(FastOptionsMixin, forms.SelectMultiple):
    """Django's <select multiple>."""
