"""Who may edit the consulted bodies and their members (managers) or read them (staff):
the staff groups are this app's (0003_staff_groups), the models accounts_app's."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

STAFF = "MIEUX+ staff"
MANAGERS = "MIEUX+ managers"
STAFF_PERMS = ["view_consultedbody", "view_consultee"]
MANAGER_PERMS = [
    "add_consultedbody",
    "change_consultedbody",
    "add_consultee",
    "change_consultee",
    "delete_consultee",
]


def forwards(apps, schema_editor):
    # Permissions are normally created after all migrations; the groups need them now.
    config = apps.get_app_config("accounts_app")
    models_module, config.models_module = getattr(config, "models_module", None), True
    create_permissions(config, verbosity=0, apps=apps)
    config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def perms(codenames):
        return Permission.objects.filter(
            content_type__app_label="accounts_app", codename__in=codenames
        )

    staff = Group.objects.filter(name=STAFF).first()
    if staff is not None:
        staff.permissions.add(*perms(STAFF_PERMS))
    managers = Group.objects.filter(name=MANAGERS).first()
    if managers is not None:
        managers.permissions.add(*perms(STAFF_PERMS + MANAGER_PERMS))


class Migration(migrations.Migration):
    dependencies = [
        ("requests_app", "0020_consultation"),
        ("accounts_app", "0009_steering_committee"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
