"""The admin's navigation sidebar, drawn in one pass with the markup of Django's app list.

Every admin page lists the apps and models the user may open beside its content. Django's
`admin/app_list.html` draws it with a template loop that looks the page's address up three
times per model: on the queue, a tenth of the page's time. `NavAppList` writes the same
markup (`admin/nav_sidebar.html` prints it; tests/looks/test_admin_nav.py compares it with
Django's template) from the same list (`AdminSite.get_app_list`), only when a page shows it.
"""

from __future__ import annotations

from html import escape
from typing import Any
from urllib.parse import quote

from django.utils.safestring import SafeString
from django.utils.translation import gettext


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
    """The sidebar's app list, drawn when a template prints it (popups never do)."""

    def __init__(self, app_list: list[dict[str, Any]], path: str) -> None:
        self.app_list = app_list
        self.path = path

    def __html__(self) -> SafeString:
        return app_list_html(self.app_list, self.path)

    def __str__(self) -> str:
        return self.__html__()
