"""Nothing typed is lost on a bad connection (static/js/drafts.js) in real Chromium: the
connection drops in the middle of a step, the session is gone, and after logging in again the
form shows every text typed, with a notice naming the fields; the notice's button discards
them; a pause in typing with the connection back saves the draft to the server."""

from __future__ import annotations

import pytest
from playwright.sync_api import Error as PlaywrightError

from requests_app.models import CapacityRequest
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct-horse-battery"  # tests.factories.UserFactory's password
TYPED = {
    "#id_context": "Our regional offices collect migration data on paper.\nEach month …",
    "#id_needs": "Training for 40 statisticians in Khujand and Bokhtar.",
    "#id_title": "Digital migration statistics in the regions",
}


def log_in(page, live_server, email: str) -> None:
    page.fill("#id_login", email)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


@pytest.fixture
def partner_draft(reference_data):
    partner = factories.partner(email="zarina@migration.tj")
    draft = factories.CapacityRequestFactory(institution=partner.institution)
    return partner, draft


@pytest.fixture
def context(browser):
    context = browser.new_context(locale="en-GB")
    yield context
    context.close()


def open_step(context, live_server, partner, draft):
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/en/accounts/login/")
    log_in(page, live_server, partner.email)
    url = f"{live_server.url}/en/requests/{draft.pk}/edit/need/"
    page.goto(url)
    return page, url


def test_it_puts_back_what_was_typed_offline_after_logging_in_again(
    context, live_server, partner_draft
):
    partner, draft = partner_draft
    page, url = open_step(context, live_server, partner, draft)
    for selector, text in TYPED.items():
        page.fill(selector, text)

    context.set_offline(True)
    page.click('button[value="save"]')  # the connection is gone: the post never arrives
    with pytest.raises(PlaywrightError):
        page.reload()
    context.set_offline(False)
    context.clear_cookies()  # the session is gone too
    page.goto(url)
    assert "/accounts/login/" in page.url
    log_in(page, live_server, partner.email)

    assert page.url == url
    for selector, text in TYPED.items():
        assert page.input_value(selector) == text
    notice = page.locator("[data-draft-notice]")
    assert notice.is_visible()
    assert notice.locator("li").all_inner_texts() == ["Title", "Context", "Needs"]
    saved = CapacityRequest.objects.get(pk=draft.pk)
    assert saved.context_en == "Context of the request."  # it came from the browser

    page.click('button[value="save"]')
    page.wait_for_load_state()
    saved.refresh_from_db()
    # (a browser posts a text box's line breaks as CR LF)
    assert saved.context_en.replace("\r\n", "\n") == TYPED["#id_context"]
    assert saved.needs_en == TYPED["#id_needs"]
    page.goto(url)
    assert not page.locator("[data-draft-notice]").is_visible()  # saved: nothing to put back


def test_it_discards_what_was_put_back_on_request(context, live_server, partner_draft):
    partner, draft = partner_draft
    page, url = open_step(context, live_server, partner, draft)
    page.fill("#id_needs", "A text the partner no longer wants.")
    context.set_offline(True)
    page.close()  # the tab is closed before the connection comes back (no background save)
    context.set_offline(False)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(url)
    assert page.input_value("#id_needs") == "A text the partner no longer wants."

    page.click("[data-draft-discard]")

    assert page.input_value("#id_needs") == "Needs of the institution."
    assert not page.locator("[data-draft-notice]").is_visible()
    assert "discarded" in page.inner_text("[data-draft-status]")
    page.goto(url)
    assert page.input_value("#id_needs") == "Needs of the institution."
    assert not page.locator("[data-draft-notice]").is_visible()


def test_it_saves_to_the_server_when_the_connection_comes_back(context, live_server, partner_draft):
    partner, draft = partner_draft
    page, _url = open_step(context, live_server, partner, draft)
    context.set_offline(True)
    page.fill("#id_objectives", "Typed on a train without signal.")
    context.set_offline(False)

    # The browser's "online" event sends the copy at once (else it waits for a pause).
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.evaluate("window.dispatchEvent(new Event('online'))")

    assert answer.value.status == 204
    assert "saved automatically" in page.inner_text("[data-draft-status]")
    saved = CapacityRequest.objects.get(pk=draft.pk)
    assert saved.objectives_en == "Typed on a train without signal."
