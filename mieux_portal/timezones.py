"""The viewer's time zone for the staff's pages (the admin, its history pages).

A small script on the admin pages (static/js/timezone.js) stores the browser's IANA time
zone in the `mx_tz` cookie; this middleware activates it for staff users, so dates on their
pages read in their own time. Anything else (no cookie, an unknown name, a partner) keeps
the portal's TIME_ZONE: partner pages are cached per institution and must not vary by a
visitor's cookie.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable
from functools import cache

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

COOKIE = "mx_tz"


@cache
def known_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def viewer_zone(request: HttpRequest) -> zoneinfo.ZoneInfo | None:
    """The time zone the staff viewer's browser reported, if it is a real one."""
    name = request.COOKIES.get(COOKIE, "")
    if name not in known_zones():
        return None
    return zoneinfo.ZoneInfo(name)


class ViewerTimeZoneMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        zone = viewer_zone(request) if user is not None and user.is_staff else None
        if zone is None:
            timezone.deactivate()
        else:
            timezone.activate(zone)
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
