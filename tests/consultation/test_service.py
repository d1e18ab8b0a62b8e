"""Sending to consultation, opinions, the decision that cites them, reminders."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from accounts_app.models import ConsultedBody
from notifications_app.models import Notification
from requests_app import consultation, services
from requests_app.models import EventKind, Status, Visibility
from tests import factories

from .conftest import OPINION, consultation_of


def test_it_counts_ten_working_days_for_the_default_deadline():
    friday = date(2026, 12, 4)

    assert consultation.working_days_after(friday, 10) == date(2026, 12, 18)
    assert consultation.working_days_until(date(2026, 12, 16), date(2026, 12, 18)) == 2


def test_it_proposes_the_delegation_of_the_country_and_the_steering_committee(
    in_screening, delegation
):
    other = factories.delegation("KG")
    proposed = set(consultation.proposed_bodies(in_screening).values_list("code", flat=True))

    assert proposed == {delegation.code, "dg-intpa", "dg-home", "eeas", "dg-near"}
    assert other.code not in proposed


def test_it_asks_each_consulted_member_in_their_language(consulted, delegate, dg_home):
    asked = Notification.objects.filter(event="consultation_requested")

    assert consulted.status == Status.CONSULTATION
    assert set(asked.values_list("to_email", flat=True)) == {delegate.email, dg_home.email}
    assert asked.get(to_email=delegate.email).language == "ru"
    assert f"/ru/consultations/{consulted.pk}/" in asked.get(to_email=delegate.email).body_text


def test_it_refuses_consultation_without_a_body(in_screening, staff):
    with pytest.raises(services.WorkflowError, match="at least one body"):
        consultation.consultation_start(
            request=in_screening, actor=staff, bodies=[], deadline=consultation.default_deadline()
        )
    with pytest.raises(services.TransitionNotAllowed, match="Name the bodies"):
        services.request_transition(request=in_screening, key="to_consultation", actor=staff)
    assert in_screening.consultations.count() == 0


def test_it_keeps_a_consultation_already_open_for_a_body_named_again(
    in_screening, staff, delegation
):
    early = factories.open_consultation(in_screening, "dg-home")
    dg_home = ConsultedBody.objects.get(code="dg-home")

    consultation.consultation_start(
        request=in_screening,
        actor=staff,
        bodies=[delegation, dg_home],
        deadline=consultation.default_deadline(),
    )

    assert in_screening.consultations.get(body=dg_home) == early
    assert set(in_screening.consultations.values_list("body", flat=True)) == {
        delegation.pk,
        dg_home.pk,
    }


def test_it_refuses_a_deadline_in_the_past(in_screening, staff, delegation):
    with pytest.raises(services.WorkflowError, match="after today"):
        consultation.consultation_start(
            request=in_screening, actor=staff, bodies=[delegation], deadline=date(2020, 1, 1)
        )
    in_screening.refresh_from_db()
    assert in_screening.status == Status.SCREENING


def test_it_records_one_opinion_per_body_and_lets_it_be_revised(consulted, delegate):
    asked = consultation_of(consulted, delegate)
    consultation.opinion_give(consultation=asked, actor=delegate, stance="supports")
    consultation.opinion_give(
        consultation=asked, actor=delegate, stance="conditions", comment=OPINION
    )

    [opinion] = consultation.opinions_for(consulted)
    assert opinion.stance == "conditions" and opinion.comment == OPINION
    assert opinion.history.count() == 2


def test_it_refuses_an_opinion_for_another_body(consulted, delegate, dg_home):
    with pytest.raises(services.TransitionNotAllowed):
        consultation.opinion_give(
            consultation=consultation_of(consulted, delegate), actor=dg_home, stance="supports"
        )


def test_it_requires_reasons_for_conditions_or_no_support(consulted, delegate):
    with pytest.raises(services.WorkflowError, match="reasons"):
        consultation.opinion_give(
            consultation=consultation_of(consulted, delegate), actor=delegate, stance="opposes"
        )


def test_it_cites_the_opinions_in_the_decision_and_freezes_them(consulted, delegate, manager):
    asked = consultation_of(consulted, delegate)
    consultation.opinion_give(consultation=asked, actor=delegate, stance="supports")
    services.request_transition(request=consulted, key="approve", actor=manager, comment="Yes.")

    decision = consulted.events.get(transition="approve")
    [cited] = consultation.opinions_considered(decision)
    assert cited.consultation.body.code == "delegation-uz"
    note = consulted.events.get(kind=EventKind.CONSULTATION, body__startswith="Opinions")
    assert note.visibility == Visibility.STAFF and "no opinion" in note.body
    with pytest.raises(services.TransitionNotAllowed, match="decision"):
        consultation.opinion_give(consultation=asked, actor=delegate, stance="opposes", comment="x")


def test_it_tells_the_team_of_an_opinion_without_its_text(consulted, delegate, staff):
    consultation.opinion_give(
        consultation=consultation_of(consulted, delegate),
        actor=delegate,
        stance="conditions",
        comment=OPINION,
    )
    told = Notification.objects.get(event="opinion_given")

    assert told.to_email == staff.email  # the assignee
    assert OPINION not in told.body_text and OPINION not in told.body_html


def test_it_reminds_each_body_without_an_opinion_once_per_reminder(
    consulted, delegate, dg_home, settings
):
    settings.CONSULTATION_REMINDER_DAYS = (3, 1)
    consultation.opinion_give(
        consultation=consultation_of(consulted, delegate), actor=delegate, stance="supports"
    )
    deadline = consultation_of(consulted, dg_home).deadline
    two_days_before = timezone.make_aware(
        timezone.datetime.combine(deadline - timedelta(days=2), timezone.datetime.min.time())
    )
    while consultation.working_days_until(two_days_before.date(), deadline) > 3:
        two_days_before += timedelta(days=1)

    first = consultation.consultation_reminders_send(now=two_days_before)
    again = consultation.consultation_reminders_send(now=two_days_before)

    reminded = Notification.objects.filter(event="consultation_reminder")
    assert (first, again) == (1, 0)
    assert list(reminded.values_list("to_email", flat=True)) == [dg_home.email]
    # The link is the consultee's page of the request (the one they may open), not the desk's.
    assert f"/consultations/{consulted.pk}/" in reminded.get().body_text
    assert "/admin/" not in reminded.get().body_text


def test_it_flags_overdue_consultations(consulted, delegate, dg_home):
    later = consultation_of(consulted, dg_home).deadline + timedelta(days=1)
    consultation.opinion_give(
        consultation=consultation_of(consulted, delegate), actor=delegate, stance="supports"
    )

    overdue = consulted.consultations.model.objects.overdue(later)
    assert [c.body.code for c in overdue] == ["dg-home"]
    assert ConsultedBody.objects.get(code="dg-home").consultations.overdue(later).count() == 1


def test_it_counts_overdue_consultations_in_the_metrics(consulted, dg_home, delegate):
    from mieux_portal.ops.metrics import read_gauges

    consulted.consultations.update(deadline=date(2026, 1, 5))
    consultation.opinion_give(
        consultation=consultation_of(consulted, delegate), actor=delegate, stance="supports"
    )

    counts = read_gauges()["mieux_consultations_overdue"]
    assert counts["steering"][0] == 1 and "delegation" not in counts
