"""Fixtures of the public site tests: Actions, news and resources, and an approved request."""

from __future__ import annotations

from datetime import date
from itertools import count

import pytest
from django.core.files.base import ContentFile

from actions_app import services as actions_services
from actions_app.models import Action, ActionStatus, Activity, NewsItem, Resource
from requests_app import services
from requests_app.models import ActivityType, Region, Topic
from tests import factories

NUMBERS = count(1)


def make_action(*, published: bool = True, **kwargs) -> Action:
    """A published Action in Tajikistan (Asia) on labour migration, unless told otherwise."""
    n = next(NUMBERS)
    topics = kwargs.pop("topics", ["LM"])
    institutions = kwargs.pop("institutions", [])
    values = {
        "code": f"Testland {n}",
        "slug": f"testland-{n}",
        "title_en": f"Labour migration support {n}",
        "title_ru": f"Поддержка трудовой миграции {n}",
        "summary_en": "Peer support on labour migration.",
        "summary_ru": "Экспертная поддержка по трудовой миграции.",
        "countries": ["TJ"],
        "region": Region.objects.get(code="asia"),
        "status": ActionStatus.ONGOING,
        "start_date": date(2024, 3, 1),
        "published": published,
        **kwargs,
    }
    action = Action.objects.create(**values)
    action.topics.set(Topic.objects.filter(code__in=topics))
    action.institutions.set(institutions)
    return action


def make_activity(action: Action, **kwargs) -> Activity:
    values = {
        "kind": ActivityType.objects.get(code="workshop"),
        "title_en": "Workshop",
        "title_ru": "Рабочее совещание",
        "start_date": action.start_date,
        **kwargs,
    }
    return actions_services.activity_create(action=action, actor=None, **values)


def make_news(*, published: bool = True, **kwargs) -> NewsItem:
    n = next(NUMBERS)
    values = {
        "slug": f"news-{n}",
        "title_en": f"News {n}",
        "title_ru": f"Новость {n}",
        "body_en": "Something happened.",
        "body_ru": "Что-то произошло.",
        "date": date(2025, 1, n % 28 + 1),
        "published": published,
        **kwargs,
    }
    return NewsItem.objects.create(**values)


def make_resource(*, published: bool = True, **kwargs) -> Resource:
    resource = Resource(
        title_en="MIEUX+ info sheet",
        title_ru="Информационный лист MIEUX+",
        published=published,
        **kwargs,
    )
    resource.file_en.save("sheet-en.pdf", ContentFile(factories.PDF_BYTES), save=False)
    resource.file_ru.save("sheet-ru.pdf", ContentFile(factories.PDF_BYTES + b"%ru\n"), save=False)
    resource.save()
    return resource


def approve(request, *, staff, manager):
    """Take a submitted request through screening and consultation to approval."""
    factories.screened(request)
    for key, actor, comment in (
        ("start_screening", staff, ""),
        ("to_consultation", staff, ""),
        ("approve", manager, "Approved by the Steering Committee."),
    ):
        request = services.request_transition(
            request=request, key=key, actor=actor, comment=comment
        )
    return request


@pytest.fixture
def approved_request(partner_a, staff, manager):
    return approve(factories.submitted_request(partner_a), staff=staff, manager=manager)
