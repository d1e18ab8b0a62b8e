"""Reference data: regions with their countries, thematic areas, kinds of activities."""

from django.db import migrations

REGIONS = [
    ("africa", "Africa", "Африка", [
        "DZ", "AO", "BJ", "BW", "BF", "BI", "CV", "CM", "CF", "TD", "KM", "CG", "CD", "CI",
        "DJ", "GQ", "ER", "SZ", "ET", "GA", "GM", "GH", "GN", "GW", "KE", "LS", "LR", "MG",
        "MW", "ML", "MR", "MU", "MZ", "NA", "NE", "NG", "RW", "ST", "SN", "SC", "SL", "SO",
        "ZA", "SS", "SD", "TZ", "TG", "UG", "ZM", "ZW",
    ]),
    ("asia", "Asia (including Central Asia)", "Азия (включая Центральную Азию)", [
        "AF", "BD", "BT", "KH", "CN", "IN", "ID", "KZ", "KG", "LA", "MY", "MV", "MN", "MM",
        "NP", "PK", "PH", "LK", "TJ", "TH", "TL", "TM", "UZ", "VN", "IQ", "YE",
    ]),
    ("eu_east", "EU Neighbourhood East", "Восточное соседство ЕС", [
        "AM", "AZ", "GE", "MD", "UA",
    ]),
    ("eu_south", "EU Neighbourhood South", "Южное соседство ЕС", [
        "EG", "IL", "JO", "LB", "LY", "MA", "PS", "TN",
    ]),
    ("lac", "Latin America and the Caribbean", "Латинская Америка и Карибский бассейн", [
        "AR", "BO", "BR", "CL", "CO", "CR", "CU", "DO", "EC", "SV", "GT", "HT", "HN", "JM",
        "MX", "NI", "PA", "PY", "PE", "TT", "UY", "BZ", "GY", "SR", "BB", "BS",
    ]),
]

TOPICS = [
    ("LM", "Legal and labour migration", "Легальная и трудовая миграция"),
    ("IM", "Irregular migration", "Нерегулярная миграция"),
    ("THB", "Trafficking in human beings", "Торговля людьми"),
    ("SOM", "Smuggling of migrants", "Незаконный ввоз мигрантов"),
    ("IPA", "International protection and asylum", "Международная защита и убежище"),
    ("BM", "Border management", "Управление границами"),
    ("RR", "Return and reintegration", "Возвращение и реинтеграция"),
    ("MD", "Migration and development", "Миграция и развитие"),
    ("DIA", "Diaspora", "Диаспора"),
    ("INT", "Integration", "Интеграция"),
    ("DATA", "Migration data", "Миграционные данные"),
    ("MH", "Migration and health", "Миграция и здоровье"),
    ("ME", "Migration and environment", "Миграция и окружающая среда"),
    ("MPL", "Migration policy and legislation", "Миграционная политика и законодательство"),
    ("CC", "Cross-cutting and horizontal issues", "Сквозные и горизонтальные вопросы"),
]

ACTIVITY_TYPES = [
    ("assessment", "Assessment or fact-finding mission", "Оценочная или ознакомительная миссия"),
    ("workshop", "Workshop", "Рабочее совещание (воркшоп)"),
    ("seminar", "Seminar", "Семинар"),
    ("study_visit", "Study visit", "Учебный визит"),
    ("tot", "Training of trainers", "Обучение тренеров"),
    ("round_table", "Round table", "Круглый стол"),
    ("expert_deployment", "Expert deployment", "Командирование эксперта"),
    ("remote_assistance", "Remote assistance", "Дистанционная помощь"),
    ("online_event", "Online event", "Онлайн-мероприятие"),
]


def forwards(apps, schema_editor):
    Region = apps.get_model("requests_app", "Region")
    Topic = apps.get_model("requests_app", "Topic")
    ActivityType = apps.get_model("requests_app", "ActivityType")
    for position, (code, en, ru, countries) in enumerate(REGIONS):
        Region.objects.update_or_create(
            code=code,
            defaults={"name": en, "name_en": en, "name_ru": ru, "countries": ",".join(countries),
                      "position": position, "active": True},
        )
    for position, (code, en, ru) in enumerate(TOPICS):
        Topic.objects.update_or_create(
            code=code,
            defaults={"name": en, "name_en": en, "name_ru": ru, "position": position},
        )
    for position, (code, en, ru) in enumerate(ACTIVITY_TYPES):
        ActivityType.objects.update_or_create(
            code=code,
            defaults={"name": en, "name_en": en, "name_ru": ru, "position": position},
        )


class Migration(migrations.Migration):
    dependencies = [("requests_app", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
