"""The queue's rows and filters, each drawn in one pass (requests_app.admin.rows)."""

from __future__ import annotations

from typing import Any

from django import template
from django.contrib.admin.views.main import ChangeList
from django.utils.safestring import SafeString

from requests_app.admin import rows

register = template.Library()


@register.inclusion_tag("admin/requests_app/capacityrequest/queue_results.html")
def queue_result_list(cl: ChangeList) -> dict[str, Any]:
    """The table of the page's requests, as Django's `{% result_list %}` draws it."""
    return rows.result_list(cl)


@register.simple_tag
def queue_filters(cl: ChangeList) -> SafeString:
    """The filters' choices, as Django's `{% admin_list_filter %}` draws each filter."""
    return rows.filters_html(cl, cl.filter_specs)
