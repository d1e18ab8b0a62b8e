"""The admin's sidebar lists the apps and models a user may open, with the markup of Django's
app list (mieux_portal.admin_nav draws it in one pass)."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from mieux_portal.admin_nav import app_list_html
from tests import factories

LANGUAGES = [code for code, _name in settings.LANGUAGES]


def squeezed(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", html)).strip()


def sidebar(html: str) -> str:
    nav = html[html.index('<nav class="sticky" id="nav-sidebar"') :]
    return nav[: nav.index("</nav>")]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "page", ["requests_app_capacityrequest_changelist", "requests_app_topic_changelist"]
)
def test_it_draws_the_sidebar_as_django_draws_it(staff, client_for, language, page):
    with translation.override(language):
        url = reverse(f"admin:{page}")
    response = client_for(staff).get(url)
    apps = response.context["available_apps"]

    with translation.override(language):
        ours = app_list_html(apps, url)
        django = render_to_string(
            "admin/app_list.html",
            {"app_list": apps, "show_changelinks": False},
            request=response.wsgi_request,
        )
    assert squeezed(ours) == squeezed(django)
    assert squeezed(ours) in squeezed(sidebar(response.content.decode()))


def test_it_marks_the_page_s_own_model(staff, client_for):
    html = client_for(staff).get(reverse("admin:requests_app_capacityrequest_changelist"))
    nav = sidebar(html.content.decode())
    assert 'aria-current="page"' in nav
    assert nav.count("current-model") == 1


def test_it_says_so_when_nothing_may_be_opened():
    with translation.override("en"):
        html = app_list_html([], "/en/admin/")
    assert html == "<p>You don’t have permission to view or edit anything.</p>"


def test_it_lists_a_model_from_the_page_after_its_permission_is_given(client_for):
    clerk = factories.UserFactory(is_staff=True, email="clerk@mieux.local")
    client = client_for(clerk)
    index, topics = reverse("admin:index"), reverse("admin:requests_app_topic_changelist")
    assert topics not in client.get(index).content.decode()

    clerk.user_permissions.add(Permission.objects.get(codename="view_topic"))
    assert topics in client.get(index).content.decode()

    clerk.user_permissions.clear()
    assert topics not in client.get(index).content.decode()
