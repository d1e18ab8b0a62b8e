"""The portal's languages: the one home of what a language is and which ones are on.

Contract:
- `SUPPORTED` is every language the portal can speak. The database has a column for each
  of them (modeltranslation's `MODELTRANSLATION_LANGUAGES`, the per-language files of a
  resource), so adding one here is the only change that needs a migration.
- `PORTAL_LANGUAGES` (environment, e.g. ``en,ru,fr,es``; default ``en,ru``) picks the
  *active* languages from that set; settings turns them into `LANGUAGES`. Switching a
  supported language on or off needs neither a migration nor a code change.
- Everything that lists languages (switcher, hreflang, side-by-side narrative, exports,
  e-mail, forms, admin tabs) asks this module for the active ones at call time, so
  `override_settings(LANGUAGES=…)` is honoured. Nothing keys on a language's label.

This module is read by settings.py, so it imports no settings at import time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Language:
    """One language the portal can speak."""

    code: str  # the URL prefix and the modeltranslation suffix (title_fr)
    name: str | Promise  # in the page's language ("Russian" / "русский")
    native_name: str  # in itself, for the switcher ("русский")
    direction: Literal["ltr", "rtl"]
    plural_forms: int  # how many plural forms gettext needs (check_messages)
    search_config: str  # PostgreSQL text search configuration of texts in it
    locale: str  # the territory form of Open Graph's og:locale


SUPPORTED: tuple[Language, ...] = (
    Language("en", _("English"), "English", "ltr", 2, "english", "en_GB"),
    Language("ru", _("Russian"), "русский", "ltr", 3, "russian", "ru_RU"),
    Language("fr", _("French"), "français", "ltr", 2, "french", "fr_FR"),
    Language("es", _("Spanish"), "español", "ltr", 2, "spanish", "es_ES"),
)

# The language of the reference texts, of the code's msgids and of every fallback.
DEFAULT = "en"
DEFAULT_ACTIVE = "en,ru"


def supported_codes() -> list[str]:
    """Every supported code, in the set's order: the database columns exist for these."""
    return [language.code for language in SUPPORTED]


def get(code: str) -> Language | None:
    """The supported language of that code, or None."""
    return next((language for language in SUPPORTED if language.code == code), None)


def label(code: str) -> str:
    """A language's name in the page's language ("Russian" / "русский"), or its code."""
    language = get(code)
    return str(language.name) if language else code


def parse_active(value: str, supported: Sequence[Language] = SUPPORTED) -> list[Language]:
    """The languages a `PORTAL_LANGUAGES` value names, in its order; an unknown code or a
    list without the default language is a configuration error, reported at start-up."""
    by_code = {language.code: language for language in supported}
    codes = list(dict.fromkeys(code.strip().lower() for code in value.split(",") if code.strip()))
    unknown = [code for code in codes if code not in by_code]
    if unknown:
        raise ImproperlyConfigured(
            f"PORTAL_LANGUAGES names {', '.join(unknown)}, not a supported language "
            f"({', '.join(by_code)}); add it to SUPPORTED in mieux_portal/languages.py first."
        )
    if DEFAULT not in codes:
        raise ImproperlyConfigured(
            f"PORTAL_LANGUAGES must include {DEFAULT!r}, the language every text falls back to."
        )
    return [by_code[code] for code in codes]


def active_codes() -> list[str]:
    """The codes of the languages switched on (settings.LANGUAGES), in order."""
    from django.conf import settings

    return [code for code, _name in settings.LANGUAGES]


def active() -> list[Language]:
    """The languages switched on, in order (a code outside the supported set is skipped)."""
    return [language for code in active_codes() if (language := get(code)) is not None]


def active_choices() -> list[tuple[str, str | Promise]]:
    """(code, name) of the active languages: the choices of every language field.

    Model fields take this callable, so their migrations do not change with the setting.
    """
    from django.conf import settings

    return list(settings.LANGUAGES)


def is_active(code: str | None) -> bool:
    return bool(code) and code in active_codes()


def or_default(code: str | None) -> str:
    """`code` if that language is on, else the default: a user whose preferred language
    was switched off is written to in the default language."""
    from django.conf import settings

    return code if code and is_active(code) else settings.LANGUAGE_CODE


def direction(code: str | None) -> Literal["ltr", "rtl"]:
    """The writing direction of a language ("ltr" for one the portal does not know)."""
    language = get(code or "")
    return language.direction if language else "ltr"


def localized(field: str, *, codes: Sequence[str] | None = None) -> list[str]:
    """The per-language field names of a translated field for the active languages
    (or `codes`): ``localized("title") == ["title_en", "title_ru"]``."""
    return [f"{field}_{code}" for code in (active_codes() if codes is None else codes)]


def inactive_localized(fields: Sequence[str]) -> set[str]:
    """The per-language names of `fields` in supported languages that are switched off."""
    on = set(active_codes())
    return {f"{field}_{code}" for field in fields for code in supported_codes() if code not in on}
