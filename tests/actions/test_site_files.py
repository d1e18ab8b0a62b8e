"""sitemap.xml, the Atom feed, statistics and the home page's own resources."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.urls import reverse
from django.utils import translation

from .conftest import make_action, make_activity, make_news

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
ATOM = "{http://www.w3.org/2005/Atom}"


def test_it_lists_each_page_in_each_language_with_hreflang_alternates(client, db):
    action = make_action(slug="tajikistan-iii")
    make_action(slug="hidden", published=False)
    root = ET.fromstring(client.get("/sitemap.xml").content)  # noqa: S314 - our own output
    entries = {
        url.findtext(f"{SITEMAP}loc"): {
            link.get("hreflang"): link.get("href") for link in url.iter(f"{XHTML}link")
        }
        for url in root.iter(f"{SITEMAP}url")
    }
    page = "http://testserver/ru/actions/tajikistan-iii/"
    assert entries[page]["en"] == "http://testserver/en/actions/tajikistan-iii/"
    assert entries[page]["ru"] == page
    assert not any("hidden" in loc for loc in entries)
    assert action.slug


def test_it_publishes_a_valid_atom_feed_of_the_published_news(client, db):
    make_news(title_ru="Онлайн-встреча", date=date(2021, 2, 17))
    make_news(title_ru="Черновик", published=False)
    with translation.override("ru"):
        response = client.get(reverse("actions:news_feed"))
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314 - our own output
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Онлайн-встреча"]
    assert all(e.findtext(f"{ATOM}id") and e.findtext(f"{ATOM}updated") for e in entries)


def test_it_counts_actions_and_activities_by_region_topic_and_year(client, db):
    one = make_action(topics=["LM", "RR"], start_date=date(2021, 3, 1))
    make_activity(one, start_date=date(2021, 4, 1))
    make_activity(one, start_date=date(2022, 4, 1))
    make_activity(one, status="cancelled")
    make_action(topics=["LM"], start_date=date(2022, 1, 1))
    tables = {t.key: t for t in client.get(reverse("actions:statistics")).context["tables"]}
    rows = {key: {r.label: (r.actions, r.activities) for r in t.rows} for key, t in tables.items()}
    assert rows["region"] == {"Asia (including Central Asia)": (2, 2)}
    assert rows["topic"]["LM - Legal and labour migration"] == (2, 2)
    assert rows["year"] == {"2021": (1, 1), "2022": (1, 1)}


def test_it_draws_the_statistics_as_bars_and_a_table(client, db):
    make_activity(make_action())
    html = client.get(reverse("actions:statistics")).content.decode()
    assert '<rect class="bar bar-actions" width="100%"' in html
    assert "<table" in html and '<th scope="row">Asia (including Central Asia)</th>' in html


class _Resources(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {"link": "href", "script": "src", "img": "src", "iframe": "src"}
        value = dict(attrs).get(names.get(tag, ""))
        if value:
            self.urls.append(value)


def test_it_loads_no_external_resource_on_the_home_page(client, db):
    make_news()
    parser = _Resources()
    parser.feed(client.get(reverse("home")).content.decode())
    assert parser.urls  # the stylesheets and scripts were seen
    for url in parser.urls:
        parts = urlsplit(url)
        assert parts.scheme in ("", "http") and parts.netloc in ("", "testserver"), url


def test_it_shows_key_figures_and_latest_news_on_the_home_page(client, db):
    make_activity(make_action(countries=["TJ", "UZ"]))
    make_news(title_en="Information event")
    response = client.get(reverse("home"))
    assert response.context["figures"] == {"actions": 1, "activities": 1, "countries": 2}
    assert "Information event" in response.content.decode()
