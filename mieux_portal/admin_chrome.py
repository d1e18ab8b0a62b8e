"""The admin page's chrome (head, header, breadcrumbs, sidebar, footer) drawn once per process.

Around a list's rows, an admin page draws its head (style sheets, scripts, the title), the
header with the user's name and links, the breadcrumbs, the sidebar and the footer: a few
hundred template nodes whose output changes only with the page, the language, the URL prefix
and the user (permissions, flags, name). `templates/admin/base.html` (Django's 5.2 one)
marks those parts `{% chrome "name" %}…{% endchrome %}`; a page whose view vouches that its
chrome depends on nothing else (`chrome_page` in its context, naming the page) has each part
drawn once per process for each such key and kept (`KEPT`, bounded). What a page holds of
its own request is filled in on every page: the CSRF token of the header's log-out form
is drawn as a stand-in and replaced; the time zone (`{% now %}`), the messages and the
content are outside the marked parts. A page without `chrome_page` is drawn as Django draws
it.
"""

from __future__ import annotations

import uuid
from typing import Any

from django import template
from django.template.base import Node, NodeList, Parser, Token
from django.urls import get_script_prefix
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from .admin_nav import permission_key

register = template.Library()

# Drawn in place of the CSRF token in a kept part, and replaced by the request's own: letters
# and digits only, which escaping leaves as they are.
CSRF_STAND_IN = f"mxchromecsrf{uuid.uuid4().hex}"
# What `{% csrf_token %}` draws nothing for (Django's marker of a token not provided).
NO_TOKEN = frozenset({"", "NOTPROVIDED"})
# How many parts a process keeps: three per page, language and set of permissions and name.
MAX_KEPT = 512
# The parts drawn, by key, each with the page template it was drawn for (its id stays its own).
KEPT: dict[tuple[Any, ...], tuple[Any, SafeString]] = {}


class ChromeNode(Node):
    """A part of the admin page's chrome, kept once drawn (see the module's docstring)."""

    def __init__(self, name: str, nodelist: NodeList) -> None:
        self.name = name
        self.nodelist = nodelist

    def render(self, context: template.Context) -> SafeString:
        key = self.key(context)
        if key is None:
            return self.nodelist.render(context)
        token = str(context.get("csrf_token") or "")
        if token in NO_TOKEN:  # the page's form would be drawn without one
            return self.nodelist.render(context)
        page = context.template
        kept = KEPT.get(key)
        if kept is None or kept[0] is not page:
            with context.push(csrf_token=CSRF_STAND_IN):
                drawn = self.nodelist.render(context)
            if len(KEPT) >= MAX_KEPT:
                KEPT.clear()
            kept = KEPT[key] = (page, drawn)
        return SafeString(kept[1].replace(CSRF_STAND_IN, token))

    def key(self, context: template.Context) -> tuple[Any, ...] | None:
        """All the part's output depends on, or None for a page that does not vouch for it."""
        page = context.render_context.get(PAGE_KEY, False)
        if page is False:
            page = context.render_context[PAGE_KEY] = page_key(context)
        return None if page is None else (self.name, *page)


# Where a page's key is kept while it is drawn (its three parts share it).
PAGE_KEY = "mieux_portal.admin_chrome:page"


def page_key(context: template.Context) -> tuple[Any, ...] | None:
    """What the page's chrome depends on, or None for a page that does not vouch for it:
    the page and its title, the language and URL prefix, the user's permissions, flags and
    name (as `admin_nav.AppLists` keys the sidebar's list, and its path the sidebar)."""
    page = context.get("chrome_page")
    request = context.get("request")
    user = getattr(request, "user", None)
    if not page or request is None or user is None or context.template is None:
        return None
    return (
        id(context.template),
        page,
        str(context.get("title", "")),
        str(context.get("subtitle", "")),
        bool(context.get("is_popup")),
        bool(context.get("has_permission")),
        request.path,
        get_language(),
        get_script_prefix(),
        getattr(request, "current_app", None),
        permission_key(user),
        bool(user.is_anonymous),
        user.get_short_name() if hasattr(user, "get_short_name") else "",
        user.get_username() if hasattr(user, "get_username") else "",
        bool(user.has_usable_password()) if hasattr(user, "has_usable_password") else False,
    )


@register.tag("chrome")
def do_chrome(parser: Parser, token: Token) -> ChromeNode:
    """`{% chrome "name" %}…{% endchrome %}`: a part of the page's chrome, kept once drawn."""
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError("'chrome' takes one quoted name")
    nodelist = parser.parse(("endchrome",))
    parser.delete_first_token()
    return ChromeNode(bits[1][1:-1], nodelist)
