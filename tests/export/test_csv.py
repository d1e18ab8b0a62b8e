"""The request export read back with Python's csv module: rows, languages, safety."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from requests_app.models import ActivityType, Region, Status, Topic
from tests import factories
from tests.requests_admin.conftest import in_stage

from .conftest import EXPORT, add_requests, read_csv


def test_it_exports_every_filtered_row_of_every_page_and_only_those(staff, export_csv):
    wanted = add_requests(60, status=Status.SCREENING, title_en="Water and migration")
    add_requests(3, status=Status.SUBMITTED, title_en="Water and migration")
    add_requests(3, status=Status.SCREENING, title_en="Labour statistics")
    rows = export_csv(staff, status="screening", q="water")
    assert len(rows) == 60  # the list shows 50 a page
    assert {r["reference"] for r in rows} == {obj.reference for obj in wanted}


def test_it_exports_in_the_order_of_the_list(staff, export_csv):
    newer = in_stage(status_changed_at=timezone.now() - timedelta(days=2))
    older = in_stage(status_changed_at=timezone.now() - timedelta(days=9))
    rows = export_csv(staff)
    assert [r["reference"] for r in rows] == [older.reference, newer.reference]
    assert [r["days in stage"] for r in rows] == ["9", "2"]


def test_it_keeps_cyrillic_intact_after_the_bom(staff, export_csv):
    institution = factories.InstitutionFactory(name="Миграционная служба", country="TJ")
    in_stage(institution=institution, title_en="", title_ru="Трудовая миграция", country="TJ")
    (row,) = export_csv(staff, language="ru")
    assert row["название"] == "Трудовая миграция"
    assert row["учреждение-заявитель"] == "Миграционная служба"
    assert row["страна"] == "Таджикистан"


def test_it_neutralises_cells_a_spreadsheet_would_run(staff, export_csv):
    institution = factories.InstitutionFactory(name="@SUM(A1)", english_name="-2+3")
    in_stage(
        institution=institution,
        title_en='=HYPERLINK("http://evil.example","click")',
        contact_name="+7 912 345 67 89",
        contact_email="\tcontact@example.org",
    )
    (row,) = export_csv(staff)
    assert row["title"] == '\'=HYPERLINK("http://evil.example","click")'
    assert row["contact person"] == "'+7 912 345 67 89"
    assert row["contact e-mail"] == "'\tcontact@example.org"
    assert row["requesting institution"] == "'@SUM(A1)"
    assert row["requesting institution: name in English"] == "'-2+3"


@pytest.mark.parametrize(
    ("language", "first", "status"),
    [("en", ["reference", "status"], "Screening"),
     ("ru", ["регистрационный номер", "статус"], "Предварительная оценка")],
)  # fmt: skip
def test_it_writes_headers_and_stages_in_the_chosen_language(
    language, first, status, staff, client_for
):
    in_stage(Status.SCREENING)
    header, row = read_csv(client_for(staff).get(reverse(EXPORT), {"language": language}))
    assert header[:2] == first
    assert row[1] == status
    assert len(header) == len(row) == 24


def test_it_writes_iso_8601_dates(staff, export_csv):
    submitted = datetime(2026, 3, 2, 9, 30, tzinfo=timezone.get_default_timezone())
    add_requests(
        1, status=Status.APPROVED, submitted_at=submitted, decided_at=submitted + timedelta(40)
    )
    (row,) = export_csv(staff)
    assert row["submitted"] == "2026-03-02T09:30:00+01:00"
    assert datetime.fromisoformat(row["decided"]) == submitted + timedelta(days=40)
    assert datetime.fromisoformat(row["in status since"]) <= timezone.now()


def test_it_falls_back_to_the_other_language_title_marked(staff, export_csv):
    in_stage(title_en="", title_ru="Трудовая миграция")
    in_stage(title_en="Labour migration", title_ru="Трудовая миграция")
    rows = export_csv(staff, language="en")
    assert sorted(r["title"] for r in rows) == ["Labour migration", "[ru] Трудовая миграция"]


def test_it_writes_the_related_columns(staff, export_csv):
    obj = in_stage(
        country="TJ", other_countries=["KG", "UZ"], region=Region.objects.get(code="asia")
    )
    obj.topics.set(Topic.objects.filter(code__in=["LM", "IM"]))
    obj.activity_types.set(ActivityType.objects.filter(code="workshop"))
    obj.co_institutions.set([factories.InstitutionFactory(name="Ministry of Interior")])
    (row,) = export_csv(staff)
    assert row["topics"].startswith("LM - Legal and labour migration; IM - ")
    assert row["kinds of activities wished"] == "Workshop"
    assert row["co-requesting institutions"] == "Ministry of Interior"
    assert row["other countries covered"] == "Kyrgyzstan; Uzbekistan"
    assert row["region"] == "Asia (including Central Asia)"
    assert (
        row["admin page"]
        == f"http://127.0.0.1:8000/en/admin/requests_app/capacityrequest/{obj.pk}/change/"
    )


def test_it_writes_the_code_of_the_action_grown_out_of_the_request(staff, export_csv):
    from actions_app.models import Action

    obj = in_stage(Status.APPROVED)
    in_stage(Status.SCREENING)
    Action.objects.create(code="Tajikistan III", slug="tajikistan-iii", title="T", request=obj)
    rows = export_csv(staff)
    assert sorted(r["Action"] for r in rows) == ["", "Tajikistan III"]


def test_it_exports_5_and_50_rows_in_the_same_number_of_queries(staff, client_for):
    client = client_for(staff)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            read_csv(client.get(reverse(EXPORT), {"language": "en"}))
        return len(captured)

    for obj in add_requests(5):
        obj.topics.set(Topic.objects.all()[:2])
    queries()  # the list's country filter caches its choices on the first call
    five = queries()
    for obj in add_requests(45):
        obj.topics.set(Topic.objects.all()[:3])
    queries()  # the new institutions renewed the filters' reference data (pagecache)
    assert queries() == five


def test_it_exports_a_list_filtered_by_topic_once_per_request(staff, export_csv):
    labour = Topic.objects.get(code="LM")
    wanted = in_stage()
    wanted.topics.set(Topic.objects.filter(code__in=["LM", "IM"]))
    in_stage().topics.set(Topic.objects.filter(code="IM"))
    rows = export_csv(staff, topics__id__exact=labour.pk)
    assert [r["reference"] for r in rows] == [wanted.reference]


def test_it_counts_the_rows_only_once_the_export_is_complete(staff, client_for):
    from requests_app.models import ExportLog

    add_requests(600)  # more than one piece of the stream
    response = client_for(staff).get(reverse(EXPORT), {"language": "en"})
    stream = iter(response.streaming_content)
    next(stream)  # a client that went away now would leave the count empty
    assert ExportLog.objects.get().row_count is None
    assert len(b"".join(stream).split(b"\r\n")) > 100
    assert ExportLog.objects.get().row_count == 600
