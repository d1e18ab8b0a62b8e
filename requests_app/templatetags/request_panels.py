"""``{% request_panels "partner" obj %}``: the boxes other apps add to a request page
(requests_app.extensions), each rendered from its own template."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from requests_app import extensions
from requests_app.models import CapacityRequest

register = template.Library()


@register.simple_tag(takes_context=True)
def request_panels(
    context: template.Context, page: extensions.Page, capacity_request: CapacityRequest | None
) -> SafeString:
    if capacity_request is None:  # the admin's add page
        return SafeString()
    request: Any = context.get("request")
    parts = []
    for panel in extensions.request_panels(page):
        panel_context = panel.context(request, capacity_request)
        if panel_context is not None:
            parts.append((render_to_string(panel.template, panel_context, request=request),))
    return format_html_join("", "{}", parts)  # each part is its template's escaped output
