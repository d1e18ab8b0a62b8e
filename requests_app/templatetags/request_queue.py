"""The queue's rows, filters and page links, each drawn in one pass (requests_app.admin.rows),
and the tools around them (requests_app.admin.toolbar)."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import Any

from django import template
from django.contrib.admin.views.main import PAGE_VAR, ChangeList
from django.template import Context
from django.utils.safestring import SafeString

from requests_app.admin import rows, sidebar, toolbar

register = template.Library()


@register.inclusion_tag("admin/requests_app/capacityrequest/queue_results.html")
def queue_result_list(cl: ChangeList) -> dict[str, Any]:
    """The table of the page's requests, as Django's `{% result_list %}` draws it."""
    context = rows.result_list(cl)
    context["head"] = toolbar.result_head(context["result_headers"], context["num_sorted_fields"])
    return context


@register.simple_tag
def queue_filters(cl: ChangeList) -> SafeString:
    """The filters' choices, as Django's `{% admin_list_filter %}` draws each filter (kept
    between pages of the same shape: `sidebar`)."""
    return sidebar.filters(cl, cl.filter_specs)


@register.simple_tag
def queue_page_links(cl: ChangeList, page_range: Iterable[Any]) -> SafeString:
    """The links to the list's pages, as `{% paginator_number %}` in a loop over them draws
    each one (with the loop's line breaks), the ellipsis's translation read once."""
    last = cl.paginator.num_pages
    links = []
    for page in page_range:
        if not isinstance(page, int):  # Django's ellipsis
            link = f"{escape(str(page))} "
        elif page == cl.page_num:
            link = f'<span class="this-page">{page}</span> '
        else:
            url = escape(cl.get_query_string({PAGE_VAR: page}))
            end = ' class="end"' if page == last else ""
            link = f'<a href="{url}"{end}>{page}</a> '
        links.append(f"\n    {link}\n")
    return SafeString("".join(links))


@register.simple_tag(takes_context=True)
def queue_object_tools(context: Context) -> SafeString:
    """The object tools' items, as the queue's block and Django's around it draw them."""
    return toolbar.object_tools(context)


@register.simple_tag
def queue_search_form(cl: ChangeList) -> SafeString:
    """The search form, as `{% search_form %}` draws it."""
    return toolbar.search_form(cl)


@register.simple_tag(takes_context=True)
def queue_actions(context: Context) -> SafeString:
    """The action bar, as `{% admin_actions %}` draws it."""
    return toolbar.actions(context)


@register.simple_tag
def queue_pagination(cl: ChangeList) -> SafeString:
    """The page links and the count, as `{% pagination %}` draws them."""
    return toolbar.pagination(cl, queue_page_links)
