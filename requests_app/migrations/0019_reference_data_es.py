"""Reference data in Spanish: regions, thematic areas, kinds of activities and the
eligibility criteria, beside the English and Russian of 0002 and 0013 and the French of 0018."""

from django.db import migrations
from django.db.models import Q

REGIONS = {
    "africa": "África",
    "asia": "Asia (incluida Asia Central)",
    "eu_east": "Vecindad Oriental de la UE",
    "eu_south": "Vecindad Meridional de la UE",
    "lac": "América Latina y el Caribe",
}

TOPICS = {
    "LM": "Migración legal y laboral",
    "IM": "Migración irregular",
    "THB": "Trata de seres humanos",
    "SOM": "Tráfico ilícito de migrantes",
    "IPA": "Protección internacional y asilo",
    "BM": "Gestión de fronteras",
    "RR": "Retorno y reintegración",
    "MD": "Migración y desarrollo",
    "DIA": "Diáspora",
    "INT": "Integración",
    "DATA": "Datos migratorios",
    "MH": "Migración y salud",
    "ME": "Migración y medio ambiente",
    "MPL": "Política y legislación migratorias",
    "CC": "Cuestiones transversales y horizontales",
}

ACTIVITY_TYPES = {
    "assessment": "Misión de evaluación o de determinación de hechos",
    "workshop": "Taller",
    "seminar": "Seminario",
    "study_visit": "Visita de estudio",
    "tot": "Formación de formadores",
    "round_table": "Mesa redonda",
    "expert_deployment": "Despliegue de expertos",
    "remote_assistance": "Asistencia a distancia",
    "online_event": "Evento en línea",
}

# code: (name, what to check)
CRITERIA = {
    "eligible_requester": (
        "Solicitante admisible",
        "Una institución pública de un país socio, una organización regional o una "
        "organización de la sociedad civil que presenta la solicitud conjuntamente con una "
        "institución gubernamental.",
    ),
    "migration_topic": (
        "Temática migratoria",
        "La solicitud se refiere a la migración o a un ámbito de políticas conexo que cubre "
        "MIEUX+.",
    ),
    "public_benefit": (
        "Beneficio para el sector público",
        "El apoyo refuerza las capacidades de las administraciones públicas y sirve al "
        "interés público.",
    ),
    "no_duplication": (
        "Sin duplicación con otros apoyos de la UE",
        "La solicitud no duplica el apoyo que ya prestan la UE u otros donantes.",
    ),
    "feasibility": (
        "Viabilidad",
        "La solicitud puede ejecutarse mediante actividades entre pares dentro de los plazos "
        "y los medios de MIEUX+.",
    ),
    "ownership": (
        "Apropiación",
        "La institución solicita el apoyo por iniciativa propia y compromete a su personal "
        "con él.",
    ),
}


def empty(field):
    return Q(**{f"{field}__isnull": True}) | Q(**{field: ""})


def forwards(apps, schema_editor):
    # Only empty names are filled: a manager's own wording is kept.
    for model, names in (
        ("Region", REGIONS),
        ("Topic", TOPICS),
        ("ActivityType", ACTIVITY_TYPES),
    ):
        Model = apps.get_model("requests_app", model)
        for code, name in names.items():
            Model.objects.filter(empty("name_es"), code=code).update(name_es=name)
    Criterion = apps.get_model("requests_app", "EligibilityCriterion")
    for code, (name, text) in CRITERIA.items():
        Criterion.objects.filter(empty("name_es"), code=code).update(name_es=name)
        Criterion.objects.filter(empty("description_es"), code=code).update(description_es=text)


class Migration(migrations.Migration):
    dependencies = [("requests_app", "0018_reference_data_fr")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
