"""The consultee's pages: the queue, a request, its files, the opinion form; two factors."""

from __future__ import annotations

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import Client
from django.urls import reverse

from requests_app.models import Opinion
from tests import factories

from .conftest import OPINION


def test_it_lists_only_the_requests_the_body_is_consulted_on(
    client_for, consulted, delegate, uz_partner, django_assert_max_num_queries
):
    other = factories.submitted_request(uz_partner)
    client = client_for(delegate)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("consultations:queue")).text

    assert consulted.reference in page and other.reference not in page


def test_it_shows_both_language_versions_the_files_and_the_screening(
    client_for, consulted, delegate
):
    consulted.title_ru = "Трудовая миграция"
    consulted.save()
    page = client_for(delegate).get(reverse("consultations:detail", args=[consulted.pk])).text

    assert consulted.title_en in page and "Трудовая миграция" in page
    assert "letter.pdf" in page and "Eligible: send to consultation" in page


def test_it_never_shows_internal_notes_or_messages(client_for, consulted, delegate, staff):
    from requests_app import services

    services.request_add_note(request=consulted, actor=staff, body="NOTEMARK internal")
    page = client_for(delegate).get(reverse("consultations:detail", args=[consulted.pk])).text

    assert "NOTEMARK" not in page
    staff_page = client_for(staff).get(
        reverse("admin:requests_app_capacityrequest_change", args=[consulted.pk])
    )
    assert "NOTEMARK" in staff_page.text


def test_it_records_the_opinion_posted(client_for, consulted, delegate):
    url = reverse("consultations:detail", args=[consulted.pk])
    response = client_for(delegate).post(url, {"stance": "conditions", "comment": OPINION})

    assert response.status_code == 302
    assert Opinion.objects.get(consultation__request=consulted).comment == OPINION


def test_it_downloads_a_file_of_the_request(client_for, consulted, delegate):
    attachment = consulted.attachments.get()
    url = reverse("consultations:download", args=[consulted.pk, attachment.pk])

    response = client_for(delegate).get(url)

    assert response.status_code == 200 and response["Content-Disposition"].startswith("attach")


def test_it_refuses_the_request_page_to_another_body(client_for, consulted):
    stranger = factories.consultee("eeas", email="eeas@example.org")

    response = client_for(stranger).get(reverse("consultations:detail", args=[consulted.pk]))

    assert response.status_code == 404


def test_it_refuses_partner_pages_and_the_admin_to_a_consultee(client_for, consulted, delegate):
    client = client_for(delegate)

    assert client.get(reverse("requests:my_requests")).status_code == 403
    assert client.get(reverse("requests:detail", args=[consulted.pk])).status_code == 403
    assert client.get(reverse("admin:index")).status_code == 302  # the admin's login
    assert client.get(reverse("admin:login")).status_code == 403


@pytest.fixture
def two_factors_required(settings):
    settings.ADMIN_REQUIRE_MFA = True  # tests/conftest.py turns it off elsewhere


def test_it_sends_a_consultee_without_an_authenticator_to_its_activation(
    client_for, consulted, delegate, two_factors_required
):
    response = client_for(delegate).get(reverse("consultations:queue"))

    assert response.status_code == 302 and "/2fa/totp/activate/" in response["Location"]


def test_it_opens_the_queue_with_an_authenticator(
    client_for, consulted, delegate, two_factors_required
):
    TOTP.activate(delegate, generate_totp_secret())

    assert client_for(delegate).get(reverse("consultations:queue")).status_code == 200


def test_it_lands_a_consultee_on_their_consultations_after_login(consulted, delegate):
    response = Client().post(
        reverse("account_login"), {"login": delegate.email, "password": "correct-horse-battery"}
    )

    assert response.status_code == 302 and "/consultations/" in response["Location"]
