"""Every kind of page works under the enforced Content-Security-Policy, in a real browser:
Chromium reports each refused inline script or style on the console, and there is none."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.utils import translation

from accounts_app.models import InstitutionKind
from requests_app import services
from requests_app.steps import STEP_KEYS
from requests_app.views import step_url
from tests import factories
from tests.actions.conftest import make_action, make_activity

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
RIGHT = "correct-horse-battery"


@pytest.fixture
def violations(page) -> list[str]:
    """The console's Content-Security-Policy reports of every page the test opens."""
    found: list[str] = []
    page.on(
        "console",
        lambda message: (
            found.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    return found


@pytest.fixture
def visit(page, live_server) -> Callable[[str], None]:
    def go(path: str) -> None:
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None and response.ok, path
        policy = response.headers["content-security-policy"]
        # django-csp writes the directives in no fixed order: compare them as a set.
        directives = {directive.strip() for directive in policy.split(";")}
        assert "script-src 'self'" in directives and "unsafe" not in policy, path
        page.wait_for_load_state("load")

    return go


def log_in(page, live_server, email: str) -> None:
    page.goto(f"{live_server.url}/en/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", RIGHT)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("load")


def test_it_notices_an_inline_style_the_policy_refuses(page, visit, violations, reference_data):
    visit("/en/")
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<b style=\"color: red\">x</b>')")
    page.wait_for_timeout(200)

    assert violations and "style-src" in violations[0]


def test_it_serves_the_public_pages_without_a_violation(visit, violations, reference_data):
    action = make_action()
    make_activity(action)

    for path in (
        "/en/",
        "/en/actions/",
        action.get_absolute_url(),
        "/ru/actions/?country=TJ",
        "/en/news/",
        "/en/resources/",
        "/en/statistics/",  # SVG bars
        "/en/how-to-request/",
        "/en/accounts/login/",
        "/en/accounts/signup/",
        "/en/accounts/password/reset/",
    ):
        visit(path)

    assert violations == []


def test_it_serves_the_request_form_without_a_violation(
    page, live_server, visit, violations, reference_data, partner_a
):
    draft = factories.complete_draft(institution=partner_a.institution)
    submitted = factories.submitted_request(partner_a)
    log_in(page, live_server, partner_a.email)

    visit("/en/requests/")
    with translation.override("en"):
        steps = [step_url(draft, step) for step in STEP_KEYS]
    for path in steps:
        visit(path)
    page.locator("main form[data-once] button[type=submit]").click()  # submit, with portal.js
    page.wait_for_load_state("load")
    assert "/edit/" not in page.url
    visit(f"/en/requests/{submitted.pk}/")
    visit("/en/profile/")
    visit("/en/institution/")
    visit("/en/accounts/2fa/")

    assert violations == []


def test_it_serves_the_staff_desk_without_a_violation(
    page, live_server, visit, violations, reference_data, manager, partner_a, settings
):
    settings.ADMIN_REQUIRE_MFA = True
    obj = factories.submitted_request(partner_a)
    services.request_add_note(request=obj, actor=manager, body="Check the letter.")
    kind = InstitutionKind.objects.get(code="civil_society")
    log_in(page, live_server, manager.email)

    # First visit: confirm the password, activate the authenticator app (QR code as data:).
    page.goto(f"{live_server.url}/en/admin/")
    page.fill("#id_password", RIGHT)
    page.locator("main form button[type=submit]").click()
    assert page.locator("main img[src^='data:image/svg+xml']").is_visible()
    secret = page.locator("#authenticator_secret").input_value()
    code = format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))
    page.fill("#id_code", code)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("load")
    assert "/2fa/recovery-codes/" in page.url

    base = "/en/admin/requests_app/capacityrequest/"
    for path in (
        "/en/admin/",
        base,
        f"{base}?status=submitted&o=-1",
        f"{base}{obj.pk}/change/",
        f"{base}{obj.pk}/history/",
        f"{base}dashboard/",
        "/en/admin/accounts_app/user/",
        f"/en/admin/accounts_app/institutionkind/{kind.pk}/change/",  # modeltranslation tabs
    ):
        visit(path)
    page.locator(".ui-tabs-nav a", has_text="ru").first.click()
    assert page.locator("#id_name_ru").input_value() == "Организация гражданского общества"

    assert violations == []
