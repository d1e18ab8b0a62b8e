"""The admin's navigation sidebar, drawn in one pass with the markup of Django's app list.

Every admin page lists the apps and models the user may open beside its content. Django's
`admin/app_list.html` draws it with a template loop that looks the page's address up three
times per model: on the queue, a tenth of the page's time. `NavAppList` writes the same
markup (`admin/nav_sidebar.html` prints it; tests/looks/test_admin_nav.py compares it with
Django's template) from the same list (`AdminSite.get_app_list`), only when a page shows it.
The list itself is kept for each set of permissions (`AppLists`), and each page's sidebar
drawn from it once.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any
from urllib.parse import quote

from django.http import HttpRequest
from django.urls import get_script_prefix
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext


def _text(value: Any) -> str:
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return escape(str(value))


def app_list_html(app_list: list[dict[str, Any]], path: str) -> SafeString:
    """`admin/app_list.html` for `app_list` on the page at `path`, without the change links
    (the sidebar's way)."""
    if not app_list:
        return SafeString(
            f"<p>{_text(gettext('You don’t have permission to view or edit anything.'))}</p>"
        )
    here = quote(path)
    head = (
        '<thead class="visually-hidden"><tr>'
        f'<th scope="col">{_text(gettext("Model name"))}</th>'
        f'<th scope="col">{_text(gettext("Add link"))}</th>'
        f'<th scope="col">{_text(gettext("Change or view list link"))}</th>'
        "</tr></thead>"
    )
    add = _text(gettext("Add"))
    parts = []
    for app in app_list:
        label = _text(app["app_label"])
        current = " current-app" if str(app["app_url"]) in here else ""
        title = gettext("Models in the %(name)s application") % {"name": _text(app["name"])}
        parts.append(
            f'<div class="app-{label} module{current}"><table><caption>'
            f'<a href="{_text(app["app_url"])}" class="section" title="{title}">'
            f"{_text(app['name'])}</a></caption>{head}"
        )
        for model in app["models"]:
            name = _text(str(model["object_name"]).lower())
            url = model.get("admin_url")
            shown = bool(url) and str(url) in here
            link = _text(model["name"])
            if url:
                current_page = ' aria-current="page"' if shown else ""
                link = f'<a href="{_text(url)}"{current_page}>{link}</a>'
            adding = "<td></td>"
            if model.get("add_url"):
                adding = (
                    f'<td><a href="{_text(model["add_url"])}" class="addlink" '
                    f'aria-describedby="{label}-{name}">{add}</a></td>'
                )
            parts.append(
                f'<tr class="model-{name}{" current-model" if shown else ""}">'
                f'<th scope="row" id="{label}-{name}">{link}</th>{adding}</tr>'
            )
        parts.append("</table></div>")
    return SafeString("".join(parts))


class NavAppList:
    """The sidebar's app list, drawn when a template prints it (popups never do), once per
    process for each app list (`AppLists`) and page."""

    def __init__(self, app_list: list[dict[str, Any]], path: str) -> None:
        self.app_list = app_list
        self.path = path

    def __html__(self) -> SafeString:
        drawn = DRAWN.get(id(self.app_list))
        if drawn is None or drawn[0] is not self.app_list:
            if len(DRAWN) >= MAX_KEPT:
                DRAWN.clear()
            drawn = DRAWN[id(self.app_list)] = (self.app_list, {})
        key = (self.path, get_language())
        html = drawn[1].get(key)
        if html is None:
            html = drawn[1][key] = app_list_html(self.app_list, self.path)
        return html

    def __str__(self) -> str:
        return self.__html__()


# How many app lists (and sidebars of each) a process keeps: one per set of permissions and
# language, a few dozen at most.
MAX_KEPT = 256
# The sidebars drawn, by app list (kept here with them: its id stays its own) and page.
DRAWN: dict[int, tuple[list[dict[str, Any]], dict[tuple[str, str], SafeString]]] = {}


def permission_key(user: Any) -> tuple[Any, ...]:
    """What the portal's admins decide a user may see from: flags and permissions."""
    everything = bool(user.is_active and user.is_superuser)
    return (
        bool(user.is_active),
        bool(user.is_staff),
        everything,
        frozenset() if everything else frozenset(user.get_all_permissions()),
    )


class AppLists:
    """`AdminSite.get_app_list`'s answers kept for the process, for each set of permissions,
    language and URL prefix.

    Every admin page lists the apps and models the user may open: Django builds the list
    anew (each model's permissions, two URLs reversed, the names sorted through their
    translations), a tenth of a list page's time, for an answer that changes only with the
    user's permissions. The portal's admins decide what a user may see from the user's
    permissions and flags alone (none looks at the request's data, the time or an object),
    which the key holds; the URLs depend on the language and the script prefix. The lists
    are shared: templates only read them.
    """

    def __init__(self) -> None:
        self.kept: dict[tuple[Any, ...], list[dict[str, Any]]] = {}

    def get(
        self, request: HttpRequest, app_label: str | None, build: Callable[[], list[dict[str, Any]]]
    ) -> list[dict[str, Any]]:
        """The list `build` makes for this request's user, built once for the process."""
        key = (
            permission_key(request.user),
            app_label,
            get_language(),
            get_script_prefix(),
            getattr(request, "current_app", None),
        )
        app_list = self.kept.get(key)
        if app_list is None:
            if len(self.kept) >= MAX_KEPT:
                self.kept.clear()
            app_list = self.kept[key] = build()
        return app_list
