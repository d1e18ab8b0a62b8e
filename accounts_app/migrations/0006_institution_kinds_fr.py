"""Reference data in French: the kinds of institutions (English and Russian are in 0002).

Only empty French names are filled, so a name a manager has already edited is kept.
"""

from django.db import migrations
from django.db.models import Q

KINDS = {
    "national_authority": "Autorité nationale",
    "local_authority": "Autorité locale ou régionale",
    "regional_organisation": "Organisation régionale",
    "judiciary": "Pouvoir judiciaire ou ministère public",
    "ombudsperson": "Médiateur (ombudsman)",
    "parliament": "Parlement",
    "civil_society": "Organisation de la société civile",
}


def forwards(apps, schema_editor):
    InstitutionKind = apps.get_model("accounts_app", "InstitutionKind")
    empty = Q(name_fr__isnull=True) | Q(name_fr="")
    for code, name in KINDS.items():
        InstitutionKind.objects.filter(empty, code=code).update(name_fr=name)


class Migration(migrations.Migration):
    dependencies = [("accounts_app", "0005_languages_from_configuration")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
