"""sitemap.xml: every public page in each language, with hreflang alternates."""

from __future__ import annotations

from typing import Any

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Action, NewsItem


class _Bilingual(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class StaticPagesSitemap(_Bilingual):
    changefreq = "weekly"
    priority = 0.6

    def items(self) -> list[str]:
        return [
            "home",
            "actions:list",
            "actions:news",
            "actions:resources",
            "actions:how_to_request",
            "actions:statistics",
        ]

    def location(self, item: str) -> str:
        return reverse(item)


class ActionSitemap(_Bilingual):
    changefreq = "monthly"
    priority = 0.8

    def items(self) -> Any:
        return Action.objects.published().order_by("pk")

    def lastmod(self, item: Action) -> Any:
        return item.updated_at


class NewsSitemap(_Bilingual):
    changefreq = "yearly"
    priority = 0.5

    def items(self) -> Any:
        return NewsItem.objects.published().order_by("pk")

    def lastmod(self, item: NewsItem) -> Any:
        return item.date


SITEMAPS = {"pages": StaticPagesSitemap, "actions": ActionSitemap, "news": NewsSitemap}
