"""The catalogue's filter form: the options and their counts come from `catalogue.facets`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from .catalogue import Facet, Params


def _attrs(attrs: dict[str, Any]) -> SafeString:
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


class FastSelect(forms.Select):
    """Django's <select>, written in Python rather than through one template per option.

    The catalogue's filters hold some 150 options together (countries, years, topics…);
    rendering each through the form renderer's option template cost 20 ms a page.
    The markup is the template's (attributes and option values alike).
    """

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        groups = []
        for group_name, options, _index in widget["optgroups"]:
            rendered = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                ((str(o["value"]), _attrs(o["attrs"]), o["label"]) for o in options),
            )
            groups.append(
                format_html('<optgroup label="{}">{}</optgroup>', group_name, rendered)
                if group_name
                else rendered
            )
        return format_html(
            '<select name="{}"{}>{}</select>',
            widget["name"],
            _attrs(widget["attrs"]),
            SafeString("".join(groups)),
        )


class CatalogueForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("Words of the title or summary, in English or Russian, or the code."),
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
