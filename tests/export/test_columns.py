"""The exports' columns are declared once: the CSV, the command and other apps read them."""

from __future__ import annotations

import io

from django.core.management import call_command
from django.utils.translation import gettext_lazy as _

from mieux_portal.exports import NUMBER, Column, ColumnType
from requests_app.export import REQUEST_COLUMNS
from tests import factories
from tests.requests_admin.conftest import in_stage


def test_it_writes_the_assignee_by_name_else_e_mail_else_nothing(staff, export_csv):
    nameless = factories.UserFactory(is_staff=True, first_name="", last_name="", email="x@eu.int")
    named = in_stage(assignee=staff)
    by_email = in_stage(assignee=nameless)
    unassigned = in_stage()
    rows = {r["reference"]: r["assignee"] for r in export_csv(staff)}
    assert rows == {
        named.reference: f"{staff.first_name} {staff.last_name}",
        by_email.reference: "x@eu.int",
        unassigned.reference: "",
    }


def test_it_adds_a_column_another_app_registers_before_the_one_it_names(
    staff, export_csv, monkeypatch
):
    monkeypatch.setattr(REQUEST_COLUMNS, "extra", list(REQUEST_COLUMNS.extra))
    REQUEST_COLUMNS.add(Column("pk", _("number"), "pk", type=NUMBER), before="reference")
    obj = in_stage()
    (row,) = export_csv(staff)
    assert list(row)[:2] == ["number", "reference"]
    assert row["number"] == str(obj.pk)


def test_it_has_one_typed_column_per_key_with_the_action_before_the_admin_page():
    keys = [column.key for column in REQUEST_COLUMNS]
    assert len(keys) == len(set(keys)) == 24
    assert keys[-2:] == ["action", "admin_page"]
    assert all(isinstance(column.type, ColumnType) for column in REQUEST_COLUMNS)


def test_it_lists_the_columns_in_the_chosen_language(db):
    out = io.StringIO()
    call_command("export_requests", "--list-columns", "--language", "ru", stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 24
    assert lines[0].split() == ["reference", "text", "регистрационный", "номер"]
    assert lines[4].split()[:2] == ["submitted", "datetime"]
