"""The version of an institution's "My requests" list: a stored copy of the list is served
while it is unchanged (`mieux_portal.pagecache`, requests_app/views/listing.py).

Plain SQL on the (institution, updated_at) indexes: this runs on every "My requests" page,
where building the ORM's query would cost more than running it. On PostgreSQL the same
statement runs in a function that keeps its plan for the session (migration 0024:
planned anew, its two branches cost twice as much to plan as to run).
"""

from __future__ import annotations

from datetime import datetime

from django.db import connection

from .joint_models import READING_ANSWERS, CoRequest
from .models import CapacityRequest


def institution_version(institution_id: int) -> tuple[int, datetime | None]:
    """How many requests an institution lists (its own and those it co-requests) and when
    the latest changed: every save, and every co-requester's answer, moves `updated_at`; a
    delete the count."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT * FROM requests_institution_list_version(%s, %s)",
                [institution_id, list(READING_ANSWERS)],
            )
        else:
            table = connection.ops.quote_name(CapacityRequest._meta.db_table)
            joint = connection.ops.quote_name(CoRequest._meta.db_table)
            # One placeholder per status: SQLite (`make run`) cannot take a tuple for IN.
            answers = ", ".join(["%s"] * len(READING_ANSWERS))
            cursor.execute(
                "SELECT COUNT(*), MAX(changed) FROM ("  # noqa: S608 - the models' tables
                f"SELECT updated_at AS changed FROM {table} WHERE institution_id = %s "
                f"UNION ALL SELECT r.updated_at FROM {joint} c JOIN {table} r "
                f"ON r.id = c.request_id WHERE c.institution_id = %s AND c.status IN ({answers})"
                ") AS listed",
                [institution_id, institution_id, *READING_ANSWERS],
            )
        count, last = cursor.fetchone()
    return count, last
