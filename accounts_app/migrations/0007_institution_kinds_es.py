"""The kinds of institutions in Spanish, beside the English and Russian of 0002 and the French of 0006."""

from django.db import migrations
from django.db.models import Q

KINDS = {
    "national_authority": "Autoridad nacional",
    "local_authority": "Autoridad local o regional",
    "regional_organisation": "Organización regional",
    "judiciary": "Poder judicial o ministerio público",
    "ombudsperson": "Defensoría del pueblo",
    "parliament": "Parlamento",
    "civil_society": "Organización de la sociedad civil",
}


def forwards(apps, schema_editor):
    InstitutionKind = apps.get_model("accounts_app", "InstitutionKind")
    empty = Q(name_es__isnull=True) | Q(name_es="")  # a manager's own wording is kept
    for code, name in KINDS.items():
        InstitutionKind.objects.filter(empty, code=code).update(name_es=name)


class Migration(migrations.Migration):
    dependencies = [("accounts_app", "0006_institution_kinds_fr")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
