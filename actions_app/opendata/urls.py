"""The public API's addresses, mounted at /api/v1/ (outside the language prefix)."""

from django.urls import path

from . import api

app_name = "api"

urlpatterns = [
    path("actions/", api.ActionList.as_view(), name="actions"),
    path("actions/<slug:slug>/", api.ActionDetail.as_view(), name="action"),
    path("statistics/", api.Statistics.as_view(), name="statistics"),
    path("schema/", api.Schema.as_view(), name="schema"),
    path("docs/", api.Docs.as_view(), name="docs"),
]
