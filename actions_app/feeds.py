"""An Atom feed of the published news, in the language of its URL."""

from __future__ import annotations

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from .models import NewsItem

FEED_SIZE = 20


class NewsFeed(Feed):
    feed_type = Atom1Feed
    title = _("MIEUX+ news")
    subtitle = _("News of MIEUX+, the EU's peer-to-peer facility on migration.")

    def link(self) -> str:
        return reverse("actions:news")

    def feed_url(self) -> str:
        return reverse("actions:news_feed")

    def items(self) -> list[NewsItem]:
        return list(NewsItem.objects.published()[:FEED_SIZE])

    def item_title(self, item: NewsItem) -> str:
        return item.title

    def item_description(self, item: NewsItem) -> str:
        return Truncator(item.body).words(60)

    def item_pubdate(self, item: NewsItem) -> datetime:
        return timezone.make_aware(datetime.combine(item.date, time(9)))

    def item_updateddate(self, item: NewsItem) -> datetime:
        return self.item_pubdate(item)
