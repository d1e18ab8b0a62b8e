"""The queue draws its object tools, search form, action bar, page links and the head of its
table in one pass each (requests_app.admin.toolbar): the page is the same bytes as the one
Django's tags draw from the templates they replaced (tests/requests_admin/django_templates),
in every language, with and without a search, capped or not, on one page or several, sorted
by one column or three, in a popup."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.admin import ModelAdmin
from django.urls import reverse
from django.utils import translation

from mieux_portal.admin_lists import CappedPaginator
from requests_app.models import CapacityRequest, Status
from requests_app.templatetags.request_queue import queue_pagination

from .conftest import CHANGELIST, in_stage
from .test_request_list import add_requests

DJANGO_TAGS = Path(__file__).parent / "django_templates"
LANGUAGES = [code for code, _name in settings.LANGUAGES]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


@pytest.fixture
def queue_admin():
    return admin.site._registry[CapacityRequest]


@pytest.fixture
def requests(staff, manager):
    add_requests(7, [staff, manager, None])
    in_stage(Status.SCREENING, title_en='Borders <script>alert(1)</script> & "more"')


def queue(client, language: str, params: dict | None = None):
    with translation.override(language):
        url = reverse(CHANGELIST)
    response = client.get(url, params or {})
    assert response.status_code == 200
    return response


def page(client, language: str, params: dict) -> str:
    return CSRF.sub("csrf", queue(client, language, params).content.decode())


def both(client, settings, language: str, params: dict) -> tuple[str, str]:
    """The page as the queue draws it, and as Django's tags drew it."""
    ours = page(client, language, params)
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [DJANGO_TAGS, *engine["DIRS"]]}]
    django = page(client, language, params)
    settings.TEMPLATES = [engine]
    return ours, django


PARAMS = [
    {},
    {"q": "borders"},
    {"q": '"<x>" & Душанбе', "status": "screening", "o": "-2"},
    {"status": "screening", "assignee": "me", "_facets": "1"},
    {"o": "2.-4.1"},
    {"q": "request", "_popup": "1"},
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("params", PARAMS)
def test_it_draws_the_page_as_django_s_tags_do(
    requests, staff, client_for, settings, language, params
):
    ours, django = both(client_for(staff), settings, language, params)

    assert ours == django
    assert 'id="changelist-search"' in ours and 'class="paginator"' in ours
    assert ('class="sortpriority"' in ours) == ("." in params.get("o", ""))


@pytest.mark.parametrize("language", ["en", "ru"])
@pytest.mark.parametrize("params", [{}, {"q": "request"}, {"q": "request", "p": "2"}])
def test_it_draws_a_capped_count_on_several_pages_as_django_s_tags_do(
    requests, manager, client_for, settings, monkeypatch, queue_admin, language, params
):
    monkeypatch.setattr(CappedPaginator, "cap", 4)
    monkeypatch.setattr(queue_admin, "list_per_page", 2)
    ours, django = both(client_for(manager), settings, language, params)

    assert ours == django
    assert 'class="this-page"' in ours and 'class="question hidden"' in ours  # several pages
    assert "/dossiers/" in ours and ("more than 4" in ours or language != "en")


@pytest.mark.parametrize("language", ["en", "ru"])
def test_it_draws_the_full_count_and_both_action_bars_as_django_s_tags_do(
    requests, staff, client_for, settings, monkeypatch, queue_admin, language
):
    monkeypatch.setattr(queue_admin, "show_full_result_count", True)
    monkeypatch.setattr(queue_admin, "actions_on_bottom", True)
    ours, django = both(client_for(staff), settings, language, {"q": "borders"})

    assert ours == django
    assert 'name="index" value="1"' in ours and ("7 total" in ours or language != "en")


def test_it_draws_an_add_link_as_django_s_tags_do(
    requests, staff, client_for, settings, monkeypatch, queue_admin
):
    monkeypatch.setattr(queue_admin, "has_add_permission", lambda request: True)
    ours, django = both(client_for(staff), settings, "en", {"status": "screening"})

    assert ours == django and 'class="addlink"' in ours


def test_it_leaves_out_the_export_form_for_staff_without_the_export_permission(
    requests, staff, client_for, settings, monkeypatch, queue_admin
):
    monkeypatch.setattr(queue_admin, "has_export_permission", lambda request: False)
    ours, django = both(client_for(staff), settings, "en", {"q": "borders"})

    assert ours == django and "mx-export-tool" not in ours


def test_it_escapes_the_search_in_every_field(requests, staff, client_for):
    html = page(client_for(staff), "en", {"q": '"><script>x</script>', "status": "<b>"})

    assert "<script>x" not in html and "<b>" not in html
    assert 'value="&quot;&gt;&lt;script&gt;x&lt;/script&gt;"' in html


def test_it_draws_the_page_links_with_the_queue_s_tag(requests, staff, client_for, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "cap", 4)
    response = client_for(staff).get(reverse(CHANGELIST), {"q": "request"})
    cl = response.context["cl"]
    cl.paginator.num_pages, cl.multi_page = 3, True  # as if it held three pages

    drawn = str(queue_pagination(cl))
    assert drawn.startswith('\n\n<p class="paginator">\n\n\n    ') and "more than 4" in drawn


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_offers_the_actions_django_offers_each_user(
    staff, manager, client_for, queue_admin, language
):
    offered = []
    for user in (staff, manager, staff):
        response = queue(client_for(user), language)
        request = response.wsgi_request

        with translation.override(language):
            ours = queue_admin.get_action_choices(request)
            django = ModelAdmin.get_action_choices(queue_admin, request)
        assert ours == django == response.context["action_form"].fields["action"].choices
        assert list(queue_admin.get_actions(request)) == list(
            ModelAdmin.get_actions(queue_admin, request)
        )
        offered.append("dossier_selected" in dict(ours))
    assert offered == [False, True, False]  # the dossiers are the managers'


def test_it_offers_no_actions_in_a_popup(staff, client_for, queue_admin):
    request = queue(client_for(staff), "en").wsgi_request
    assert queue_admin.get_actions(request)
    request.GET = request.GET.copy()
    request.GET["_popup"] = "1"

    assert queue_admin.get_actions(request) == {}
