"""What Actions adds to the requests' pages, through requests_app's extension points
(requests_app.extensions): registered by ``ActionsConfig.ready()``, so requests_app never
names this app.

* the staff dashboard: Actions per status, each linking to the Actions list;
* the partner's request page: the Action the approved request became;
* the triage desk's request page: the "Create Action" box of an approved request;
* retention: a request that became an Action is never purged.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from requests_app import extensions
from requests_app.models import CapacityRequest, Status
from requests_app.reports import Chart, Figure

from .models import Action, ActionStatus


def actions_per_status(user: Any) -> Chart:
    """Actions per status; linked to the admin's Actions list for those who may see it."""
    url = reverse("admin:actions_app_action_changelist")
    can_view = user.has_perm("actions_app.view_action")
    counts = dict(Action.objects.order_by().values_list("status").annotate(n=Count("pk")))
    chart = Chart("actions", _("Actions per status"), _("status"), unit=_("Actions"))
    for status in ActionStatus:
        link = f"{url}?{urlencode({'status__exact': status.value})}" if can_view else ""
        chart.figures.append(Figure(str(status.label), counts.get(status.value, 0), link))
    return chart.scaled()


def request_action_link(
    request: HttpRequest | None, capacity_request: CapacityRequest
) -> dict[str, Any]:
    """The partner's request page: its template shows the Action, if there is one."""
    return {"capacity_request": capacity_request}


def create_action_context(user: Any, capacity_request: CapacityRequest) -> dict[str, Any]:
    """What the request page's "Create Action" box shows."""
    action = Action.objects.filter(request=capacity_request).only("pk", "code").first()
    return {
        "action": action,
        "action_url": reverse("admin:actions_app_action_change", args=[action.pk])
        if action
        else "",
        "create_url": reverse("admin:actions_app_action_from_request", args=[capacity_request.pk])
        if user.has_perm("actions_app.add_action")
        else "",
    }


def request_action_box(
    request: HttpRequest | None, capacity_request: CapacityRequest
) -> dict[str, Any] | None:
    """The triage desk's request page: shown once the request is approved."""
    user = getattr(request, "user", None)
    if user is None or capacity_request.status != Status.APPROVED:
        return None
    return create_action_context(user, capacity_request)


def has_action() -> Q:
    return Q(action__isnull=False)


def register() -> None:
    extensions.add_dashboard_panel("actions", actions_per_status)
    extensions.add_request_panel(
        "partner",
        "actions",
        template="actions/_request_action_link.html",
        context=request_action_link,
    )
    extensions.add_request_panel(
        "staff",
        "actions",
        template="actions/admin/_request_action_box.html",
        context=request_action_box,
    )
    extensions.add_purge_keeper("actions", has_action)
