"""A joint request in a real browser: a civil-society organisation drafts in Russian and
names a ministry, which confirms in English from its "My requests"; only then can the
organisation submit, and both see it submitted."""

from __future__ import annotations

import pytest

from accounts_app.models import InstitutionKind
from requests_app.models import CapacityRequest, Status
from tests import factories

from .test_clarification_loop import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_submits_a_civil_society_request_once_the_ministry_confirms(
    browser, live_server, reference_data
):
    ngo = factories.InstitutionFactory(
        name="Общественный фонд «Мигрант»", country="TJ",
        kind=InstitutionKind.objects.get(code="civil_society"),
    )  # fmt: skip
    ministry = factories.InstitutionFactory(name="Ministry of Labour of Tajikistan", country="TJ")
    author = factories.partner(institution=ngo, preferred_language="ru", email="ngo@example.tj")
    official = factories.partner(institution=ministry, email="official@mintrud.tj")
    draft = factories.complete_draft(institution=ngo, submission_language="ru")

    ngo_page = log_in(browser, live_server, author, "ru")
    ngo_page.goto(f"{live_server.url}/ru/requests/{draft.pk}/edit/institution/")
    ngo_page.select_option("#id_co_institutions", label=str(ministry))
    ngo_page.locator("main form button[type=submit]").first.click()
    ngo_page.goto(f"{live_server.url}/ru/requests/{draft.pk}/edit/review/")
    assert "ещё не подтвердил участие" in ngo_page.content()

    ministry_page = log_in(browser, live_server, official, "en")
    ministry_page.goto(f"{live_server.url}/en/requests/")
    row = ministry_page.locator("tr", has_text="Общественный фонд")
    assert "Co-requested" in row.inner_text()
    row.get_by_role("link", name="Confirm or decline").click()
    ministry_page.check("input[name=answer][value=confirm]")
    ministry_page.locator("main form button[type=submit]").click()
    assert f"/en/requests/{draft.pk}/" in ministry_page.url

    ngo_page.goto(f"{live_server.url}/ru/requests/{draft.pk}/edit/review/")
    ngo_page.check("#id_consent")
    ngo_page.locator("main form[data-once] button[type=submit]").last.click()
    request = CapacityRequest.objects.get(pk=draft.pk)
    assert request.status == Status.SUBMITTED
    ministry_page.goto(f"{live_server.url}/en/requests/{draft.pk}/")
    assert "Submitted" in ministry_page.locator(".request-status").inner_text()
