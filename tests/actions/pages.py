"""The public pages the browser, accessibility and HTML validity tests visit."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests import factories

from .conftest import make_action, make_activity, make_news, make_resource


def demo_content() -> dict[str, str]:
    """Two Actions, news and the info sheet; returns the paths of the pages to check."""
    from datetime import date

    tajik = make_action(
        code="Tajikistan III",
        slug="tajikistan-iii",
        title_ru="Трудовая миграция из Таджикистана",
        objective_en="Safer labour migration.",
        member_states=["LT", "PL"],
        status="completed",
        start_date=date(2021, 3, 1),
        end_date=date(2022, 6, 30),
    )
    make_activity(tajik, place="Dushanbe", participants=25, status="held")
    make_activity(tajik, online=True, status="held")
    make_action(code="Kyrgyzstan II", slug="kyrgyzstan-ii", countries=["KG"], topics=["BM"])
    news = make_news(slug="central-asia-information-event-2021", date=date(2021, 2, 17))
    news.actions.add(tajik)
    make_resource().actions.add(tajik)
    with translation.override("en"):
        return {
            "home": reverse("home"),
            "catalogue": reverse("actions:list"),
            "action": reverse("actions:action", args=[tajik.slug]),
            "news": reverse("actions:news_detail", args=[news.slug]),
            "statistics": reverse("actions:statistics"),
        }


def partner_form(live_server_url: str) -> tuple[str, str]:
    """(path of the request form's first step, session cookie) for a new partner's draft."""
    partner = factories.partner(email="form.partner@example.org")
    draft = factories.CapacityRequestFactory(institution=partner.institution, created_by=partner)
    client = Client()
    client.force_login(partner)
    with translation.override("en"):
        path = reverse("requests:step", args=[draft.pk, "institution"])
    return path, client.cookies["sessionid"].value


def log_in(page, live_server_url: str, session: str) -> None:
    page.context.add_cookies([{"name": "sessionid", "value": session, "url": live_server_url}])
