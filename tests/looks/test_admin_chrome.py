"""The request list's chrome (head, header, breadcrumbs, sidebar, footer) is drawn once per
process and user (mieux_portal.admin_chrome): every page is still the page Django draws,
with its own CSRF token, the user's own name and language, and its messages."""

from __future__ import annotations

import re
from importlib.resources import files
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import translation

from mieux_portal import admin_chrome
from tests import factories

ROOT = Path(__file__).resolve().parents[2]
DJANGO_BASE = files("django.contrib.admin") / "templates/admin/base.html"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def queue_url(language: str = "en") -> str:
    with translation.override(language):
        return reverse("admin:requests_app_capacityrequest_changelist")


def tokens(html: str) -> list[str]:
    return TOKEN.findall(html)


@pytest.fixture(autouse=True)
def nothing_kept():
    admin_chrome.KEPT.clear()


def test_it_is_django_s_base_template_with_its_parts_marked():
    ours = (ROOT / "templates/admin/base.html").read_text()
    unmarked = re.sub(r'{% chrome "\w+" %}|{% endchrome %}', "", ours)
    unmarked = re.sub(r"{% comment %}.*?{% endcomment %}", "", unmarked, flags=re.S)
    assert unmarked.replace(" admin_chrome %}", " %}", 1) == DJANGO_BASE.read_text()


@pytest.mark.parametrize("language", ["en", "ru"])
@pytest.mark.parametrize("role", ["staff", "manager", "superuser"])
def test_it_draws_the_kept_chrome_as_it_drew_it(client_for, request, role, language):
    client = client_for(request.getfixturevalue(role))
    drawn = client.get(queue_url(language)).content.decode()
    kept = client.get(queue_url(language)).content.decode()

    assert len(admin_chrome.KEPT) == 3
    assert TOKEN.sub("", kept) == TOKEN.sub("", drawn)
    assert admin_chrome.CSRF_STAND_IN not in kept


def test_it_fills_in_each_page_s_own_csrf_token(staff, client_for):
    client = client_for(staff)
    first = tokens(client.get(queue_url()).content.decode())
    second = tokens(client.get(queue_url()).content.decode())

    assert len(second) == 2 and len(set(second)) == 1  # the log-out form's and the list's
    assert second[0] != first[0]  # each page masks the token anew


def test_it_logs_out_with_the_token_of_a_kept_header(staff):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    client.get(queue_url())
    token = tokens(client.get(queue_url()).content.decode())[0]

    refused = client.post(reverse("admin:logout"), {"csrfmiddlewaretoken": "x" * 64})
    accepted = client.post(reverse("admin:logout"), {"csrfmiddlewaretoken": token})
    assert refused.status_code == 403
    assert accepted.status_code == 200


def test_it_greets_each_user_by_their_own_name(client_for):
    anna = factories.staff_user(email="anna@mieux.local", first_name="Anna")
    boris = factories.staff_user(email="boris@mieux.local", first_name="Boris")
    client_for(anna).get(queue_url())

    html = client_for(boris).get(queue_url()).content.decode()
    tools = html[html.index('<div id="user-tools">') : html.index("</header>")]
    assert "<strong>Boris</strong>" in tools
    assert "Anna" not in tools


def test_it_draws_the_chrome_in_the_page_s_language(staff, client_for):
    client = client_for(staff)
    english = client.get(queue_url("en")).content.decode()
    russian = client.get(queue_url("ru")).content.decode()

    assert '<html lang="en"' in english and "MIEUX+ staff desk" in english
    assert '<html lang="ru"' in russian and "Панель сотрудников MIEUX+" in russian
    assert "MIEUX+ staff desk" not in russian


def test_it_lists_in_the_sidebar_what_a_new_permission_opens(client_for):
    user = factories.staff_user(email="newcomer@mieux.local")
    user.user_permissions.remove(*Permission.objects.filter(codename="view_topic"))
    user.groups.clear()
    user.user_permissions.add(Permission.objects.get(codename="view_capacityrequest"))
    topics = reverse("admin:requests_app_topic_changelist")
    before = client_for(user).get(queue_url()).content.decode()

    user.user_permissions.add(Permission.objects.get(codename="view_topic"))
    after = client_for(user).get(queue_url()).content.decode()
    assert f'href="{topics}"' not in before
    assert f'href="{topics}"' in after


def test_it_shows_each_page_s_messages(staff, client_for):
    client = client_for(staff)
    client.get(queue_url())

    html = client.post(queue_url(), {"action": "assign_to_me", "index": "0"}, follow=True)
    assert 'class="messagelist"' in html.content.decode()
    assert 'class="messagelist"' not in client.get(queue_url()).content.decode()


def test_it_keeps_nothing_of_a_page_that_does_not_vouch_for_its_chrome(staff, client_for):
    client_for(staff).get(reverse("admin:requests_app_topic_changelist"))

    assert admin_chrome.KEPT == {}
