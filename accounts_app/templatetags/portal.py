"""Template helpers shared by every page."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context: dict[str, Any]) -> list[dict[str, Any]]:
    """The current page in every language, for the switcher and hreflang links."""
    request = context.get("request")
    path = request.get_full_path() if request else "/"
    current = get_language()
    return [
        {
            "code": code,
            "name": get_language_info(code)["name_local"],
            "url": translate_url(path, code),
            "current": code == current,
        }
        for code, _name in settings.LANGUAGES
    ]
