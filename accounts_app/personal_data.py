"""What each app holds about a person: exported on request and anonymised on erasure.

accounts_app may not import the apps built on top of it (requests_app, actions_app), yet
a user's data lives in them too. So, like the admin's ``admin.py``, every app may have a
``personal_data.py`` module that registers a section here; the accounts services call the
sections without knowing the apps. The e-mails sent to a user are accounts' own section
(notification_data.py): notifications_app lies below accounts and never imports it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.module_loading import autodiscover_modules

if TYPE_CHECKING:
    from .models import User


@dataclass(frozen=True)
class Person:
    """Who is being erased, as they were before: the values to look for in other rows."""

    user: User
    email: str
    full_name: str
    position: str
    phone: str
    institution_id: int | None


@dataclass(frozen=True)
class Section:
    """One key of the downloaded data and how that app anonymises its rows."""

    key: str
    export: Callable[[User], Any]
    erase: Callable[[Person], None] | None = None


def erased_email(pk: int) -> str:
    """The address an erased account keeps: ".invalid" is reserved (RFC 2606) and refused
    by sign-up, so it is never a real one."""
    return f"erased-{pk}@invalid"


_SECTIONS: dict[str, Section] = {}
_discovered = False


def register(
    key: str,
    *,
    export: Callable[[User], Any],
    erase: Callable[[Person], None] | None = None,
) -> None:
    """Add (or replace) a section of the personal data; ``export`` returns JSON-able data."""
    _SECTIONS[key] = Section(key=key, export=export, erase=erase)


def sections() -> list[Section]:
    """Every registered section, after importing each installed app's personal_data."""
    global _discovered
    if not _discovered:
        autodiscover_modules("personal_data")
        from . import notification_data

        notification_data.register()
        _discovered = True
    return list(_SECTIONS.values())
