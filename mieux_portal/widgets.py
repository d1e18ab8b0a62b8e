"""Selects of many options, written in Python rather than through one template per option.

Django's form renderer writes each <option> through a template of its own (and each
option's attributes through another): a select of every country (some 250 options) or of
every partner institution costs tens of milliseconds a page that way. These widgets write
the very markup of Django's templates (select.html, select_option.html, attrs.html), the
attributes and values alike, in one pass. Use them wherever a select lists reference data.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString


def html_attrs(attrs: dict[str, Any]) -> SafeString:
    """Attributes as django/forms/widgets/attrs.html writes them (True: bare, False: left out)."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
            for name, value in attrs.items()
            if value is not False
        ),
    )


class FastOptionsMixin:
    """``render`` for Select and SelectMultiple: the templates' markup, in one pass.

    The options are written straight from ``choices``, without the dictionary Django's
    ``optgroups`` builds for each of them (most of the cost of a long list otherwise).
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
        has_selected = False
        groups = []
        for option_value, option_label in self.choices:
            if isinstance(option_label, list | tuple):
                group_name, choices = option_value, option_label
            else:
                group_name, choices = None, [(option_value, option_label)]
            options = []
            for subvalue, sublabel in choices:
                subvalue = "" if subvalue is None else str(subvalue)
                # As Django's optgroups: a single select marks only its first match.
                selected = (not has_selected or self.allow_multiple_selected) and (
                    subvalue in values
                )
                has_selected |= selected
                mark = " selected" if selected else ""
                options.append(
                    f'<option value="{conditional_escape(subvalue)}"{mark}>'
                    f"{conditional_escape(sublabel)}</option>"
                )
            rendered = "".join(options)
            groups.append(
                format_html('<optgroup label="{}">{}</optgroup>', group_name, SafeString(rendered))
                if group_name
                else rendered
            )
        return format_html(
            '<select name="{}"{}>{}</select>',
            widget["name"],
            html_attrs(widget["attrs"]),
            SafeString("".join(groups)),
        )


class FastSelect(FastOptionsMixin, forms.Select):
    """Django's <select> (one choice)."""


class FastSelectMultiple(FastOptionsMixin, forms.SelectMultiple):
    """Django's <select multiple>."""
