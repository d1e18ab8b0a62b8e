"""The "Create Action" box of the request admin page (kept here so that requests_app
never imports actions_app: its template loads this library by name)."""

from __future__ import annotations

from typing import Any

from django import template

from requests_app.models import CapacityRequest, Status

register = template.Library()


@register.inclusion_tag("actions/admin/_request_action_box.html", takes_context=True)
def request_action_box(
    context: dict[str, Any], capacity_request: CapacityRequest
) -> dict[str, Any]:
    from actions_app.admin import create_action_context

    request = context.get("request")
    user = getattr(request, "user", None)
    if capacity_request is None or user is None or capacity_request.status != Status.APPROVED:
        return {"show": False}
    return {
        "show": True,
        "csrf_token": context.get("csrf_token"),
        **create_action_context(user, capacity_request),
    }
