"""Co-requesting institutions become participants with an answer of their own.

The rows of the former plain many-to-many table are copied as pending co-requests: those
institutions were named but never asked, so their members now find the request in "My
requests" and confirm or decline it. The next migration swaps the field onto this table.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def copy_named_institutions(apps, schema_editor):
    CapacityRequest = apps.get_model("requests_app", "CapacityRequest")
    CoRequest = apps.get_model("requests_app", "CoRequest")
    named = CapacityRequest.co_institutions.through.objects.select_related("capacityrequest")
    CoRequest.objects.bulk_create(
        CoRequest(
            request_id=row.capacityrequest_id,
            institution_id=row.partnerinstitution_id,
            status="pending",
            invited_by_id=row.capacityrequest.created_by_id,
            invited_at=row.capacityrequest.created_at,
        )
        for row in named.iterator()
    )


def copy_back(apps, schema_editor):
    CapacityRequest = apps.get_model("requests_app", "CapacityRequest")
    CoRequest = apps.get_model("requests_app", "CoRequest")
    through = CapacityRequest.co_institutions.through
    through.objects.bulk_create(
        through(capacityrequest_id=row.request_id, partnerinstitution_id=row.institution_id)
        for row in CoRequest.objects.exclude(status="declined").iterator()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts_app", "0003_invitations_and_preferences"),
        ("requests_app", "0009_capacityrequest_purge_warned_at"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="requestevent",
            name="kind",
            field=models.CharField(
                choices=[
                    ("status", "Status change"),
                    ("message", "Message"),
                    ("note", "Internal note"),
                    ("assignment", "Assignment"),
                    ("corequest", "Co-requester's answer"),
                ],
                max_length=20,
                verbose_name="kind",
            ),
        ),
        migrations.CreateModel(
            name="CoRequest",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("status", models.CharField(choices=[("pending", "Awaiting confirmation"), ("confirmed", "Confirmed"), ("declined", "Declined")], default="pending", max_length=20, verbose_name="answer")),
                ("reason", models.TextField(blank=True, verbose_name="reason")),
                ("invited_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="named")),
                ("answered_at", models.DateTimeField(blank=True, null=True, verbose_name="answered")),
                ("answered_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="answered by")),
                ("institution", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="corequests", to="accounts_app.partnerinstitution", verbose_name="co-requesting institution")),
                ("invited_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="named by")),
                ("request", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="corequests", to="requests_app.capacityrequest", verbose_name="request")),
            ],
            options={
                "verbose_name": "co-request",
                "verbose_name_plural": "co-requests",
                "ordering": ["invited_at", "pk"],
                "indexes": [models.Index(fields=["institution", "status"], name="requests_ap_institu_367a43_idx")],
                "constraints": [models.UniqueConstraint(fields=("request", "institution"), name="one_corequest_each")],
            },
        ),
        migrations.RunPython(copy_named_institutions, copy_back),
    ]
