"""Submitting: references without gaps, missing fields listed, never twice."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.utils import timezone

from requests_app import services
from requests_app.models import CapacityRequest, Status
from tests import factories
from tests.requests.helpers import step_url, url


def test_it_gives_references_in_order(client_a, partner_a):
    first = factories.complete_draft(institution=partner_a.institution)
    second = factories.complete_draft(institution=partner_a.institution)
    client_a.post(step_url(first, "review"), {"consent": "on"})
    response = client_a.post(step_url(second, "review"), {"consent": "on"}, follow=True)

    year = timezone.now().year
    assert CapacityRequest.objects.get(pk=first.pk).reference == f"MX-{year}-0001"
    assert CapacityRequest.objects.get(pk=second.pk).reference == f"MX-{year}-0002"
    assert f"Its reference is MX-{year}-0002." in response.content.decode()


def test_it_lists_missing_fields_with_links_to_their_step(client_a, draft_a):
    draft_a.title_en = ""
    draft_a.save()
    response = client_a.post(step_url(draft_a, "review"), {"consent": "on"})

    page = response.content.decode()
    assert response.status_code == 200
    assert f'href="{step_url(draft_a, "need")}#id_title">Give the request a title.' in page
    assert f'href="{step_url(draft_a, "need")}#id_topics_0"' in page
    assert f'href="{step_url(draft_a, "files")}#id_letter">Attach the official' in page
    assert CapacityRequest.objects.get(pk=draft_a.pk).status == Status.DRAFT


def test_it_asks_for_the_consent(client_a, complete_a):
    response = client_a.post(step_url(complete_a, "review"), {})

    page = response.content.decode()
    assert "Please agree to the processing of the data." in page
    assert f'href="{step_url(complete_a, "review")}#id_consent"' in page
    assert CapacityRequest.objects.get(pk=complete_a.pk).status == Status.DRAFT


def test_it_submits_once_on_a_double_post(client_a, complete_a):
    client_a.post(step_url(complete_a, "review"), {"consent": "on"})
    response = client_a.post(step_url(complete_a, "review"), {"consent": "on"}, follow=True)

    assert response.status_code == 200
    assert response.redirect_chain == [(url("detail", complete_a.pk), 302)]
    assert "This request has already been submitted" in response.content.decode()
    assert complete_a.events.filter(transition="submit").count() == 1


@pytest.mark.django_db(transaction=True)
def test_it_numbers_concurrent_submissions_without_gaps(reference_data, partner_a):
    drafts = [factories.complete_draft(institution=partner_a.institution) for _ in range(12)]
    barrier, errors = threading.Barrier(12), []

    def submit(draft: CapacityRequest) -> None:
        try:
            barrier.wait()
            services.request_submit(request=draft, actor=partner_a, consent=True)
        except Exception as error:  # noqa: BLE001 - reported by the assert below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(d,)) for d in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    references = CapacityRequest.objects.values_list("reference", flat=True)
    assert errors == []
    assert sorted(int(r.rsplit("-", 1)[1]) for r in references) == list(range(1, 13))


def test_it_sends_a_clarified_request_back_with_the_answer(client_a, submitted_a):
    CapacityRequest.objects.filter(pk=submitted_a.pk).update(status=Status.CLARIFICATION)
    refused = client_a.post(step_url(submitted_a, "review"), {"comment": ""})
    assert refused.status_code == 200
    assert "Please write your answer" in refused.content.decode()

    client_a.post(step_url(submitted_a, "review"), {"comment": "Letter re-signed."})
    event = submitted_a.events.get(transition="resubmit")
    assert (event.body, event.to_status) == ("Letter re-signed.", Status.SCREENING)


@pytest.mark.parametrize("key", ["approve", "withdraw", "no-such-step"])
def test_it_refuses_a_transition_the_review_page_does_not_perform(client_a, complete_a, key):
    response = client_a.post(
        step_url(complete_a, "review"), {"transition": key, "consent": "on"}, follow=True
    )

    assert response.redirect_chain == [(url("detail", complete_a.pk), 302)]
    assert "This action is not possible." in response.text
    assert CapacityRequest.objects.get(pk=complete_a.pk).status == Status.DRAFT


def test_it_records_the_consent_with_the_submission_in_one_history_record(partner_a, complete_a):
    before = complete_a.history.count()
    services.request_submit(request=complete_a, actor=partner_a, consent=True)
    latest = complete_a.history.first()
    assert complete_a.history.count() == before + 1
    assert (latest.status, latest.consent, latest.history_user) == ("submitted", True, partner_a)
    assert latest.consent_at is not None and latest.reference


def test_it_records_no_consent_when_the_request_is_incomplete(partner_a, draft_a):
    before = draft_a.history.count()
    with pytest.raises(services.IncompleteRequest):
        services.request_submit(request=draft_a, actor=partner_a, consent=True)
    stored = CapacityRequest.objects.get(pk=draft_a.pk)
    assert (stored.status, stored.consent, stored.consent_at) == ("draft", False, None)
    assert draft_a.history.count() == before
