"""The portal's URLs plus pages that fail on purpose, for the error page tests."""

from django.conf.urls.i18n import i18n_patterns
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.urls import path

from mieux_portal.urls import urlpatterns as portal_urlpatterns


def refuse(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


def suspicious(request: HttpRequest) -> HttpResponse:
    raise SuspiciousOperation("a tampered request")


def crash(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug")


urlpatterns = i18n_patterns(
    path("fails/403/", refuse),
    path("fails/400/", suspicious),
    path("fails/500/", crash),
) + list(portal_urlpatterns)
