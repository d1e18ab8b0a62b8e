"""The request's history page reads like a person wrote it: stage labels, names, no
"None" reasons, no phantom changes, dates in the viewer's time zone."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import translation

from requests_app import services
from requests_app.models import CapacityRequest
from tests import factories


def history(client, obj: CapacityRequest, **cookies: str):
    for name, value in cookies.items():
        client.cookies[name] = value
    response = client.get(reverse("admin:requests_app_capacityrequest_history", args=[obj.pk]))
    assert response.status_code == 200
    return response


def changes(response) -> list[tuple[str, str, str]]:
    return [
        (str(c["field"]), str(c["old"]), str(c["new"]))
        for record in response.context["page_obj"]
        for c in getattr(record, "history_delta_changes", [])
    ]


@pytest.fixture
def screened_by_staff(partner_a, staff):
    request = factories.submitted_request(partner_a)
    return services.request_transition(request=request, key="start_screening", actor=staff)


def test_it_shows_stage_labels_instead_of_keys(client_for, staff, screened_by_staff):
    response = history(client_for(staff), screened_by_staff)

    assert ("Status", "Submitted", "Screening") in changes(response)
    assert "submitted&nbsp;&rarr;" not in response.content.decode()
    assert "<td>Screening</td>" in response.content.decode()  # the stage column


def test_it_names_the_assignee_instead_of_a_deleted_user(client_for, staff, screened_by_staff):
    staff.first_name, staff.last_name = "Anna", "Berg"
    staff.save()
    page = history(client_for(staff), screened_by_staff)

    assert ("Assignee", "—", "Anna Berg") in changes(page)
    assert "Deleted user" not in page.content.decode()
    assert (
        "<td>nobody</td>" in page.content.decode() and "<td>Anna Berg</td>" in page.content.decode()
    )


def test_it_leaves_out_the_change_reason_nobody_gave(client_for, staff, screened_by_staff):
    page = history(client_for(staff), screened_by_staff).content.decode()

    assert "Change reason" not in page and "<td>None</td>" not in page


def test_it_shows_the_change_reason_when_there_is_one(client_for, staff, screened_by_staff):
    screened_by_staff.history.update(history_change_reason="Imported")  # type: ignore[attr-defined]

    page = history(client_for(staff), screened_by_staff).content.decode()

    assert "Change reason" in page and "Imported" in page


def test_it_records_no_title_change_when_only_the_language_of_the_page_differs(
    client_for, staff, partner_a
):
    obj = factories.submitted_request(partner_a)
    CapacityRequest.objects.filter(pk=obj.pk).update(title_ru="Вода")
    for language in ("ru", "en", "ru"):
        with translation.override(language):
            CapacityRequest.objects.get(pk=obj.pk).save()

    fields = {field for field, _old, _new in changes(history(client_for(staff), obj))}
    assert not fields & {"Title", "Context", "Needs"}


def test_it_shows_dates_in_the_viewers_time_zone(client_for, staff, screened_by_staff):
    moment = datetime(2026, 3, 2, 12, 0, tzinfo=ZoneInfo("UTC"))
    screened_by_staff.history.update(history_date=moment)  # type: ignore[attr-defined]

    tashkent = history(client_for(staff), screened_by_staff, mx_tz="Asia/Tashkent")
    portal = history(client_for(staff), screened_by_staff)

    assert "(Asia/Tashkent)" in tashkent.content.decode() and "5 p.m." in tashkent.content.decode()
    assert "(Europe/Vienna)" in portal.content.decode() and "1 p.m." in portal.content.decode()


def test_it_ignores_a_time_zone_that_does_not_exist(client_for, staff, screened_by_staff):
    page = history(client_for(staff), screened_by_staff, mx_tz="Mars/Olympus").content.decode()

    assert "(Europe/Vienna)" in page


def test_it_shows_the_history_in_russian(client_for, staff, screened_by_staff):
    with translation.override("ru"):
        url = reverse("admin:requests_app_capacityrequest_history", args=[screened_by_staff.pk])
    page = client_for(staff).get(url).content.decode()

    assert "Предварительная оценка" in page
    assert "никто" in page and "Deleted" not in page
