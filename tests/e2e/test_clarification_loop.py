"""The clarification loop in a real browser: staff asks in English, the partner answers in
Russian and resubmits, staff reads the answer and moves the request on."""

from __future__ import annotations

import pytest

from requests_app import services
from requests_app.models import CapacityRequest, Status
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct-horse-battery"  # tests.factories.UserFactory's password


def log_in(browser, live_server, user, language: str):
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/{language}/accounts/login/")
    page.fill("#id_login", user.email)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    return page


def test_it_runs_a_question_and_a_russian_answer_through_to_consultation(
    browser, live_server, reference_data
):
    partner = factories.partner(preferred_language="ru", email="zarina@migration.tj")
    officer = factories.staff_user(email="officer@mieux.local", preferred_language="en")
    request = factories.submitted_request(partner)
    services.request_transition(request=request, key="start_screening", actor=officer)
    admin_url = f"{live_server.url}/en/admin/requests_app/capacityrequest/{request.pk}/change/"

    staff_page = log_in(browser, live_server, officer, "en")
    staff_page.goto(admin_url)
    staff_page.fill("#mx-comment-ask_clarification", "Which regions will the pilot cover?")
    staff_page.click('button[value="ask_clarification"]')
    assert CapacityRequest.objects.get(pk=request.pk).status == Status.CLARIFICATION

    partner_page = log_in(browser, live_server, partner, "ru")
    partner_page.goto(f"{live_server.url}/ru/requests/{request.pk}/")
    assert "Which regions will the pilot cover?" in partner_page.content()
    assert "Запрошены уточнения" in partner_page.content()
    partner_page.goto(f"{live_server.url}/ru/requests/{request.pk}/edit/review/#answer")
    partner_page.fill("#answer textarea", "Пилот охватит Согдийскую и Хатлонскую области.")
    partner_page.click('#answer button[name="transition"]')
    assert CapacityRequest.objects.get(pk=request.pk).status == Status.SCREENING

    factories.screened(CapacityRequest.objects.get(pk=request.pk))
    staff_page.goto(admin_url)
    assert "Пилот охватит Согдийскую и Хатлонскую области." in staff_page.content()
    # The desk's page after the step is loaded whole (scripts included) before the test ends:
    # a request still served while the test database is emptied deadlocks the flush.
    with staff_page.expect_navigation():
        staff_page.click('button[value="to_consultation"]')
    staff_page.wait_for_load_state("networkidle")
    assert CapacityRequest.objects.get(pk=request.pk).status == Status.CONSULTATION
