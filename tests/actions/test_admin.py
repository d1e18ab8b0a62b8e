"""The team's admin for Actions, news and resources: both languages, no CDN, numbered
activities inline; staff read, managers edit."""

from __future__ import annotations

import pytest
from django.urls import reverse

from actions_app.models import Action
from requests_app.models import ActivityType, Region

from .conftest import make_action

ADMIN_PAGES = [
    "admin:actions_app_action_add",
    "admin:actions_app_newsitem_add",
    "admin:actions_app_resource_add",
]


@pytest.mark.parametrize("name", ADMIN_PAGES)
def test_it_serves_the_tabbed_forms_without_a_cdn(client_for, manager, name):
    page = client_for(manager).get(reverse(name)).content.decode()
    assert "vendor/jquery-ui-1.14.2.min.js" in page
    assert "//code.jquery.com" not in page and "googleapis" not in page
    assert 'name="title_en"' in page and 'name="title_ru"' in page


def test_it_lets_staff_publish_actions(client_for, staff):
    action = make_action(published=False)
    client = client_for(staff)
    assert client.get(reverse("admin:actions_app_action_add")).status_code == 200
    change = client.get(reverse("admin:actions_app_action_change", args=[action.pk]))
    assert (
        'name="_save"' in change.content.decode() and 'name="published"' in change.content.decode()
    )


def test_it_lets_a_read_only_staff_member_read_but_not_edit_actions(client_for, staff):
    from django.contrib.auth.models import Permission

    staff.groups.get().permissions.remove(
        *Permission.objects.filter(codename__in=["add_action", "change_action"])
    )
    action = make_action()
    client = client_for(staff)
    assert client.get(reverse("admin:actions_app_action_changelist")).status_code == 200
    assert client.get(reverse("admin:actions_app_action_add")).status_code == 403
    change = client.get(reverse("admin:actions_app_action_change", args=[action.pk]))
    assert 'name="_save"' not in change.content.decode()


def test_it_numbers_activities_added_inline(client_for, manager):
    workshop = ActivityType.objects.get(code="workshop")
    data = {
        "code": "Tajikistan IV",
        "slug": "tajikistan-iv",
        "title_en": "Labour migration data",
        "status": "design",
        "region": Region.objects.get(code="asia").pk,
        "activities-TOTAL_FORMS": "2",
        "activities-INITIAL_FORMS": "0",
    }
    for n, title in enumerate(["Assessment", "Workshop"]):
        data |= {
            f"activities-{n}-kind": workshop.pk,
            f"activities-{n}-title_en": title,
            f"activities-{n}-status": "planned",
        }
    response = client_for(manager).post(reverse("admin:actions_app_action_add"), data)
    assert response.status_code == 302, response.context["errors"]
    action = Action.objects.get(code="Tajikistan IV")
    assert list(action.activities.values_list("number", "title_en")) == [
        (1, "Assessment"),
        (2, "Workshop"),
    ]


def test_it_wants_a_title_in_at_least_one_language(client_for, manager):
    data = {"code": "X", "slug": "x", "status": "design"}
    data |= {"activities-TOTAL_FORMS": "0", "activities-INITIAL_FORMS": "0"}
    response = client_for(manager).post(reverse("admin:actions_app_action_add"), data)
    assert response.status_code == 200
    assert not Action.objects.filter(code="X").exists()


def test_it_offers_only_eu_member_states_for_the_experts(client_for, manager):
    page = client_for(manager).get(reverse("admin:actions_app_action_add")).content.decode()
    assert page.count('name="member_states"') == 27
    assert 'name="member_states" value="LT"' in page
    assert 'name="member_states" value="TJ"' not in page
