"""A PostgreSQL function that answers `requests_app.list_version.institution_version`.

Every "My requests" page asks it (a stored copy of the list is served while the answer is
unchanged). As a plain statement PostgreSQL plans it on every call: its two branches over
a table of some twenty indexes cost twice as much to plan as to run. A PL/pgSQL function
keeps its statement's plan for the session, and `force_generic_plan` has it keep one plan
for every institution (the plan is the same: the institution's indexes). SQLite runs the
plain statement (list_version.py).
"""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION requests_institution_list_version(institution bigint, answers text[])
RETURNS TABLE (listed bigint, changed timestamptz)
LANGUAGE plpgsql STABLE
SET plan_cache_mode = force_generic_plan
AS $$
BEGIN
    RETURN QUERY
    SELECT COUNT(*), MAX(rows.updated_at) FROM (
        SELECT r.updated_at FROM requests_app_capacityrequest r
        WHERE r.institution_id = institution
        UNION ALL
        SELECT r.updated_at FROM requests_app_corequest c
        JOIN requests_app_capacityrequest r ON r.id = c.request_id
        WHERE c.institution_id = institution AND c.status = ANY (answers)
    ) AS rows;
END
$$
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTION)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION requests_institution_list_version(bigint, text[])")


class Migration(migrations.Migration):
    dependencies = [("requests_app", "0023_reference_counter_labels")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
