"""Pages on paper: a real browser (Debian's Chromium) in print media hides the navigation,
the header and the forms, and writes links out."""

from __future__ import annotations

import pytest

from tests import factories

from .test_clarification_loop import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_prints_a_request_page_without_navigation_or_forms(browser, live_server, reference_data):
    partner = factories.partner(email="zarina@migration.tj")
    request = factories.submitted_request(partner)
    page = log_in(browser, live_server, partner, "en")
    page.goto(f"{live_server.url}/en/requests/{request.pk}/")
    assert page.locator("header nav").is_visible()
    assert page.locator("main form").first.is_visible()
    page.emulate_media(media="print")
    assert not page.locator("header nav").is_visible()
    assert not page.locator("footer").is_visible()
    assert all(not form.is_visible() for form in page.locator("form").all())
    link = page.locator("main a[download]").first
    after = link.evaluate("a => getComputedStyle(a, '::after').content")
    assert link.get_attribute("href") in after
