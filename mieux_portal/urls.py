"""URLs: everything a person reads is under a language prefix (/en/…, /ru/…)."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

urlpatterns = i18n_patterns(
    path("", TemplateView.as_view(template_name="home.html"), name="home"),
    path("accounts/", include("allauth.urls")),
    path("", include("accounts_app.urls")),
    path("requests/", include("requests_app.urls")),
    path("admin/", admin.site.urls),
)
