"""The queue draws its rows and filters in one pass (requests_app.admin.rows): the markup
is the one Django's own tags draw for the same list, escaping and translations included."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.contrib.admin import helpers
from django.contrib.admin.templatetags.admin_list import (
    admin_list_filter,
    paginator_number,
    results,
)
from django.contrib.admin.views.main import ChangeList
from django.core.paginator import Paginator
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import iri_to_uri

from mieux_portal.admin_lists import ListActionForm
from requests_app.admin import queue_rows, rows, sidebar
from requests_app.models import CapacityRequest, Status
from requests_app.templatetags.request_queue import queue_page_links
from tests import factories

from .conftest import CHANGELIST, in_stage

LANGUAGES = [code for code, _name in settings.LANGUAGES]


def squeezed(html: str) -> str:
    """Markup without the whitespace between tags (the templates' indentation)."""
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", html)).strip()


@pytest.fixture
def varied(staff):
    """Requests whose cells take every path: escaping, empty values, the other language."""
    odd = factories.InstitutionFactory(name='Служба <b>"A&B"</b> ' + "x" * 60, country="")
    in_stage(Status.SCREENING, title_en="Borders <script>alert(1)</script> & more")
    in_stage(Status.CONSULTATION, title_en="", title_ru="Реинтеграция", assignee=staff)
    unsubmitted = in_stage(Status.SUBMITTED, institution=odd, title_en="  ")
    CapacityRequest.objects.filter(pk=unsubmitted.pk).update(submitted_at=None)
    in_stage(Status.APPROVED, status_changed_at=timezone.now() - timezone.timedelta(days=1200))


def queue(client, language: str, **params):
    with translation.override(language):
        url = reverse(CHANGELIST)
    response = client.get(url, params)
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("params", [{}, {"status": "screening", "o": "-2.8"}, {"q": "borders"}])
def test_it_draws_the_rows_as_django_draws_them(varied, staff, client_for, language, params):
    response = queue(client_for(staff), language, **params)
    cl = response.context["cl"]

    with translation.override(language):
        ours = rows.rows(cl)
        django = ["".join(row) for row in results(cl)]
    assert ours == django and ours
    assert all(f"<tr>{row}</tr>" in response.content.decode() for row in ours)


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_draws_the_queue_s_rows_with_its_own_writer(varied, staff, client_for, language):
    cl = queue(client_for(staff), language, status="screening").context["cl"]

    with translation.override(language):
        ours = queue_rows.queue_rows(cl)
        generic = rows.any_rows(cl)
        django = ["".join(row) for row in results(cl)]
    assert ours == generic == django and ours


def test_it_draws_a_list_with_other_columns_the_generic_way(varied, staff, client_for):
    cl = queue(client_for(staff), "en").context["cl"]
    cl.list_display = [name for name in cl.list_display if name != "country_name"]

    assert queue_rows.queue_rows(cl) is None
    assert rows.rows(cl) == ["".join(row) for row in results(cl)]
    assert all("field-country_name" not in row for row in rows.rows(cl))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("params", [{}, {"status": "screening", "assignee": "me", "q": "a&b"}])
def test_it_draws_the_filters_as_django_draws_them(varied, staff, client_for, language, params):
    response = queue(client_for(staff), language, **params)
    cl = response.context["cl"]

    with translation.override(language):
        ours = rows.filters_html(cl, cl.filter_specs)
        django = "\n".join(admin_list_filter(cl, spec) for spec in cl.filter_specs)
    assert squeezed(ours) == squeezed(django)
    assert squeezed(ours) in squeezed(response.content.decode())


# Searches whose text each link writes encoded, quoted and escaped.
SEARCHES = ["a b", "a&b", "\"<x>\" 'y'", "Душанбе", "100% sûr", "a+b=c;d/e?f#g", "", "  x  "]


@pytest.mark.parametrize("search", SEARCHES)
@pytest.mark.parametrize("language", ["en", "ru"])
def test_it_draws_kept_filters_as_django_draws_them(varied, staff, client_for, language, search):
    sidebar.KEPT.clear()
    client = client_for(staff)
    queue(client, language, q="first", status="screening")  # drawn and kept for this shape
    response = queue(client, language, q=search, status="screening")
    cl = response.context["cl"]

    with translation.override(language):
        kept = sidebar.filters(cl, cl.filter_specs)
        fresh = rows.filters_html(cl, cl.filter_specs)
        django = "\n".join(admin_list_filter(cl, spec) for spec in cl.filter_specs)
    assert len(sidebar.KEPT) == 1 and sidebar.STAND_IN not in kept
    assert kept == fresh and squeezed(kept) == squeezed(django)
    assert squeezed(kept) in squeezed(response.content.decode())


@pytest.mark.parametrize("params", [{"q": ["a", "b&c"]}, {"q": "x", "_facets": "1"}])
def test_it_draws_afresh_the_filters_it_cannot_key(varied, staff, client_for, params):
    sidebar.KEPT.clear()
    response = queue(client_for(staff), "en", status="screening", **params)
    cl = response.context["cl"]

    django = "\n".join(admin_list_filter(cl, spec) for spec in cl.filter_specs)
    assert sidebar.sidebar_key(cl, cl.filter_specs) is None and not sidebar.KEPT
    assert squeezed(sidebar.filters(cl, cl.filter_specs)) == squeezed(django)


def test_it_escapes_what_partners_wrote(varied, staff, client_for):
    html = queue(client_for(staff), "en").content.decode()
    assert "Borders &lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in html
    assert "<script>alert(1)" not in html
    assert 'title="Служба &lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt; xxx' in html


@pytest.mark.parametrize(
    "changes",
    [
        ({}, None),
        ({"status": "review"}, None),
        ({"topics__id__exact": 7}, ["topics__isnull"]),
        ({"assignee": "me"}, ["assignee"]),
        ({}, ["status", "q"]),
        ({"_facets": True}, None),
        ({"status": None}, None),
        ({"a": "Душанбе & co", "submitted_at__gte": "2026-01-01"}, ["submitted_at__"]),
    ],
)
def test_it_writes_each_link_s_query_string_as_django_does(staff, client_for, changes):
    params = {"status": "screening", "q": "a&b ü", "assignee": "me", "o": "2", "p": "2"}
    cl = queue(client_for(staff), "en", **params).context["cl"]
    new_params, remove = changes

    ours = cl.get_query_string(dict(new_params), remove)
    assert ours == ChangeList.get_query_string(cl, dict(new_params), remove)
    assert ours == cl.get_query_string(dict(new_params), remove)  # kept for the page


@pytest.mark.parametrize(
    "text", ["?status=review&q=a+b%C3%BC", "?q=Душанбе", "?q=a b", '?q="<x>"', "?t=a|b^c`{}\\"]
)
def test_it_quotes_a_link_as_iri_to_uri_does(text):
    assert rows.uri(text) == iri_to_uri(text)


def action_form(form_class, choices):
    form = form_class(auto_id=None)
    form.fields["action"].choices = choices
    return form


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_draws_the_action_box_as_django_does(staff, client_for, language):
    response = queue(client_for(staff), language)
    choices = response.context["action_form"].fields["action"].choices

    with translation.override(language):
        django = [str(field) for field in action_form(helpers.ActionForm, choices)]
        drawn = [str(field) for field in action_form(ListActionForm, choices)]
        remembered = [str(field) for field in action_form(ListActionForm, choices)]
    assert drawn == remembered == django
    assert all(field in response.content.decode() for field in django)


def test_it_draws_the_action_box_anew_for_other_actions_or_another_language():
    one = action_form(ListActionForm, [("", "---"), ("assign", "Assign")])
    other = action_form(ListActionForm, [("", "---"), ("export", "Export")])
    with translation.override("ru"):
        russian = action_form(ListActionForm, [("", "---"), ("assign", "Назначить")])

    assert 'value="assign">Assign<' in str(one["action"])
    assert 'value="export">Export<' in str(other["action"]) and "assign" not in str(other["action"])
    assert 'value="assign">Назначить<' in str(russian["action"])


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_draws_the_page_links_as_django_draws_them(staff, client_for, language):
    cl = queue(client_for(staff), language, status="screening", q="a&b").context["cl"]
    pages = SimpleNamespace(num_pages=12, ELLIPSIS=Paginator.ELLIPSIS)
    paged = SimpleNamespace(page_num=3, paginator=pages, get_query_string=cl.get_query_string)
    page_range = [1, 2, 3, 4, Paginator.ELLIPSIS, 11, 12]

    with translation.override(language):
        ours = queue_page_links(paged, page_range)
        django = "".join(f"\n    {paginator_number(paged, page)}\n" for page in page_range)
    assert ours == django
    assert '<span class="this-page">3</span>' in ours and 'class="end">12<' in ours
