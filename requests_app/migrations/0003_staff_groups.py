"""The two staff groups, with real permissions (managers record decisions)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

STAFF = "MIEUX+ staff"
MANAGERS = "MIEUX+ managers"

STAFF_PERMS = [
    ("requests_app", "view_capacityrequest"),
    ("requests_app", "change_capacityrequest"),
    ("requests_app", "export_capacityrequest"),
    ("requests_app", "view_requestevent"),
    ("requests_app", "add_requestevent"),
    ("requests_app", "view_attachment"),
    ("requests_app", "view_region"),
    ("requests_app", "view_topic"),
    ("requests_app", "view_activitytype"),
    ("accounts_app", "view_partnerinstitution"),
    ("accounts_app", "view_user"),
    ("accounts_app", "view_membership"),
    ("accounts_app", "view_institutionkind"),
]
MANAGER_EXTRA = [
    ("requests_app", "decide_capacityrequest"),
    ("accounts_app", "change_partnerinstitution"),
    ("requests_app", "change_region"),
    ("requests_app", "change_topic"),
    ("requests_app", "add_topic"),
    ("requests_app", "change_activitytype"),
    ("requests_app", "add_activitytype"),
    ("accounts_app", "change_institutionkind"),
]


def forwards(apps, schema_editor):
    # Permissions are normally created after all migrations; these groups need them now.
    for config in apps.get_app_configs():
        config.models_module = True
        create_permissions(config, verbosity=0, apps=apps)
        config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def perms(pairs):
        return [
            Permission.objects.get(content_type__app_label=app, codename=codename)
            for app, codename in pairs
        ]

    staff, _ = Group.objects.get_or_create(name=STAFF)
    staff.permissions.add(*perms(STAFF_PERMS))
    managers, _ = Group.objects.get_or_create(name=MANAGERS)
    managers.permissions.add(*perms(STAFF_PERMS + MANAGER_EXTRA))


class Migration(migrations.Migration):
    dependencies = [
        ("requests_app", "0002_reference_data"),
        ("accounts_app", "0002_institution_kinds"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
