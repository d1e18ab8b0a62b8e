"""Build the public demo of `actions_app.demo.data` (used by `manage.py seed_public_demo`).

Idempotent: every row is looked up by a natural key (Action code, news slug, resource
title) and created only when missing, so running it again changes nothing and never
overwrites what staff edited. A row seeded before a language's texts were added gets them
where its field in that language is still empty (a demo database keeps up with the data).
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


def fill_missing(obj: Any, texts: dict[str, dict[str, str]]) -> bool:
    """Set each `<field>_<language>` of `obj` that is empty from `texts` (field → language →
    text); True when something was set."""
    changed = False
    for name, by_language in texts.items():
        for language, text in by_language.items():
            if not getattr(obj, f"{name}_{language}", None):
                setattr(obj, f"{name}_{language}", text)
                changed = True
    return changed


def localized(texts: dict[str, dict[str, str]]) -> dict[str, str]:
    """Model keyword arguments (`title_en`, `title_fr`, …) from field → language → text."""
    return {
        f"{name}_{language}": text
        for name, by_language in texts.items()
        for language, text in by_language.items()
    }


def ensure_action(spec: DemoAction) -> Action:
    existing = Action.objects.filter(code=spec.code).first()
    if existing is not None:
        if fill_missing(existing, spec.texts):
            services.action_save(action=existing, actor=None)
        for row, demo in zip(existing.activities.order_by("number"), spec.activities, strict=False):
            if fill_missing(row, {"title": demo.title}):
                services.activity_save(activity=row, actor=None)
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
    fill_missing(action, spec.texts)
    services.action_save(action=action, actor=None)
    action.institutions.set([institution(spec.institution)])
    action.topics.set(Topic.objects.filter(code__in=spec.topics))
    kinds = {kind.code: kind for kind in ActivityType.objects.all()}
    for activity in spec.activities:
        services.activity_create(
            action=action,
            actor=None,
            kind=kinds[activity.kind],
            **localized({"title": activity.title}),
            start_date=activity.start,
            end_date=activity.end,
            place=activity.place,
            online=activity.online,
            participants=activity.participants,
            status=activity.status,
        )
    return action


def ensure_news(spec: dict[str, Any], actions: dict[str, Action]) -> None:
    texts = {"title": spec["title"], "body": spec["body"]}
    existing = NewsItem.objects.filter(slug=spec["slug"]).first()
    if existing is not None:
        if fill_missing(existing, texts):
            existing.save()
        return
    item = NewsItem.objects.create(
        slug=spec["slug"], date=spec["date"], published=True, **localized(texts)
    )
    item.actions.set([actions[code] for code in spec["actions"]])


def ensure_info_sheet() -> None:
    resource = Resource.objects.filter(title_en=INFO_SHEET["title"]["en"]).first()
    if resource is None:
        resource = Resource(kind=ResourceKind.INFO_SHEET, published=True)
    changed = fill_missing(resource, {"title": INFO_SHEET["title"]})
    for language in INFO_SHEET["lines"]:
        file = getattr(resource, f"file_{language}")
        if not file:
            file.save(info_sheet_file(language), ContentFile(info_sheet_pdf(language)), save=False)
            changed = True
    if changed:
        resource.save()
