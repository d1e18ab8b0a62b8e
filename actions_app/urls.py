"""The public pages, mounted under the language prefix (/en/…, /ru/…)."""

from django.urls import path

from . import feeds, views

app_name = "actions"

urlpatterns = [
    path("actions/", views.action_list, name="list"),
    path("actions/<slug:slug>/", views.action_detail, name="action"),
    path("news/", views.news_list, name="news"),
    path("news/feed/", feeds.NewsFeed(), name="news_feed"),
    path("news/<slug:slug>/", views.news_detail, name="news_detail"),
    path("resources/", views.resource_list, name="resources"),
    path(
        "resources/<int:pk>/<str:language>/",
        views.resource_download,
        name="resource_download",
    ),
    path("how-to-request/", views.how_to_request, name="how_to_request"),
    path("statistics/", views.statistics, name="statistics"),
]
