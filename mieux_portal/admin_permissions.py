"""Permissions named in the reader's language on the admin's user and group pages.

Django stores a permission's name in English when it migrates ("Can add capacity-development
request") and shows it as it is stored, so the permission selectors of the Russian desk read
"… | заявка | Can add заявка". Here a permission's label is made when it is shown: the four
built-in permissions from a translated sentence and the model's translated name, the
models' own permissions (``Meta.permissions``, whose names are msgids) from the catalogue.
Nothing stored is changed.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import Permission
from django.db.models import ManyToManyField
from django.http import HttpRequest
from django.utils.translation import gettext, gettext_lazy

BUILT_IN = {
    "add": gettext_lazy("Can add %(model)s"),
    "change": gettext_lazy("Can change %(model)s"),
    "delete": gettext_lazy("Can delete %(model)s"),
    "view": gettext_lazy("Can view %(model)s"),
}


def permission_name(permission: Permission) -> str:
    """What the permission allows, in the active language."""
    model = permission.content_type.model_class()
    action, _, model_name = permission.codename.partition("_")
    if model is not None and action in BUILT_IN and model_name == model._meta.model_name:
        return BUILT_IN[action] % {"model": model._meta.verbose_name}
    return gettext(permission.name)


def permission_label(permission: Permission) -> str:
    """Django's "app | model | permission", each part in the active language."""
    return f"{permission.content_type} | {permission_name(permission)}"


class PermissionsField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return permission_label(obj)


class TranslatedPermissionsMixin:
    """For a ModelAdmin with a many-to-many field to permissions (users, groups)."""

    def formfield_for_manytomany(
        self, db_field: ManyToManyField[Any, Any], request: HttpRequest | None = None, **kwargs: Any
    ) -> forms.ModelMultipleChoiceField[Any] | None:
        if db_field.remote_field.model is Permission:
            kwargs["form_class"] = PermissionsField
            kwargs.setdefault("queryset", Permission.objects.select_related("content_type"))
        return super().formfield_for_manytomany(db_field, request, **kwargs)  # type: ignore[misc]
