"""Who may export, the export tools on the list, the selected-rows action, the audit log."""

from __future__ import annotations

from django.contrib.admin import helpers
from django.urls import reverse

from requests_app.models import ExportLog, ExportSource, Status
from tests.requests_admin.conftest import in_stage

from .conftest import CHANGELIST, EXPORT, as_dicts, read_csv


def export_selected(client, objs, **params):
    data = {"action": "export_selected", helpers.ACTION_CHECKBOX_NAME: [o.pk for o in objs]}
    url = reverse(CHANGELIST)
    return client.post(f"{url}?status={params['status']}" if params else url, data)


def test_it_refuses_partners_and_anonymous_visitors(partner_a, client_for):
    in_stage()
    for user in (partner_a, None):
        response = client_for(user).get(reverse(EXPORT), {"language": "en"})
        assert response.status_code == 302
        assert reverse("admin:login") in response["Location"]
    assert not ExportLog.objects.exists()


def test_it_refuses_staff_without_the_export_permission(staff_without_export, client_for):
    obj = in_stage()
    client = client_for(staff_without_export)
    assert client.get(reverse(EXPORT), {"language": "en"}).status_code == 403
    assert export_selected(client, [obj]).status_code == 403
    assert not ExportLog.objects.exists()


def test_it_offers_the_export_only_with_the_permission(staff, staff_without_export, client_for):
    in_stage()
    with_permission = client_for(staff).get(reverse(CHANGELIST), {"status": "submitted"})
    assert reverse(EXPORT) in with_permission.content.decode()
    assert ("status", "submitted") in with_permission.context["export_params"]
    without = client_for(staff_without_export).get(reverse(CHANGELIST))
    assert reverse(EXPORT) not in without.content.decode()
    actions = [name for name, _label in without.context["action_form"].fields["action"].choices]
    assert "assign_to_me" in actions
    assert "export_selected" not in actions


def test_it_exports_only_the_selected_requests(staff, client_for):
    chosen = [in_stage(Status.SCREENING), in_stage(Status.SCREENING)]
    in_stage(Status.SCREENING)
    rows = as_dicts(read_csv(export_selected(client_for(staff), chosen, status="screening")))
    assert sorted(r["reference"] for r in rows) == sorted(o.reference for o in chosen)
    log = ExportLog.objects.get()
    assert log.source == ExportSource.SELECTION
    assert log.filters.startswith("status=screening&_selected_action=")


def test_it_records_who_exported_which_filter_and_how_many_rows(staff, export_csv):
    in_stage(Status.SCREENING, title_en="Water")
    in_stage(Status.SCREENING, title_en="Air")
    export_csv(staff, status="screening", q="water", language="ru")
    log = ExportLog.objects.get()
    assert (log.user, log.kind, log.source, log.language) == (staff, "requests", "list", "ru")
    assert log.filters == "status=screening&q=water"
    assert log.row_count == 1


def test_it_sends_a_bad_filter_back_to_the_list(staff, client_for):
    response = client_for(staff).get(reverse(EXPORT), {"language": "en", "nonsense": "1"})
    assert response.status_code == 302
    assert response["Location"].endswith("?e=1")


def test_it_sends_a_value_the_list_cannot_use_back_to_the_list(staff, client_for):
    in_stage()
    for params in ({"waiting": "800000"}, {"submitted_at__year": "99999"}, {"q": "x" * 201}):
        response = client_for(staff).get(reverse(EXPORT), {"language": "en", **params})
        assert response.status_code == 302, params
        assert response["Location"] == f"{reverse(CHANGELIST)}?e=1"
    assert not ExportLog.objects.exists()
