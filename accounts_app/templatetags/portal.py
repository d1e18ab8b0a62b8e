"""Template helpers shared by every page."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import translate_url
from django.utils.translation import get_language

from mieux_portal import languages as portal_languages
from mieux_portal.admin_booleans import translate_icons

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context: dict[str, Any]) -> list[dict[str, Any]]:
    """The current page in every active language, for the switcher and hreflang links."""
    request = context.get("request")
    path = request.get_full_path() if request else "/"
    current = get_language()
    return [
        {
            "code": language.code,
            "name": language.native_name,
            "direction": language.direction,
            "url": translate_url(path, language.code),
            "current": language.code == current,
        }
        for language in portal_languages.active()
    ]


@register.simple_tag
def language_locale() -> str:
    """The page language's territory form for og:locale ("ru_RU")."""
    language = portal_languages.get(get_language() or "") or portal_languages.get(
        portal_languages.DEFAULT
    )
    return language.locale if language else "en_GB"


@register.filter
def yes_no_icons(html: Any) -> Any:
    """The admin's read-only yes/no icons with their text in the reader's language."""
    return translate_icons(html)
