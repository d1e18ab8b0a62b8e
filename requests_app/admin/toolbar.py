"""The queue's tools around its rows, each drawn in one pass with the admin's own markup.

Around the rows and the filters (`rows`), the queue's page draws its object tools (the
dashboard, the dossiers, the export form with the list's parameters and the languages), the
search form, the action bar and the page links: four templates of Django's 5.2 admin or
ours (`admin/change_list_object_tools.html` under our `object-tools-items` block,
`admin/search_form.html`, `admin/actions.html`, the queue's `pagination.html`), each chosen
on every page among a model's, an app's and the admin's, then walked node by node, through
their blocks, loops and translations. Here each is one format of strings, written with the
templates' own text, blank lines and indentation included, so the page is the same bytes
(tests/requests_admin/test_queue_toolbar.py renders the page both ways and compares them).
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib.admin.options import IS_FACETS_VAR, IS_POPUP_VAR
from django.contrib.admin.templatetags.admin_list import pagination as django_pagination
from django.contrib.admin.views.main import SEARCH_VAR, ChangeList
from django.db.models.fields import BLANK_CHOICE_DASH
from django.http import HttpRequest
from django.template import Context
from django.templatetags.static import static
from django.utils.safestring import SafeString
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext, gettext_noop, ngettext
from simple_history.admin import SimpleHistoryAdmin

from .rows import html

# The tools' fixed words: the queue's own (in our catalogues), then the admin's (Django's
# catalogue alone: named without a marker, makemessages leaves them to Django's).
WORDS = (
    gettext_noop("Dashboard"),
    gettext_noop("Decision dossiers"),
    gettext_noop("Every request of the filtered list, all pages"),
    gettext_noop("Language of the export"),
    gettext_noop("Export CSV"),
    gettext_noop("Export XLSX"),
    gettext_noop("Search"),
    gettext_noop("Show all"),
    gettext_noop("Remove from sorting"),
    gettext_noop("Toggle sorting"),
    "Run the selected action",
    "Go",
    "Click here to select the objects across all pages",
    "Clear selection",
)
# The words translated and escaped, by language: looked up once a process, not on each page.
TRANSLATED: dict[str | None, dict[str, str]] = {}


def words() -> dict[str, str]:
    """The tools' fixed words in the page's language, escaped."""
    language = get_language()
    translated = TRANSLATED.get(language)
    if translated is None:
        translated = TRANSLATED[language] = {word: html(gettext(word)) for word in WORDS}
    return translated


def object_tools(context: Context) -> SafeString:
    """The `object-tools-items` block of the queue's change_list.html, Django's own block
    (the add link, `change_list_object_tools.html`) drawn inside it."""
    items = ["\n  "]
    if context.get("dashboard_url"):
        url = html(context["dashboard_url"])
        items.append(f'<li><a href="{url}">{words()["Dashboard"]}</a></li>')
    items.append("\n  ")
    if context.get("dossiers_url"):
        url = html(context["dossiers_url"])
        items.append(f'<li><a href="{url}">{words()["Decision dossiers"]}</a></li>')
    items.append("\n  ")
    if context.get("export_url"):
        items.append(export_form(context))
    items.append(f"\n  \n            {add_link(context)}\n          \n")
    return SafeString("".join(items))


def export_form(context: Context) -> str:
    """The export's form: the list's parameters as hidden fields, a choice of language."""
    hidden = "".join(
        f'<input type="hidden" name="{html(key)}" value="{html(value)}">'
        for key, value in context["export_params"]
    )
    chosen = context["export_language"]
    options = "".join(
        f'<option value="{html(code)}"{" selected" if code == chosen else ""}>{html(name)}</option>'
        for code, name in context["export_languages"]
    )
    title = words()["Every request of the filtered list, all pages"]
    return (
        '\n  <li class="mx-export-tool">\n'
        f'    <form method="get" action="{html(context["export_url"])}">\n'
        f"      {hidden}\n"
        '      <label class="mx-sr" for="mx-export-language">'
        f"{words()['Language of the export']}</label>\n"
        '      <select id="mx-export-language" name="language">\n'
        f"        {options}\n"
        "      </select>\n"
        f'      <button type="submit" name="format" value="csv" title="{title}">'
        f"{words()['Export CSV']}</button>\n"
        f'      <button type="submit" name="format" value="xlsx" title="{title}">'
        f"{words()['Export XLSX']}</button>\n"
        "    </form>\n"
        "  </li>\n  "
    )


def add_link(context: Context) -> str:
    """What `{% change_list_object_tools %}` draws: its blank lines alone for a list that
    adds nothing (the queue: requests are submitted by partners), else Django's template."""
    if not context.get("has_add_permission"):
        return "\n\n\n  \n\n"
    page = context.template
    assert page is not None  # a tag's context is a template's
    tools = page.engine.select_template(
        [
            "admin/{}/{}/change_list_object_tools.html".format(
                context["opts"].app_label.lower(), context["opts"].model_name
            ),
            f"admin/{context['opts'].app_label.lower()}/change_list_object_tools.html",
            "admin/change_list_object_tools.html",
        ]
    )
    return str(tools.render(context.new(cast(dict[str, Any], context.flatten()))))


