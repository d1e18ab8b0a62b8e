"""The public site's demo content for `make run`: three Actions, news and the info sheet.

Plain data, edited here and nowhere else: `manage.py seed_public_demo` (through
`actions_app.demo.seed`) builds it, and `scripts/make_demo_pdfs.py` writes the info sheet
of each language from `INFO_SHEET` into `actions_app/demo/pdf/` (committed; rerun the
script after changing the sheet). The texts are written in our own words, in English, Russian,
French and Spanish, from the programme's public material; they are demo data, not a record.
Every text is a dict language code → text; a language left out falls back to English.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from actions_app.models import ActionStatus, ActivityStatus


@dataclass(frozen=True)
class DemoActivity:
    kind: str
    title: dict[str, str]  # language code → title
    start: date
    end: date
    place: str = ""
    online: bool = False
    participants: int | None = None
    status: str = ActivityStatus.HELD


@dataclass(frozen=True)
class DemoAction:
    code: str
    slug: str
    institution: str  # key of requests_app.demo.data.INSTITUTIONS
    countries: tuple[str, ...]
    topics: tuple[str, ...]
    member_states: tuple[str, ...]
    status: str
    start: date
    end: date
    texts: dict[str, dict[str, str]]  # field → {"en": …, "ru": …, "fr": …, "es": …}
    activities: tuple[DemoActivity, ...] = field(default=())


ACTIONS = (
    DemoAction(
        code="Tajikistan III",
        slug="tajikistan-iii",
        institution="tj",
        countries=("TJ",),
        topics=("LM", "MD"),
        member_states=("LT", "PL", "PT"),
        status=ActionStatus.COMPLETED,
        start=date(2021, 3, 1),
        end=date(2022, 6, 30),
        texts={
            "title": {
                "en": "Safer and better-informed labour migration from Tajikistan",
                "ru": "Более безопасная и информированная трудовая миграция из Таджикистана",
                "fr": (
                    "Une migration de main-d’œuvre plus sûre et mieux informée depuis le "
                    "Tadjikistan"
                ),
                "es": "Una migración laboral más segura y mejor informada desde Tayikistán",
            },
            "summary": {
                "en": (
                    "The third MIEUX+ Action with Tajikistan helped the Migration Service "
                    "prepare citizens who leave to work abroad: what to know before "
                    "departure, how to work legally, and where to find help."
                ),
                "ru": (
                    "Третье мероприятие MIEUX+ с Таджикистаном помогло Миграционной службе лучше "
                    "готовить граждан, выезжающих на работу за рубеж: что нужно знать до "
                    "отъезда, как работать легально и куда обращаться за помощью."
                ),
                "fr": (
                    "La troisième Action MIEUX+ avec le Tadjikistan a aidé le Service des "
                    "migrations à préparer les citoyens qui partent travailler à l’étranger : "
                    "ce qu’il faut savoir avant le départ, comment travailler légalement et où "
                    "trouver de l’aide."
                ),
                "es": (
                    "La tercera Acción de MIEUX+ con Tayikistán ayudó al Servicio de Migración a "
                    "preparar a los ciudadanos que salen a trabajar al extranjero: qué saber antes "
                    "de partir, cómo trabajar legalmente y dónde encontrar ayuda."
                ),
            },
            "objective": {
                "en": (
                    "Strengthen the capacity of the Migration Service to manage labour "
                    "migration in a way that protects the rights of migrant workers."
                ),
                "ru": (
                    "Укрепить потенциал Миграционной службы в управлении трудовой миграцией "
                    "с защитой прав трудовых мигрантов."
                ),
                "fr": (
                    "Renforcer les capacités du Service des migrations à gérer la migration de "
                    "main-d’œuvre dans le respect des droits des travailleurs migrants."
                ),
                "es": (
                    "Reforzar la capacidad del Servicio de Migración para gestionar la migración "
                    "laboral de manera que se protejan los derechos de los trabajadores migrantes."
                ),
            },
            "specific_objectives": {
                "en": (
                    "1. Improve pre-departure orientation for prospective migrant workers.\n"
                    "2. Share EU Member States' practice in cooperating with private "
                    "employment agencies.\n"
                    "3. Build a pool of trainers within the Migration Service."
                ),
                "ru": (
                    "1. Улучшить предвыездную подготовку будущих трудовых мигрантов.\n"
                    "2. Познакомить с опытом государств — членов ЕС во взаимодействии с "
                    "частными агентствами занятости.\n"
                    "3. Подготовить группу тренеров в Миграционной службе."
                ),
                "fr": (
                    "1. Améliorer l’orientation avant le départ des futurs travailleurs "
                    "migrants.\n"
                    "2. Partager la pratique des États membres de l’UE en matière de "
                    "coopération avec les agences d’emploi privées.\n"
                    "3. Constituer un vivier de formateurs au sein du Service des migrations."
                ),
                "es": (
                    "1. Mejorar la orientación previa a la partida de los futuros trabajadores "
                    "migrantes.\n"
                    "2. Compartir la práctica de los Estados miembros de la UE en la cooperación "
                    "con las agencias privadas de empleo.\n"
                    "3. Formar un grupo de formadores dentro del Servicio de Migración."
                ),
            },
            "results": {
                "en": (
                    "An updated pre-departure orientation curriculum; trainers of the "
                    "Migration Service able to run the sessions; recommendations on the "
                    "licensing of private employment agencies."
                ),
                "ru": (
                    "Обновлённая программа предвыездной подготовки; тренеры Миграционной "
                    "службы, способные проводить занятия; рекомендации по лицензированию "
                    "частных агентств занятости."
                ),
                "fr": (
                    "Un programme actualisé d’orientation avant le départ ; des formateurs du "
                    "Service des migrations capables d’animer les sessions ; des "
                    "recommandations sur l’octroi de licences aux agences d’emploi privées."
                ),
                "es": (
                    "Un programa actualizado de orientación previa a la partida; formadores del "
                    "Servicio de Migración capaces de impartir las sesiones; recomendaciones sobre "
                    "la concesión de licencias a las agencias privadas de empleo."
                ),
            },
        },
        activities=(
            DemoActivity(
                "assessment",
                {
                    "en": "Needs assessment with the Migration Service",
                    "ru": "Оценка потребностей совместно с Миграционной службой",
                    "fr": "Évaluation des besoins avec le Service des migrations",
                    "es": "Evaluación de necesidades con el Servicio de Migración",
                },
                date(2021, 4, 12),
                date(2021, 4, 16),
                online=True,
                participants=18,
            ),
            DemoActivity(
                "workshop",
                {
                    "en": "Workshop on pre-departure orientation",
                    "ru": "Рабочее совещание по предвыездной подготовке",
                    "fr": "Atelier sur l’orientation avant le départ",
                    "es": "Taller sobre orientación previa a la partida",
                },
                date(2021, 9, 20),
                date(2021, 9, 22),
                place="Dushanbe",
                participants=25,
            ),
            DemoActivity(
                "workshop",
                {
                    "en": "Workshop on private employment agencies",
                    "ru": "Рабочее совещание о частных агентствах занятости",
                    "fr": "Atelier sur les agences d’emploi privées",
                    "es": "Taller sobre agencias privadas de empleo",
                },
                date(2021, 11, 15),
                date(2021, 11, 17),
                place="Dushanbe",
                participants=22,
            ),
            DemoActivity(
                "study_visit",
                {
                    "en": "Study visit to an EU Member State",
                    "ru": "Учебный визит в государство — член ЕС",
                    "fr": "Visite d’étude dans un État membre de l’UE",
                    "es": "Visita de estudio a un Estado miembro de la UE",
                },
                date(2022, 3, 7),
                date(2022, 3, 11),
                place="Vilnius",
                participants=8,
            ),
            DemoActivity(
                "tot",
                {
                    "en": "Training of trainers on the new curriculum",
                    "ru": "Обучение тренеров по новой программе",
                    "fr": "Formation de formateurs au nouveau programme",
                    "es": "Formación de formadores sobre el nuevo programa",
                },
                date(2022, 5, 16),
                date(2022, 5, 20),
                place="Dushanbe",
                participants=16,
            ),
            DemoActivity(
                "round_table",
                {
                    "en": "Closing round table",
                    "ru": "Заключительный круглый стол",
                    "fr": "Table ronde de clôture",
                    "es": "Mesa redonda de clausura",
                },
                date(2022, 6, 22),
                date(2022, 6, 22),
                place="Dushanbe",
                participants=30,
            ),
        ),
    ),
    DemoAction(
        code="Kyrgyzstan II",
        slug="kyrgyzstan-ii",
        institution="kg",
        countries=("KG",),
        topics=("BM", "DATA"),
        member_states=("FI", "LV"),
        status=ActionStatus.ONGOING,
        start=date(2025, 9, 1),
        end=date(2026, 12, 31),
        texts={
            "title": {
                "en": "Risk analysis and data at border crossing points",
                "ru": "Анализ рисков и данные на пунктах пропуска",
                "fr": "Analyse des risques et données aux points de passage frontaliers",
                "es": "Análisis de riesgos y datos en los pasos fronterizos",
            },
            "summary": {
                "en": (
                    "Experts from EU Member State border guards work with the Border "
                    "Service on a common risk analysis method and on the data it needs."
                ),
                "ru": (
                    "Эксперты пограничных служб государств — членов ЕС вместе с Пограничной "
                    "службой разрабатывают единую методику анализа рисков и определяют "
                    "нужные для неё данные."
                ),
                "fr": (
                    "Des experts des services de garde-frontières des États membres de l’UE "
                    "travaillent avec le Service des frontières à une méthode commune "
                    "d’analyse des risques et aux données dont elle a besoin."
                ),
                "es": (
                    "Expertos de los cuerpos de guardia de fronteras de Estados miembros de la UE "
                    "trabajan con el Servicio de Fronteras en un método común de análisis de "
                    "riesgos y en los datos que este requiere."
                ),
            },
            "objective": {
                "en": "Make decisions at border crossing points rest on shared, reliable data.",
                "ru": "Чтобы решения на пунктах пропуска опирались на общие достоверные данные.",
                "fr": (
                    "Fonder les décisions prises aux points de passage frontaliers sur des "
                    "données communes et fiables."
                ),
                "es": (
                    "Que las decisiones en los pasos fronterizos se basen en datos compartidos y "
                    "fiables."
                ),
            },
            "results": {
                "en": "A risk analysis handbook and trained analysts at three pilot crossings.",
                "ru": "Пособие по анализу рисков и обученные аналитики на трёх пилотных пунктах.",
                "fr": (
                    "Un manuel d’analyse des risques et des analystes formés dans trois points "
                    "de passage pilotes."
                ),
                "es": (
                    "Un manual de análisis de riesgos y analistas formados en tres pasos "
                    "fronterizos piloto."
                ),
            },
        },
        activities=(
            DemoActivity(
                "assessment",
                {
                    "en": "Assessment mission to pilot crossing points",
                    "ru": "Оценочная миссия на пилотные пункты пропуска",
                    "fr": "Mission d’évaluation dans les points de passage pilotes",
                    "es": "Misión de evaluación a los pasos fronterizos piloto",
                },
                date(2025, 10, 6),
                date(2025, 10, 10),
                place="Bishkek",
                participants=12,
            ),
            DemoActivity(
                "workshop",
                {
                    "en": "Workshop on risk indicators",
                    "ru": "Рабочее совещание по индикаторам рисков",
                    "fr": "Atelier sur les indicateurs de risque",
                    "es": "Taller sobre indicadores de riesgo",
                },
                date(2026, 3, 2),
                date(2026, 3, 4),
                place="Bishkek",
                participants=20,
            ),
            DemoActivity(
                "tot",
                {
                    "en": "Training of trainers for analysts",
                    "ru": "Обучение тренеров для аналитиков",
                    "fr": "Formation de formateurs pour les analystes",
                    "es": "Formación de formadores para analistas",
                },
                date(2027, 1, 18),
                date(2027, 1, 22),
                place="Cholpon-Ata",
                status=ActivityStatus.PLANNED,
            ),
        ),
    ),
    DemoAction(
        code="Uzbekistan I",
        slug="uzbekistan-i",
        institution="uz",
        countries=("UZ",),
        topics=("LM", "RR"),
        member_states=("DE", "ES"),
        status=ActionStatus.ONGOING,
        start=date(2026, 2, 1),
        end=date(2027, 3, 31),
        texts={
            "title": {
                "en": "Support for returning labour migrants",
                "ru": "Поддержка возвращающихся трудовых мигрантов",
                "fr": "Appui aux travailleurs migrants de retour",
                "es": "Apoyo a los trabajadores migrantes que regresan",
            },
            "summary": {
                "en": (
                    "The Agency for External Labour Migration learns from EU practice in "
                    "recognising skills gained abroad and in advising people who come home."
                ),
                "ru": (
                    "Агентство по внешней трудовой миграции изучает опыт ЕС в признании "
                    "навыков, полученных за рубежом, и в консультировании вернувшихся граждан."
                ),
                "fr": (
                    "L’Agence pour la migration de travail à l’étranger s’inspire de la "
                    "pratique de l’UE en matière de reconnaissance des compétences acquises à "
                    "l’étranger et de conseil aux personnes qui rentrent au pays."
                ),
                "es": (
                    "La Agencia de Migración Laboral Externa aprende de la práctica de la UE en el "
                    "reconocimiento de las competencias adquiridas en el extranjero y en el "
                    "asesoramiento a las personas que regresan a su país."
                ),
            },
            "objective": {
                "en": "Help returning migrants find work that matches the skills they bring back.",
                "ru": "Помочь вернувшимся мигрантам найти работу, соответствующую их навыкам.",
                "fr": (
                    "Aider les migrants de retour à trouver un emploi correspondant aux "
                    "compétences qu’ils rapportent."
                ),
                "es": (
                    "Ayudar a los migrantes que regresan a encontrar un trabajo acorde con las "
                    "competencias que traen consigo."
                ),
            },
        },
        activities=(
            DemoActivity(
                "online_event",
                {
                    "en": "Online kick-off meeting",
                    "ru": "Онлайн-встреча о начале мероприятия",
                    "fr": "Réunion de lancement en ligne",
                    "es": "Reunión inicial en línea",
                },
                date(2026, 2, 10),
                date(2026, 2, 10),
                online=True,
                participants=35,
            ),
            DemoActivity(
                "seminar",
                {
                    "en": "Seminar on the recognition of skills",
                    "ru": "Семинар о признании навыков",
                    "fr": "Séminaire sur la reconnaissance des compétences",
                    "es": "Seminario sobre el reconocimiento de competencias",
                },
                date(2026, 5, 19),
                date(2026, 5, 21),
                place="Tashkent",
                participants=28,
            ),
        ),
    ),
)

NEWS: tuple[dict[str, Any], ...] = (
    {
        "slug": "central-asia-information-event-2021",
        "date": date(2021, 2, 17),
        "actions": (),
        "title": {
            "en": "Online information event for Central Asian partners",
            "ru": "Онлайн-встреча для партнёров из Центральной Азии",
            "fr": "Séance d’information en ligne pour les partenaires d’Asie centrale",
            "es": "Evento informativo en línea para los socios de Asia Central",
        },
        "body": {
            "en": (
                "On 17 February 2021 MIEUX+ held an online information event for public "
                "institutions of Central Asia. The team explained how the facility works, "
                "who may ask for support and how a request becomes an Action, and partners "
                "who had worked with MIEUX+ before shared their experience."
            ),
            "ru": (
                "17 февраля 2021 года MIEUX+ провёл онлайн-встречу для государственных "
                "учреждений стран Центральной Азии. Команда рассказала, как работает "
                "механизм, кто может обратиться за поддержкой и как заявка становится "
                "мероприятием, а партнёры, уже работавшие с MIEUX+, поделились опытом."
            ),
            "fr": (
                "Le 17 février 2021, MIEUX+ a organisé une séance d’information en ligne pour "
                "les institutions publiques d’Asie centrale. L’équipe a expliqué le "
                "fonctionnement du dispositif, qui peut solliciter un appui et comment une "
                "demande devient une Action, et des partenaires ayant déjà travaillé avec "
                "MIEUX+ ont partagé leur expérience."
            ),
            "es": (
                "El 17 de febrero de 2021, MIEUX+ celebró un evento informativo en línea para "
                "las instituciones públicas de Asia Central. El equipo explicó cómo funciona el "
                "mecanismo, quién puede solicitar apoyo y cómo una solicitud se convierte en "
                "una Acción, y socios que ya habían trabajado con MIEUX+ compartieron su "
                "experiencia."
            ),
        },
    },
    {
        "slug": "tajikistan-iii-completed",
        "date": date(2022, 6, 30),
        "actions": ("Tajikistan III",),
        "title": {
            "en": "Tajikistan III completed",
            "ru": "Мероприятие «Таджикистан III» завершено",
            "fr": "Achèvement de l’Action Tajikistan III",
            "es": "Finaliza la Acción Tayikistán III",
        },
        "body": {
            "en": (
                "The Action closed with a round table in Dushanbe, where the Migration "
                "Service presented its updated pre-departure orientation curriculum."
            ),
            "ru": (
                "Мероприятие завершилось круглым столом в Душанбе, где Миграционная служба "
                "представила обновлённую программу предвыездной подготовки."
            ),
            "fr": (
                "L’Action s’est achevée par une table ronde à Douchanbé, au cours de laquelle "
                "le Service des migrations a présenté son programme actualisé d’orientation "
                "avant le départ."
            ),
            "es": (
                "La Acción concluyó con una mesa redonda en Dusambé, donde el Servicio de "
                "Migración presentó su programa actualizado de orientación previa a la partida."
            ),
        },
    },
)


# The info sheet: a title per language, and the paragraphs of each language's PDF.
INFO_SHEET: dict[str, Any] = {
    "title": {
        "en": "MIEUX+ info sheet",
        "ru": "Информационный лист MIEUX+",
        "fr": "Fiche d’information MIEUX+",
        "es": "Ficha informativa de MIEUX+",
    },
    "lines": {
        "en": [
            "MIEUX+ – Migration EU eXpertise",
            "Peer-to-peer support for migration authorities of partner countries.",
            "Funded by the European Union, implemented by ICMPD.",
            "Demo info sheet of the MIEUX+ Partner Portal.",
        ],
        "ru": [
            "MIEUX+ – Migration EU eXpertise",
            "Экспертная поддержка миграционных ведомств стран-партнёров по принципу "
            "«равный — равному».",
            "Финансируется Европейским союзом, реализуется ICMPD.",
            "Демонстрационный информационный лист портала MIEUX+.",
        ],
        "fr": [
            "MIEUX+ – Migration EU eXpertise",
            "Un appui entre pairs pour les autorités migratoires des pays partenaires.",
            "Financé par l’Union européenne, mis en œuvre par l’ICMPD.",
            "Fiche d’information de démonstration du Portail des partenaires MIEUX+.",
        ],
        "es": [
            "MIEUX+ – Migration EU eXpertise",
            ("Apoyo entre pares para las autoridades migratorias de los países socios."),
            "Financiado por la Unión Europea, ejecutado por el ICMPD.",
            "Ficha informativa de demostración del Portal de socios de MIEUX+.",
        ],
    },
}


def info_sheet_file(language: str) -> str:
    """The file name of the info sheet in `language` under actions_app/demo/pdf/."""
    return f"mieux-info-sheet-{language}.pdf"
