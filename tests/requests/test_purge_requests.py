"""`manage.py purge_requests`: withdrawn and rejected requests go after the retention period."""

from __future__ import annotations

from datetime import datetime, timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from requests_app import services
from requests_app.models import CapacityRequest, RequestEvent
from tests import factories

YEAR = timedelta(days=366)


def closed(partner, staff, *, status: str, years_ago: float) -> CapacityRequest:
    """A request of the partner's institution, withdrawn or rejected ``years_ago``."""
    obj = factories.submitted_request(partner)
    if status == "withdrawn":
        obj = services.request_transition(request=obj, key="withdraw", actor=partner)
    else:
        obj = services.request_transition(request=obj, key="start_screening", actor=staff)
        obj.status = status
        obj.save()
    CapacityRequest.objects.filter(pk=obj.pk).update(
        status_changed_at=timezone.now() - YEAR * years_ago
    )
    return obj


def purge(*args: str) -> str:
    out = StringIO()
    call_command("purge_requests", *args, stdout=out)
    return out.getvalue()


def test_it_deletes_withdrawn_and_rejected_requests_older_than_the_retention(partner_a, staff):
    old_withdrawn = closed(partner_a, staff, status="withdrawn", years_ago=8)
    old_rejected = closed(partner_a, staff, status="rejected", years_ago=8)
    recent = closed(partner_a, staff, status="rejected", years_ago=6)

    output = purge()

    assert set(CapacityRequest.objects.values_list("pk", flat=True)) == {recent.pk}
    assert old_withdrawn.reference in output and old_rejected.reference in output
    assert not RequestEvent.objects.filter(request_id=old_withdrawn.pk).exists()
    assert not CapacityRequest.history.filter(id=old_withdrawn.pk).exists()


def test_it_keeps_open_and_approved_requests_whatever_their_age(partner_a, staff):
    screening = closed(partner_a, staff, status="screening", years_ago=20)
    approved = closed(partner_a, staff, status="approved", years_ago=20)

    purge("--years", "1")

    assert set(CapacityRequest.objects.values_list("pk", flat=True)) == {
        screening.pk,
        approved.pk,
    }


def test_it_takes_the_retention_from_the_settings(partner_a, staff, settings):
    settings.RETENTION_YEARS = 2
    obj = closed(partner_a, staff, status="withdrawn", years_ago=3)

    purge()

    assert not CapacityRequest.objects.filter(pk=obj.pk).exists()


def test_it_removes_the_files_from_the_disk(partner_a, staff, django_capture_on_commit_callbacks):
    obj = closed(partner_a, staff, status="withdrawn", years_ago=8)
    path = Path(obj.attachments.get().file.path)
    assert path.exists()

    with django_capture_on_commit_callbacks(execute=True):
        purge()

    assert not path.exists()


def test_it_only_lists_in_a_dry_run(partner_a, staff):
    obj = closed(partner_a, staff, status="rejected", years_ago=8)

    output = purge("--dry-run", "--years", "7")

    assert f"would delete {obj.reference}" in output
    assert "1 request(s) would be deleted (dry run)." in output
    assert CapacityRequest.objects.filter(pk=obj.pk).exists()


def test_it_refuses_a_retention_below_one_year(db):
    with pytest.raises(CommandError):
        purge("--years", "0")


def test_it_counts_years_by_the_calendar_even_from_29_february():
    leap_day = datetime(2028, 2, 29, 12, tzinfo=timezone.get_current_timezone())

    assert services.years_before(leap_day, 7) == leap_day.replace(year=2021, day=28)