def search_form(cl: ChangeList) -> SafeString:
    """Our `admin/search_form.html`: the box, the count of a search against the whole list
    ("more than" past the cap), the list's other parameters as hidden fields."""
    if not cl.search_fields:
        return SafeString("\n\n\n")
    search = words()["Search"]
    described = ' aria-describedby="searchbar_helptext"' if cl.search_help_text else ""
    parts = [
        '\n\n\n<div id="toolbar"><form id="changelist-search" method="get" role="search">\n'
        "<div><!-- DIV needed for valid HTML -->\n"
        f'<label for="searchbar"><img src="{html(static("admin/img/search.svg"))}" alt="">'
        f'<span class="visually-hidden">{search}</span></label>\n'
        f'<input type="text" size="40" name="{SEARCH_VAR}" value="{html(cl.query)}"'
        f' id="searchbar"{described}>\n'
        f'<input type="submit" value="{search}">\n'
    ]
    if cl.result_count != cl.full_result_count:
        parts.append(f'\n    <span class="small quiet">{result_count(cl)}</span>\n')
    parts.append("\n")
    for key, value in cl.params.items():
        field = (
            f'<input type="hidden" name="{html(key)}" value="{html(value)}">'
            if key != SEARCH_VAR
            else ""
        )
        parts.append(f"\n    {field}\n")
    parts.append("\n</div>\n")
    if cl.search_help_text:
        parts.append(
            '\n<br class="clear">\n'
            f'<div class="help" id="searchbar_helptext">{html(cl.search_help_text)}</div>\n'
        )
    parts.append("\n</form></div>\n\n")
    return SafeString("".join(parts))


def result_count(cl: ChangeList) -> str:
    """A search's count and the link to the whole list (or its count)."""
    counter = cl.result_count
    if getattr(cl.paginator, "capped", False):
        found = ngettext(
            "more than %(counter)s result", "more than %(counter)s results", counter
        ) % {"counter": counter}
    else:
        found = ngettext("%(counter)s result", "%(counter)s results", counter) % {
            "counter": counter
        }
    query = ""
    if cl.is_popup:
        query = f"{IS_POPUP_VAR}=1{'&' if cl.add_facets else ''}"
    if cl.add_facets:
        query += IS_FACETS_VAR
    if cl.show_full_result_count:
        whole = gettext("%(full_result_count)s total") % {
            "full_result_count": html(cl.full_result_count)
        }
    else:
        whole = words()["Show all"]
    return f'{found} (<a href="?{query}">{whole}</a>)'


def actions(context: Context) -> SafeString:
    """Django's `{% admin_actions %}` (`admin/actions.html`): the action's choice, the
    button, the count of rows selected and the offer to select every page's."""
    # Django's tag counts the bars drawn on the page, each button's index.
    previous = context.get("action_index")
    context["action_index"] = index = 0 if previous is None else previous + 1
    fields = "".join(
        f"<label>{html(field.label)} {field}</label>" if field.label else str(field)
        for field in context["action_form"]
    )
    go = words()["Run the selected action"]
    parts = [
        '\n<div class="actions">\n  \n    \n'
        f"    {fields}\n    \n    \n"
        f'    <button type="submit" class="button" title="{go}" name="index"'
        f' value="{html(index or 0)}">{words()["Go"]}</button>\n    \n    \n'
        "    "
    ]
    if context.get("actions_selection_counter"):
        parts.append(counter(context))
    parts.append("\n    \n  \n</div>\n")
    return SafeString("".join(parts))


