"""The load benchmark's URLconf (bench.settings only): the portal's URLs and a baseline.

The baseline goes through the same server and middleware as every page, runs one query and
renders one small template: what a page costs beyond it is the page's own work. The second
view renders the same under base.html, to show what the portal's layout alone costs.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from mieux_portal.urls import urlpatterns as portal_urlpatterns
from requests_app.models import Topic


def baseline(request: HttpRequest) -> HttpResponse:
    return render(request, "bench/baseline.html", {"count": Topic.objects.count()})


def base_page(request: HttpRequest) -> HttpResponse:
    """The same under the portal's base.html: the floor of every portal page (information)."""
    return render(request, "bench/base_page.html", {"count": Topic.objects.count()})


urlpatterns = [
    path("bench/baseline/", baseline, name="bench_baseline"),
    path("bench/base/", base_page, name="bench_base_page"),
    *portal_urlpatterns,
]
