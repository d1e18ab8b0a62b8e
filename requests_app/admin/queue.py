"""The request queue: its page of rows, its columns and its bulk actions.

The list shows submitted requests only (`CapacityRequestAdmin.get_queryset`), oldest in
their stage first; the actions assign and start screening through the services, one request
at a time, and report each refusal on the list rather than failing the whole selection.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import quote
from django.contrib.admin.views.main import ORDER_VAR, SEARCH_VAR, ChangeList
from django.core.exceptions import FieldError
from django.core.paginator import Paginator
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.manager import append_lookup_keys
from simple_history.admin import SimpleHistoryAdmin

from accounts_app.models import User
from mieux_portal import languages
from mieux_portal.admin_lists import BoundedChangeList, ListActionForm
from mieux_portal.loading import by_ids
from mieux_portal.search import is_postgresql, through_index

from .. import services
from ..models import NARRATIVE_FIELDS, CapacityRequest
from ..search import SPEC
from ..search_rows import SearchRow
from . import queue_rows
from .common import staff_actor
from .forms import AssignForm
from .queue_rows import (
    assignee_label,
    checkbox,
    checkbox_label,
    country_in,
    country_names,
    institution_label,
    page_language,
    title_in,
)


class QueueChangeList(BoundedChangeList):
    """The queue's page: 50 rows without the long texts, joined only to what they show, and
    linked to their request pages without resolving each link's URL.

    The request page needs the institution's kind and verifier (`get_queryset`); the list's
    rows name the institution and the assignee only, and never print the narrative, which
    is most of a request's bytes.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.change_url: list[str] | None = None
        self.surroundings: dict[tuple[str, tuple[str, ...]], tuple[str, str]] = {}
        super().__init__(*args, **kwargs)
        # Each row's link carries the list's filters back from the request page. Django's
        # row rendering adds them by resolving every link's URL again (to tell a link to
        # the list itself); these links all go to request pages, so the filters are
        # appended once here, and the rows see none left to add.
        self.row_filters, self.preserved_filters = self.preserved_filters, ""

    def __copy__(self) -> QueueChangeList:
        # A copy may be given other parameters (the filters' stand-in for the search text,
        # requests_app.admin.sidebar): it keeps its own query strings.
        twin = object.__new__(type(self))
        twin.__dict__.update(self.__dict__)
        twin.surroundings = {}
        return twin

    def url_for_result(self, result: Model) -> str:
        # The request page's URL is reversed once for the page, the rows fill in their id.
        pk = str(quote(getattr(result, self.pk_attname)))
        if self.change_url is None:
            self.change_url = super().url_for_result(result).rsplit(pk, 1)
        head, tail = self.change_url
        url = f"{head}{pk}{tail}"
        return f"{url}?{self.row_filters}" if self.row_filters else url

    def get_query_string(
        self, new_params: dict[str, Any] | None = None, remove: Iterable[str] | None = None
    ) -> str:
        """Django's query string of a link of the list (its filters, sorted, with these
        changes), each parameter encoded once (`encoded_parameter`): the filters ask for one per
        choice, ~150 on each page, each the list's other parameters around one changed."""
        changes = new_params or {}
        if len(changes) <= 1 and None not in changes.values():
            name, value = next(iter(changes.items()), ("", None))
            before, after = self.around(name, tuple(remove or ()))
            pair = "" if value is None else self.encoded(name, value)
            return "?" + "&".join(part for part in (before, pair, after) if part)
        params = dict(self.filter_params)
        for prefix in remove or ():
            for name in [name for name in params if name.startswith(prefix)]:
                del params[name]
        for name, value in (new_params or {}).items():
            if value is None:
                params.pop(name, None)
            else:
                params[name] = value
        pairs = (self.encoded(name, value) for name, value in sorted(params.items()))
        return "?" + "&".join(pair for pair in pairs if pair)

    def around(self, name: str, remove: tuple[str, ...]) -> tuple[str, str]:
        """The list's parameters but `name` and those `remove` starts, encoded and sorted:
        those before `name`, and those after it (once per filter for the page, as the list's
        parameters never change once it has read them)."""
        try:
            return self.surroundings[name, remove]
        except KeyError:
            pass
        params = sorted(
            (key, value)
            for key, value in self.filter_params.items()
            if key != name and not any(key.startswith(prefix) for prefix in remove)
        )
        before = (self.encoded(key, value) for key, value in params if key < name)
        after = (self.encoded(key, value) for key, value in params if key > name)
        parts = "&".join(p for p in before if p), "&".join(p for p in after if p)
        self.surroundings[name, remove] = parts
        return parts

    def encoded(self, name: str, value: Any) -> str:
        """One parameter as Django's `urlencode` writes it (a list: the name repeated)."""
        try:
            kind: Any = type(value)
            return encoded_parameter(name, kind, tuple(value) if isinstance(value, list) else value)
        except TypeError:  # a value that cannot be a key
            return urlencode([(name, value)], doseq=True)

    def get_results(self, request: HttpRequest) -> None:
        super().get_results(request)
        # The ids of the page's rows in the list's order, where they are known before the
        # rows: the page reads its rows by their keys alone (`loading.by_ids`), without
        # the list's filters, search and rank again.
        ids: list[Any] | None = None
        # Ranking reads every match's vector: for more matches than the count's cap (a word
        # most requests hold), the page is the queue's order instead, read from its index;
        # the list says "more than" and the filters or more words narrow it.
        order = self.queryset.query.order_by
        if self.paginator.capped and order and order[0] == "-search_rank":  # type: ignore[attr-defined]
            # Capped, the list has pages (and no "show all"): this page of the queue order,
            # its ids read from the search copy when the filters allow.
            self.queryset = self.queryset.order_by(*order[1:])
            first = (self.page_num - 1) * self.list_per_page
            self.result_list = self.queryset[first : first + self.list_per_page]
            rows = self.paginator.counted  # type: ignore[attr-defined]
            if self.paginator.first == first and self.paginator.queue_ids is not None:  # type: ignore[attr-defined]
                # Brought by the count's statement (CappedPaginator.queue_page).
                ids = self.paginator.queue_ids  # type: ignore[attr-defined]
            elif rows is not None:
                found = rows.order_by(*order[1:]).values_list("pk", flat=True)
                ids = list(found[first : first + self.list_per_page])
        elif self.query and getattr(self.paginator, "ids", None) is not None:
            # The count brought the ids of this page's rows (every match, or every match in
            # the list's order): the page reads these rows by their key, without searching
            # and ranking again (the words of a common prefix, "contact", cost the index more
            # than the rows; ranking reads every match's vector).
            ids = self.paginator.ids  # type: ignore[attr-defined]
            whole = not self.multi_page or (self.show_all and self.can_show_all)
            if self.paginator.ordered and not whole:  # type: ignore[attr-defined]
                first = (self.page_num - 1) * self.list_per_page
                ids = ids[first : first + self.list_per_page]
            elif not self.paginator.ordered:  # type: ignore[attr-defined]
                # Every match, in no order: the list's order is the query's.
                self.result_list, ids = self.queryset.filter(pk__in=ids), None
        if ids is not None and not self.list_editable:
            self.result_list = by_ids(CapacityRequest, ROW_FIELDS, ids, self.queryset.db)
            return
        if ids is not None:  # an editable list's forms take a queryset
            self.result_list = self.queryset.filter(pk__in=ids)
        # The rows read only what their cells print: a third of the columns, none of the
        # timestamps but the two shown (converting each was a tenth of the list's time).
        self.result_list = QuerySet.only(self.result_list, *with_translations(ROW_FIELDS))

    def get_filters(self, request: HttpRequest) -> Any:
        found = super().get_filters(request)
        # Lookups of the querystring that no list filter answers (`?title__regex=`).
        self.other_lookups = bool(found[2])
        return found

    def get_queryset(self, request: HttpRequest, exclude_parameters: Any = None) -> QuerySet:
        queryset = super().get_queryset(request, exclude_parameters)
        # A search lists the best match first (PostgreSQL ranks), unless a column is chosen
        # (the admin orders before it searches, so the rank comes first here).
        ranked = "search_rank" in queryset.query.annotations and is_postgresql()
        if ranked and ORDER_VAR not in self.params:
            queryset = queryset.order_by("-search_rank", *queryset.query.order_by)
        listed = queryset.select_related(None).select_related(*self.list_select_related)  # type: ignore[misc]
        listed = QuerySet.defer(listed, *with_translations(LONG_FIELDS))
        if ranked:
            # Read by the paginator (QueueMixin.get_paginator), which gets this queryset.
            listed.search_rows = self.search_rows(request, queryset.query.order_by)  # type: ignore[attr-defined]
            # The offset of the page shown, whose ids in the queue's order the count brings
            # when there are more matches than its cap (CappedPaginator.queue_page).
            listed.page_first = (self.page_num - 1) * self.list_per_page  # type: ignore[attr-defined]
        return listed

    def search_rows(self, request: HttpRequest, order: Any) -> QuerySet | None:
        """The list's matches in the search copy (`SearchRow`: the same ids, ranks and
        order, from rows a third as wide as the requests'), for the count, the ranking and
        the ids of a page; None where a filter reads a column the copy does not hold.

        The copy's rows are filtered as the list's (`staff_visible`, the same filters and
        search); a filter it cannot answer fails to build (FieldError), before any query."""
        if not self.query or getattr(self, "other_lookups", True):
            return None
        rows: Any = SearchRow.objects.all().staff_visible()
        try:
            for spec in self.filter_specs:
                filtered = spec.queryset(request, rows)
                if filtered is not None:
                    rows = filtered
            return rows.search(self.query).order_by(*order)
        except FieldError:
            return None


