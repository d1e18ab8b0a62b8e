"""Reference data: the kinds of institutions that may request support."""

from django.db import migrations

KINDS = [
    # code, English, Russian, governmental, needs a governmental co-requester
    ("national_authority", "National authority", "Национальный орган власти", True, False),
    ("local_authority", "Local or regional authority", "Местный или региональный орган власти", True, False),
    ("regional_organisation", "Regional organisation", "Региональная организация", True, False),
    ("judiciary", "Judiciary or prosecution service", "Судебная власть или прокуратура", True, False),
    ("ombudsperson", "Ombudsperson", "Омбудсмен (уполномоченный по правам человека)", True, False),
    ("parliament", "Parliament", "Парламент", True, False),
    ("civil_society", "Civil-society organisation", "Организация гражданского общества", False, True),
]


def forwards(apps, schema_editor):
    InstitutionKind = apps.get_model("accounts_app", "InstitutionKind")
    for position, (code, en, ru, governmental, needs_partner) in enumerate(KINDS):
        InstitutionKind.objects.update_or_create(
            code=code,
            defaults={
                "name": en,
                "name_en": en,
                "name_ru": ru,
                "is_governmental": governmental,
                "needs_governmental_partner": needs_partner,
                "position": position,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("accounts_app", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
