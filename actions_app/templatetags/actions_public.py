"""Small helpers of the public pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language, get_language_info

register = template.Library()


@register.filter
def institution_name(institution: Any) -> str:
    """The institution's official name, or its English name on the English pages."""
    english = getattr(institution, "english_name", None)
    if get_language() == "en" and english:
        return str(english)
    return str(institution.name)


@register.simple_tag
def language_name(code: str) -> str:
    """A language's name in the page's language ("Russian" / "русский")."""
    return str(get_language_info(code)["name_translated"])


@register.filter
def action_code(action: Any) -> str:
    """An Action's code, the same in every language and marked as such: it is a name (the
    programme's own, "Tajikistan III"), never translated; `translate="no"` tells a browser's
    page translation to leave it too. Every page that names an Action by its code uses this."""
    return format_html('<span class="mx-code" translate="no">{}</span>', action.code)
