"""The clarification loop from the partner's side: see the question, edit, answer, resubmit."""

from __future__ import annotations

import pytest

from notifications_app.models import Notification
from requests_app import services
from requests_app.forms import NeedStepForm
from requests_app.models import CapacityRequest, Status
from tests.requests.helpers import step_url, url

QUESTION = "Which ministry signs the official letter?"


@pytest.fixture
def asked(submitted_a, staff):
    """Partner A's request, screened, with the team's question waiting."""
    services.request_transition(request=submitted_a, key="start_screening", actor=staff)
    return services.request_transition(
        request=submitted_a, key="ask_clarification", actor=staff, comment=QUESTION
    )


def need_step_data(request: CapacityRequest, **changes: str) -> dict:
    """What the need step posts when the partner changes only `changes`."""
    initial = NeedStepForm.initial_for(request)
    return {k: v for k, v in {**initial, **changes}.items() if v is not None}


def test_it_runs_the_clarification_loop(client_a, asked):
    page = client_a.get(url("detail", asked.pk)).text
    assert "MIEUX+ asks for clarification" in page and QUESTION in page
    assert step_url(asked, "institution") in page  # "Edit the request"
    assert step_url(asked, "review") + "#answer" in page  # "Answer and resubmit"

    client_a.post(step_url(asked, "need"), need_step_data(asked, title="Labour data, revised"))
    client_a.post(step_url(asked, "review"), {"transition": "resubmit", "comment": "The MFA."})

    asked.refresh_from_db()
    assert (asked.status, asked.title_en) == (Status.SCREENING, "Labour data, revised")
    page = client_a.get(url("detail", asked.pk)).text
    assert page.index(QUESTION) < page.index("The MFA.")
    assert "MIEUX+ asks for clarification" not in page


def test_it_shows_the_question_while_the_partner_edits(client_a, asked):
    for step in ("institution", "need", "support", "files", "review"):
        page = client_a.get(step_url(asked, step)).text
        assert QUESTION in page, step


def test_it_shows_only_the_latest_question(client_a, asked, staff):
    CapacityRequest.objects.filter(pk=asked.pk).update(status=Status.SCREENING)
    services.request_transition(
        request=asked, key="ask_clarification", actor=staff, comment="And the budget line?"
    )
    page = client_a.get(url("detail", asked.pk)).text

    highlighted = page[page.index('id="question-heading"') : page.index('id="history"')]
    assert "And the budget line?" in highlighted and QUESTION not in highlighted


def test_it_keeps_the_typed_answer_when_it_is_refused(client_a, asked):
    too_long = "Ответ " * 2000
    response = client_a.post(
        step_url(asked, "review"), {"transition": "resubmit", "comment": too_long}
    )

    assert response.status_code == 200
    assert too_long.strip() in response.text
    assert CapacityRequest.objects.get(pk=asked.pk).status == Status.CLARIFICATION


def test_it_asks_for_an_answer_before_resubmitting(client_a, asked):
    response = client_a.post(step_url(asked, "review"), {"transition": "resubmit", "comment": ""})

    assert response.status_code == 200
    assert "Please write your answer to the question." in response.text
    assert CapacityRequest.objects.get(pk=asked.pk).status == Status.CLARIFICATION


def test_it_tells_a_stale_page_that_the_request_was_already_resubmitted(client_a, asked):
    client_a.post(step_url(asked, "review"), {"transition": "resubmit", "comment": "First."})
    response = client_a.post(
        step_url(asked, "review"), {"transition": "resubmit", "comment": "Second."}, follow=True
    )

    assert "“Under review”: “Answer and resubmit” is not possible now." in response.text
    assert list(asked.events.filter(transition="resubmit").values_list("body", flat=True)) == [
        "First."
    ]


def test_it_tells_the_team_about_the_answer(client_a, asked, staff):
    client_a.post(step_url(asked, "review"), {"transition": "resubmit", "comment": "The MFA."})

    row = Notification.objects.get(event="request_resubmitted")
    assert row.recipient == staff and "The MFA." in row.body_text


def test_it_lists_what_is_missing_when_an_incomplete_request_is_resubmitted(client_a, asked):
    asked.attachments.all().delete()  # the letter was removed while answering
    response = client_a.post(
        step_url(asked, "review"), {"transition": "resubmit", "comment": "Пилот в Согде."}
    )

    assert response.status_code == 200
    assert "Attach the official request letter." in response.text
    assert "Пилот в Согде." in response.text
    assert CapacityRequest.objects.get(pk=asked.pk).status == Status.CLARIFICATION