@functools.lru_cache(maxsize=8)
def with_translations(names: tuple[str, ...]) -> tuple[str, ...]:
    """`names` and each translated field's columns in every language, as modeltranslation's
    `only()` and `defer()` name them for Django's (`append_lookup_keys`, the same in every
    language): worked out once, where those methods did it on every page (~75 us for the
    long fields)."""
    return tuple(sorted(append_lookup_keys(CapacityRequest, names)))


@functools.lru_cache(maxsize=4096)
def encoded_parameter(name: str, kind: type, value: Any) -> str:
    """`name=value` as Django's `urlencode` writes it (`kind`: the value's type, so that
    True and 1 are told apart), kept for the process: the filters' choices are the same
    on every page of the list, and encoding them was most of the filters' time."""
    return urlencode([(name, value)], doseq=True)


LONG_FIELDS = (
    "draft_payload",
    "search_vector",
    *(
        f"{name}{suffix}"
        for name in NARRATIVE_FIELDS
        if name != "title"
        for suffix in ("", *(f"_{code}" for code in languages.supported_codes()))
    ),
)

# What the queue's cells print (`QueueMixin`'s columns, the checkbox's label).
ROW_FIELDS = (
    "reference",
    "title",
    *(f"title_{code}" for code in languages.supported_codes()),
    "institution__name",
    "institution__acronym",
    "country",
    "status",
    "assignee__first_name",
    "assignee__last_name",
    "assignee__email",
    "submitted_at",
    "status_changed_at",
)


