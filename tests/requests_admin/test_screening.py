"""The screening assessment: recorded on the desk's screening page, required before
consultation (the workflow row's `requires_screening`), and kept from retired criteria."""

from __future__ import annotations

import pytest
from django.utils import translation

from requests_app import screening, services
from requests_app.models import (
    EligibilityCriterion,
    EventKind,
    Recommendation,
    ScreeningAssessment,
    Status,
    Verdict,
    Visibility,
)
from tests import factories

from .conftest import change_url, desk_url, in_stage, messages_of


def all_met(**overrides: str) -> list[screening.CriterionInput]:
    return [
        screening.CriterionInput(c.pk, overrides.get(c.code, Verdict.MET), f"{c.code} ok")
        for c in EligibilityCriterion.objects.filter(active=True)
    ]


def form_data(verdict: str = Verdict.MET, recommendation: str = Recommendation.CONSULT) -> dict:
    data = {"recommendation": recommendation, "comment": "Eligible overall."}
    for criterion in EligibilityCriterion.objects.filter(active=True):
        data[f"verdict_{criterion.pk}"] = verdict
        data[f"comment_{criterion.pk}"] = f"About {criterion.code}."
    return data


def test_it_seeds_the_standard_criteria_in_both_languages(db):
    feasibility = EligibilityCriterion.objects.get(code="feasibility")

    assert EligibilityCriterion.objects.filter(active=True).count() == 6
    assert feasibility.name_en == "Feasibility" and feasibility.name_ru == "Выполнимость"
    with translation.override("ru"):
        assert str(EligibilityCriterion.objects.get(code="no_duplication")).startswith("Нет")


def test_it_records_the_screening_from_the_desk_page(client_for, staff, institution_a):
    obj = in_stage(Status.SCREENING, institution=institution_a)

    response = client_for(staff).post(desk_url("screening", obj), form_data())

    assert response.status_code == 302
    assessment = ScreeningAssessment.objects.get(request=obj)
    assert assessment.recommendation == Recommendation.CONSULT and assessment.updated_by == staff
    assert assessment.answers.filter(verdict=Verdict.MET).count() == 6
    row = obj.events.get(kind=EventKind.SCREENING)
    assert row.visibility == Visibility.STAFF and row.actor == staff


def test_it_refuses_consultation_until_every_criterion_is_answered(staff, institution_a):
    obj = in_stage(Status.SCREENING, institution=institution_a)
    screening.screening_record(
        request=obj, actor=staff, answers=all_met(feasibility=""), recommendation="consult"
    )

    with pytest.raises(services.TransitionNotAllowed, match="Feasibility"):
        services.request_transition(request=obj, key="to_consultation", actor=staff)
    obj.refresh_from_db()
    assert obj.status == Status.SCREENING


def test_it_refuses_consultation_without_a_recommendation(staff, institution_a):
    obj = in_stage(Status.SCREENING, institution=institution_a)
    screening.screening_record(request=obj, actor=staff, answers=all_met(), recommendation="")

    with pytest.raises(services.TransitionNotAllowed, match="recommendation"):
        services.request_transition(request=obj, key="to_consultation", actor=staff)


def test_it_sends_a_complete_screening_to_consultation(staff, institution_a):
    obj = in_stage(Status.SCREENING, institution=institution_a)
    screening.screening_record(
        request=obj,
        actor=staff,
        answers=all_met(ownership=Verdict.UNCLEAR),
        recommendation="consult",
    )
    factories.open_consultation(obj)

    moved = services.request_transition(request=obj, key="to_consultation", actor=staff)
    assert moved.status == Status.CONSULTATION


def test_it_says_in_the_desk_what_the_screening_still_lacks(client_for, staff, institution_a):
    obj = in_stage(Status.SCREENING, institution=institution_a)

    response = client_for(staff).post(desk_url("transition", obj, "to_consultation"))

    assert response.status_code == 302
    [(level, text)] = messages_of(response)
    assert level == "error" and "screening assessment is not complete" in text
    assert "Feasibility" in text and "the recommendation" in text


def test_it_says_it_in_russian_too(client_for, staff, institution_a):
    obj = in_stage(Status.SCREENING, institution=institution_a)
    with translation.override("ru"):
        url = desk_url("transition", obj, "to_consultation")

    response = client_for(staff).post(url)

    [(level, text)] = messages_of(response)
    assert level == "error" and "Выполнимость" in text and "not complete" not in text


def test_it_asks_no_longer_for_a_retired_criterion(staff, institution_a):
    obj = in_stage(Status.SCREENING, institution=institution_a)
    screening.screening_record(
        request=obj, actor=staff, answers=all_met(feasibility=""), recommendation="consult"
    )
    EligibilityCriterion.objects.filter(code="feasibility").update(active=False)
    factories.open_consultation(obj)

    moved = services.request_transition(request=obj, key="to_consultation", actor=staff)
    assert moved.status == Status.CONSULTATION


def test_it_refuses_to_record_a_screening_once_in_consultation(staff, institution_a):
    obj = factories.screened(in_stage(Status.CONSULTATION, institution=institution_a))

    with pytest.raises(services.TransitionNotAllowed):
        screening.screening_record(request=obj, actor=staff, answers=all_met(), recommendation="")
    assert ScreeningAssessment.objects.get(request=obj).recommendation == "consult"


def test_it_refuses_the_screening_to_a_partner(partner_a, institution_a):
    obj = in_stage(Status.SCREENING, institution=institution_a)

    with pytest.raises(services.TransitionNotAllowed):
        screening.screening_record(
            request=obj, actor=partner_a, answers=all_met(), recommendation=""
        )
    assert not ScreeningAssessment.objects.filter(request=obj).exists()


def test_it_shows_the_assessment_on_the_request_page(client_for, staff, institution_a):
    obj = in_stage(Status.SCREENING, institution=institution_a)
    client_for(staff).post(desk_url("screening", obj), form_data(verdict=Verdict.UNCLEAR))

    page = client_for(staff).get(change_url(obj)).content.decode()

    assert "About feasibility." in page and "Eligible overall." in page
    assert "Unclear" in page and "The screening is complete." in page


def test_it_lets_managers_edit_the_criteria_and_staff_read_them(client_for, staff, manager):
    from django.urls import reverse

    add = reverse("admin:requests_app_eligibilitycriterion_add")
    listing = reverse("admin:requests_app_eligibilitycriterion_changelist")

    assert client_for(manager).get(add).status_code == 200
    assert client_for(staff).get(add).status_code == 403
    assert "Feasibility" in client_for(staff).get(listing).content.decode()
