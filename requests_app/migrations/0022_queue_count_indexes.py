"""Indexes for the queue's capped counts (`mieux_portal.admin_lists.CappedPaginator`).

Each page of the queue counts its filtered requests (up to the cap). By stage and topic,
PostgreSQL hashed the ids of every request in the stage, read from the table (a scan of
most of it at 100,000 requests); by region it scanned the table. With these indexes each
count reads indexes only: a merge of (status, id) with the topics' (topic, request), and
(region, status). The topics' table is the many-to-many's own, which no model declares, so
the three are written here as SQL (the same on SQLite).
"""

from django.db import migrations

INDEXES = {
    "requests_cr_status_id_idx": "requests_app_capacityrequest (status, id)",
    "requests_cr_region_status_idx": "requests_app_capacityrequest (region_id, status)",
    "requests_topics_topic_req_idx": (
        "requests_app_capacityrequest_topics (topic_id, capacityrequest_id)"
    ),
}


class Migration(migrations.Migration):
    dependencies = [("requests_app", "0021_consultee_permissions")]

    operations = [
        migrations.RunSQL(
            sql=[f"CREATE INDEX {name} ON {target}" for name, target in INDEXES.items()],
            reverse_sql=[f"DROP INDEX {name}" for name in INDEXES],
        )
    ]
