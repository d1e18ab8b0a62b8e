"""Yes/no columns of the admin's lists, their icons named in the reader's language.

Django draws a boolean column as an icon whose text alternative is Python's own "True" or
"False", in every language: a screen reader on the Russian desk reads English. Every
admin registered with `PortalAdminSite` shows its boolean columns (a model's BooleanField,
or an admin method marked ``boolean``) through `yes_no_icon`, with the same icons and a
translated alternative; sorting by the column is kept. The change pages' read-only yes/no
fields are drawn the same way (`translate_icons`, through the `yes_no_icons` filter).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.http import HttpRequest
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.translation import gettext

# Whole file names: a word ending in a dash would keep Bootstrap classes in the pages' CSS
# cut (scripts/build_css.py reads this file).
ICONS = {True: "icon-yes.svg", False: "icon-no.svg", None: "icon-unknown.svg"}
# The icon as Django draws a read-only yes/no field of a change page (helpers.AdminReadonlyField).
DJANGO_ICON = re.compile(
    r'<img src="[^"<>]*/admin/img/(?:icon-yes|icon-no|icon-unknown)\.svg" alt="(True|False|None)">'
)


def yes_no_icon(value: bool | None) -> SafeString:
    """Django's yes/no/unknown icon, with its text alternative in the active language."""
    text = {True: gettext("Yes"), False: gettext("No"), None: gettext("Unknown")}[value]
    icon = static(f"admin/img/{ICONS[value]}")
    return format_html('<img src="{}" alt="{}">', icon, text)


def translate_icons(html: Any) -> Any:
    """A read-only field's HTML with Django's yes/no icons drawn by `yes_no_icon` (the
    change pages' fieldsets, templates/admin/includes/fieldset.html); text that is not
    already safe HTML is left alone."""
    if not isinstance(html, SafeData):
        return html
    values = {"True": True, "False": False, "None": None}
    return mark_safe(DJANGO_ICON.sub(lambda m: yes_no_icon(values[m[1]]), str(html)))  # noqa: S308


def _column(name: str, label: Any, ordering: str | None, read: Callable[[Any], Any]) -> Any:
    @admin.display(description=label, ordering=ordering)
    def column(obj: Any) -> SafeString:
        return yes_no_icon(read(obj))

    column.__name__ = name  # the column keeps the CSS class Django gives it from the name
    return column


class TranslatedBooleansMixin:
    """For a ModelAdmin: its boolean list columns with translated icon texts."""

    model: Any

    def get_list_display(self, request: HttpRequest) -> Sequence[Any]:
        columns = super().get_list_display(request)  # type: ignore[misc]
        kept = {*(getattr(self, "list_editable", ()) or ()), *self._links(request, columns)}
        return [self._boolean_column(name) if name not in kept else name for name in columns]

    def _links(self, request: HttpRequest, columns: Sequence[Any]) -> Sequence[Any]:
        return self.get_list_display_links(request, columns) or ()  # type: ignore[attr-defined]

    def _boolean_column(self, name: Any) -> Any:
        if not isinstance(name, str):
            return name
        # One function per column and admin: Django finds the sortable columns by identity
        # (get_sortable_by asks get_list_display again).
        made = self.__dict__.setdefault("boolean_columns", {})
        if name not in made:
            made[name] = self._make_column(name)
        return made[name]

    def _make_column(self, name: str) -> Any:
        method = getattr(self, name, None)
        if callable(method) and getattr(method, "boolean", False):
            return _column(
                name,
                getattr(method, "short_description", name),
                getattr(method, "admin_order_field", None),
                method,
            )
        try:
            field = self.model._meta.get_field(name)
        except FieldDoesNotExist:
            return name
        if isinstance(field, models.BooleanField) and not field.choices:
            return _column(name, field.verbose_name, name, lambda obj: getattr(obj, name))
        return name
