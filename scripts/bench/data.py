"""The benchmark's data: seeded once and kept between runs; what a run submits is removed.

Seeding (at full scale): 100,000 submitted requests of 300 institutions over every stage
and topic, 500 published Actions with 6-7 activities each, 60 partner users (one per
institution) and 8 staff users with an activated authenticator app (TOTP).
"""

from __future__ import annotations

import random
import time
from typing import Any

import benchlib

from bench.config import (
    ACRONYM,
    PARTNERS,
    PASSWORD,
    PREFIX,
    STAFF,
    Scale,
    log,
    partner_email,
    staff_email,
    totp_secret,
)


def seeded(scale: Scale) -> bool:
    from accounts_app.models import User
    from actions_app.models import Action
    from requests_app.models import CapacityRequest

    return (
        CapacityRequest.objects.filter(reference__startswith=PREFIX).count() == scale.requests
        and Action.objects.filter(code__startswith=PREFIX).count() == scale.actions
        and User.objects.filter(email__startswith="bl-", email__contains="@").count()
        == PARTNERS + STAFF
    )


def cleanup_seed() -> None:
    """Remove everything an earlier, interrupted seeding wrote (raw SQL: no cascade walk)."""
    from django.db import connection

    from accounts_app.models import PartnerInstitution, User
    from actions_app.models import Action, Activity
    from requests_app.models import CapacityRequest

    cleanup_run(since_pk=0)
    table = CapacityRequest._meta.db_table
    bench = f"SELECT id FROM {table} WHERE reference LIKE %s"
    actions = f"SELECT id FROM {Action._meta.db_table} WHERE code LIKE %s"
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {Activity._meta.db_table} WHERE action_id IN ({actions})", [f"{PREFIX}%"]
        )
        for through_field in ("topics", "institutions"):
            through = Action._meta.get_field(through_field).remote_field.through._meta.db_table
            cursor.execute(f"DELETE FROM {through} WHERE action_id IN ({actions})", [f"{PREFIX}%"])
        cursor.execute(f"DELETE FROM {Action._meta.db_table} WHERE code LIKE %s", [f"{PREFIX}%"])
        for through_field in ("topics", "activity_types", "co_institutions"):
            relation = CapacityRequest._meta.get_field(through_field)
            through = relation.remote_field.through._meta.db_table
            column = relation.m2m_column_name()  # the co-requests' is "request_id"
            cursor.execute(f"DELETE FROM {through} WHERE {column} IN ({bench})", [f"{PREFIX}%"])
        cursor.execute(f"DELETE FROM {table} WHERE reference LIKE %s", [f"{PREFIX}%"])
    User.objects.filter(email__startswith="bl-").delete()
    PartnerInstitution.objects.filter(acronym__startswith=ACRONYM).delete()


def seed(scale: Scale) -> None:
    from accounts_app.models import InstitutionKind

    started = time.perf_counter()
    rng = random.Random(11)
    # Civil-society requesters need a governmental co-requester: keep the bench's simple.
    kinds = list(InstitutionKind.objects.filter(needs_governmental_partner=False))
    institutions = benchlib.create_institutions(
        count=scale.institutions, acronym=ACRONYM, kinds=kinds
    )
    staff = seed_users(institutions)
    ids = benchlib.seed_requests(
        count=scale.requests, prefix=PREFIX, institutions=institutions, assignee=staff[0], rng=rng
    )
    log(f"seeded {scale.requests:,} requests in {time.perf_counter() - started:.1f} s")
    seed_actions(ids, scale.actions, rng)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    log(f"seeded everything in {time.perf_counter() - started:.1f} s")


