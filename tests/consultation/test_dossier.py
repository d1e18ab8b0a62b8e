"""The decision dossier a consulted body's member downloads from their page of a request: what
that page shows, as a PDF (read back with pdftotext), and nothing more."""

from __future__ import annotations

from django.urls import reverse

from requests_app import consultation, services
from tests import factories
from tests.pdftext import pdf_text

from .conftest import OPINION, consultation_of

HOME_OPINION = "HOMEMARK-5d2a"
NOTE = "NOTEMARK-0b7f"
MESSAGE = "MESSAGEMARK-91c3"


def opinions_and_notes(consulted, delegate, dg_home, staff):
    """Both bodies give an opinion; the team keeps a note and writes to the partner."""
    for user, text in ((delegate, OPINION), (dg_home, HOME_OPINION)):
        consultation.opinion_give(
            consultation=consultation_of(consulted, user),
            actor=user,
            stance="conditions",
            comment=text,
        )
    services.request_add_note(request=consulted, actor=staff, body=NOTE)
    services.request_post_message(request=consulted, actor=staff, body=MESSAGE)


def read(response) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return pdf_text(response.content)


def test_it_links_the_dossier_from_the_consultees_page(client_for, consulted, delegate):
    page = client_for(delegate).get(reverse("consultations:detail", args=[consulted.pk])).text
    assert f'href="{reverse("consultations:dossier", args=[consulted.pk])}"' in page
    assert "Decision dossier (PDF)" in page


def test_it_gives_the_consultee_the_dossier_with_their_bodys_opinion_only(
    client_for, consulted, delegate, dg_home, staff, django_assert_max_num_queries
):
    opinions_and_notes(consulted, delegate, dg_home, staff)
    client = client_for(delegate)
    with django_assert_max_num_queries(30):
        response = client.get(reverse("consultations:dossier", args=[consulted.pk]))
    text = read(response)
    assert consulted.reference in text and consulted.title_en in text
    assert "Your body's opinion" in text and OPINION in text
    assert "Screening assessment by the MIEUX+ team" in text
    assert "Eligible: send to consultation" in text
    assert HOME_OPINION not in text and NOTE not in text and MESSAGE not in text


def test_it_gives_managers_what_the_consultee_must_not_read(
    client_for, consulted, delegate, dg_home, staff, manager
):
    opinions_and_notes(consulted, delegate, dg_home, staff)
    url = reverse("admin:requests_app_capacityrequest_dossier", args=[consulted.pk])
    text = read(client_for(manager).get(url))
    assert OPINION in text and HOME_OPINION in text and NOTE in text and MESSAGE in text


def test_it_refuses_the_dossier_of_a_request_the_body_is_not_consulted_on(
    client_for, consulted, delegate, uz_partner
):
    other = factories.submitted_request(uz_partner)
    response = client_for(delegate).get(reverse("consultations:dossier", args=[other.pk]))
    assert response.status_code == 404
