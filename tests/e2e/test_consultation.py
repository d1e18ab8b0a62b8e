"""Consultation in a real browser, every desk and consultee person with two factors: staff
send the screened request to the EU Delegation, the Delegation's consultee logs in with
their authenticator code and gives an opinion, the manager reads it on the opinions board
and approves with a comment; the partner reads the decision's comment, never the opinion."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)

from requests_app import consultation, services
from requests_app.models import CapacityRequest, Status
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct-horse-battery"  # tests.factories.UserFactory's password
OPINION = "Provided the study visit includes the Samarkand reintegration centre."
DECISION = "Approved with the Delegation's condition on the study visit."


def with_authenticator(user) -> str:
    """Activate an authenticator app for the user; its secret, to compute the codes."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def current_code(secret: str) -> str:
    """The app's code now. Near the end of a period the code would expire between typing
    and checking (allauth allows no tolerance by default): wait for the next period."""
    left = mfa_settings.TOTP_PERIOD - time.time() % mfa_settings.TOTP_PERIOD
    if left < 3:
        time.sleep(left)
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def submit(page, selector: str = "main form button[type=submit]") -> None:
    """Click a submit button and wait for the page the POST leads to."""
    with page.expect_navigation():
        page.click(selector)


@pytest.fixture
def log_in(browser, live_server) -> Iterator[Callable[..., object]]:
    """A browser context per person, logged in with the password, then (`secret`) the
    authenticator app's code."""
    contexts = []

    def go(user, secret: str | None = None):
        context = browser.new_context(locale="en-GB")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(f"{live_server.url}/en/accounts/login/")
        page.fill("#id_login", user.email)
        page.fill("#id_password", PASSWORD)
        submit(page)
        if secret is not None:
            assert "/en/accounts/2fa/authenticate/" in page.url  # the second factor is asked
            page.fill("#id_code", current_code(secret))
            submit(page)
            assert "/2fa/authenticate/" not in page.url
        return page

    yield go
    for context in contexts:
        context.close()


def test_it_runs_a_request_through_consultation_to_the_decision(
    log_in, live_server, reference_data, settings
):
    settings.ADMIN_REQUIRE_MFA = True  # tests/conftest.py turns it off for other tests
    partner = factories.partner(
        institution=factories.InstitutionFactory(name="Uzbek Agency", country="UZ"),
        email="agency@example.uz",
    )
    officer = factories.staff_user(email="officer@mieux.local")
    manager = factories.staff_user(group="MIEUX+ managers", email="head@mieux.local")
    delegation = factories.delegation("UZ")
    delegate = factories.consultee(delegation.code, email="delegate@eeas.example")
    obj = factories.submitted_request(partner)
    services.request_transition(request=obj, key="start_screening", actor=officer)
    factories.screened(obj, consult=False)
    desk = f"{live_server.url}/en/admin/requests_app/capacityrequest/{obj.pk}/change/"

    # Staff name the Delegation alone (the Steering Committee services are proposed too).
    staff_page = log_in(officer, with_authenticator(officer))
    staff_page.goto(desk)
    for box in staff_page.locator("input[name=bodies]").all():
        box.uncheck()
    staff_page.check(f'input[name=bodies][value="{delegation.pk}"]')
    submit(staff_page, 'button[value="to_consultation"]')
    assert CapacityRequest.objects.get(pk=obj.pk).status == Status.CONSULTATION
    [asked] = consultation.consultations_for(obj)
    assert asked.body == delegation

    # The consultee lands on their queue, opens the request and gives the body's opinion.
    consultee_page = log_in(delegate, with_authenticator(delegate))
    assert consultee_page.url == f"{live_server.url}/en/consultations/"
    consultee_page.get_by_role("link", name=obj.reference).click()
    consultee_page.check("input[name=stance][value=conditions]")
    consultee_page.fill("textarea[name=comment]", OPINION)
    submit(consultee_page)
    [opinion] = consultation.opinions_for(obj)
    assert (opinion.stance, opinion.comment, opinion.given_by) == ("conditions", OPINION, delegate)
    assert OPINION in consultee_page.locator(".opinion-given").inner_text()

    # The manager reads it on the opinions board and approves, with a comment.
    manager_page = log_in(manager, with_authenticator(manager))
    manager_page.goto(desk)
    board = manager_page.locator(".mx-opinions").inner_text()
    assert OPINION in board and "Supports with conditions" in board
    manager_page.fill("#mx-comment-approve", DECISION)
    submit(manager_page, 'button[value="approve"]')
    decided = CapacityRequest.objects.get(pk=obj.pk)
    assert decided.status == Status.APPROVED
    decision = decided.events.get(transition="approve")
    assert [o.pk for o in consultation.opinions_considered(decision)] == [opinion.pk]

    # The partner (one factor) reads the decision's comment, never the opinion.
    partner_page = log_in(partner)
    partner_page.goto(f"{live_server.url}/en/requests/{obj.pk}/")
    assert DECISION in partner_page.locator("main").inner_text()
    html = partner_page.content()  # the whole page, hidden parts included
    assert OPINION not in html and "Supports with conditions" not in html
