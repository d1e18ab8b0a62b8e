"""The Actions export: one row per activity, both languages, only what the list shows."""

from __future__ import annotations

import csv
import io

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actions_app import services
from actions_app.models import Action
from requests_app.models import ActivityType, ExportLog, Region, Topic

EXPORT = "admin:actions_app_action_export"


def action(code: str, *, activities: int = 0, **kwargs) -> Action:
    obj = Action.objects.create(
        code=code,
        slug=code.lower().replace(" ", "-"),
        title_en=kwargs.pop("title_en", f"{code} in English"),
        title_ru=kwargs.pop("title_ru", f"{code} по-русски"),
        region=Region.objects.get(code="asia"),
        countries=["TJ"],
        **kwargs,
    )
    obj.topics.add(Topic.objects.get(code="LM"))
    for n in range(activities):
        services.activity_create(
            action=obj,
            actor=None,
            kind=ActivityType.objects.get(code="workshop"),
            title_en=f"Workshop {n + 1}",
            title_ru=f"Семинар {n + 1}",
        )
    return obj


def read(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_it_writes_a_row_per_activity_and_one_for_an_action_without(staff, client_for):
    action("Tajikistan III", activities=2)
    action("Kyrgyzstan I")
    rows = read(client_for(staff).get(reverse(EXPORT), {"language": "en"}))
    assert [(r[0], r[12], r[14]) for r in rows[1:]] == [
        ("Kyrgyzstan I", "", ""),
        ("Tajikistan III", "1", "Workshop 1"),
        ("Tajikistan III", "2", "Workshop 2"),
    ]


def test_it_writes_russian_headers_and_titles(staff, client_for):
    action("Uzbekistan I", activities=1)
    header, row = read(client_for(staff).get(reverse(EXPORT), {"language": "ru"}))
    assert header[0] == "Код мероприятия MIEUX+"
    assert row[1] == "Uzbekistan I по-русски" and row[14] == "Семинар 1"
    assert "Таджикистан" in row[4]


def test_it_exports_only_what_the_filtered_list_shows(staff, client_for):
    action("Tajikistan III", published=True)
    action("Kyrgyzstan I", published=False)
    rows = read(client_for(staff).get(reverse(EXPORT), {"language": "en", "published__exact": "1"}))
    assert [r[0] for r in rows[1:]] == ["Tajikistan III"]
    assert ExportLog.objects.get().filters == "published__exact=1"


def test_it_neutralises_formula_cells(staff, client_for):
    action("=cmd", title_en="+SUM(A1:A2)")
    row = read(client_for(staff).get(reverse(EXPORT), {"language": "en"}))[1]
    assert row[0] == "'=cmd" and row[1] == "'+SUM(A1:A2)"


def test_it_runs_the_same_number_of_queries_for_3_and_30_actions(staff, client_for):
    client = client_for(staff)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            read(client.get(reverse(EXPORT), {"language": "en"}))
        return len(captured)

    for n in range(3):
        action(f"A{n}", activities=2)
    queries()
    three = queries()
    for n in range(3, 30):
        action(f"A{n}", activities=2)
    assert queries() == three


def test_it_refuses_partners_and_staff_without_the_export_permission(partner_a, staff, client_for):
    from django.contrib.auth.models import Permission

    assert client_for(partner_a).get(reverse(EXPORT)).status_code == 302
    staff.groups.get().permissions.remove(Permission.objects.get(codename="export_capacityrequest"))
    fresh = type(staff).objects.get(pk=staff.pk)
    assert client_for(fresh).get(reverse(EXPORT)).status_code == 403


def test_it_writes_online_or_the_place_of_each_activity(staff, client_for):
    obj = action("Tajikistan III", activities=2)
    obj.activities.filter(number=1).update(online=True, place="Dushanbe", participants=12)
    obj.activities.filter(number=2).update(place="Khujand")
    rows = read(client_for(staff).get(reverse(EXPORT), {"language": "ru"}))
    assert [(r[17], r[18]) for r in rows[1:]] == [("онлайн", "12"), ("Khujand", "")]
