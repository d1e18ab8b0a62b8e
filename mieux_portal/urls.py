"""URLs: everything a person reads is under a language prefix (/en/…, /ru/…)."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import URLPattern, URLResolver, include, path

from actions_app import views as public_views
from actions_app.opendata import iati
from actions_app.sitemaps import SITEMAPS

# The sitemap lists every language's address itself, so it lives outside the prefix.
urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    # Open data is for machines: one address, the language asked for in the request.
    path("iati/activities.xml", iati.activities_xml, name="iati_activities"),
    path("api/v1/", include("actions_app.opendata.urls")),
    # /healthz, /readyz, /metrics (mieux_portal.ops.views: who may read what).
    path("", include("mieux_portal.ops.urls")),
]

urlpatterns += i18n_patterns(
    path("", public_views.home, name="home"),
    path("accounts/", include("allauth.urls")),
    path("", include("accounts_app.urls")),
    path("requests/", include("requests_app.urls")),
    path("consultations/", include("requests_app.consultation_urls")),
    path("", include("actions_app.urls")),
    path("admin/", admin.site.urls),
)
