"""The Steering Committee's decision is reasoned: approving, like rejecting, needs a comment,
which the partner reads on the request page and in the e-mail (issue 13)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone, translation

from accounts_app.models import ConsultedBody
from notifications_app.models import Notification
from requests_app.models import EventKind, Status
from tests import factories
from tests.requests.helpers import url

from .conftest import change_url, desk_url, in_stage, messages_of

REFUSED = "Please write a comment: this action requires one."


def test_it_refuses_an_approval_without_a_comment_and_keeps_the_stage(manager, client_for):
    obj = in_stage(Status.CONSULTATION)
    response = client_for(manager).post(desk_url("transition", obj, "approve"), {"comment": " "})
    assert response["Location"] == change_url(obj)
    assert messages_of(response) == [("error", REFUSED)]
    obj.refresh_from_db()
    assert obj.status == Status.CONSULTATION and obj.decided_at is None
    assert not obj.events.filter(kind=EventKind.STATUS).exists()
    assert not Notification.objects.filter(event="request_approved").exists()


def test_it_approves_with_the_comment_the_partner_reads(
    manager, partner_a, institution_a, client_for, client_a
):
    obj = in_stage(Status.CONSULTATION, institution=institution_a)
    url_ = desk_url("transition", obj, "approve")
    response = client_for(manager).post(url_, {"comment": "Fits the programme's priorities."})
    assert [level for level, _text in messages_of(response)] == ["success"]
    obj.refresh_from_db()
    assert obj.status == Status.APPROVED
    assert "Fits the programme&#x27;s priorities." in client_a.get(url("detail", obj.pk)).text
    mail = Notification.objects.get(recipient=partner_a, event="request_approved")
    assert "Fits the programme's priorities." in mail.body_text


def test_it_says_the_refusal_in_the_managers_language(manager, client_for):
    obj = in_stage(Status.CONSULTATION)
    with translation.override("ru"):
        post, page = desk_url("transition", obj, "approve"), change_url(obj)
    response = client_for(manager).post(post, {"comment": ""}, follow=True)
    assert response.redirect_chain == [(page, 302)]
    assert "Напишите комментарий: для этого действия он обязателен." in response.text
    assert REFUSED not in response.text


def test_it_marks_the_approval_comment_required_on_the_desk(manager, client_for):
    obj = in_stage(Status.CONSULTATION)
    page = client_for(manager).get(change_url(obj)).text
    assert 'id="mx-comment-approve" name="comment" rows="3" required></textarea>' in page
    assert "Comment for “Approve” (required)" in page


def test_it_keeps_what_was_typed_when_a_step_is_refused(manager, client_for):
    obj = factories.screened(in_stage(Status.SCREENING), consult=False)
    home, intpa = (ConsultedBody.objects.get(code=c) for c in ("dg-home", "dg-intpa"))
    yesterday = timezone.localdate() - timedelta(days=1)
    client = client_for(manager)
    refused = client.post(
        desk_url("transition", obj, "to_consultation"),
        {"comment": "With DG HOME now.", "bodies": [home.pk], "deadline": yesterday.isoformat()},
    )
    assert messages_of(refused) == [("error", "The deadline must be after today.")]
    page = client.get(change_url(obj)).text
    assert 'name="comment" rows="2">With DG HOME now.</textarea>' in page
    assert f'name="bodies" value="{home.pk}" checked>' in page
    assert f'name="bodies" value="{intpa.pk}">' in page
    assert f'name="deadline" value="{yesterday.isoformat()}"' in page
    # Once: the next visit offers the proposed bodies and an empty box again.
    again = client.get(change_url(obj)).text
    assert 'name="comment" rows="2"></textarea>' in again
    assert f'name="bodies" value="{intpa.pk}" checked>' in again
