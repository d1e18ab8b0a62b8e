"""The search vector of requests (mieux_portal/search.py): the column everywhere; on
PostgreSQL its GIN index (the trigger that writes it is installed after `migrate`)."""

import django.contrib.postgres.search
from django.db import migrations

TABLE = "requests_app_capacityrequest"


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS {TABLE}_search_gin ON "{TABLE}" USING gin (search_vector)'
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {TABLE}_search_gin")


class Migration(migrations.Migration):
    dependencies = [("requests_app", "0016_dossier_jobs")]

    operations = [
        migrations.AddField(
            model_name="capacityrequest",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(add_index, drop_index),
    ]
