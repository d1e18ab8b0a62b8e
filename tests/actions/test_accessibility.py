"""axe-core finds no serious or critical violation on the public pages and the request form."""

from __future__ import annotations

import pytest

from .pages import demo_content, log_in, partner_form

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEVERE = {"serious", "critical"}


def severe_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in SEVERE
    ]


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_it_finds_no_serious_violation_on_the_public_pages(page, live_server, reference_data, lang):
    paths = demo_content()
    problems = {}
    for name, path in paths.items():
        page.goto(live_server.url + path.replace("/en/", f"/{lang}/", 1))
        found = severe_violations(page)
        if found:
            problems[name] = found
    assert problems == {}


def test_it_finds_no_serious_violation_on_the_request_form(page, live_server, reference_data):
    path, session = partner_form(live_server.url)
    log_in(page, live_server.url, session)
    page.goto(live_server.url + path)
    assert page.locator("form").count() >= 1
    assert severe_violations(page) == []


def test_it_finds_no_serious_violation_on_a_drafts_problems(page, live_server, reference_data):
    # The problem box is pale yellow: its links take its own dark colour (contrast ≥ 4.5:1).
    path, session = partner_form(live_server.url)
    log_in(page, live_server.url, session)
    page.goto(live_server.url + path.replace("/edit/institution/", "/edit/review/"))
    assert page.locator(".alert-warning a.alert-link").count() >= 1
    assert severe_violations(page) == []