def counter(context: Context) -> str:
    """The count of rows selected, and across the pages, all the rows of the list."""
    cl = context["cl"]
    shown = len(cl.result_list)
    drawn = [
        f'\n        <span class="action-counter" data-actions-icnt="{shown}">'
        f"{html(context['selection_note'])}</span>\n        "
    ]
    if cl.result_count != shown:
        across = words()["Click here to select the objects across all pages"]
        select = gettext("Select all %(total_count)s %(module_name)s") % {
            "total_count": html(cl.result_count),
            "module_name": html(context["module_name"]),
        }
        drawn.append(
            f'\n        <span class="all hidden">{html(context["selection_note_all"])}</span>\n'
            '        <span class="question hidden">\n'
            f'            <a role="button" href="#" title="{across}">{select}</a>\n'
            "        </span>\n"
            '        <span class="clear hidden"><a role="button" href="#">'
            f"{words()['Clear selection']}</a></span>\n        "
        )
    drawn.append("\n    ")
    return "".join(drawn)


def pagination(cl: ChangeList, links: Any) -> SafeString:
    """The queue's `pagination.html`: the page links, the count in words ("more than" past
    the cap), the link to show every row. `links` draws the page links."""
    context = django_pagination(cl)
    parts = ['\n\n<p class="paginator">\n']
    if context["pagination_required"]:
        parts.append(f"\n{links(cl, context['page_range'])}\n")
    counter = cl.result_count
    if getattr(cl.paginator, "capped", False):
        count = ngettext(
            "more than %(counter)s request: narrow the list with the filters or the search",
            "more than %(counter)s requests: narrow the list with the filters or the search",
            counter,
        )
    else:
        count = ngettext("%(counter)s request", "%(counter)s requests", counter)
    parts.append(f"\n{count % {'counter': counter}}\n")
    if context["show_all_url"]:
        parts.append(
            f'<a href="{html(context["show_all_url"])}" class="showall">{words()["Show all"]}</a>'
        )
    parts.append("\n</p>\n")
    return SafeString("".join(parts))


def result_head(headers: list[dict[str, Any]], sorted_fields: int) -> SafeString:
    """The cells of the table's head, as `change_list_results.html` loops over Django's
    `result_headers`: each column's name, and the links sorting by it."""
    remove = words()["Remove from sorting"]
    toggle = words()["Toggle sorting"]
    cells = []
    for header in headers:
        name = capfirst(str(header["text"]))
        name = name if hasattr(header["text"], "__html__") else html(name)
        sorting = ""
        if header["sortable"] and header["sort_priority"] > 0:
            priority = ""
            if sorted_fields > 1:
                said = gettext("Sorting priority: %(priority_number)s") % {
                    "priority_number": header["sort_priority"]
                }
                priority = (
                    f'<span class="sortpriority" title="{said}">{header["sort_priority"]}</span>'
                )
            direction = "ascending" if header["ascending"] else "descending"
            sorting = (
                '\n       <div class="sortoptions">\n'
                f'         <a class="sortremove" href="{html(header["url_remove"])}"'
                f' title="{remove}"></a>\n'
                f"         {priority}\n"
                f'         <a href="{html(header["url_toggle"])}" class="toggle {direction}"'
                f' title="{toggle}"></a>\n'
                "       </div>\n   "
            )
        if header["sortable"]:
            text = f'<a href="{html(header["url_primary"])}">{name}</a>'
        else:
            text = f"<span>{name}</span>"
        cells.append(
            f'\n<th scope="col"{html(header["class_attrib"])}>\n   {sorting}\n'
            f'   <div class="text">{text}</div>\n'
            '   <div class="clear"></div>\n</th>'
        )
    return SafeString("".join(cells))


class ActionsMixin(SimpleHistoryAdmin):
    """The list's actions worked out once a page: Django asks for them three times (the
    checkbox column, the posted action, the action box), each time asking every action's
    permissions again, and names the choices of the box anew on every page."""

    # The action box's choices, by language and the actions offered (a process's own).
    CHOICES: dict[tuple[Any, ...], list[tuple[str, str]]] = {}

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        kept = request.__dict__.setdefault("_mieux_list_actions", {})
        key = (id(self), IS_POPUP_VAR in request.GET)
        if key not in kept:
            kept[key] = super().get_actions(request)
        return dict(kept[key])

    def get_action_choices(
        self, request: HttpRequest, default_choices: Any = BLANK_CHOICE_DASH
    ) -> list[tuple[str, str]]:
        if default_choices is not BLANK_CHOICE_DASH:
            return super().get_action_choices(request, default_choices)
        key = (get_language(), type(self).__qualname__, *self.get_actions(request))
        choices = self.CHOICES.get(key)
        if choices is None:
            choices = self.CHOICES[key] = super().get_action_choices(request)
        return list(choices)
