"""The queue's cells: each column's rule, and the page's rows written straight from them.

`rows.rows` draws any admin list with each column looked up once per page, but each cell is
still a call to the admin's display method, which reads the page's language, time zone and
labels again for each row, and then Django's generic display of the value (a date's
localized format costs more than the rest of its row). The queue's columns are known here:
the language, the time zone, "now", the checkbox's label, the status labels and the empty
value are read once per page, each distinct day, number, institution and assignee is
formatted once, and a row is one string. The display methods of `queue.QueueMixin` (the
request page, Django's own list) call the same rules (`title_in`, `institution_label`, …).
A list with other columns (a popup, a changed `list_display`) is drawn by `rows.rows`'
generic way; the markup is Django's either way (tests/requests_admin/test_queue_markup.py
compares both with Django's).
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable, Hashable
from html import escape
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.admin import helpers
from django.contrib.admin.views.main import ChangeList
from django.utils import formats, timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext
from django_countries import countries

from accounts_app.models import User

from ..models import CapacityRequest
from . import rows

# -- each column's rule


def title_in(obj: CapacityRequest, current: str) -> str:
    """The title in the language `current`, else the other one marked with its code."""
    own = getattr(obj, f"title_{current}", "") or ""
    if own:
        return own
    for code, _name in settings.LANGUAGES:
        other = getattr(obj, f"title_{code}", "") or ""
        if code != current and other:
            return f"{other} ({code})"
    return "—"


def institution_label(full: str) -> SafeString:
    """The institution's name, shortened so the row keeps its status and dates in view."""
    # Plain slicing: Truncator's grapheme-aware cut was a tenth of the list's time.
    short = full if len(full) <= 48 else f"{full[:47]}…"
    # `format_html`'s markup, escaped here directly (its lazy-string checks cost more than
    # the rest of the cell).
    return SafeString(f'<span title="{escape(full)}">{escape(short)}</span>')


def checkbox(obj: CapacityRequest, label: str) -> SafeString:
    """Django's checkbox of a row (its widget's markup, without rendering the widget's
    template), named by `label` (`checkbox_label`)."""
    return SafeString(
        f'<input type="checkbox" name="{helpers.ACTION_CHECKBOX_NAME}" '
        f'value="{escape(str(obj.pk))}" class="action-select" '
        f'aria-label="{label.format(escape(str(obj)))}">'
    )


def assignee_label(assignee: User | None) -> str:
    """The assignee's name (the e-mail address only for someone without one)."""
    if assignee is None:
        return "—"
    return assignee.get_full_name() or assignee.email


def country_in(obj: CapacityRequest, names: dict[str, str]) -> str:
    """The request's country named from `names` (`country_names`)."""
    # The admin's generic display of a CountryField looks the code up in the flattened
    # list of ~250 countries, twice per row: a third of the list's time at 50 rows; the
    # field's own `Country` object still costs a translation lookup per row. The row's
    # value is the code the column holds.
    code = obj.__dict__.get("country") or ""
    return names.get(str(code), "—")


@functools.lru_cache(maxsize=16)
def country_names(language: str) -> dict[str, str]:
    """The countries' names in `language`, read once from django-countries' list."""
    return {code: str(name) for code, name in countries}


@functools.lru_cache(maxsize=16)
def _checkbox_label(language: str) -> str:
    return gettext("Select this object for an action - {}")


def checkbox_label() -> str:
    """Django's name of a row's checkbox in the page's language, `{}` for the row."""
    return _checkbox_label(page_language())


def page_language() -> str:
    return get_language() or settings.LANGUAGE_CODE


# Django's display of a day and of a whole number (`display_for_value`), escaped, kept for
# the process: the same few hundred days and numbers fill every page, and a day's localized
# format (its month's name through the translation catalogues) cost more than the rest of
# its row. `language` is the active one (the format depends on nothing else at run time).
@functools.lru_cache(maxsize=4096)
def local_day(language: str, day: datetime.date) -> str:
    return rows.html(formats.localize(day))


@functools.lru_cache(maxsize=4096)
def local_number(language: str, number: int) -> str:
    return rows.html(formats.number_format(number))


# -- the rows

# The queue's columns (`CapacityRequestAdmin.list_display` reads them here) and the two that
# link to the request's page: the page this module draws, after Django's checkbox.
LIST_DISPLAY = (
    "reference",
    "display_title",
    "institution_name",
    "country_name",
    "status",
    "assignee_name",
    "submitted_on",
    "days_in_stage",
)
LINKS = ("reference", "display_title")
COLUMNS = ("action_checkbox", *LIST_DISPLAY)

Key = TypeVar("Key", bound=Hashable)


def once(format: Callable[[Key], str]) -> Callable[[Key], str]:
    """`format` answering each distinct value once for the page (institutions repeat
    down a page)."""
    answers: dict[Key, str] = {}

    def answer(value: Key) -> str:
        try:
            return answers[value]
        except KeyError:
            answers[value] = text = format(value)
            return text

    return answer


def is_queue(cl: ChangeList) -> bool:
    """The page shows the queue's own columns (not a popup, nothing editable)."""
    return (
        tuple(cl.list_display) == COLUMNS
        and tuple(cl.list_display_links or ()) == LINKS
        and not cl.is_popup
        and not cl.list_editable
    )


def queue_rows(cl: ChangeList) -> list[SafeString] | None:
    """The page's rows as `rows.rows` writes them, or None for a list with other columns."""
    if not is_queue(cl):
        return None
    empty = rows.html(cl.model_admin.get_empty_value_display())
    language = page_language()
    current = language.split("-")[0]
    names = country_names(language)
    label = checkbox_label()
    zone = timezone.get_current_timezone()
    now = timezone.now()
    status_field: Any = cl.opts.get_field("status")
    statuses = {key: rows.html(name) for key, name in dict(status_field.flatchoices).items()}

    def text(value: str) -> str:
        # Django's display of a text: itself, escaped, or "empty" for blanks.
        return rows.html(value) if value.strip() else empty

    @once
    def institution(full: str) -> str:
        return text(institution_label(full))

    assignees: dict[Any, str] = {}

    drawn = []
    for request in cl.result_list:
        url = rows.row_url(cl, request)
        link = "" if url is None else f'<a href="{rows.html(url)}">'
        close = "</a>" if link else ""
        reference = text(request.reference) if request.reference else empty
        assignee = assignees.get(request.assignee_id)
        if assignee is None:
            assignee = text(assignee_label(request.assignee))
            assignees[request.assignee_id] = assignee
        if request.submitted_at is None:
            submitted = f'<td class="field-submitted_on">{empty}</td>'
        else:
            shown = local_day(language, timezone.localdate(request.submitted_at, zone))
            submitted = f'<td class="field-submitted_on nowrap">{shown}</td>'
        waited = local_number(language, (now - request.status_changed_at).days)
        drawn.append(
            SafeString(
                f'<td class="action-checkbox">{checkbox(request, label)}</td>'
                f'<th class="field-reference">{link}{reference}{close}</th>'
                f'<td class="field-display_title">{link}'
                f"{text(title_in(request, current))}{close}</td>"
                f'<td class="field-institution_name">{institution(str(request.institution))}</td>'
                f'<td class="field-country_name">{text(country_in(request, names))}</td>'
                f'<td class="field-status">{statuses.get(rows.blank(request.status), empty)}</td>'
                f'<td class="field-assignee_name">{assignee}</td>'
                f"{submitted}"
                f'<td class="field-days_in_stage">{waited}</td>'
            )
        )
    return drawn
