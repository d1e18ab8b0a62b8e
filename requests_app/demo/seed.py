"""Build the demo of `requests_app.demo.data` (used by `manage.py seed_demo`).

Idempotent: everything is looked up by a natural key (e-mail, institution name, request
title) and created only when missing, so running it again changes nothing. Requests are
built through `requests_app.services` exactly as a partner and the team would build them,
so the timeline, references and timestamps are the real ones.
"""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from accounts_app.models import (
    BodyKind,
    ConsultedBody,
    Consultee,
    InstitutionKind,
    Membership,
    PartnerInstitution,
    User,
)
from requests_app import consultation, joint, screening, services, workflow
from requests_app.models import (
    ActivityType,
    AttachmentKind,
    CapacityRequest,
    EligibilityCriterion,
    Recommendation,
    Topic,
    Verdict,
)

from . import history
from .data import (
    DELEGATIONS,
    DEMO_PASSWORD,
    INSTITUTIONS,
    MANAGERS_GROUP,
    REQUESTS,
    STAFF_GROUP,
    USERS,
    DemoInstitution,
    DemoRequest,
    DemoUser,
    letter_file,
)

PDF_DIR = Path(__file__).resolve().parent / "pdf"


class DemoError(Exception):
    """A demo request did not end in the stage its data says."""


def letter_pdf(institution: str) -> bytes:
    """The committed official letter of a demo institution (made by make_demo_pdfs.py)."""
    return (PDF_DIR / letter_file(institution)).read_bytes()


def seed() -> int:
    """Create what is missing of the demo; the number of requests created."""
    with transaction.atomic():
        users = {spec.email: ensure_user(spec) for spec in USERS}
        manager = users["manager@demo.mieux.local"]
        institutions = {spec.key: ensure_institution(spec, manager) for spec in INSTITUTIONS}
        for delegation in DELEGATIONS:
            ConsultedBody.objects.get_or_create(
                code=delegation.code,
                defaults={
                    "kind": BodyKind.DELEGATION,
                    "name": delegation.name_en,
                    "name_en": delegation.name_en,
                    "name_ru": delegation.name_ru,
                    "country": delegation.country,
                },
            )
        for spec in USERS:
            if spec.institution:
                Membership.objects.get_or_create(
                    user=users[spec.email],
                    defaults={"institution": institutions[spec.institution]},
                )
            if spec.body:
                Consultee.objects.get_or_create(
                    user=users[spec.email],
                    defaults={"body": ConsultedBody.objects.get(code=spec.body)},
                )
    partners = {spec.institution: users[spec.email] for spec in USERS if spec.institution}
    actors = {"staff": users["staff@demo.mieux.local"], "manager": manager, **users}
    created = 0
    now = timezone.now()
    for request_spec in REQUESTS:
        # One transaction per request: a failure never leaves a half-built request
        # that the next run would take for a finished one.
        with transaction.atomic():
            if ensure_request(request_spec, institutions, partners, actors):
                created += 1
                built = find_request(request_spec, institutions)
                assert built is not None  # noqa: S101 - ensure_request has just built it
                history.backdate(built, request_spec.texts["title"], now)
    return created


# -- people and institutions --


