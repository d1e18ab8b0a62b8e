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
from django.utils.html import format_html, format_html_join
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
    """``render`` for Select and SelectMultiple: the templates' markup, in one pass."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]  # type: ignore[attr-defined]
        groups = []
        for group_name, options, _index in widget["optgroups"]:
            rendered = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                ((str(o["value"]), html_attrs(o["attrs"]), o["label"]) for o in options),
            )
            groups.append(
                format_html('<optgroup label="{}">{}</optgroup>', group_name, rendered)
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
