"""The read-only public API, ``/api/v1/``: published Actions, one Action with what belongs
to it, and the public statistics, as JSON.

Who may see what: everyone the same, and only what the public pages show. The API reads
published content with the public site's own QuerySet methods (``published()``,
``with_list_data()``, ``with_page_data()``) and filters with the catalogue's own rules
(``actions_app.catalogue``); it authenticates nobody, so a logged-in member of staff sees
no more here than a visitor. Nothing is written: any method but GET, HEAD and OPTIONS is
answered 405.

* Language: ``?lang=ru`` or else ``Accept-Language``; texts fall back to the other language
  when one is empty, and the answer says its language in ``Content-Language``.
* Limits: ``API_RATE_LIMIT`` requests per client address (DRF's throttle, counted in the
  default cache, shared between processes with ``CACHE_URL``); over it, 429 with
  ``Retry-After``. A cache that is down lifts the limit rather than failing the request.
* Caching: each answer's data is kept in the open-data cache (``http.cached``) until the
  public content changes; answers carry ETag, Last-Modified and Cache-Control (``http``).
* Schema and docs: ``/api/v1/schema/`` (OpenAPI 3, YAML or ``?format=json``) and Swagger UI at
  ``/api/v1/docs/``, served from drf-spectacular-sidecar's own copy (no CDN).
"""

from __future__ import annotations

import dataclasses
import logging
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from mieux_portal.security import client_ip

from .. import catalogue, stats
from ..models import Action, ActionStatus
from . import http
from .serializers import ActionDetailSerializer, ActionSerializer, StatisticsSerializer

logger = logging.getLogger(__name__)

PAGE_SIZE = 20


class ClientThrottle(AnonRateThrottle):
    """``API_RATE_LIMIT`` per client address, whoever is logged in."""

    scope = "api"

    def get_rate(self) -> str:
        return str(settings.API_RATE_LIMIT)

    def get_ident(self, request: Request) -> str:
        # The one reading of the client's address (TRUSTED_PROXY_COUNT), as for the lockout.
        return client_ip(request) or "unknown"

    def get_cache_key(self, request: Request, view: Any) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def allow_request(self, request: Request, view: Any) -> bool:
        try:
            return super().allow_request(request, view)
        except Exception:  # the cache is down: serve rather than fail
            logger.warning("api: cannot count the request", exc_info=True)
            return True


def language_of(request: HttpRequest) -> str:
    """The language asked for: ``?lang=``, else Accept-Language (or the language cookie)."""
    asked = request.GET.get("lang", "")
    if asked in dict(settings.LANGUAGES):
        return asked
    return translation.get_language_from_request(request)


LANG = OpenApiParameter(
    "lang",
    OpenApiTypes.STR,
    enum=[code for code, _name in settings.LANGUAGES],
    description=_("Language of the texts; without it, the Accept-Language header decides."),
)


class Validators:
    """Limits each client (``ClientThrottle``); renders each answer at once (in the language
    of the request, while it is active) and gives a successful one its ETag, Last-Modified
    and Cache-Control, or 304."""

    throttle_classes = [ClientThrottle]
    last_modified: Any = None

    def finalize_response(
        self, request: Request, response: Any, *args: Any, **kwargs: Any
    ) -> HttpResponseBase:
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            http.set_validators(response, self.last_modified)
            return http.not_modified_or(request, response)
        return response


class OpenDataView(Validators, APIView):
    """Read-only, in the language asked for."""

    http_method_names = ["get", "head", "options"]

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponseBase:
        with translation.override(language_of(request)):
            response = super().dispatch(request, *args, **kwargs)
            response["Content-Language"] = translation.get_language()
        return response

    def base(self) -> str:
        """The scheme and host the answer's links are written with (part of its cache key)."""
        return self.request.build_absolute_uri("/")


class ActionPages(PageNumberPagination):
    page_size = PAGE_SIZE


@extend_schema(
    summary=_("Published Actions"),
    description=_(
        "The published Actions, newest first, 20 a page, filtered like the public catalogue."
    ),
    parameters=[
        LANG,
        OpenApiParameter("country", OpenApiTypes.STR, description=_("ISO 3166-1 alpha-2 code")),
        OpenApiParameter("region", OpenApiTypes.STR, description=_("Region code")),
        OpenApiParameter("topic", OpenApiTypes.STR, description=_("Topic code")),
        OpenApiParameter("status", OpenApiTypes.STR, enum=ActionStatus.values),
    ],
    responses=ActionSerializer(many=True),
)
class ActionList(OpenDataView):
    pagination_class = ActionPages

    def get(self, request: Request) -> Response:
        # The catalogue's filters: a bad value is no filter. Year and search stay the site's.
        params = dataclasses.replace(
            catalogue.Params.from_query(request.query_params), year=None, q=""
        )
        page = request.query_params.get("page", "1")[:10]
        parts = [self.base(), params, page]
        data, self.last_modified = http.cached("actions", parts, lambda: self._build(params))
        return Response(data)

    def _build(self, params: catalogue.Params) -> tuple[Any, Any]:
        found = catalogue.apply(Action.objects.published(), params)
        found = found.with_list_data().order_by("-start_date", "code")
        paginator = ActionPages()
        page = paginator.paginate_queryset(found, self.request, view=self)
        data = ActionSerializer(page, many=True, context={"request": self.request}).data
        return paginator.get_paginated_response(data).data, http.last_change()


@extend_schema(
    summary=_("One published Action"),
    description=_(
        "The Action with its numbered activities, partner institutions, and the published "
        "news and resources about it."
    ),
    parameters=[LANG],
    responses=ActionDetailSerializer,
)
class ActionDetail(OpenDataView):
    def get(self, request: Request, slug: str) -> Response:
        data, self.last_modified = http.cached(
            "action", [self.base(), slug[:80]], lambda: self._build(slug)
        )
        return Response(data)

    def _build(self, slug: str) -> tuple[Any, Any]:
        action = get_object_or_404(Action.objects.published().with_page_data(), slug=slug)
        data = ActionDetailSerializer(action, context={"request": self.request}).data
        return data, http.last_change()


@extend_schema(
    summary=_("Public statistics"),
    description=_(
        "Published Actions, their activities (cancelled ones left out) and the partner "
        "countries reached, in total and by region, topic and year."
    ),
    parameters=[LANG],
    responses=StatisticsSerializer,
)
class Statistics(OpenDataView):
    def get(self, request: Request) -> Response:
        data, self.last_modified = http.cached("statistics", [], self._build)
        return Response(data)

    def _build(self) -> tuple[Any, Any]:
        figures = {"figures": stats.key_figures(), "tables": stats.tables()}
        return StatisticsSerializer(figures).data, http.last_change()


class Schema(Validators, SpectacularAPIView):
    """The OpenAPI document (limited like the rest, with an ETag)."""

    http_method_names = ["get", "head", "options"]


class Docs(SpectacularSwaggerSplitView):
    """Swagger UI on the schema, its script and styles from drf-spectacular-sidecar."""

    throttle_classes = [ClientThrottle]
    http_method_names = ["get", "head"]
    url_name = "api:schema"
    template_name = "opendata/swagger_ui.html"