def ensure_user(spec: DemoUser) -> User:
    user, created = User.objects.get_or_create(
        email=spec.email,
        defaults={
            "first_name": spec.first_name,
            "last_name": spec.last_name,
            "preferred_language": spec.language,
            "position": spec.position,
            "is_staff": spec.role not in ("partner", "consultee"),
            "is_superuser": spec.role == "admin",
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    group = {"staff": STAFF_GROUP, "manager": MANAGERS_GROUP}.get(spec.role)
    if group:
        user.groups.add(Group.objects.get(name=group))
    # allauth refuses to log in an unverified address (ACCOUNT_EMAIL_VERIFICATION).
    EmailAddress.objects.get_or_create(
        user=user, email=spec.email, defaults={"verified": True, "primary": True}
    )
    return user


def ensure_institution(spec: DemoInstitution, manager: User | None = None) -> PartnerInstitution:
    """The institution, created (verified by `manager`, if given) when missing."""
    verified = {"verified": True, "verified_at": timezone.now(), "verified_by": manager}
    institution, _created = PartnerInstitution.objects.get_or_create(
        name=spec.name,
        defaults={
            "english_name": spec.english_name,
            "acronym": spec.acronym,
            "kind": InstitutionKind.objects.get(code=spec.kind),
            "country": spec.country,
            "address": spec.address,
            **(verified if manager is not None else {}),
        },
    )
    return institution


# -- requests --


def find_request(
    spec: DemoRequest, institutions: dict[str, PartnerInstitution]
) -> CapacityRequest | None:
    return CapacityRequest.objects.filter(
        institution=institutions[spec.institution],
        **{f"title_{spec.language}": spec.texts["title"]},
    ).first()


def ensure_request(
    spec: DemoRequest,
    institutions: dict[str, PartnerInstitution],
    partners: dict[str, User],
    actors: dict[str, User],
) -> bool:
    """Build one request along its path; False when it is already there."""
    if find_request(spec, institutions) is not None:
        return False
    institution = institutions[spec.institution]
    partner = partners[spec.institution]
    request = services.request_create(
        institution=institution, actor=partner, language=spec.language
    )
    fill_draft(request, spec, institutions, partner)
    for key in spec.confirmed_by:
        joint.corequest_answer(
            corequest=request.corequests.get(institution=institutions[key]),
            actor=partners[key],
            confirm=True,
        )
    if not spec.submit:
        return True  # a draft in progress: the partner has not got further yet
    pdf = letter_pdf(spec.institution)
    services.attachment_add(
        request=request,
        actor=partner,
        upload=io.BytesIO(pdf),
        name="official-letter.pdf",
        size=len(pdf),
        kind=AttachmentKind.LETTER,
    )
    year = history.submission_year(spec.texts["title"], timezone.now())
    if year is not None:
        # Numbered in the year it was submitted in (the submission keeps a reference).
        request.reference = services.next_reference(year)
        request.save(update_fields=["reference"])
    request = services.request_submit(request=request, actor=partner, consent=True)
    for key, role, comment in spec.steps:
        actor = partner if role == "partner" else actors[role]
        transition = workflow.BY_KEY[key]
        if transition.requires_screening:
            screen(request, actor)
        if transition.consults:
            # The Delegation of the country and the Steering Committee's services.
            request = consultation.consultation_start(
                request=request,
                actor=actor,
                bodies=consultation.proposed_bodies(request),
                deadline=consultation.default_deadline(),
                comment=comment,
            )
            continue
        request = services.request_transition(
            request=request, key=key, actor=actor, comment=comment
        )
    for email, stance, comment in spec.opinions:
        opinion_of = request.consultations.open().get(body__members__user=actors[email])
        consultation.opinion_give(
            consultation=opinion_of, actor=actors[email], stance=stance, comment=comment
        )
    if request.status != spec.target:
        raise DemoError(f"{spec.texts['title']}: ended in {request.status}, not {spec.target}")
    return True


def screen(request: CapacityRequest, actor: User) -> None:
    """The team's screening of a demo request: every criterion met, go to consultation."""
    screening.screening_record(
        request=request,
        actor=actor,
        answers=[
            screening.CriterionInput(criterion_id=c.pk, verdict=Verdict.MET)
            for c in EligibilityCriterion.objects.filter(active=True)
        ],
        recommendation=Recommendation.CONSULT,
        comment="Eligible; no overlap with other EU support found.",
    )


def fill_draft(
    request: CapacityRequest,
    spec: DemoRequest,
    institutions: dict[str, PartnerInstitution],
    partner: User,
) -> None:
    """The partner's edit steps: institution and need, then (when it is submitted) support."""
    services.request_update_draft(
        request=request,
        actor=partner,
        step="institution",
        values={
            "co_institutions": [institutions[key] for key in spec.co_institutions],
            "other_countries": list(spec.other_countries),
            "channel": spec.channel,
            "delegation_contact": spec.delegation_contact,
        },
    )
    need = ("title", "context", "needs", "objectives", "target_groups")
    services.request_update_draft(
        request=request,
        actor=partner,
        step="need",
        values={
            "request_type": spec.request_type,
            "topics": list(Topic.objects.filter(code__in=spec.topics)),
            **{name: spec.texts[name] for name in need if name in spec.texts},
        },
    )
    if not spec.submit:
        return
    support = ("proposed_activities", "expected_results", "other_support")
    start = date.today() + timedelta(days=spec.start_in_days)
    services.request_update_draft(
        request=request,
        actor=partner,
        step="support",
        values={
            "activity_types": list(ActivityType.objects.filter(code__in=spec.activity_types)),
            "timeframe_start": start,
            "timeframe_end": start + timedelta(days=30 * spec.months),
            "expected_participants": spec.participants,
            "working_languages": spec.working_languages,
            **{name: spec.texts[name] for name in support if name in spec.texts},
        },
    )
