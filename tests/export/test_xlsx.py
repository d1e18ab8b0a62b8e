"""The XLSX exports, read back with openpyxl: the CSV's columns and rows, typed cells."""

from __future__ import annotations

import io
from datetime import date, datetime

from django.contrib.admin import helpers
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from actions_app.models import Action
from requests_app.models import ExportLog, Status
from tests.requests_admin.conftest import in_stage

from .conftest import CHANGELIST, EXPORT, add_requests, read_csv
from .test_actions_csv import EXPORT as ACTIONS_EXPORT
from .test_actions_csv import action

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def sheet(response):
    """The workbook's only sheet, opened by openpyxl from the downloaded bytes."""
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_TYPE
    assert response["Content-Disposition"].endswith('.xlsx"')
    data = b"".join(response.streaming_content)
    return load_workbook(io.BytesIO(data)).active


def values(worksheet) -> list[list]:
    return [[cell.value for cell in row] for row in worksheet.iter_rows()]


def get_xlsx(client, url=EXPORT, **params):
    return sheet(client.get(reverse(url), {"language": "en", "format": "xlsx", **params}))


def test_it_writes_the_columns_and_rows_of_the_csv(staff, client_for):
    for title in ("Water", "Air", "Water again"):
        in_stage(Status.SCREENING, title_en=title)
    in_stage(Status.SUBMITTED, title_en="Water")
    query = {"status": "screening", "q": "water", "language": "ru"}
    csv_rows = read_csv(client_for(staff).get(reverse(EXPORT), query))
    xlsx_rows = values(get_xlsx(client_for(staff), **query))
    assert xlsx_rows[0] == csv_rows[0]
    assert [r[0] for r in xlsx_rows] == [r[0] for r in csv_rows]
    assert len(xlsx_rows) == 3


def test_it_types_dates_as_dates_and_numbers_as_numbers(staff, client_for):
    submitted = datetime(2026, 3, 2, 9, 30, tzinfo=timezone.get_default_timezone())
    add_requests(1, status=Status.APPROVED, submitted_at=submitted, decided_at=submitted)
    header, row = get_xlsx(client_for(staff)).iter_rows(max_row=2)
    cells = {h.value: cell for h, cell in zip(header, row, strict=True)}
    assert cells["submitted"].is_date and cells["submitted"].value == datetime(2026, 3, 2, 9, 30)
    assert cells["submitted"].number_format == "yyyy-mm-dd h:mm:ss"
    assert cells["days in stage"].data_type == "n"
    assert isinstance(cells["days in stage"].value, int)


def test_it_freezes_a_bold_header_row_in_the_readers_language(staff, client_for):
    in_stage()
    worksheet = get_xlsx(client_for(staff), language="ru")
    assert worksheet.freeze_panes == "A2"
    assert [c.value for c in worksheet[1][:2]] == ["регистрационный номер", "статус"]
    assert all(cell.font.b for cell in worksheet[1])
    assert worksheet.title == "Заявки"


def test_it_keeps_text_a_spreadsheet_would_run_as_text(staff, client_for):
    in_stage(title_en='=HYPERLINK("http://x")', contact_name="#N/A")
    header, row = values(get_xlsx(client_for(staff)))
    cells = dict(zip(header, row, strict=True))
    assert cells["title"] == '=HYPERLINK("http://x")'
    assert cells["contact person"] == "#N/A"
    worksheet = get_xlsx(client_for(staff))
    assert {cell.data_type for cell in worksheet[2] if cell.value is not None} <= {"s", "n", "d"}


def test_it_records_the_format_and_the_rows(staff, client_for):
    in_stage(Status.SCREENING)
    in_stage(Status.SUBMITTED)
    get_xlsx(client_for(staff), status="screening")
    log = ExportLog.objects.get()
    assert (log.user, log.format, log.row_count, log.filters) == (
        staff,
        "xlsx",
        1,
        "status=screening",
    )


def test_it_refuses_partners_and_staff_without_the_permission(
    partner_a, staff_without_export, staff, client_for
):
    in_stage()
    params = {"language": "en", "format": "xlsx"}
    assert client_for(partner_a).get(reverse(EXPORT), params).status_code == 302
    assert client_for(staff_without_export).get(reverse(EXPORT), params).status_code == 403
    assert not ExportLog.objects.exists()
    assert client_for(staff).get(reverse(EXPORT), params).status_code == 200


def test_it_runs_the_same_number_of_queries_for_3_and_30_requests(staff, client_for):
    client = client_for(staff)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            get_xlsx(client)
        return len(captured)

    add_requests(3)
    queries()
    three = queries()
    add_requests(27)
    queries()  # the new institutions renewed the filters' reference data (pagecache)
    assert queries() == three


def test_it_exports_the_selected_requests(staff, client_for):
    chosen = [in_stage(), in_stage()]
    in_stage()
    data = {
        "action": "export_selected_xlsx",
        helpers.ACTION_CHECKBOX_NAME: [o.pk for o in chosen],
    }
    rows = values(sheet(client_for(staff).post(reverse(CHANGELIST), data)))
    assert sorted(r[0] for r in rows[1:]) == sorted(o.reference for o in chosen)
    assert ExportLog.objects.get().format == "xlsx"


def test_it_offers_both_formats_on_the_list(staff, client_for):
    page = client_for(staff).get(reverse(CHANGELIST), {"status": "submitted"})
    html = page.content.decode()
    assert 'name="format" value="csv"' in html and 'name="format" value="xlsx"' in html
    actions = [name for name, _label in page.context["action_form"].fields["action"].choices]
    assert {"export_selected", "export_selected_xlsx"} <= set(actions)


def test_it_writes_actions_with_typed_activity_cells(staff, client_for):
    obj = action("Tajikistan III", activities=2, start_date=date(2026, 4, 1))
    obj.activities.filter(number=1).update(participants=12, start_date=date(2026, 5, 4))
    rows = values(get_xlsx(client_for(staff), url=ACTIONS_EXPORT, language="ru"))
    assert rows[0][0] == "Код мероприятия MIEUX+"
    assert [(r[0], r[12], r[14]) for r in rows[1:]] == [
        ("Tajikistan III", 1, "Семинар 1"),
        ("Tajikistan III", 2, "Семинар 2"),
    ]
    assert rows[1][8] == rows[2][8] == datetime(2026, 4, 1)  # read back as datetimes
    assert (rows[1][15], rows[1][18]) == (datetime(2026, 5, 4), 12)
    assert ExportLog.objects.get().format == "xlsx"
    assert Action.objects.count() == 1


def test_the_command_writes_the_same_rows_as_the_list(staff, client_for, tmp_path):
    add_requests(3, status=Status.SCREENING, title_en="Water")
    add_requests(1, status=Status.SUBMITTED)
    out = tmp_path / "screening.xlsx"
    call_command("export_requests", "--status", "screening", "--output", str(out))
    command = values(load_workbook(out).active)
    web = values(get_xlsx(client_for(staff), status="screening"))
    assert len(command) == 4
    assert [r[:2] for r in command] == [r[:2] for r in web]
    assert ExportLog.objects.filter(format="xlsx").count() == 2
