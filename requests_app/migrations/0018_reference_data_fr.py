"""Reference data in French: regions, thematic areas, kinds of activities and the standard
eligibility criteria (the English and Russian names are in 0002 and 0013).

Only empty French fields are filled, so a name a manager has already edited is kept.
"""

from django.db import migrations
from django.db.models import Q

REGIONS = {
    "africa": "Afrique",
    "asia": "Asie (y compris l’Asie centrale)",
    "eu_east": "Voisinage oriental de l’UE",
    "eu_south": "Voisinage méridional de l’UE",
    "lac": "Amérique latine et Caraïbes",
}

TOPICS = {
    "LM": "Migration légale et migration de main-d’œuvre",
    "IM": "Migration irrégulière",
    "THB": "Traite des êtres humains",
    "SOM": "Trafic illicite de migrants",
    "IPA": "Protection internationale et asile",
    "BM": "Gestion des frontières",
    "RR": "Retour et réintégration",
    "MD": "Migration et développement",
    "DIA": "Diaspora",
    "INT": "Intégration",
    "DATA": "Données migratoires",
    "MH": "Migration et santé",
    "ME": "Migration et environnement",
    "MPL": "Politique et législation migratoires",
    "CC": "Questions transversales et horizontales",
}

ACTIVITY_TYPES = {
    "assessment": "Mission d’évaluation ou mission exploratoire",
    "workshop": "Atelier",
    "seminar": "Séminaire",
    "study_visit": "Visite d’étude",
    "tot": "Formation de formateurs",
    "round_table": "Table ronde",
    "expert_deployment": "Déploiement d’un expert",
    "remote_assistance": "Assistance à distance",
    "online_event": "Événement en ligne",
}

# code: (name, what to check)
CRITERIA = {
    "eligible_requester": (
        "Demandeur éligible",
        "Une institution publique d’un pays partenaire, une organisation régionale ou une "
        "organisation de la société civile présentant la demande conjointement avec une "
        "institution gouvernementale.",
    ),
    "migration_topic": (
        "Thématique migratoire",
        "La demande porte sur la migration ou sur un domaine d’action connexe couvert par "
        "MIEUX+.",
    ),
    "public_benefit": (
        "Bénéfice pour le secteur public",
        "L’appui renforce les capacités des administrations publiques et sert l’intérêt "
        "général.",
    ),
    "no_duplication": (
        "Absence de double emploi avec d’autres appuis de l’UE",
        "La demande ne fait pas double emploi avec un appui déjà apporté par l’UE ou "
        "d’autres bailleurs de fonds.",
    ),
    "feasibility": (
        "Faisabilité",
        "La demande peut être mise en œuvre sous forme d’activités entre pairs, dans les "
        "délais et avec les moyens de MIEUX+.",
    ),
    "ownership": (
        "Appropriation",
        "L’institution sollicite elle-même l’appui et y affecte son propre personnel.",
    ),
}


def empty(field):
    return Q(**{f"{field}__isnull": True}) | Q(**{field: ""})


def forwards(apps, schema_editor):
    for model, names in (("Region", REGIONS), ("Topic", TOPICS), ("ActivityType", ACTIVITY_TYPES)):
        Model = apps.get_model("requests_app", model)
        for code, name in names.items():
            Model.objects.filter(empty("name_fr"), code=code).update(name_fr=name)
    Criterion = apps.get_model("requests_app", "EligibilityCriterion")
    for code, (name, text) in CRITERIA.items():
        Criterion.objects.filter(empty("name_fr"), code=code).update(name_fr=name)
        Criterion.objects.filter(empty("description_fr"), code=code).update(description_fr=text)


class Migration(migrations.Migration):
    dependencies = [("requests_app", "0017_capacityrequest_search_vector")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
