"""The queue's filters are kept between pages of the same shape (requests_app.admin.sidebar):
never stale, never another user's, bounded. test_queue_markup.py compares the kept drawing
with Django's own."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.admin.templatetags.admin_list import admin_list_filter
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy

from requests_app.admin import sidebar
from requests_app.admin.filters import ReferenceFilter, StatusFilter
from requests_app.admin.sidebar import drawn_by_django, frozen
from requests_app.models import Region
from tests import factories

from .conftest import CHANGELIST


@pytest.fixture(autouse=True)
def nothing_kept():
    sidebar.KEPT.clear()
    yield
    sidebar.KEPT.clear()


def filters_of(client, language: str = "en", **params) -> str:
    """The page's filters as it drew them."""
    with translation.override(language):
        url = reverse(CHANGELIST)
    html = client.get(url, params).content.decode()
    start = html.index('id="changelist-filter"')
    return html[start : html.index("</nav>", start)]


def squeezed(html: str) -> str:
    """Markup without the whitespace between tags (the templates' indentation)."""
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", html)).strip()


def test_it_keeps_one_drawing_for_every_search_of_a_shape(staff, client_for):
    client = client_for(staff)
    for text in ("borders", "labour", "Душанбе"):
        filters_of(client, q=text, status="screening")
    assert len(sidebar.KEPT) == 1

    filters_of(client, q="borders", status="review")
    filters_of(client, "ru", q="borders", status="screening")
    assert len(sidebar.KEPT) == 3


def test_it_shows_a_new_staff_member_at_once(staff, client_for):
    client = client_for(staff)
    assert "Zelda Newcomer" not in filters_of(client, q="borders")

    factories.staff_user(first_name="Zelda", last_name="Newcomer", email="zelda@mieux.local")
    assert "Zelda Newcomer" in filters_of(client, q="labour")


def test_it_shows_a_new_region_at_once(staff, client_for):
    client = client_for(staff)
    assert "Atlantis" not in filters_of(client, q="borders")

    Region.objects.create(code="atlantis", name="Atlantis", position=99)
    assert "Atlantis" in filters_of(client, q="labour")


def test_it_draws_the_next_day_s_dates(staff, client_for, monkeypatch):
    client = client_for(staff)
    today = timezone.localdate().isoformat()
    assert f"submitted_at__gte={today}" in filters_of(client, q="borders")

    later = timezone.now() + timedelta(days=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    drawn = filters_of(client, q="borders")
    assert f"submitted_at__gte={timezone.localdate(later).isoformat()}" in drawn
    assert f"submitted_at__gte={today}&" not in drawn


def test_it_gives_another_user_the_same_drawing_as_django_would(staff, manager, client_for):
    mine = filters_of(client_for(staff), q="borders", assignee="me")
    response = client_for(manager).get(reverse(CHANGELIST), {"q": "labour", "assignee": "me"})
    cl = response.context["cl"]

    django = "\n".join(admin_list_filter(cl, spec) for spec in cl.filter_specs)
    assert len(sidebar.KEPT) == 1 and "borders" in mine
    assert squeezed(django) in squeezed(response.content.decode())
    assert "borders" not in squeezed(response.content.decode())


def test_it_keeps_a_bounded_number_of_drawings(staff, client_for, monkeypatch):
    monkeypatch.setattr(sidebar, "MAX_KEPT", 2)
    client = client_for(staff)
    for status in ("submitted", "screening", "review"):
        filters_of(client, status=status)

    assert 0 < len(sidebar.KEPT) <= 2
    assert 'class="selected"><a href="?status=review"' in filters_of(client, status="review")


def test_it_keys_apart_values_drawn_differently():
    assert frozen([("1", "a")]) != frozen([(1, "a")]) != frozen([(True, "a")])
    assert frozen(["<b>"]) != frozen([SafeString("<b>")])
    assert frozen(gettext_lazy("All")) != frozen(gettext_lazy("Any date"))
    assert frozen({"a": ["b"]}) == frozen({"a": ["b"]}) != frozen({"a": ("b",)})
    with pytest.raises(sidebar.Unkeyable):
        frozen([("a", object())])


class OwnDrawing(StatusFilter):
    def choices(self, changelist):
        yield from super().choices(changelist)


def test_it_keeps_only_what_django_s_own_filters_draw():
    assert drawn_by_django(StatusFilter) and drawn_by_django(ReferenceFilter)
    assert not drawn_by_django(OwnDrawing)
