"""The demo data of `make run`: institutions, logins, requests and their letters.

Plain data, edited here and nowhere else: `manage.py seed_demo` (through
`requests_app.demo.seed`) builds it, and `scripts/make_demo_pdfs.py` writes each
institution's official letter from `LETTERS` into `requests_app/demo/pdf/` (committed; rerun
the script after changing a letter). The narrative texts are written in the language of each
request; they are demo data, not a record.
"""

from __future__ import annotations

from dataclasses import dataclass

from requests_app.models import Channel, RequestType, Status

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
    role: str  # "partner", "consultee", "staff", "manager" or "admin"
    institution: str = ""  # key of a DemoInstitution, for partners
    language: str = "en"
    position: str = ""
    body: str = ""  # code of the consulted body a consultee speaks for


@dataclass(frozen=True)
class DemoBody:
    """An EU Delegation (the Steering Committee's services come with the migrations)."""

    code: str
    name_en: str
    name_ru: str
    country: str


DELEGATIONS = (
    DemoBody(
        "delegation-uz",
        "EU Delegation to Uzbekistan",
        "Делегация Европейского союза в Узбекистане",
        "UZ",
    ),
)


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
    # Consultees: no staff status; like staff, they activate an authenticator app on their
    # first visit and log in with two factors afterwards.
    DemoUser(
        "delegation.uz@demo.mieux.local",
        "Elena",
        "Marchetti",
        "consultee",
        body="delegation-uz",
        position="Programme Manager, Migration and Mobility",
    ),
    DemoUser(
        "dg-home@demo.mieux.local",
        "Jan",
        "Kowalski",
        "consultee",
        body="dg-home",
        position="Policy Officer, Legal Pathways",
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
    # The co-requesting institutions (of co_institutions) that have confirmed; the others'
    # answer is pending.
    confirmed_by: tuple[str, ...] = ()
    other_countries: tuple[str, ...] = ()
    participants: int | None = None
    working_languages: str = ""
    start_in_days: int = 120
    months: int = 9
    target: str = Status.SUBMITTED
    # Opinions given in consultation: (consultee's e-mail, stance, comment); the other
    # bodies consulted are still due.
    opinions: tuple[tuple[str, str, str], ...] = ()


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
        # The Tajik migration service is asked to join (shared border crossings).
        co_institutions=("tj",),
        other_countries=("TJ",),
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
        confirmed_by=("tj",),
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
        opinions=(
            (
                "delegation.uz@demo.mieux.local",
                "conditions",
                "The Delegation supports the request, provided the study visit includes the "
                "Tajik partners and builds on the reintegration pilot funded in Samarkand.",
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


# --- Official letters (PDF files made by scripts/make_demo_pdfs.py) -----------------------

# Each partner institution's letter, in its partner's language: attached to every request of
# that institution before it is submitted. One paragraph per line.
LETTERS: dict[str, list[str]] = {
    "tj": [
        "Migration Service of the Ministry of Labour, Migration and Employment of the "
        "Republic of Tajikistan",
        "To: MIEUX+ team, ICMPD",
        "Subject: request for peer-to-peer support",
        "We kindly ask MIEUX+ to support the request submitted through the portal.",
        "(Demo letter of the MIEUX+ Partner Portal.)",
    ],
    "kg": [
        "Пограничная служба Кыргызской Республики",
        "Кому: команде MIEUX+, ICMPD",
        "Тема: просьба об экспертной поддержке",
        "Просим MIEUX+ поддержать заявку, поданную через портал.",
        "(Демонстрационное письмо портала MIEUX+.)",
    ],
    "uz": [
        "Агентство по внешней трудовой миграции Республики Узбекистан",
        "Кому: команде MIEUX+, ICMPD",
        "Тема: просьба об экспертной поддержке",
        "Просим MIEUX+ поддержать заявку, поданную через портал.",
        "(Демонстрационное письмо портала MIEUX+.)",
    ],
}


def letter_file(institution: str) -> str:
    """The file name of an institution's letter under requests_app/demo/pdf/."""
    return f"letter-{institution}.pdf"
