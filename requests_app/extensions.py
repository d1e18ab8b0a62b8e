"""Where the apps built on top of requests_app add to its pages and rules.

requests_app never imports, names or loads anything of the apps above it (actions_app):
not their models (``apps.get_model``), permissions (``has_perm``), template tags or
templates. It offers these extension points instead, and an upper app registers into them
in its ``AppConfig.ready()``:

* :func:`add_dashboard_panel`: one more chart on the staff dashboard, a function of the
  staff user returning a :class:`requests_app.reports.Chart` (None: not shown to them).
* :func:`add_request_panel`: a box on the partner's request page (``"partner"``) or on the
  triage desk's request page (``"staff"``): a template, and a function of the HTTP request
  and the capacity request returning its context (None: not shown).
* :func:`add_purge_keeper`: rows that must outlive retention (a request that became an
  Action is not deleted with the withdrawn and rejected ones).

The page cache's public models are registered with :mod:`mieux_portal.pagecache` by each
app that owns them. Extra columns of the request export: ``REQUEST_COLUMNS.add`` in
:mod:`requests_app.export`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from django.db.models import Q
from django.http import HttpRequest

if TYPE_CHECKING:
    from .models import CapacityRequest
    from .reports import Chart

Page = Literal["partner", "staff"]
DashboardPanel = Callable[[Any], "Chart | None"]
PanelContext = Callable[[HttpRequest | None, "CapacityRequest"], dict[str, Any] | None]


@dataclass(frozen=True)
class RequestPanel:
    """A box of a request page: its template, rendered with ``context(...)`` unless None."""

    key: str
    template: str
    context: PanelContext


_dashboard_panels: dict[str, DashboardPanel] = {}
_request_panels: dict[Page, dict[str, RequestPanel]] = {"partner": {}, "staff": {}}
_purge_keepers: dict[str, Callable[[], Q]] = {}


def add_dashboard_panel(key: str, chart: DashboardPanel) -> None:
    """Show ``chart(user)`` after the dashboard's own charts (a key registered again is
    replaced, so a reloaded app does not show its chart twice)."""
    _dashboard_panels[key] = chart


def dashboard_panels() -> list[DashboardPanel]:
    return list(_dashboard_panels.values())


def add_request_panel(page: Page, key: str, *, template: str, context: PanelContext) -> None:
    """Show ``template`` on every request page of ``page``, with ``context(request, obj)``."""
    _request_panels[page][key] = RequestPanel(key=key, template=template, context=context)


def request_panels(page: Page) -> list[RequestPanel]:
    return list(_request_panels[page].values())


def add_purge_keeper(key: str, keep: Callable[[], Q]) -> None:
    """Never purge the requests matching ``keep()`` (a Q over CapacityRequest)."""
    _purge_keepers[key] = keep


def purge_keepers() -> list[Q]:
    return [keep() for keep in _purge_keepers.values()]
