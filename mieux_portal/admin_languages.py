"""The admin speaks the active languages only (mieux_portal/languages.py).

modeltranslation makes a column for every supported language and, in the admin, a tab for
each; it has no setting (0.20) to leave some out. `ActiveLanguagesAdminMixin` goes before
modeltranslation's admin class (`ActiveLanguagesInlineMixin` before its inlines) and drops
the per-language fields of languages switched off from fieldsets, forms and inline formsets
(the columns and their data stay).
`TranslatedSearchMixin` turns a translated field named in `search_fields` ("title") into
its active per-language columns, for any ModelAdmin of a registered model.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.http import HttpRequest
from modeltranslation.translator import NotRegistered, translator

from mieux_portal import languages


def translated_fields(model: type[Any]) -> list[str]:
    """The names of a model's fields registered with modeltranslation ([] if none)."""
    try:
        return list(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        return []


def without_fields(form: type[forms.ModelForm[Any]], names: set[str]) -> type[forms.ModelForm[Any]]:
    """A subclass of `form` without the form fields in `names` (the model keeps them)."""
    if not names & set(form.base_fields):
        return form
    stripped: type[forms.ModelForm[Any]] = type(form.__name__, (form,), {})
    for name in names:
        stripped.base_fields.pop(name, None)
    return stripped


class _ActiveLanguageFields:
    model: type[Any]

    def inactive_language_fields(self) -> set[str]:
        return languages.inactive_localized(translated_fields(self.model))

    def replace_orig_field(self, option: Iterable[Any]) -> Any:
        replaced = super().replace_orig_field(option)  # type: ignore[misc]
        inactive = self.inactive_language_fields()
        if not replaced or not inactive:
            return replaced
        kept = [name for name in replaced if not (isinstance(name, str) and name in inactive)]
        return type(replaced)(kept) if isinstance(replaced, tuple) else kept


class ActiveLanguagesAdminMixin(_ActiveLanguageFields):
    """Put before TabbedTranslationAdmin: tabs and form fields for the active languages."""

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> type[forms.ModelForm[Any]]:
        # modeltranslation's get_form takes `change` among the keyword arguments only.
        form = super().get_form(request, obj, change=change, **kwargs)  # type: ignore[misc]
        return without_fields(form, self.inactive_language_fields())


class ActiveLanguagesInlineMixin(_ActiveLanguageFields):
    """Put before TranslationStackedInline: form fields for the active languages only."""

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        formset = super().get_formset(request, obj, **kwargs)  # type: ignore[misc]
        formset.form = without_fields(formset.form, self.inactive_language_fields())
        return formset


class TranslatedSearchMixin:
    """`search_fields` may name a translated field ("title"; "request__title" is not
    expanded): it is searched in each active language's column."""

    model: type[Any]

    def get_search_fields(self, request: HttpRequest) -> list[str]:
        fields = super().get_search_fields(request)  # type: ignore[misc]
        translated = set(translated_fields(self.model))
        expanded: list[str] = []
        for name in fields:
            expanded += languages.localized(name) if name in translated else [name]
        return expanded