def seed_users(institutions: list[Any]) -> list[Any]:
    """60 partners (one per institution) and 8 staff with TOTP; returns the staff."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.mfa.utils import encrypt
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group

    from accounts_app.models import Membership, User

    password = make_password(PASSWORD)  # the bench settings' fast hasher
    users = User.objects.bulk_create(
        [
            User(
                email=partner_email(i),
                password=password,
                first_name="Partner",
                last_name=str(i),
                preferred_language="ru" if i % 4 == 0 else "en",
            )
            for i in range(PARTNERS)
        ]
        + [
            User(
                email=staff_email(i),
                password=password,
                first_name="Staff",
                last_name=str(i),
                is_staff=True,
            )
            for i in range(STAFF)
        ]
    )
    partners, staff = users[:PARTNERS], users[PARTNERS:]
    Membership.objects.bulk_create(
        [Membership(user=u, institution=institutions[i]) for i, u in enumerate(partners)]
    )
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users]
    )
    Group.objects.get(name="MIEUX+ staff").user_set.add(*staff)
    Authenticator.objects.bulk_create(
        [
            Authenticator(
                user=u, type=Authenticator.Type.TOTP, data={"secret": encrypt(totp_secret(u.email))}
            )
            for u in staff
        ]
    )
    return staff


def seed_actions(ids: list[int], count: int, rng: random.Random) -> None:
    """`count` published Actions, each from an approved request, with 6-7 activities."""
    from django.utils import timezone

    from actions_app.models import EU_MEMBER_STATES, Action, ActionStatus
    from requests_app.models import CapacityRequest, Status, Topic

    approved = list(
        CapacityRequest.objects.filter(pk__in=ids, status=Status.APPROVED)
        .order_by("pk")
        .values_list("pk", "institution_id", "country", "region_id")[:count]
    )
    today = timezone.localdate()
    actions = Action.objects.bulk_create(
        [
            Action(
                code=f"{PREFIX}{n}",
                slug=f"bl-action-{n}",
                title_en=f"Labour migration statistics in partnership {n}",
                title_ru=f"Статистика трудовой миграции, партнёрство {n}" if n % 2 else "",
                summary_en="Peer-to-peer support on labour migration statistics. " * 4,
                summary_ru="Поддержка по статистике трудовой миграции. " * 4 if n % 2 else "",
                objective_en="To improve the collection and use of migration data.",
                specific_objectives_en="1. A survey method.\n2. Trained statisticians.",
                results_en="A survey method adopted; 40 officials trained.",
                request_id=pk,
                countries=[
                    country,
                    *(rng.sample(["KG", "TJ", "UZ", "KZ"], 1) if n % 5 == 0 else []),
                ],
                region_id=region,
                member_states=rng.sample(EU_MEMBER_STATES, 2),
                status=ActionStatus.COMPLETED if n % 3 == 0 else ActionStatus.ONGOING,
                start_date=today - timezone.timedelta(days=30 * (n % 180)),
                end_date=today - timezone.timedelta(days=30 * (n % 180) - 300),
                published=True,
            )
            for n, (pk, _institution, country, region) in enumerate(approved)
        ],
        batch_size=500,
    )
    topics = list(Topic.objects.values_list("pk", flat=True))
    Action.topics.through.objects.bulk_create(
        [
            Action.topics.through(action_id=a.pk, topic_id=t)
            for a in actions
            for t in rng.sample(topics, rng.randint(1, 3))
        ]
    )
    Action.institutions.through.objects.bulk_create(
        [
            Action.institutions.through(action_id=a.pk, partnerinstitution_id=inst)
            for a, (_pk, inst, _c, _r) in zip(actions, approved, strict=True)
        ]
    )
    seed_activities(actions, rng)


def seed_activities(actions: list[Any], rng: random.Random) -> None:
    from django.utils import timezone

    from actions_app.models import ActionStatus, Activity
    from requests_app.models import ActivityType

    kinds_of_activity = list(ActivityType.objects.values_list("pk", flat=True))
    Activity.objects.bulk_create(
        [
            Activity(
                action=a,
                number=k,
                kind_id=rng.choice(kinds_of_activity),
                title_en=f"Activity {k}: workshop on survey methods",
                title_ru=f"Мероприятие {k}: семинар по методам обследования",
                description_en="Two days with experts of two Member States. " * 3,
                start_date=a.start_date + timezone.timedelta(days=40 * k),
                end_date=a.start_date + timezone.timedelta(days=40 * k + 2),
                place="Dushanbe",
                participants=20 + k,
                status="held" if a.status == ActionStatus.COMPLETED else "planned",
            )
            for a in actions
            for k in range(1, 7 + (a.pk % 2))
        ],
        batch_size=1000,
    )


def cleanup_run(*, since_pk: int) -> None:
    """Remove the requests this run submitted (and drafts), with their rows and files."""
    from django.db import connection

    from accounts_app.models import PartnerInstitution
    from notifications_app.models import Notification
    from requests_app.models import Attachment, CapacityRequest

    institutions = PartnerInstitution.objects.filter(acronym__startswith=ACRONYM)
    doomed = CapacityRequest.objects.filter(institution__in=institutions, pk__gt=since_pk).exclude(
        reference__startswith=PREFIX
    )
    pks = list(doomed.values_list("pk", flat=True))
    Notification.objects.filter(to_email__startswith="bl-").delete()
    for start in range(0, len(pks), 2000):
        chunk = pks[start : start + 2000]
        for attachment in Attachment.objects.filter(request_id__in=chunk):
            attachment.file.storage.delete(attachment.file.name)
        CapacityRequest.objects.filter(pk__in=chunk).delete()
        CapacityRequest.history.filter(id__in=chunk).delete()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM django_session WHERE expire_date < now()")


def vacuum() -> str:
    """What autovacuum would have done: visibility map and statistics of the seeded tables.

    Other benchmarks seed and delete 100,000 requests in the same database, which leaves the
    table several times larger than its rows: rewritten when more than twice their size.
    The queue's search copy (requests_app.search_rows), which a trigger fills in the same
    statements, is vacuumed with them: filled by `migrate` and never analysed, its searches
    were planned without statistics (5.6 ms of PostgreSQL's time a search, 8.8 without).
    """
    from django.db import connection

    from requests_app.models import CapacityRequest
    from requests_app.search_rows import SearchRow

    table = CapacityRequest._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT pg_relation_size('{table}'), (SELECT sum(pg_column_size(t.*)) FROM {table} t)"
        )
        size, rows = cursor.fetchone()
        full = size > 2 * (rows or 0) + 8 * 2**20
        cursor.execute(f"VACUUM {'FULL ' if full else ''}ANALYZE {table}")
        for name in ("topics", "activity_types", "co_institutions"):
            through = CapacityRequest._meta.get_field(name).remote_field.through._meta.db_table
            cursor.execute(f"VACUUM ANALYZE {through}")
        cursor.execute(f"VACUUM ANALYZE {SearchRow._meta.db_table}")
        cursor.execute(f"SELECT pg_relation_size('{table}')")
        after = cursor.fetchone()[0]
    return (
        f"{'VACUUM FULL' if full else 'VACUUM'} ANALYZE of the requests: "
        f"{size / 2**20:.0f} MB -> {after / 2**20:.0f} MB for {(rows or 0) / 2**20:.0f} MB of rows"
    )
