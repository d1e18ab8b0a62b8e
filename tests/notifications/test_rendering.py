"""E-mails are rendered in the recipient's language, text parts without HTML escaping."""

from __future__ import annotations

from notifications_app.models import Notification
from requests_app import services
from tests import factories


def test_it_keeps_ampersands_and_quotes_plain_in_the_subject_and_text(partner_a, staff):
    request = factories.submitted_request(partner_a, title_en='Data & "statistics" <pilot>')
    services.request_transition(request=request, key="start_screening", actor=staff)
    services.request_transition(
        request=request, key="ask_clarification", actor=staff, comment="Budget & timing?"
    )
    mail = Notification.objects.get(event="clarification_requested", recipient=partner_a)
    assert 'Data & "statistics" <pilot>' in mail.body_text
    assert "Budget & timing?" in mail.body_text
    assert "Data &amp; &quot;statistics&quot; &lt;pilot&gt;" in mail.body_html


def test_it_keeps_the_subject_plain(partner_a, staff):
    partner_a.institution.name = 'Labour & "Migration" Agency'
    partner_a.institution.save()
    factories.submitted_request(partner_a)
    alert = Notification.objects.get(event="request_submitted_staff", recipient=staff)
    assert alert.subject.endswith('from Labour & "Migration" Agency')


def test_it_renders_each_recipient_in_their_own_language(partner_a, staff):
    partner_a.preferred_language = "ru"
    partner_a.save()
    factories.submitted_request(partner_a)
    to_partner = Notification.objects.get(event="request_submitted", recipient=partner_a)
    to_staff = Notification.objects.get(event="request_submitted_staff", recipient=staff)
    assert to_partner.language == "ru" and to_partner.subject.startswith("Заявка MX-")
    assert to_staff.language == "en" and to_staff.subject.startswith("New request MX-")
    assert "/ru/requests/" in to_partner.body_text and "/en/admin/" in to_staff.body_text


def test_it_labels_the_comment_as_the_timeline_does(partner_a, staff):
    staff.preferred_language = "ru"
    staff.save()
    request = factories.submitted_request(partner_a)
    services.request_transition(
        request=request, key="withdraw", actor=partner_a, comment="Funded elsewhere."
    )
    mail = Notification.objects.get(event="request_withdrawn", recipient=staff)

    assert "Причина:\nFunded elsewhere." in mail.body_text  # the transition's "Reason:"
    assert "<strong>Причина:</strong>" in mail.body_html and "Комментарий" not in mail.body_text


def test_it_labels_a_question_as_a_question(partner_a, staff):
    request = factories.submitted_request(partner_a)
    services.request_transition(request=request, key="start_screening", actor=staff)
    services.request_transition(
        request=request, key="ask_clarification", actor=staff, comment="Budget?"
    )
    question = Notification.objects.get(event="clarification_requested", recipient=partner_a)

    assert "Question:\nBudget?" in question.body_text and "Comment:" not in question.body_text