class QueueMixin(SimpleHistoryAdmin):
    """The list of the triage desk: its columns and its bulk actions."""

    # The action box's select rendered once, not on every page (its template).
    action_form = ListActionForm

    def get_changelist(self, request: HttpRequest, **kwargs: Any) -> type[ChangeList]:
        return QueueChangeList

    def list_rows(self, cl: ChangeList) -> list[SafeString] | None:
        """The page's rows for `rows.rows`, written by the queue's own writer
        (`queue_rows`); None for a list with other columns."""
        return queue_rows.queue_rows(cl)

    # -- the list

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        # The list's chrome (head, header, breadcrumbs, sidebar) depends on nothing but the
        # page, its title, the language and the user: drawn once (mieux_portal.admin_chrome).
        # Its media and actions are the admin's, for the user's permissions; it has no
        # editable columns, whose errors would change its title and style sheets.
        context = {"chrome_page": f"{self.opts.label}:changelist", **(extra_context or {})}
        return super().changelist_view(request, extra_context=context)

    def get_paginator(
        self,
        request: HttpRequest,
        queryset: QuerySet[CapacityRequest],
        per_page: int,
        orphans: int = 0,
        allow_empty_first_page: bool = True,
    ) -> Paginator:
        paginator = super().get_paginator(
            request, queryset, per_page, orphans, allow_empty_first_page
        )
        # A search's count reads the rows anyway: it brings back the ids of a page it fills
        # whole (CappedPaginator.keep_ids).
        text = request.GET.get(SEARCH_VAR, "").strip()
        paginator.keep_ids = bool(text)  # type: ignore[attr-defined]
        # A word in few of the requests is counted through the index (search.through_index).
        paginator.index_first = bool(text) and is_postgresql() and through_index(text, SPEC.table)  # type: ignore[attr-defined]
        # The list's matches in the search copy, where its filters allow (QueueChangeList).
        paginator.counted = getattr(queryset, "search_rows", None)  # type: ignore[attr-defined]
        paginator.first = getattr(queryset, "page_first", None)  # type: ignore[attr-defined]
        return paginator

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[CapacityRequest], search_term: str
    ) -> tuple[QuerySet[CapacityRequest], bool]:
        """The desk's search box: the words of the narrative in any language, the contact
        person, the institution's names and city, a reference or an e-mail address
        (`CapacityRequestQuerySet.search`); never a duplicate row."""
        if not search_term.strip():
            return queryset, False
        return queryset.search(search_term), False  # type: ignore[attr-defined]

    @admin.display(description=_("title"))
    def display_title(self, obj: CapacityRequest) -> str:
        """The title in the page's language, else the other one marked with its code."""
        return title_in(obj, page_language().split("-")[0])

    @admin.display(description=_("requesting institution"), ordering="institution__name")
    def institution_name(self, obj: CapacityRequest) -> str:
        """The institution, shortened so the row keeps its status and dates in view."""
        return institution_label(str(obj.institution))

    def action_checkbox(self, obj: CapacityRequest) -> str:
        """Django's checkbox of each row, without rendering a form widget's template per row
        (a sixth of the list's time); the markup is the widget's, its label Django's."""
        return checkbox(obj, checkbox_label())

    @admin.display(description=_("country"), ordering="country")
    def country_name(self, obj: CapacityRequest) -> str:
        """The country's name in the page's language."""
        return country_in(obj, country_names(page_language()))

    @admin.display(description=_("assignee"), ordering="assignee__last_name")
    def assignee_name(self, obj: CapacityRequest) -> str:
        """The assignee's name (the e-mail address only for someone without one)."""
        return assignee_label(obj.assignee)

    @admin.display(description=_("submitted"), ordering="submitted_at")
    def submitted_on(self, obj: CapacityRequest) -> date | None:
        # The day is what triage needs; the time would push the row's last columns away.
        return timezone.localdate(obj.submitted_at) if obj.submitted_at else None

    @admin.display(description=_("days in stage"), ordering="-status_changed_at")
    def days_in_stage(self, obj: CapacityRequest) -> int:
        """Whole days since the request entered its current stage (from the row itself)."""
        return (timezone.now() - obj.status_changed_at).days

    @admin.display(description=_("other countries covered"))
    def countries_covered(self, obj: CapacityRequest) -> str:
        # The admin's generic display prints a multiple CountryField as bare codes.
        names = [country.name for country in obj.other_countries]  # type: ignore[attr-defined]
        return ", ".join(names) or "—"

    # -- bulk actions

    @admin.action(description=_("Assign to me"), permissions=["change"])
    def assign_to_me(self, request: HttpRequest, queryset: QuerySet[CapacityRequest]) -> None:
        """Give the selected requests to the user who runs the action."""
        self._assign(request, queryset, staff_actor(request))

    @admin.action(description=_("Assign to…"), permissions=["change"])
    def assign_to(
        self, request: HttpRequest, queryset: QuerySet[CapacityRequest]
    ) -> TemplateResponse | None:
        """Ask for a staff member on an intermediate page, then give them the requests."""
        if "apply" in request.POST:
            form = AssignForm(request.POST)
            if form.is_valid():
                self._assign(request, queryset, form.cleaned_data["assignee"])
                return None  # back to the list
        else:
            form = AssignForm()
        context = {
            **self.admin_site.each_context(request),
            "title": _("Assign requests"),
            "opts": self.opts,
            "form": form,
            "queryset": queryset,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "action": "assign_to",
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(
            request, "admin/requests_app/capacityrequest/assign_to.html", context
        )

    @admin.action(description=_("Start screening"), permissions=["change"])
    def start_screening(self, request: HttpRequest, queryset: QuerySet[CapacityRequest]) -> None:
        """Move each selected request from "submitted" to "screening" where the table allows."""
        moved = 0
        refused: list[tuple[CapacityRequest, Any]] = []
        for obj in queryset:
            try:
                services.request_transition(
                    request=obj, key="start_screening", actor=staff_actor(request)
                )
            except services.WorkflowError as error:
                refused.append((obj, error.message))
            else:
                moved += 1
        message = ngettext(
            "%(count)d request moved to screening.",
            "%(count)d requests moved to screening.",
            moved,
        ) % {"count": moved}
        self._report(request, message if moved else "", refused)

    def _assign(
        self, request: HttpRequest, queryset: QuerySet[CapacityRequest], assignee: User
    ) -> None:
        done = 0
        refused: list[tuple[CapacityRequest, Any]] = []
        for obj in queryset:
            try:
                services.request_assign(request=obj, actor=staff_actor(request), assignee=assignee)
            except services.WorkflowError as error:
                refused.append((obj, error.message))
            else:
                done += 1
        message = ngettext(
            "%(count)d request assigned to %(name)s.",
            "%(count)d requests assigned to %(name)s.",
            done,
        ) % {"count": done, "name": assignee}
        self._report(request, message if done else "", refused)

    def _report(
        self, request: HttpRequest, done: str, refused: list[tuple[CapacityRequest, Any]]
    ) -> None:
        # One success line and one line naming each refused request with its reason, so a
        # mixed selection never ends in an error page.
        if done:
            self.message_user(request, done, messages.SUCCESS)
        if refused:
            details = "; ".join(f"{obj.reference}: {reason}" for obj, reason in refused)
            self.message_user(
                request,
                ngettext(
                    "%(count)d request was not changed: %(details)s",
                    "%(count)d requests were not changed: %(details)s",
                    len(refused),
                )
                % {"count": len(refused), "details": details},
                messages.WARNING,
            )
