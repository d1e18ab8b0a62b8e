"""The Steering Committee's services as consulted bodies (reference data: EU Delegations are
added per country by managers; the staff groups' permissions on them are granted by
requests_app, which owns the groups)."""

from django.db import migrations

# code, name in English, in Russian
SERVICES = [
    ("dg-intpa", "DG International Partnerships (DG INTPA)",
     "ГД по международному партнёрству (DG INTPA)"),
    ("dg-home", "DG Migration and Home Affairs (DG HOME)",
     "ГД по миграции и внутренним делам (DG HOME)"),
    ("eeas", "European External Action Service (EEAS)",
     "Европейская служба внешних связей (EEAS)"),
    ("dg-near", "DG Enlargement and Eastern Neighbourhood (DG NEAR)",
     "ГД по расширению и восточному соседству (DG NEAR)"),
]  # fmt: skip

def forwards(apps, schema_editor):
    Body = apps.get_model("accounts_app", "ConsultedBody")
    for position, (code, name_en, name_ru) in enumerate(SERVICES):
        Body.objects.update_or_create(
            code=code,
            defaults={
                "kind": "steering",
                "name": name_en,
                "name_en": name_en,
                "name_ru": name_ru,
                "position": (position + 1) * 10,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("accounts_app", "0008_consulted_bodies")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
