"""Demo data for `make run`: partner institutions, logins and requests in every stage.

Idempotent: everything is looked up by a natural key (e-mail, institution name, request
title) and created only when missing, so running it again changes nothing. Requests are
built through `requests_app.services` exactly as a partner and the team would build them,
so the timeline, references and timestamps are the real ones.

Output is for the developer at the terminal and, like Django's own commands, is not
translated; the narrative texts are data written in the language of each request.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from accounts_app.models import InstitutionKind, Membership, PartnerInstitution, User
from requests_app import services
from requests_app.models import (
    ActivityType,
    AttachmentKind,
    CapacityRequest,
    Channel,
    RequestType,
    Status,
    Topic,
)

DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 - published demo logins, refused in production
STAFF_GROUP = "MIEUX+ staff"
MANAGERS_GROUP = "MIEUX+ managers"


# --- Institutions and people ----------------------------------------------------------


@dataclass(frozen=True)
class DemoInstitution:
    key: str
    name: str
    english_name: str
    acronym: str
    kind: str
    country: str
    address: str


INSTITUTIONS = (
    DemoInstitution(
        key="tj",
        name=(
            "Миграционная служба Министерства труда, миграции и занятости населения "
            "Республики Таджикистан"
        ),
        english_name=(
            "Migration Service of the Ministry of Labour, Migration and Employment "
            "of the Republic of Tajikistan"
        ),
        acronym="MS MLME",
        kind="national_authority",
        country="TJ",
        address="Dushanbe, Tajikistan",
    ),
    DemoInstitution(
        key="kg",
        name="Пограничная служба Кыргызской Республики",
        english_name="Border Service of the Kyrgyz Republic",
        acronym="BS KR",
        kind="national_authority",
        country="KG",
        address="Bishkek, Kyrgyzstan",
    ),
    DemoInstitution(
        key="uz",
        name="Агентство по внешней трудовой миграции Республики Узбекистан",
        english_name="Agency for External Labour Migration of the Republic of Uzbekistan",
        acronym="AELM",
        kind="national_authority",
        country="UZ",
        address="Tashkent, Uzbekistan",
    ),
)


@dataclass(frozen=True)
class DemoUser:
    email: str
    first_name: str
    last_name: str
    role: str  # "partner", "staff", "manager" or "admin"
    institution: str = ""  # key of a DemoInstitution, for partners
    language: str = "en"
    position: str = ""


USERS = (
    DemoUser(
        "partner@demo.mieux.local",
        "Farrukh",
        "Nazarov",
        "partner",
        institution="tj",
        position="Head of the International Cooperation Unit",
    ),
    DemoUser(
        "partner.kg@demo.mieux.local",
        "Айгерим",
        "Садыкова",
        "partner",
        institution="kg",
        language="ru",
        position="Заместитель начальника отдела международного сотрудничества",
    ),
    DemoUser(
        "partner.uz@demo.mieux.local",
        "Шахноза",
        "Юсупова",
        "partner",
        institution="uz",
        language="ru",
        position="Главный специалист управления по реинтеграции",
    ),
    DemoUser("staff@demo.mieux.local", "Anna", "Berger", "staff", position="Project Officer"),
    DemoUser("manager@demo.mieux.local", "Marc", "Dubois", "manager", position="Team Leader"),
    DemoUser("admin@demo.mieux.local", "Portal", "Administrator", "admin"),
)


# --- Requests ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoRequest:
    """A request and the path it takes; `steps` are (transition, actor role, comment)."""

    institution: str
    language: str
    request_type: str
    topics: tuple[str, ...]
    activity_types: tuple[str, ...]
    texts: dict[str, str]
    steps: tuple[tuple[str, str, str], ...] = ()
    submit: bool = True
    channel: str = Channel.DIRECT
    delegation_contact: str = ""
    co_institutions: tuple[str, ...] = ()
    other_countries: tuple[str, ...] = ()
    participants: int | None = None
    working_languages: str = ""
    start_in_days: int = 120
    months: int = 9
    target: str = Status.SUBMITTED


REQUESTS = (
    DemoRequest(
        institution="tj",
        language="en",
        request_type=RequestType.ACTION,
        topics=("LM",),
        activity_types=(),
        submit=False,
        target=Status.DRAFT,
        texts={
            "title": "Pre-departure orientation for citizens leaving for seasonal work",
            "context": (
                "Every spring tens of thousands of people leave for seasonal work abroad, "
                "many for the first time. Most of them learn about contracts, registration "
                "rules and their rights only after arrival, often from informal intermediaries."
            ),
            "needs": (
                "Our regional offices run short information sessions, but there is no common "
                "curriculum, no material for trainers and no way to know whether the sessions "
                "help people once they are abroad."
            ),
        },
    ),
    DemoRequest(
        institution="tj",
        language="ru",
        request_type=RequestType.ACTION,
        topics=("LM", "DATA"),
        activity_types=("assessment", "study_visit", "workshop"),
        participants=25,
        working_languages="русский, таджикский",
        target=Status.SUBMITTED,
        texts={
            "title": "Электронный реестр граждан, выезжающих на работу за рубеж",
            "context": (
                "Сведения о гражданах, выезжающих на временную работу за границу, сегодня "
                "ведутся в нескольких базах данных, которые не связаны между собой. Данные "
                "о возвращении почти не собираются, поэтому служба не видит, сколько людей "
                "находится за рубежом и в каких странах."
            ),
            "needs": (
                "Нужен опыт государств — членов ЕС в построении единого реестра: какие данные "
                "собирать, как защищать персональные данные, как обмениваться сведениями с "
                "пограничной службой и с органами статистики."
            ),
            "objectives": (
                "Подготовить концепцию электронного реестра и план её поэтапного внедрения, "
                "согласованный с законодательством о защите персональных данных."
            ),
            "target_groups": (
                "Сотрудники центрального аппарата и региональных отделений службы, "
                "специалисты по информационным технологиям."
            ),
            "proposed_activities": (
                "Оценочная миссия экспертов; учебный визит в государство — член ЕС с подобной "
                "системой; два рабочих совещания по проекту концепции."
            ),
            "expected_results": (
                "Концепция реестра одобрена руководством; определены источники данных и "
                "порядок обмена ими; подготовлено техническое задание."
            ),
            "other_support": "Другой помощи по этой теме служба сейчас не получает.",
        },
    ),
    DemoRequest(
        institution="kg",
        language="ru",
        request_type=RequestType.ACTION,
        topics=("BM", "IM"),
        activity_types=("assessment", "tot", "workshop"),
        participants=30,
        working_languages="русский, кыргызский",
        target=Status.SCREENING,
        steps=(("start_screening", "staff", ""),),
        texts={
            "title": "Анализ рисков на пунктах пропуска через государственную границу",
            "context": (
                "Поток людей через пункты пропуска растёт, а решения о дополнительной проверке "
                "принимаются в основном на основе личного опыта сотрудников. Общей методики "
                "анализа рисков и обмена информацией между сменами нет."
            ),
            "needs": (
                "Требуется методика анализа рисков, адаптированная к нашим пунктам пропуска, "
                "и группа внутренних тренеров, которые смогут обучать новых сотрудников."
            ),
            "objectives": (
                "Внедрить единый подход к анализу рисков и профилированию на трёх пилотных "
                "пунктах пропуска с соблюдением прав человека."
            ),
            "target_groups": "Офицеры пунктов пропуска и аналитики центрального аппарата.",
            "proposed_activities": (
                "Оценочная миссия на пилотные пункты пропуска, обучение тренеров, "
                "итоговое рабочее совещание с участием руководства."
            ),
            "expected_results": (
                "Методика утверждена; подготовлено не менее 12 внутренних тренеров; "
                "пилотные пункты работают по единому порядку."
            ),
        },
    ),
    DemoRequest(
        institution="tj",
        language="en",
        request_type=RequestType.ACTION,
        topics=("THB",),
        activity_types=("workshop", "tot", "round_table"),
        participants=40,
        working_languages="Russian, Tajik, English",
        target=Status.CLARIFICATION,
        steps=(
            ("start_screening", "staff", ""),
            (
                "ask_clarification",
                "staff",
                "Thank you for the request. Could you tell us which other institutions take "
                "part in the national referral mechanism, and whether a civil-society shelter "
                "should join the training?",
            ),
        ),
        texts={
            "title": "Identifying and referring victims of trafficking among returning migrants",
            "context": (
                "Labour migrants coming home sometimes report debt bondage, confiscated "
                "passports or unpaid work. Front-line officers rarely recognise these as signs "
                "of trafficking, so very few people are referred to assistance."
            ),
            "needs": (
                "Officers need practical indicators, interview techniques that do not "
                "re-traumatise, and clear steps for referring a person to the services that "
                "exist."
            ),
            "objectives": (
                "Improve the early identification of victims of trafficking among returning "
                "migrants and make referral to assistance routine."
            ),
            "target_groups": "Officers of the Migration Service at airports and regional offices.",
            "proposed_activities": (
                "A workshop on indicators and interviewing, a training of trainers, and a "
                "round table with the other members of the referral mechanism."
            ),
            "expected_results": (
                "A pocket guide with indicators in Tajik and Russian; 15 trainers able to "
                "repeat the course; agreed referral steps between institutions."
            ),
        },
    ),
    DemoRequest(
        institution="uz",
        language="ru",
        request_type=RequestType.REGIONAL,
        topics=("RR", "LM"),
        activity_types=("study_visit", "seminar", "online_event"),
        co_institutions=("tj",),
        other_countries=("TJ",),
        participants=35,
        working_languages="русский, узбекский, таджикский",
        channel=Channel.DELEGATION,
        delegation_contact="Отдел сотрудничества Делегации ЕС в Ташкенте",
        target=Status.CONSULTATION,
        steps=(
            ("start_screening", "staff", ""),
            (
                "to_consultation",
                "staff",
                "Screening complete: eligible, clear demand, good regional dimension.",
            ),
        ),
        texts={
            "title": "Реинтеграция трудовых мигрантов, вернувшихся на родину",
            "context": (
                "Многие граждане возвращаются после нескольких лет работы за рубежом с новыми "
                "навыками, но без документов о квалификации и без информации о вакансиях дома. "
                "Программы поддержки есть, но о них мало знают."
            ),
            "needs": (
                "Агентству и партнёрам из Таджикистана нужен опыт ЕС в признании навыков, "
                "полученных за рубежом, и в консультировании вернувшихся по вопросам занятости."
            ),
            "objectives": (
                "Разработать совместный порядок консультирования вернувшихся мигрантов и "
                "признания их навыков в двух странах."
            ),
            "target_groups": (
                "Консультанты центров занятости, сотрудники агентства и миграционной службы."
            ),
            "proposed_activities": (
                "Региональный семинар, учебный визит в государство — член ЕС, "
                "онлайн-встречи для обмена опытом между консультантами."
            ),
            "expected_results": (
                "Согласованный порядок консультирования; пилотная процедура признания навыков; "
                "сеть консультантов двух стран."
            ),
        },
    ),
    DemoRequest(
        institution="tj",
        language="en",
        request_type=RequestType.ACTION,
        topics=("LM", "DATA", "MPL"),
        activity_types=("assessment", "workshop", "study_visit"),
        participants=20,
        working_languages="Russian, English",
        target=Status.APPROVED,
        steps=(
            ("start_screening", "staff", ""),
            (
                "ask_clarification",
                "staff",
                "Please confirm that the Statistics Agency agrees to take part.",
            ),
            (
                "resubmit",
                "partner",
                "The Statistics Agency confirmed by letter; two of its experts will join.",
            ),
            ("to_consultation", "staff", ""),
            (
                "approve",
                "manager",
                "Approved by the Steering Committee; the Action will be designed with you.",
            ),
        ),
        texts={
            "title": "Better labour migration statistics for policy making",
            "context": (
                "Remittances are a large share of the national income, yet the figures on how "
                "many people work abroad, where and in which sectors come from different "
                "sources that do not agree."
            ),
            "needs": (
                "The Migration Service and the Statistics Agency need a shared set of "
                "definitions, a method to combine administrative data with surveys, and "
                "skills to publish regular, reliable figures."
            ),
            "objectives": (
                "Agree common definitions and a yearly statistical bulletin on labour "
                "migration produced jointly by both institutions."
            ),
            "target_groups": "Analysts of the Migration Service and the Statistics Agency.",
            "proposed_activities": (
                "An assessment of the data sources, two workshops on methods, and a study "
                "visit to a national statistics office of an EU Member State."
            ),
            "expected_results": (
                "An agreed glossary; a data-sharing arrangement; the first joint bulletin."
            ),
        },
    ),
    DemoRequest(
        institution="kg",
        language="en",
        request_type=RequestType.ACTION,
        topics=("BM",),
        activity_types=("expert_deployment",),
        participants=10,
        working_languages="Russian",
        target=Status.REJECTED,
        steps=(
            ("start_screening", "staff", ""),
            ("to_consultation", "staff", ""),
            (
                "reject",
                "manager",
                "MIEUX+ supports peer-to-peer exchanges between administrations and cannot "
                "fund equipment. You are welcome to submit a request for training instead.",
            ),
        ),
        texts={
            "title": "Thermal cameras for remote sections of the border",
            "context": (
                "Several mountain sections of the border cannot be patrolled in winter and "
                "are watched only from a few posts."
            ),
            "needs": "Thermal cameras and vehicles for the border posts of two districts.",
            "objectives": "Better surveillance of remote sections all year round.",
            "proposed_activities": "An expert to advise on the equipment to buy.",
            "expected_results": "Equipment installed and used at four border posts.",
        },
    ),
)


# --- A small generated PDF ------------------------------------------------------------


def letter_pdf(lines: list[str]) -> bytes:
    """A one-page PDF letter (valid structure, standard font), made without a library."""

    def escape(text: str) -> str:
        ascii_text = text.encode("ascii", "replace").decode()
        return ascii_text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    shown = " ".join(f"({escape(line)}) '" for line in lines)
    stream = f"BT /F1 12 Tf 72 780 Td 18 TL {shown} ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


# --- The command --------------------------------------------------------------------------


class Command(BaseCommand):
    help = "Create demo institutions, logins and requests (idempotent; used by `make run`)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quiet", action="store_true", help="Print nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        if getattr(settings, "PRODUCTION", False):
            # Published passwords must never reach a real portal.
            raise CommandError("seed_demo refuses to run with DJANGO_ENV=production.")
        quiet = options["quiet"]
        with transaction.atomic():
            users = {spec.email: self.ensure_user(spec) for spec in USERS}
            manager = users["manager@demo.mieux.local"]
            institutions = {
                spec.key: self.ensure_institution(spec, manager) for spec in INSTITUTIONS
            }
            for spec in USERS:
                if spec.institution:
                    Membership.objects.get_or_create(
                        user=users[spec.email],
                        defaults={"institution": institutions[spec.institution]},
                    )
        partners = {spec.institution: users[spec.email] for spec in USERS if spec.institution}
        actors = {
            "staff": users["staff@demo.mieux.local"],
            "manager": manager,
        }
        created = 0
        for request_spec in REQUESTS:
            # One transaction per request: a failure never leaves a half-built request
            # that the next run would take for a finished one.
            with transaction.atomic():
                if self.ensure_request(request_spec, institutions, partners, actors):
                    created += 1
        if not quiet:
            self.print_box(created)

    # -- people and institutions --

    def ensure_user(self, spec: DemoUser) -> User:
        user, created = User.objects.get_or_create(
            email=spec.email,
            defaults={
                "first_name": spec.first_name,
                "last_name": spec.last_name,
                "preferred_language": spec.language,
                "position": spec.position,
                "is_staff": spec.role != "partner",
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

    def ensure_institution(self, spec: DemoInstitution, manager: User) -> PartnerInstitution:
        institution, _created = PartnerInstitution.objects.get_or_create(
            name=spec.name,
            defaults={
                "english_name": spec.english_name,
                "acronym": spec.acronym,
                "kind": InstitutionKind.objects.get(code=spec.kind),
                "country": spec.country,
                "address": spec.address,
                "verified": True,
                "verified_at": timezone.now(),
                "verified_by": manager,
            },
        )
        return institution

    # -- requests --

    def ensure_request(
        self,
        spec: DemoRequest,
        institutions: dict[str, PartnerInstitution],
        partners: dict[str, User],
        actors: dict[str, User],
    ) -> bool:
        """Build one request along its path; False when it is already there."""
        institution = institutions[spec.institution]
        title_field = f"title_{spec.language}"
        exists = CapacityRequest.objects.filter(
            institution=institution, **{title_field: spec.texts["title"]}
        ).exists()
        if exists:
            return False
        partner = partners[spec.institution]
        request = services.request_create(
            institution=institution, actor=partner, language=spec.language
        )
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
            return True  # a draft in progress: the partner has not got further yet
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
        pdf = letter_pdf(
            [
                institution.english_name,
                "To: MIEUX+ team, ICMPD",
                "Subject: request for peer-to-peer support",
                "We kindly ask MIEUX+ to support the request submitted through the portal.",
                "(Demo letter generated by seed_demo.)",
            ]
        )
        services.attachment_add(
            request=request,
            actor=partner,
            upload=io.BytesIO(pdf),
            name="official-letter.pdf",
            size=len(pdf),
            kind=AttachmentKind.LETTER,
        )
        request = services.request_submit(request=request, actor=partner, consent=True)
        for key, role, comment in spec.steps:
            actor = partner if role == "partner" else actors[role]
            request = services.request_transition(
                request=request, key=key, actor=actor, comment=comment
            )
        if request.status != spec.target:
            raise CommandError(
                f"{spec.texts['title']}: ended in {request.status}, not {spec.target}"
            )
        return True

    # -- output --

    def print_box(self, created: int) -> None:
        url = settings.PORTAL_BASE_URL.rstrip("/") + "/"
        rows = [
            "MIEUX+ Partner Portal: demo data ready"
            + (f" ({created} requests created)" if created else " (nothing to add)"),
            "",
            f"Open {url}",
            f"Admin {url}en/admin/",
            "",
            f"Every demo login uses the password: {DEMO_PASSWORD}",
            "",
        ]
        labels = {
            "partner": "partner",
            "staff": "MIEUX+ staff",
            "manager": "MIEUX+ manager",
            "admin": "superuser",
        }
        for spec in USERS:
            detail = labels[spec.role]
            if spec.institution:
                country = next(i.country for i in INSTITUTIONS if i.key == spec.institution)
                detail = f"partner ({country})"
            rows.append(f"  {spec.email:<32} {detail}")
        width = max(len(row) for row in rows) + 2
        lines = ["+" + "-" * width + "+"]
        lines += [f"| {row:<{width - 2}} |" for row in rows]
        lines.append("+" + "-" * width + "+")
        self.stdout.write(self.style.SUCCESS("\n".join(lines)))
