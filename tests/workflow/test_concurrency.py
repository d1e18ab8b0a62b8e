"""Two people acting on the same request at once: exactly one wins (PostgreSQL row lock)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from requests_app import services
from requests_app.models import CapacityRequest, RequestEvent, Status
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def race(actions):
    """Run the callables at the same moment in threads; return (results, errors)."""
    barrier = threading.Barrier(len(actions))
    results, errors = [], []

    def run(action):
        try:
            barrier.wait()
            results.append(action())
        except services.WorkflowError as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(a,)) for a in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


def test_it_lets_one_of_two_simultaneous_decisions_win(reference_data):
    partner = factories.partner()
    manager_1 = factories.staff_user(group="MIEUX+ managers")
    manager_2 = factories.staff_user(group="MIEUX+ managers")
    request = factories.submitted_request(partner)
    CapacityRequest.objects.filter(pk=request.pk).update(status=Status.CONSULTATION)
    results, errors = race(
        [
            lambda: services.request_transition(
                request=request, key="approve", actor=manager_1, comment="In scope."
            ),
            lambda: services.request_transition(
                request=request, key="reject", actor=manager_2, comment="Out of scope."
            ),
        ]
    )
    assert len(results) == 1 and len(errors) == 1
    assert "no longer possible" in str(errors[0])
    request.refresh_from_db()
    assert request.status == results[0].status
    assert (
        RequestEvent.objects.filter(request=request, from_status=Status.CONSULTATION).count() == 1
    )


def test_it_counts_drafts_started_at_the_same_moment_against_the_cap(reference_data, settings):
    settings.DRAFT_MAX_PER_INSTITUTION = 2
    partner = factories.partner()

    def start():
        return services.request_create(
            institution=partner.institution, actor=partner, language="en"
        )

    results, errors = race([start] * 5)

    assert (len(results), len(errors)) == (2, 3)
    assert CapacityRequest.objects.filter(institution=partner.institution).count() == 2
