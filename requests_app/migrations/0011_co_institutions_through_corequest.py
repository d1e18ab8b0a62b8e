"""The request's co-requesting institutions are read through their co-requests.

Django cannot add `through=` to an existing many-to-many field: the plain table (copied by
0010) is dropped and the field comes back on the co-request table.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("requests_app", "0010_corequest"),
    ]

    operations = [
        migrations.RemoveField(model_name="capacityrequest", name="co_institutions"),
        migrations.AddField(
            model_name="capacityrequest",
            name="co_institutions",
            field=models.ManyToManyField(
                blank=True,
                related_name="co_requests",
                through="requests_app.CoRequest",
                through_fields=("request", "institution"),
                to="accounts_app.partnerinstitution",
                verbose_name="co-requesting institutions",
            ),
        ),
    ]
