"""The queue's search copy of the requests (requests_app/search_rows.py): its table, and on
PostgreSQL the vectors' GIN index. Its rows are written by the requests' trigger, installed
and filled after `migrate` (mieux_portal.search.install)."""

import django.contrib.postgres.search
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

TABLE = "requests_app_searchrow"


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS requests_searchrow_gin ON "{TABLE}" USING gin (search_vector)'
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS requests_searchrow_gin")


class Migration(migrations.Migration):
    dependencies = [
        ("requests_app", "0024_institution_list_version"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchRow",
            fields=[
                (
                    "request",
                    models.OneToOneField(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="requests_app.capacityrequest",
                    ),
                ),
                ("status", models.CharField(max_length=20)),
                ("status_changed_at", models.DateTimeField()),
                ("submitted_at", models.DateTimeField(null=True)),
                ("country", models.CharField(max_length=2)),
                ("request_type", models.CharField(max_length=20)),
                ("institution_id", models.BigIntegerField()),
                ("search_vector", django.contrib.postgres.search.SearchVectorField(null=True)),
                (
                    "assignee",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "region",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="requests_app.region",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(
                        fields=["status", "status_changed_at"], name="requests_searchrow_status"
                    ),
                    models.Index(
                        fields=["status_changed_at", "request"], name="requests_searchrow_queue"
                    ),
                    models.Index(fields=["region", "status"], name="requests_searchrow_region"),
                ],
            },
        ),
        migrations.RunPython(add_index, drop_index),
    ]
