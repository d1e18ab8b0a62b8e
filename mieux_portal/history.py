"""django-simple-history's historical models, named in the reader's language.

The library names a historical model "historical <model>" with an English word that no
catalogue translates ("historical заявка" on the Russian desk, in the permission lists of
the user and group pages). `HistoricalRecords` here names it through a translated msgid;
in English the name is the library's own, so no migration follows. Every model with history
uses it: `HistoricalRecords()` on a model, `register(Model, ...)` after modeltranslation.
"""

from __future__ import annotations

from typing import Any

import simple_history
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy
from simple_history import models as history_models


class HistoricalRecords(history_models.HistoricalRecords):
    """simple-history's records, with the historical model's names translated."""

    def get_meta_options(self, model: Any) -> dict[str, Any]:
        options: dict[str, Any] = super().get_meta_options(model)
        if not self.user_set_verbose_name:
            options["verbose_name"] = format_lazy(
                gettext_lazy("historical {model}"), model=model._meta.verbose_name
            )
        if not self.user_set_verbose_name_plural:
            options["verbose_name_plural"] = format_lazy(
                gettext_lazy("historical {models}"), models=model._meta.verbose_name_plural
            )
        return options


def register(model: Any, **options: Any) -> None:
    """`simple_history.register` with the translated names."""
    simple_history.register(model, records_class=HistoricalRecords, **options)
