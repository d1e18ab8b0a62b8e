"""`manage.py export_requests`: the admin list's filters, for scheduled exports."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from requests_app.models import ExportLog, ExportSource, Region, Status, Topic
from tests.requests_admin.conftest import in_stage

from .conftest import BOM, EXPORT, add_requests, as_dicts, read_csv


def run(tmp_path, *args: str) -> list[list[str]]:
    out = tmp_path / "export.csv"
    call_command("export_requests", "--output", str(out), *args)
    data = out.read_bytes()
    assert data.startswith(BOM)
    return list(csv.reader(io.StringIO(data[len(BOM) :].decode(), newline="")))


def test_it_writes_the_same_rows_as_the_list_export(staff, client_for, tmp_path):
    asia = Region.objects.get(code="asia")
    add_requests(3, status=Status.SCREENING, region=asia, title_en="Water")
    add_requests(2, status=Status.SCREENING, region=asia, title_en="Air")
    add_requests(2, status=Status.SUBMITTED, region=asia, title_en="Water")
    query = {"status": "screening", "region__id__exact": asia.pk, "q": "water", "language": "ru"}
    web = read_csv(client_for(staff).get(reverse(EXPORT), query))
    options = ["--status", "screening", "--region", "asia", "--search", "water"]
    command = run(tmp_path, *options, "--language", "ru")
    assert len(command) == 4  # the header and three requests
    assert command == web


def test_it_filters_by_topic_country_type_assignee_and_submission_days(staff, tmp_path):
    day = timezone.make_aware(timezone.datetime(2026, 5, 10, 23, 30))
    wanted = in_stage(country="KG", request_type="holistic", assignee=staff)
    type(wanted).objects.filter(pk=wanted.pk).update(submitted_at=day)
    wanted.topics.set(Topic.objects.filter(code="LM"))
    in_stage(country="KG", request_type="holistic", assignee=staff).topics.set(
        Topic.objects.filter(code="LM")
    )
    in_stage(country="TJ", request_type="holistic", assignee=staff)
    rows = as_dicts(run(
        tmp_path, "--topic", "lm", "--country", "kg", "--request-type", "holistic",
        "--assignee", staff.email, "--submitted-from", "2026-05-10", "--submitted-to", "2026-05-10",
    ))  # fmt: skip
    assert [r["reference"] for r in rows] == [wanted.reference]


def test_it_records_the_export_under_the_given_user(staff, tmp_path):
    in_stage(Status.SCREENING)
    run(tmp_path, "--status", "screening", "--user", staff.email)
    log = ExportLog.objects.get()
    assert (log.user, log.source, log.filters, log.row_count) == (
        staff,
        ExportSource.COMMAND,
        "status=screening",
        1,
    )


def test_it_refuses_a_user_without_the_export_permission(partner_a, tmp_path):
    with pytest.raises(CommandError, match="may not export"):
        run(tmp_path, "--user", partner_a.email)
    with pytest.raises(CommandError, match="No region"):
        run(tmp_path, "--region", "atlantis")
    assert not ExportLog.objects.exists()


def test_it_draws_a_progress_bar_only_on_a_terminal(db, tmp_path, monkeypatch):
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    add_requests(3)
    terminal, pipe = Terminal(), io.StringIO()
    monkeypatch.setattr("sys.stderr", terminal)
    run(tmp_path)
    monkeypatch.setattr("sys.stderr", pipe)
    run(tmp_path)
    assert terminal.getvalue().startswith(f"\r[{'#' * 30}] 3/3\n")
    assert "[" not in pipe.getvalue()
