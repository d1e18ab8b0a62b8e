"""Build the public demo of `actions_app.demo.data` (used by `manage.py seed_public_demo`).

Idempotent: every row is looked up by a natural key (Action code, news slug, resource
title) and created only when missing, so running it again changes nothing and never
overwrites what staff edited.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction

from accounts_app.models import PartnerInstitution
from actions_app import services
from actions_app.models import Action, NewsItem, Resource, ResourceKind
from requests_app.demo.data import INSTITUTIONS
from requests_app.demo.seed import ensure_institution
from requests_app.models import ActivityType, Region, Topic

from .data import ACTIONS, INFO_SHEET, NEWS, DemoAction, info_sheet_file

PDF_DIR = Path(__file__).resolve().parent / "pdf"


def info_sheet_pdf(language: str) -> bytes:
    """The committed info sheet in `language` (made by scripts/make_demo_pdfs.py)."""
    return (PDF_DIR / info_sheet_file(language)).read_bytes()


def seed() -> None:
    """Create what is missing of the public demo."""
    with transaction.atomic():
        actions = {spec.code: ensure_action(spec) for spec in ACTIONS}
        for news in NEWS:
            ensure_news(news, actions)
        ensure_info_sheet()


def institution(key: str) -> PartnerInstitution:
    return ensure_institution(next(i for i in INSTITUTIONS if i.key == key))


def ensure_action(spec: DemoAction) -> Action:
    existing = Action.objects.filter(code=spec.code).first()
    if existing is not None:
        return existing
    action = Action(  # type: ignore[misc]  # the stubs do not know multiple CountryFields
        code=spec.code,
        slug=spec.slug,
        countries=list(spec.countries),
        member_states=list(spec.member_states),
        region=Region.for_country(spec.countries[0]),
        status=spec.status,
        start_date=spec.start,
        end_date=spec.end,
        published=True,
    )
    for name, texts in spec.texts.items():
        for language, text in texts.items():
            setattr(action, f"{name}_{language}", text)
    services.action_save(action=action, actor=None)
    action.institutions.set([institution(spec.institution)])
    action.topics.set(Topic.objects.filter(code__in=spec.topics))
    kinds = {kind.code: kind for kind in ActivityType.objects.all()}
    for activity in spec.activities:
        services.activity_create(
            action=action,
            actor=None,
            kind=kinds[activity.kind],
            title_en=activity.en,
            title_ru=activity.ru,
            start_date=activity.start,
            end_date=activity.end,
            place=activity.place,
            online=activity.online,
            participants=activity.participants,
            status=activity.status,
        )
    return action


def ensure_news(spec: dict[str, Any], actions: dict[str, Action]) -> None:
    if NewsItem.objects.filter(slug=spec["slug"]).exists():
        return
    item = NewsItem.objects.create(
        slug=spec["slug"],
        date=spec["date"],
        published=True,
        title_en=spec["title"]["en"],
        title_ru=spec["title"]["ru"],
        body_en=spec["body"]["en"],
        body_ru=spec["body"]["ru"],
    )
    item.actions.set([actions[code] for code in spec["actions"]])


def ensure_info_sheet() -> None:
    if Resource.objects.filter(title_en=INFO_SHEET["title"]["en"]).exists():
        return
    resource = Resource(
        kind=ResourceKind.INFO_SHEET,
        title_en=INFO_SHEET["title"]["en"],
        title_ru=INFO_SHEET["title"]["ru"],
        published=True,
    )
    for language in INFO_SHEET["lines"]:
        getattr(resource, f"file_{language}").save(
            info_sheet_file(language), ContentFile(info_sheet_pdf(language)), save=False
        )
    resource.save()
