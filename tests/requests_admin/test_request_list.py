"""The request list: what staff see, find, filter, and change in bulk."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from requests_app.models import CapacityRequest, Region, Status, Topic
from tests import factories

from .conftest import CHANGELIST, in_stage, messages_of, reference


def add_requests(how_many: int, assignees: list) -> None:
    """Requests of distinct institutions in every stage, with and without an assignee."""
    institutions = factories.InstitutionFactory.create_batch(how_many)
    stages = list(Status)
    rows = []
    for i, institution in enumerate(institutions):
        status = stages[i % len(stages)]
        rows.append(
            CapacityRequest(
                institution=institution,
                country=institution.country,
                status=status,
                reference=None if status == Status.DRAFT else reference(),
                submitted_at=None if status == Status.DRAFT else timezone.now(),
                title_en=f"Request {i}",
                assignee=assignees[i % len(assignees)],
            )
        )
    CapacityRequest.objects.bulk_create(rows)


def changelist_queries(client, params: dict) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(CHANGELIST), params)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "params",
    [
        {"o": "8"},  # sort by days in stage too
        {"status": "screening", "assignee": "me"},
        {"topics__id__exact": "1", "region__id__exact": "1", "waiting": "1"},
        {"q": "request"},
    ],
)
def test_it_lists_10_and_200_requests_in_the_same_number_of_queries(
    staff, manager, client_for, params
):
    client = client_for(staff)
    add_requests(10, [staff, manager, None])
    # Warm the per-process caches (content types, a search's words, …).
    client.get(reverse(CHANGELIST), params)
    with_10 = changelist_queries(client, params)
    add_requests(190, [staff, manager, None])
    client.get(reverse(CHANGELIST), params)  # new institutions renewed the reference data
    with_200 = changelist_queries(client, params)
    assert CapacityRequest.objects.count() == 200
    assert with_200 == with_10 <= 14


def test_it_links_each_row_to_its_page_carrying_the_list_s_filters(staff, client_for):
    screening = in_stage(Status.SCREENING, title_en="Labour migration statistics")
    client = client_for(staff)
    page = client.get(reverse(CHANGELIST), {"status": "screening", "o": "2"}).content.decode()

    change = reverse("admin:requests_app_capacityrequest_change", args=[screening.pk])
    link = f"{change}?_changelist_filters=status%3Dscreening%26o%3D2"
    assert page.count(f'href="{link}"') == 2  # the reference and the title
    history = f"{change.removesuffix('change/')}history/?_changelist_filters="
    assert history in client.get(link).content.decode()  # the page keeps them


def test_it_hides_drafts_from_staff(staff, listed, client_for):
    draft = in_stage(Status.DRAFT)
    submitted = in_stage(Status.SUBMITTED)
    assert listed(staff) == [submitted]
    response = client_for(staff).get(
        reverse("admin:requests_app_capacityrequest_change", args=[draft.pk])
    )
    assert response.status_code == 302  # "does not exist", back to the admin index


def test_it_lists_the_oldest_waiting_first_with_days_in_stage(staff, listed, client_for):
    newer = in_stage(status_changed_at=timezone.now() - timezone.timedelta(days=2))
    older = in_stage(status_changed_at=timezone.now() - timezone.timedelta(days=9))
    assert listed(staff) == [older, newer]
    html = client_for(staff).get(reverse(CHANGELIST)).content.decode()
    assert '<td class="field-days_in_stage">9</td>' in html


@pytest.mark.parametrize("status", [s for s in Status if s != Status.DRAFT])
def test_it_filters_by_status(status, staff, listed):
    wanted = in_stage(status)
    in_stage(Status.SUBMITTED if status != Status.SUBMITTED else Status.SCREENING)
    assert listed(staff, status=status) == [wanted]


def test_it_filters_by_assignee_me_unassigned_and_anyone(staff, manager, listed):
    mine = in_stage(assignee=staff)
    theirs = in_stage(assignee=manager)
    nobody = in_stage()
    assert listed(staff, assignee="me") == [mine]
    assert listed(staff, assignee="none") == [nobody]
    assert listed(staff, assignee=str(manager.pk)) == [theirs]


def test_it_filters_by_topic_region_and_country(staff, listed):
    labour, asia = Topic.objects.get(code="LM"), Region.objects.get(code="asia")
    wanted = in_stage(region=asia, institution=factories.InstitutionFactory(country="KG"))
    wanted.topics.add(labour)
    in_stage(institution=factories.InstitutionFactory(country="MA"))
    assert listed(staff, topics__id__exact=labour.pk) == [wanted]
    assert listed(staff, region__id__exact=asia.pk) == [wanted]
    assert listed(staff, country="KG") == [wanted]


def test_it_filters_by_days_waiting_in_the_stage(staff, listed):
    older = in_stage(status_changed_at=timezone.now() - timezone.timedelta(days=40))
    in_stage(status_changed_at=timezone.now() - timezone.timedelta(days=2))
    assert listed(staff, waiting="30") == [older]


@pytest.mark.parametrize(
    "params",
    [
        {"waiting": "800000"},  # past the end of the calendar
        {"waiting": "²"},  # a digit to str.isdigit, not to int
        {"assignee": "someone"},
        {"topics__id__exact": "labour"},
        {"submitted_at__year": "99999"},  # a lookup of the admin's own, past year 9999
        {"reference__regex": "("},
        {"q": "a\x00b"},
        {"q": "x" * 201},
    ],
)
def test_it_answers_values_it_cannot_use_as_incorrect_parameters(staff, client_for, params):
    in_stage()
    response = client_for(staff).get(reverse(CHANGELIST), params)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse(CHANGELIST)}?e=1"


def test_it_offers_only_the_countries_that_occur(staff, client_for):
    in_stage(institution=factories.InstitutionFactory(country="KG"))
    html = client_for(staff).get(reverse(CHANGELIST)).content.decode()
    assert "?country=KG" in html
    assert "?country=TJ" not in html


def test_it_finds_a_request_by_reference(staff, listed):
    wanted = in_stage()
    in_stage()
    assert listed(staff, q=wanted.reference) == [wanted]


def test_it_finds_a_request_by_its_russian_title(staff, listed, client_for):
    wanted = in_stage(submission_language="ru", title_en="", title_ru="Реинтеграция мигрантов")
    in_stage(title_en="Border risk analysis")
    assert listed(staff, q="реинтеграция") == [wanted]
    html = client_for(staff).get(reverse(CHANGELIST)).content.decode()
    assert "Реинтеграция мигрантов (ru)" in html


def test_it_finds_a_request_by_institution_and_contact_email(staff, listed):
    wanted = in_stage(
        institution=factories.InstitutionFactory(name="Госслужба", english_name="State Service"),
        contact_email="focal.point@example.org",
    )
    in_stage()
    assert listed(staff, q="state service") == [wanted]
    assert listed(staff, q="focal.point@") == [wanted]


def post_action(client, action: str, requests, **extra):
    data = {"action": action, "_selected_action": [r.pk for r in requests], **extra}
    return client.post(reverse(CHANGELIST), data)


def test_it_assigns_the_selected_requests_to_me(staff, manager, client_for):
    first, second = in_stage(), in_stage(assignee=manager)
    response = post_action(client_for(staff), "assign_to_me", [first, second])
    assert response.status_code == 302
    assert {r.assignee for r in CapacityRequest.objects.all()} == {staff}
    assert first.events.filter(kind="assignment", actor=staff).exists()


def test_it_assigns_to_a_staff_member_chosen_on_an_intermediate_page(staff, manager, client_for):
    obj = in_stage()
    client = client_for(staff)
    page = post_action(client, "assign_to", [obj])
    assert page.status_code == 200
    assert f'<option value="{manager.pk}">' in page.content.decode()
    post_action(client, "assign_to", [obj], assignee=manager.pk, apply="1")
    obj.refresh_from_db()
    assert obj.assignee == manager


def test_it_refuses_to_assign_to_a_partner(staff, partner_a, client_for):
    obj = in_stage()
    response = post_action(client_for(staff), "assign_to", [obj], assignee=partner_a.pk, apply="1")
    assert response.status_code == 200  # the page again, with the error
    assert response.context["form"].errors
    obj.refresh_from_db()
    assert obj.assignee is None


def test_it_starts_screening_in_bulk_and_names_the_refused(staff, client_for):
    waiting = in_stage(Status.SUBMITTED)
    screening = in_stage(Status.SCREENING)
    response = post_action(client_for(staff), "start_screening", [waiting, screening])
    waiting.refresh_from_db()
    assert waiting.status == Status.SCREENING
    assert waiting.assignee == staff
    notes = messages_of(response)
    assert ("success", "1 request moved to screening.") in notes
    assert any(level == "warning" and screening.reference in text for level, text in notes)


def test_it_refuses_bulk_actions_to_partners(partner_a, client_for):
    obj = in_stage(Status.SUBMITTED, institution=partner_a.institution)
    response = post_action(client_for(partner_a), "start_screening", [obj])
    assert response["Location"].startswith(reverse("admin:login"))
    obj.refresh_from_db()
    assert obj.status == Status.SUBMITTED
