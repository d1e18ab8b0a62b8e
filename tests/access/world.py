"""The objects the access matrix is checked on: seven people (six roles, staff and manager
apart), requests of institution A in the stages the pages deal with (with a co-requesting
institution, and one in consultation with an EU Delegation), an Action, news, a resource,
an invitation."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile

from accounts_app.models import Invitation, User
from actions_app.models import Action, ActionStatus, NewsItem, Resource
from requests_app import consultation, services
from requests_app.models import (
    CapacityRequest,
    DossierJob,
    EventKind,
    ExportLog,
    Region,
    RequestEvent,
    Status,
    Topic,
)
from tests import factories

# partner_co: a member of a co-requesting institution of A's requests; consultee: a member
# of the EU Delegation consulted on A's request in consultation (`consulted`).
ROLES = ("anonymous", "partner_a", "partner_co", "partner_b", "consultee", "staff", "manager")


@dataclass
class World:
    users: dict[str, User | None]
    draft: CapacityRequest
    submitted: CapacityRequest
    approved: CapacityRequest
    consulted: CapacityRequest
    action: Action
    news: NewsItem
    resource: Resource
    invitation: Invitation
    unverified: EmailAddress
    media_root: Path
    extra: dict[str, Any] = field(default_factory=dict)


def activate_totp(user: User) -> None:
    """An authenticator app for a staff member: the admin is refused without one."""
    try:
        from allauth.mfa.models import Authenticator
    except ImportError:  # two-factor authentication not installed
        return
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(user, generate_totp_secret())
    assert Authenticator.objects.filter(user=user).exists()


def _lockout_rows() -> None:
    """One row of each of django-axes' admin models (the security engineer's lockout)."""
    if not apps.is_installed("axes"):
        return
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    seen = {"user_agent": "test", "ip_address": "127.0.0.1", "username": "x@example.org"}
    seen |= {"http_accept": "*/*", "path_info": "/en/accounts/login/"}
    AccessAttempt.objects.create(**seen, get_data="", post_data="", failures_since_start=1)
    AccessLog.objects.create(**seen)
    AccessFailureLog.objects.create(**seen)


def build(media_root: Path) -> World:
    partner_a = factories.partner(
        # Verified, so that its members may invite colleagues.
        institution=factories.InstitutionFactory(
            name="Migration Service", country="TJ", verified=True
        ),
        email="matrix.a@example.org",
    )
    partner_b = factories.partner(
        institution=factories.InstitutionFactory(name="Ministry of Labour", country="KG"),
        email="matrix.b@example.org",
    )
    staff = factories.staff_user(email="matrix.staff@mieux.local")
    manager = factories.staff_user(group="MIEUX+ managers", email="matrix.manager@mieux.local")
    for user in (staff, manager):
        activate_totp(user)
    institution = partner_a.institution
    assert institution is not None

    partner_co = factories.partner(
        institution=factories.InstitutionFactory(name="Ministry of Interior", country="TJ"),
        email="matrix.co@example.org",
    )
    co_institution = partner_co.institution
    assert co_institution is not None

    # The ministry is asked about the draft (no answer yet) and confirmed the submitted one.
    draft = factories.complete_draft(institution=institution, created_by=partner_a)
    # The first row of a draft's timeline, as `services.request_create` writes it.
    RequestEvent.objects.create(
        request=draft, kind=EventKind.STATUS, to_status=Status.DRAFT, actor=partner_a
    )
    factories.co_request(draft, co_institution)
    joint = factories.complete_draft(institution=institution, created_by=partner_a)
    factories.co_request(joint, co_institution, answer="confirmed")
    submitted = services.request_submit(request=joint, actor=partner_a, consent=True)
    services.request_post_message(request=submitted, actor=partner_a, body="Hello")
    approved = factories.screened(factories.submitted_request(partner_a))
    for key, actor, comment in (
        ("start_screening", staff, ""),
        ("to_consultation", staff, ""),
        ("approve", manager, "Reasoned decision."),
    ):
        approved = services.request_transition(
            request=approved, key=key, actor=actor, comment=comment
        )

    # In consultation with the EU Delegation in Tajikistan, whose member is the consultee.
    delegation = factories.delegation("TJ")
    consultee = factories.consultee(delegation.code, email="matrix.delegate@eeas.example")
    activate_totp(consultee)
    consulted = factories.submitted_request(partner_a)
    consulted = services.request_transition(request=consulted, key="start_screening", actor=staff)
    factories.screened(consulted, consult=False)
    consulted = consultation.consultation_start(
        request=consulted,
        actor=staff,
        bodies=[delegation],
        deadline=consultation.default_deadline(),
    )

    action = Action.objects.create(
        code="Matrixland 1",
        slug="matrixland-1",
        title_en="Labour migration support",
        title_ru="Поддержка трудовой миграции",
        title_fr="Appui à la migration de travail",
        title_es="Apoyo a la migración laboral",
        countries=["TJ"],
        region=Region.objects.get(code="asia"),
        status=ActionStatus.ONGOING,
        start_date=date(2024, 3, 1),
        published=True,
    )
    action.topics.set(Topic.objects.filter(code="LM"))
    news = NewsItem.objects.create(
        slug="matrix-news",
        title_en="News",
        title_ru="Новость",
        title_fr="Actualité",
        title_es="Noticia",
        body_en="Something happened.",
        body_ru="Что-то произошло.",
        body_fr="Il s'est passé quelque chose.",
        body_es="Algo ha ocurrido.",
        date=date(2025, 1, 1),
        published=True,
    )
    resource = Resource(
        title_en="Info sheet",
        title_ru="Информационный лист",
        title_fr="Fiche d'information",
        title_es="Hoja informativa",
        published=True,
    )
    resource.file_en.save("sheet-en.pdf", ContentFile(factories.PDF_BYTES), save=False)
    resource.save()
    invitation = Invitation.objects.create(
        institution=institution, email="colleague@example.org", invited_by=partner_a
    )
    unverified = EmailAddress.objects.create(
        user=partner_a, email="matrix.a.second@example.org", verified=False, primary=False
    )
    ExportLog.objects.create(user=staff, language="en", filters="", row_count=0)
    # A manager's decision dossier the worker has not built yet (its file answers 409).
    dossier_job = DossierJob.objects.create(
        created_by=manager, scope="selected", request_ids=[submitted.pk], total=1, language="en"
    )
    _lockout_rows()
    users: dict[str, User | None] = {
        "anonymous": None,
        "partner_a": partner_a,
        "partner_co": partner_co,
        "partner_b": partner_b,
        "consultee": consultee,
        "staff": staff,
        "manager": manager,
    }
    return World(
        users=users,
        draft=draft,
        submitted=submitted,
        approved=approved,
        consulted=consulted,
        action=action,
        news=news,
        resource=resource,
        invitation=invitation,
        unverified=unverified,
        media_root=media_root,
        extra={
            "staff_group": Group.objects.get(name="MIEUX+ staff"),
            # Never signed in by the checks: a login changes last_login, which a password
            # reset token covers.
            "reset_user": factories.UserFactory(email="matrix.reset@example.org"),
            "dossier_job": dossier_job,
        },
    )
