"""The catalogue's filter form: the options and their counts come from `catalogue.facets`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mieux_portal.widgets import FastSelect

from .catalogue import Facet, Params


class CatalogueForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_(
            "Words of the title or summary, in any of the portal's languages, or the code."
        ),
    )

    def __init__(self, *args: Any, facets: list[Facet], params: Params, **kwargs: Any) -> None:
        # Unbound, with the read parameters as initial values: a value the catalogue
        # ignored never shows as an error.
        initial = {
            facet.name: next((o.value for o in facet.options if o.selected), "") for facet in facets
        }
        initial["q"] = params.q
        kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        for facet in facets:
            self.fields[facet.name] = forms.ChoiceField(
                label=facet.label,
                required=False,
                choices=[("", _("All")), *facet.choices()],
                widget=FastSelect,
            )
