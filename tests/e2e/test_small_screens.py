"""On a phone (360 px) and a small laptop (800 px) no page scrolls sideways: the top menu
folds behind an accessible menu button below the large breakpoint, and "Log out" stays
reachable; above it, the whole menu fits on the line (Debian's Chromium)."""

from __future__ import annotations

import pytest

from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct-horse-battery"  # tests.factories.UserFactory's password
OVERFLOW = "() => document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth"


def log_in(browser, live_server, user, *, width: int, lang: str = "en"):
    context = browser.new_context(viewport={"width": width, "height": 780})
    page = context.new_page()
    page.set_default_timeout(15_000)
    if user is not None:
        page.goto(f"{live_server.url}/{lang}/accounts/login/")
        page.fill("#id_login", user.email)
        page.fill("#id_password", PASSWORD)
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
    return page


def sideways(page, live_server, paths: list[str]) -> dict[str, int]:
    """Each path whose page is wider than the window, with the pixels it scrolls by."""
    wide = {}
    for path in paths:
        page.goto(f"{live_server.url}{path}")
        if (overflow := page.evaluate(OVERFLOW)) > 0:
            wide[path] = overflow
    return wide


@pytest.fixture
def partner_world(reference_data):
    partner = factories.partner(email="zarina@migration.tj")
    submitted = factories.submitted_request(partner)
    draft = factories.complete_draft(institution=partner.institution)
    return partner, submitted, draft


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_it_fits_public_and_partner_pages_into_360_px(browser, live_server, partner_world, lang):
    partner, submitted, draft = partner_world
    public = [f"/{lang}/", f"/{lang}/actions/"]
    assert sideways(log_in(browser, live_server, None, width=360), live_server, public) == {}
    page = log_in(browser, live_server, partner, width=360, lang=lang)
    own = [f"/{lang}/requests/", f"/{lang}/requests/{submitted.pk}/"]
    own += [f"/{lang}/requests/{draft.pk}/edit/{step}/" for step in ("need", "support")]
    assert sideways(page, live_server, public + own) == {}


def test_it_fits_the_staff_queue_and_a_request_page_into_360_px(
    browser, live_server, partner_world
):
    _partner, submitted, _draft = partner_world
    page = log_in(
        browser, live_server, factories.staff_user(email="officer@mieux.local"), width=360
    )
    assert page.url.endswith("/en/admin/requests_app/capacityrequest/")  # the staff landing
    queue = "/en/admin/requests_app/capacityrequest/"
    paths = [queue, f"{queue}{submitted.pk}/change/", "/en/", "/en/requests/"]
    assert sideways(page, live_server, paths) == {}


@pytest.mark.parametrize("width", [360, 800])
def test_it_folds_the_menu_behind_a_button_that_reaches_log_out(
    browser, live_server, partner_world, width
):
    page = log_in(browser, live_server, partner_world[0], width=width)
    button = page.get_by_role("button", name="Menu")
    log_out = page.get_by_role("link", name="Log out")
    assert button.get_attribute("aria-expanded") == "false" and not log_out.is_visible()
    button.focus()
    page.keyboard.press("Enter")
    page.locator("#mx-menu.show").wait_for()
    assert button.get_attribute("aria-expanded") == "true"
    box = log_out.bounding_box()
    assert log_out.is_visible() and box["x"] >= 0 and box["x"] + box["width"] <= width
    assert page.evaluate(OVERFLOW) == 0


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_it_shows_the_whole_menu_without_a_button_from_the_large_breakpoint(
    browser, live_server, reference_data, lang
):
    staff = factories.staff_user(email="officer@mieux.local")
    page = log_in(browser, live_server, staff, width=992, lang=lang)
    page.goto(f"{live_server.url}/{lang}/")
    assert not page.locator(".navbar-toggler").is_visible()
    log_out = page.locator("#mx-menu a[href$='/accounts/logout/']")
    box = log_out.bounding_box()
    assert log_out.is_visible() and box["x"] + box["width"] <= 992
    assert page.evaluate(OVERFLOW) == 0


def test_it_leaves_the_menu_open_without_javascript(browser, live_server, reference_data):
    context = browser.new_context(viewport={"width": 360, "height": 780}, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/en/")
    assert not page.locator(".navbar-toggler").is_visible()
    assert page.locator("#mx-menu").get_by_role("link", name="Log in").is_visible()
    assert page.evaluate(OVERFLOW) == 0
