"""An approved request becomes an Action, prefilled in both languages, once."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, transaction
from django.urls import reverse

from actions_app import services
from actions_app.models import Action, ActionStatus
from notifications_app.models import Notification
from requests_app.models import Topic
from tests import factories

from .conftest import make_action, make_activity


def test_it_prefills_the_action_from_the_request_in_both_languages(approved_request, manager):
    approved_request.title_ru = "Статистика трудовой миграции"
    approved_request.objectives_ru = "Общие определения."
    approved_request.save()
    action = services.action_create_from_request(request=approved_request, actor=manager)
    assert action.title_en == approved_request.title_en
    assert action.title_ru == "Статистика трудовой миграции"
    assert action.objective_en == "Objectives of the support."
    assert action.objective_ru == "Общие определения."
    assert action.results_en == "Staff trained in data collection."


def test_it_links_institutions_places_and_topics(approved_request, manager, institution_b):
    approved_request.corequests.create(institution=institution_b, status="confirmed")
    pending = factories.InstitutionFactory()
    approved_request.corequests.create(institution=pending, status="pending")
    action = services.action_create_from_request(request=approved_request, actor=manager)
    # A co-requester that never confirmed takes no part in the Action.
    assert set(action.institutions.all()) == {approved_request.institution, institution_b}
    assert [c.code for c in action.countries] == ["TJ"]
    assert action.region.code == "asia"
    assert list(action.topics.all()) == [Topic.objects.get(code="LM")]
    assert action.request == approved_request
    assert (action.status, action.published) == (ActionStatus.DESIGN, False)


def test_it_names_the_action_after_the_country(approved_request, manager):
    action = services.action_create_from_request(request=approved_request, actor=manager)
    assert (action.code, action.slug) == ("Tajikistan I", "tajikistan-i")


def test_it_numbers_the_code_after_the_countrys_last_action(approved_request, manager):
    make_action(code="Tajikistan III")
    make_action(code="Tajikistan programme")
    action = services.action_create_from_request(request=approved_request, actor=manager)
    assert action.code == "Tajikistan IV"


def test_it_refuses_a_request_that_is_not_approved(partner_a, manager):
    submitted = factories.submitted_request(partner_a)
    with pytest.raises(services.ActionNotAllowed):
        services.action_create_from_request(request=submitted, actor=manager)
    assert not Action.objects.exists()


def test_it_refuses_a_second_action_for_the_same_request(approved_request, manager):
    first = services.action_create_from_request(request=approved_request, actor=manager)
    with pytest.raises(services.ActionNotAllowed) as refused:
        services.action_create_from_request(request=approved_request, actor=manager)
    assert first.code in str(refused.value)
    assert Action.objects.count() == 1


@pytest.fixture
def reader(staff):
    """A staff member whose group lost the right to add Actions."""
    from django.contrib.auth.models import Permission

    group = staff.groups.get()
    group.permissions.remove(Permission.objects.get(codename="add_action"))
    return type(staff).objects.get(pk=staff.pk)  # a fresh object: no cached permissions


def test_it_refuses_staff_without_the_add_permission(approved_request, reader):
    with pytest.raises(services.ActionNotAllowed):
        services.action_create_from_request(request=approved_request, actor=reader)


def test_it_tells_every_member_of_the_institution_in_their_language(
    approved_request, manager, partner_a, institution_a
):
    colleague = factories.partner(institution=institution_a, preferred_language="ru")
    action = services.action_create_from_request(request=approved_request, actor=manager)
    sent = Notification.objects.filter(event="action_created")
    assert {n.to_email for n in sent} == {partner_a.email, colleague.email}
    russian = sent.get(to_email=colleague.email)
    assert russian.language == "ru" and action.code in russian.subject
    assert russian.idempotency_key == f"action_created:{action.pk}:{colleague.pk}"


def test_it_numbers_activities_within_their_action(db):
    one, two = make_action(), make_action()
    assert [make_activity(one).number, make_activity(one).number] == [1, 2]
    assert make_activity(two).number == 1


@pytest.mark.django_db(transaction=True)
def test_it_never_numbers_two_activities_added_at_once_alike(reference_data):
    action = make_action()
    numbers, added = [], threading.Event()

    def add_and_hold() -> None:
        try:
            with transaction.atomic():
                numbers.append(make_activity(action).number)
                added.set()
                time.sleep(0.5)  # not committed yet when the second one is added
        finally:
            connection.close()

    first = threading.Thread(target=add_and_hold)
    first.start()
    added.wait(timeout=10)
    numbers.append(make_activity(action).number)
    first.join()
    assert numbers == [1, 2]


# --- The admin's "Create Action" button -------------------------------------------------


def test_it_offers_create_action_on_an_approved_request(approved_request, manager, client_for):
    url = reverse("admin:requests_app_capacityrequest_change", args=[approved_request.pk])
    page = client_for(manager).get(url).content.decode()
    assert reverse("admin:actions_app_action_from_request", args=[approved_request.pk]) in page


def test_it_creates_the_action_from_the_admin_button(approved_request, manager, client_for):
    url = reverse("admin:actions_app_action_from_request", args=[approved_request.pk])
    response = client_for(manager).post(url)
    action = Action.objects.get(request=approved_request)
    assert response.url == reverse("admin:actions_app_action_change", args=[action.pk])


def test_it_shows_the_refusal_as_a_message(partner_a, manager, client_for):
    request = factories.submitted_request(partner_a)
    url = reverse("admin:actions_app_action_from_request", args=[request.pk])
    response = client_for(manager).post(url, follow=True)
    assert "Only an approved request can become an Action." in response.content.decode()
    assert not Action.objects.exists()


def test_it_refuses_the_button_to_staff_without_add_permission(
    approved_request, reader, client_for
):
    url = reverse("admin:actions_app_action_from_request", args=[approved_request.pk])
    assert client_for(reader).post(url).status_code == 403
    assert client_for(reader).get(url).status_code == 405  # a POST-only URL, whoever asks


def test_it_links_the_request_page_to_its_action(approved_request, manager):
    from django.template.loader import render_to_string

    action = services.action_create_from_request(request=approved_request, actor=manager)
    html = render_to_string(
        "actions/_request_action_link.html", {"capacity_request": approved_request}
    )
    assert action.get_absolute_url() in html


def test_it_links_nothing_while_the_request_has_no_action(approved_request):
    from django.template.loader import render_to_string

    html = render_to_string(
        "actions/_request_action_link.html", {"capacity_request": approved_request}
    )
    assert html.strip() == ""
