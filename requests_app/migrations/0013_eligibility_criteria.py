"""The programme's standard eligibility criteria, in English and Russian, and who may
edit them (managers) or read them (staff)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

# code, (name, what to check) in English, then in Russian
CRITERIA = [
    (
        "eligible_requester",
        (
            "Eligible requester",
            "A public institution of a partner country, a regional organisation, or a "
            "civil-society organisation requesting jointly with a governmental institution.",
        ),
        (
            "Допустимый заявитель",
            "Государственное учреждение страны-партнёра, региональная организация или "
            "организация гражданского общества, подающая заявку совместно с "
            "государственным учреждением.",
        ),
    ),
    (
        "migration_topic",
        (
            "Migration topic",
            "The request concerns migration or a related policy area covered by MIEUX+.",
        ),
        (
            "Миграционная тематика",
            "Заявка касается миграции или смежной области политики, которой занимается MIEUX+.",
        ),
    ),
    (
        "public_benefit",
        (
            "Public-sector benefit",
            "The support strengthens the capacity of public administrations and serves the "
            "public interest.",
        ),
        (
            "Польза для государственного сектора",
            "Поддержка укрепляет потенциал органов государственного управления и служит "
            "общественным интересам.",
        ),
    ),
    (
        "no_duplication",
        (
            "No duplication of other EU support",
            "The request does not duplicate support already given by the EU or other donors.",
        ),
        (
            "Нет дублирования другой поддержки ЕС",
            "Заявка не дублирует поддержку, которую уже оказывают ЕС или другие доноры.",
        ),
    ),
    (
        "feasibility",
        (
            "Feasibility",
            "The request can be delivered as peer-to-peer activities within the time and "
            "means of MIEUX+.",
        ),
        (
            "Выполнимость",
            "Заявку можно выполнить в форме обмена опытом между экспертами в сроки и в "
            "пределах средств MIEUX+.",
        ),
    ),
    (
        "ownership",
        (
            "Ownership",
            "The institution asks for the support itself and commits its staff to it.",
        ),
        (
            "Заинтересованность заявителя",
            "Учреждение само просит о поддержке и выделяет для неё своих сотрудников.",
        ),
    ),
]

STAFF = "MIEUX+ staff"
MANAGERS = "MIEUX+ managers"
STAFF_PERMS = ["view_eligibilitycriterion"]
MANAGER_PERMS = ["add_eligibilitycriterion", "change_eligibilitycriterion"]


def forwards(apps, schema_editor):
    Criterion = apps.get_model("requests_app", "EligibilityCriterion")
    for position, (code, (name_en, text_en), (name_ru, text_ru)) in enumerate(CRITERIA):
        Criterion.objects.update_or_create(
            code=code,
            defaults={
                "name": name_en,
                "name_en": name_en,
                "name_ru": name_ru,
                "description": text_en,
                "description_en": text_en,
                "description_ru": text_ru,
                "position": (position + 1) * 10,
            },
        )
    # Permissions are normally created after all migrations; the groups need them now.
    config = apps.get_app_config("requests_app")
    models_module, config.models_module = getattr(config, "models_module", None), True
    create_permissions(config, verbosity=0, apps=apps)
    config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def perms(codenames):
        return Permission.objects.filter(
            content_type__app_label="requests_app", codename__in=codenames
        )

    staff = Group.objects.filter(name=STAFF).first()
    if staff is not None:
        staff.permissions.add(*perms(STAFF_PERMS))
    managers = Group.objects.filter(name=MANAGERS).first()
    if managers is not None:
        managers.permissions.add(*perms(STAFF_PERMS + MANAGER_PERMS))


class Migration(migrations.Migration):
    dependencies = [
        ("requests_app", "0012_screening"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
